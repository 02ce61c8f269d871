//! The facts about Plain's API that its schema does not state, written by
//! hand in this one place and reviewed; everything else the generator reads
//! from the schema. `tests/it/schema_facts.rs` (in plain-sdk) checks each entry
//! against the schema, and fails when one no longer holds.

/// Why a mutation is safe to send twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotent {
    /// Always: an upsert creates or updates the object its identifier
    /// names, and an import skips what it imported before (by its external
    /// id), so a second identical request leaves the same state.
    Always,
    /// When `input.externalId` is set (and not empty): Plain refuses a second
    /// create with the same external id, so a resend cannot create twice.
    WhenExternalIdIsSet,
}

/// Every mutation the client may resend after a failure in which it may have
/// run (a 5xx, a timeout, a connection broken after sending), and why. A
/// mutation not listed here is never resent behind the caller's back: a new
/// one Plain adds stays that way until someone reviews it and lists it.
///
/// Reviewed against Plain's documentation of each mutation (schema of
/// 2026-08-09): the upserts, the imports that Plain documents as idempotent
/// by external id ("re-importing the same ID returns NOOP"), and the creates
/// whose `externalId` Plain documents as unique.
pub const IDEMPOTENT_MUTATIONS: &[(&str, Idempotent)] = &[
    ("importCustomers", Idempotent::Always),
    ("importTenantFieldSchemas", Idempotent::Always),
    ("importTenants", Idempotent::Always),
    ("importThread", Idempotent::Always),
    ("importThreadMessages", Idempotent::Always),
    ("upsertBusinessHours", Idempotent::Always),
    ("upsertCompany", Idempotent::Always),
    ("upsertCustomer", Idempotent::Always),
    ("upsertCustomerGroup", Idempotent::Always),
    ("upsertHelpCenterArticle", Idempotent::Always),
    ("upsertMyEmailSignature", Idempotent::Always),
    ("upsertRoleScopes", Idempotent::Always),
    ("upsertTeamSettings", Idempotent::Always),
    ("upsertTenant", Idempotent::Always),
    ("upsertTenantField", Idempotent::Always),
    ("upsertTenantFieldSchema", Idempotent::Always),
    ("upsertThreadField", Idempotent::Always),
    ("createCustomerEvent", Idempotent::WhenExternalIdIsSet),
    ("createThread", Idempotent::WhenExternalIdIsSet),
    ("createTenant", Idempotent::WhenExternalIdIsSet),
    ("createThreadEvent", Idempotent::WhenExternalIdIsSet),
    ("createTier", Idempotent::WhenExternalIdIsSet),
];

/// How `root_field` may be resent, if it is listed.
pub fn idempotency(root_field: &str) -> Option<Idempotent> {
    IDEMPOTENT_MUTATIONS
        .iter()
        .find(|(field, _)| *field == root_field)
        .map(|(_, rule)| *rule)
}

/// The UI component kinds `plain_sdk::ui` has a builder for, by the name
/// Plain's schema gives their input (`ComponentTextInput` is `Text`). Which
/// kind may go where is read from the schema; this lists only what the
/// crate's own code implements.
pub const UI_BUILDERS: &[&str] = &[
    "Text",
    "PlainText",
    "Divider",
    "LinkButton",
    "WorkflowButton",
    "Spacer",
    "Badge",
    "CopyButton",
    "DateTime",
    "User",
    "Row",
    "Container",
];

/// The length limits, in characters, that Plain's schema states only in
/// the descriptions of UI component input fields: `(input, field, at most)`.
/// The build writes them into `plain_sdk::ui` (`placements::render_limits`),
/// warning when a description no longer states its number;
/// `tests/it/schema_facts.rs` holds them against the schema.
pub const UI_LENGTH_LIMITS: &[(&str, &str, usize)] = &[
    ("ComponentTextInput", "text", 10_000),
    ("ComponentPlainTextInput", "plainText", 10_000),
    ("ComponentLinkButtonInput", "linkButtonLabel", 500),
    ("ComponentWorkflowButtonInput", "workflowButtonLabel", 500),
    ("ComponentBadgeInput", "badgeLabel", 500),
    ("ComponentCopyButtonInput", "copyButtonValue", 1_000),
    ("ComponentCopyButtonInput", "copyButtonTooltipLabel", 500),
];

/// Whether `text` (a description) writes `number`, with or without thousands separators.
pub fn states_number(text: &str, number: usize) -> bool {
    text.split(|c: char| !(c.is_ascii_digit() || c == ','))
        .map(|word| word.trim_matches(',').replace(',', ""))
        .any(|digits| digits == number.to_string())
}

/// The schema inputs that hold one component each, and the `ui` wrapper type
/// that builds each: `(wrapper, input, where it is used)`.
pub const UI_PLACEMENTS: &[(&str, &str, &str)] = &[
    (
        "EventComponent",
        "EventComponentInput",
        "a thread event or customer event",
    ),
    ("Component", "ComponentInput", "a customer card"),
    (
        "RowContent",
        "ComponentRowContentInput",
        "either side of a row",
    ),
    (
        "ContainerContent",
        "ComponentContainerContentInput",
        "a container",
    ),
];

/// The builder kind of a component input type: `ComponentTextInput` → `Text`.
pub fn ui_kind(input_type: &str) -> Option<&str> {
    input_type.strip_prefix("Component")?.strip_suffix("Input")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(idempotency("upsertCustomer"), Some(Idempotent::Always));
        assert_eq!(
            idempotency("createThreadEvent"),
            Some(Idempotent::WhenExternalIdIsSet)
        );
        assert_eq!(idempotency("deleteThread"), None);
        assert_eq!(ui_kind("ComponentLinkButtonInput"), Some("LinkButton"));
        assert_eq!(ui_kind("EventComponentInput"), None);
        let mut fields: Vec<_> = IDEMPOTENT_MUTATIONS.iter().map(|(f, _)| *f).collect();
        fields.sort_unstable();
        fields.dedup();
        assert_eq!(fields.len(), IDEMPOTENT_MUTATIONS.len(), "listed twice");
    }

    #[test]
    fn numbers_are_found_as_written_in_descriptions() {
        let cases = [
            ("Must be between 1 and 10000 characters.", 10_000, true),
            ("Maximum 1,000 characters.", 1_000, true),
            ("Maximum 500 characters.", 500, true),
            ("Maximum 5000 characters.", 500, false),
            ("Maximum 1500 characters.", 500, false),
            ("", 500, false),
        ];
        for (text, number, stated) in cases {
            assert_eq!(states_number(text, number), stated, "{text:?} {number}");
        }
    }
}
