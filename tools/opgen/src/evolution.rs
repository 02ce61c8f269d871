//! Schemas derived from Plain's, to prove in CI what the next real one will
//! do: [`next`] makes additive changes of every kind Plain makes, or may
//! start making (on types the curated operations use), [`breaking`] makes
//! breaking ones on generated operations. `scripts/schema-round-trip`
//! regenerates the crate from each and builds and tests it and a dependent
//! crate written against today's API.
//!
//! Every edit finds what it changes by name ([`crate::sdl_edit`]), never by
//! text, so a derivation survives Plain rewording or reordering its schema.
//! New names start with `sdkRoundTrip` (`SdkRoundTrip…` for types), so no
//! schema of Plain's has them already, and every edit applies once: deriving
//! from a derived schema gives it back unchanged.

use crate::sdl_edit::Sdl;

/// The kinds of additive change [`next`] makes, one line each, as the round
/// trip prints them.
pub const NEXT_KINDS: &[&str] = &[
    "optional input fields (UserIdentifierInput, CreateThreadEventInput)",
    "optional arguments (customers, snippets)",
    "a non-null input field and a non-null argument with a default value (CreateThreadEventInput.sdkRoundTripWeight, customers(sdkRoundTripLimit))",
    "a root query, and an output field on a type curated fragments select (ThreadEvent)",
    "a custom scalar (SdkRoundTripJson) on an output field, a root query and a mutation's input field",
    "@oneOf on an existing input (UserIdentifierInput) and on a new input a new query takes",
    "an interface added to existing object types (Customer, Thread implement SdkRoundTripNode)",
    "union members: Actor (which every actor fragment selects), ThreadStatusDetail",
    "enum values used in inputs and outputs (ThreadStatus, ComponentSpacerSize)",
    "a new UI component: a member of EventComponent and CustomerCardComponent, a field of EventComponentInput and ComponentInput",
    "@deprecated on a field and a root field curated documents select (ThreadEvent.title, Query.customer)",
    "reworded descriptions (ThreadEvent, ThreadEvent.title, CreateThreadEventInput.title)",
];

/// Plain's schema with an addition of each kind in [`NEXT_KINDS`].
pub fn next(schema: &str) -> Result<String, String> {
    let mut sdl = Sdl::parse(schema)?;
    sdl.add_definitions(
        r#"
"""A JSON value: a custom scalar, as Plain may add one."""
scalar SdkRoundTripJson

"""Anything with an id."""
interface SdkRoundTripNode {
  id: ID!
}

type SdkRoundTripStatusDetail {
  statusChangedAt: DateTime!
  escalationPathId: ID
}

type SdkRoundTripBotActor {
  botId: ID!
}

"""A gauge: a UI component Plain may add."""
type ComponentSdkRoundTripGauge {
  gaugeValue: Int!
  gaugeLabel: String
}

input ComponentSdkRoundTripGaugeInput {
  gaugeValue: Int!
  gaugeLabel: String
}

"""Exactly one of its fields."""
input SdkRoundTripLookupInput @oneOf {
  customerId: ID
  email: String
}
"#,
    )?;

    // Optional input fields and arguments; a default on a non-null one.
    sdl.add_field("UserIdentifierInput", "sdkRoundTripMachineUserId: ID")?;
    sdl.add_field("CreateThreadEventInput", "sdkRoundTripIsCollapsed: Boolean")?;
    sdl.add_field("CreateThreadEventInput", "sdkRoundTripWeight: Int! = 1")?;
    sdl.add_argument("Query", "customers", "sdkRoundTripIncludeDeleted: Boolean")?;
    sdl.add_argument("Query", "customers", "sdkRoundTripLimit: Int! = 10")?;
    sdl.add_argument("Query", "snippets", "sdkRoundTripIncludeDeleted: Boolean")?;

    // Root fields and an output field.
    sdl.add_field("Query", "sdkRoundTripHealth: String")?;
    sdl.add_field("ThreadEvent", "sdkRoundTripIsCollapsed: Boolean")?;

    // A custom scalar on an output field, a root field and an input field.
    sdl.add_field("ThreadEvent", "sdkRoundTripMetadata: SdkRoundTripJson")?;
    sdl.add_field(
        "Query",
        "sdkRoundTripSettings(key: String!): SdkRoundTripJson",
    )?;
    sdl.add_field(
        "CreateThreadEventInput",
        "sdkRoundTripMetadata: SdkRoundTripJson",
    )?;

    // @oneOf, on an input curated operations send and on a new one.
    sdl.add_directive("UserIdentifierInput", None, "@oneOf")?;
    sdl.add_field(
        "Query",
        "sdkRoundTripCustomer(by: SdkRoundTripLookupInput!): Customer",
    )?;

    // An interface added to existing objects.
    sdl.add_interface("Customer", "SdkRoundTripNode")?;
    sdl.add_interface("Thread", "SdkRoundTripNode")?;

    // Union members and enum values.
    sdl.add_union_member("Actor", "SdkRoundTripBotActor")?;
    sdl.add_union_member("ThreadStatusDetail", "SdkRoundTripStatusDetail")?;
    sdl.add_enum_value("ThreadStatus", "SDK_ROUND_TRIP_PAUSED")?;
    sdl.add_enum_value("ComponentSpacerSize", "SDK_ROUND_TRIP_XXL")?;

    // A UI component: output member and input placement.
    sdl.add_union_member("EventComponent", "ComponentSdkRoundTripGauge")?;
    sdl.add_union_member("CustomerCardComponent", "ComponentSdkRoundTripGauge")?;
    sdl.add_field(
        "EventComponentInput",
        "componentSdkRoundTripGauge: ComponentSdkRoundTripGaugeInput",
    )?;
    sdl.add_field(
        "ComponentInput",
        "componentSdkRoundTripGauge: ComponentSdkRoundTripGaugeInput",
    )?;

    // Deprecations of what curated documents select.
    sdl.add_directive(
        "ThreadEvent",
        Some("title"),
        "@deprecated(reason: \"sdkRoundTrip: use the components.\")",
    )?;
    sdl.add_directive(
        "Query",
        Some("customer"),
        "@deprecated(reason: \"sdkRoundTrip: use customerByExternalId.\")",
    )?;

    // Reworded descriptions.
    sdl.set_description("ThreadEvent", None, "sdkRoundTrip: an event on a thread.")?;
    sdl.set_description(
        "ThreadEvent",
        Some("title"),
        "sdkRoundTrip: the event's title.",
    )?;
    sdl.set_description(
        "CreateThreadEventInput",
        Some("title"),
        "sdkRoundTrip: the title of the event.",
    )?;
    Ok(sdl.print())
}

/// Plain's schema with breaking changes on generated operations: the root
/// field `snippet` removed, a required `folderId` on `CreateSnippetInput`,
/// `Snippet.path` removed, and the value `XS` of `ComponentSpacerSize` removed.
pub fn breaking(schema: &str) -> Result<String, String> {
    let mut sdl = Sdl::parse(schema)?;
    sdl.remove_field("Query", "snippet")?;
    sdl.add_field("CreateSnippetInput", "folderId: ID!")?;
    sdl.remove_field("Snippet", "path")?;
    sdl.remove_enum_value("ComponentSpacerSize", "XS")?;
    Ok(sdl.print())
}
