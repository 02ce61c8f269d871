//! What a schema change does to Rust code that uses plain-sdk, naming the
//! Rust items: the part of `plain-opgen diff` a user reads before upgrading.
//!
//! The names follow the generator's rules (`plain_sdk_codegen::layout`):
//! an operation `GetCustomerById` is `operations::GetCustomerById`, module
//! `operations::get_customer_by_id` and method `PlainClient::get_customer_by_id`
//! (`…_with` when it has optional variables); a fragment `ThreadParts on
//! Thread` is the struct `operations::ThreadParts`; input objects and enums
//! keep their GraphQL names; fields are snake_case, enum values UpperCamelCase.
//!
//! Generated types are `#[non_exhaustive]` and inputs are built with
//! `new(required…)` plus setters, so additions are source-compatible;
//! removals and retypings break exactly the items named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use apollo_compiler::ast::{Definition, OperationType, Selection};
use plain_sdk_codegen::layout::{
    field_name, graphql_files, method_name, operation_name, place, variant_name, Place,
};

use crate::diff::{Change, Root, TypeChange};

/// The generated API, as far as the documents in `graphql/` define it.
#[derive(Debug, Default)]
pub struct Api {
    /// Root field → the operation that selects it (a hand-written document
    /// wins over a generated one).
    operations: BTreeMap<(Root, String), Operation>,
    /// Root field → the other operations on it: further hand-written ones
    /// (`getCustomerTenantMemberships` beside `getCustomerById`) and the
    /// generated queries paging a connection inside its entity
    /// (`DiscussionMessages` beside `Discussion`). Their methods go with the
    /// root field.
    also: BTreeMap<(Root, String), Vec<Operation>>,
    /// Type condition → the fragments on it, each with whether tools/opgen
    /// wrote it (generated fragments select every field; hand-written ones
    /// what their author chose).
    fragments: BTreeMap<String, Vec<(String, bool)>>,
}

#[derive(Debug, Clone)]
struct Operation {
    name: String,
    /// Whether it has optional variables (then a `_with` method exists).
    has_optional: bool,
    /// Whether tools/opgen wrote its document (it selects every field).
    generated: bool,
}

/// What one change does to users' code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    /// Whether code that compiled against the previous generation still compiles.
    pub compatible: bool,
    /// What happens, in Rust terms.
    pub text: String,
    /// The Rust items that break (empty when compatible).
    pub items: Vec<String>,
}

impl Api {
    /// Reads the operations and fragments below `graphql_dir`.
    pub fn scan(graphql_dir: &Path) -> Result<Api, String> {
        let mut api = Api::default();
        let mut generated = Vec::new();
        for path in graphql_files(graphql_dir, &mut Vec::new())? {
            let rel = path.strip_prefix(graphql_dir).unwrap_or(&path);
            let place = place(rel);
            if place == Place::Schema {
                continue;
            }
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let Ok(doc) = apollo_compiler::ast::Document::parse(text, &path) else {
                continue;
            };
            for definition in &doc.definitions {
                match definition {
                    Definition::FragmentDefinition(f) => api
                        .fragments
                        .entry(f.type_condition.to_string())
                        .or_default()
                        .push((
                            f.name.to_string(),
                            place == (Place::Fragment { generated: true }),
                        )),
                    Definition::OperationDefinition(op) => {
                        let root = match op.operation_type {
                            OperationType::Query => Root::Query,
                            OperationType::Mutation => Root::Mutation,
                            OperationType::Subscription => continue,
                        };
                        let (Some(name), Some(Selection::Field(field))) =
                            (&op.name, op.selection_set.first())
                        else {
                            continue;
                        };
                        let operation = Operation {
                            name: name.to_string(),
                            has_optional: op.variables.iter().any(|v| !v.ty.is_non_null()),
                            generated: place == (Place::Operation { generated: true }),
                        };
                        let key = (root, field.name.to_string());
                        if place == (Place::Operation { generated: true }) {
                            generated.push((key, operation));
                        } else {
                            api.add_operation(key, operation);
                        }
                    }
                    _ => {}
                }
            }
        }
        // The generated document named after its root field is the field's
        // own (`Discussion`); others on it page a connection inside it.
        generated.sort_by_key(|((_, field), op)| op.name != operation_name(field));
        for (key, operation) in generated {
            api.add_operation(key, operation);
        }
        for fragments in api.fragments.values_mut() {
            fragments.sort();
        }
        Ok(api)
    }

    /// The root field's own operation, or one more on it.
    fn add_operation(&mut self, key: (Root, String), operation: Operation) {
        match self.operations.entry(key) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(operation);
            }
            std::collections::btree_map::Entry::Occupied(slot) => self
                .also
                .entry(slot.key().clone())
                .or_default()
                .push(operation),
        }
    }

    /// Every `PlainClient` method the documents give, as `PlainClient::name`.
    pub fn methods(&self) -> BTreeSet<String> {
        self.operations
            .keys()
            .filter_map(|(root, field)| self.methods_of(*root, field))
            .flat_map(|(methods, _)| methods)
            .collect()
    }

    /// The methods of the operation on `root.field`, if a document selects it.
    /// Every operation on `root.field`, the field's own first.
    fn operations_on(&self, root: Root, field: &str) -> impl Iterator<Item = &Operation> {
        let key = (root, field.to_owned());
        self.operations
            .get(&key)
            .into_iter()
            .chain(self.also.get(&key).into_iter().flatten())
    }

    /// The methods of every operation on it, the field's own operation first.
    fn methods_of(&self, root: Root, field: &str) -> Option<(Vec<String>, &Operation)> {
        let op = self.operations.get(&(root, field.to_owned()))?;
        let mut methods = Vec::new();
        for each in self.operations_on(root, field) {
            let method = method_name(&each.name);
            methods.push(format!("PlainClient::{method}"));
            if each.has_optional {
                methods.push(format!("PlainClient::{method}_with"));
            }
        }
        Some((methods, op))
    }

    /// The generated structs for selections of `ty`: its fragments.
    fn structs_of(&self, ty: &str) -> Vec<String> {
        self.fragments
            .get(ty)
            .map(|all| all.iter().map(|(name, _)| name.clone()).collect())
            .unwrap_or_default()
    }

    /// The structs of the fragments on `ty` that tools/opgen writes.
    fn generated_structs_of(&self, ty: &str) -> Vec<String> {
        self.fragments
            .get(ty)
            .map(|all| {
                all.iter()
                    .filter(|(_, g)| *g)
                    .map(|(name, _)| name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What `change` does to code using the crate.
    pub fn impact(&self, change: &Change) -> Impact {
        let breaks = |text: String, items: Vec<String>| Impact {
            compatible: false,
            text,
            items,
        };
        let fine = |text: String| Impact {
            compatible: true,
            text,
            items: Vec::new(),
        };
        let fields_of = |ty: &str, field: &str| -> Vec<String> {
            self.structs_of(ty)
                .into_iter()
                .map(|s| format!("{s}.{}", field_name(field)))
                .collect()
        };
        let code = |items: &[String]| {
            items
                .iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match change {
            Change::TypeRemoved { ty, .. } | Change::TypeKindChanged { ty, .. } => {
                let mut items = vec![format!("operations::{ty}")];
                items.extend(self.structs_of(ty).into_iter().map(|s| format!("operations::{s}")));
                breaks(format!("removes or changes {}", code(&items)), items)
            }
            Change::RootFieldRemoved { root, field, .. } => match self.methods_of(*root, field) {
                Some((mut items, _)) => {
                    for each in self.operations_on(*root, field) {
                        items.push(format!("operations::{}", each.name));
                        items.push(format!("operations::{}", method_name(&each.name)));
                    }
                    breaks(format!("removes {}", code(&items)), items)
                }
                None => fine("no document selects it: nothing generated changes".into()),
            },
            Change::RootFieldAdded { root, field, .. } => {
                let method = method_name(&operation_name(field));
                let _ = root;
                fine(format!(
                    "source-compatible: regenerating adds method `PlainClient::{method}`"
                ))
            }
            Change::FieldRemoved { ty, field } => {
                let items = fields_of(ty, field);
                if items.is_empty() {
                    fine("no fragment selects it: nothing generated changes".into())
                } else {
                    breaks(format!("removes field {}", code(&items)), items)
                }
            }
            Change::FieldAdded { ty, field } => {
                let items: Vec<String> = self
                    .generated_structs_of(ty)
                    .into_iter()
                    .map(|s| format!("{s}.{}", field_name(field)))
                    .collect();
                if items.is_empty() {
                    fine("source-compatible: no generated fragment selects it (hand-written ones select what they list)".into())
                } else {
                    fine(format!(
                        "source-compatible: regenerated fragments add field {} (the structs are non_exhaustive)",
                        code(&items)
                    ))
                }
            }
            Change::FieldTypeChanged { ty, field, change, .. } => {
                let items = fields_of(ty, field);
                if items.is_empty() {
                    return fine("no fragment selects it: nothing generated changes".into());
                }
                let how = match change {
                    TypeChange::BecameNonNull => "drops the `Option` of",
                    TypeChange::BecameNullable => "wraps in `Option`",
                    _ => "changes the type of",
                };
                breaks(format!("{how} field {}", code(&items)), items)
            }
            Change::MutationOutputWidened { mutation, .. } => {
                match self.methods_of(Root::Mutation, mutation) {
                    Some((items, op)) if op.generated => breaks(
                        format!(
                            "{} returns the whole output instead of its one entity",
                            code(&items)
                        ),
                        items,
                    ),
                    Some(_) => fine(
                        "source-compatible: a hand-written document selects the output".into(),
                    ),
                    None => fine("no document selects it: nothing generated changes".into()),
                }
            }
            Change::FieldDeprecated { ty, field, .. } => {
                // Generated fragments stop selecting it; hand-written ones
                // keep it, `#[deprecated]`.
                let items: Vec<String> = self
                    .generated_structs_of(ty)
                    .into_iter()
                    .map(|s| format!("{s}.{}", field_name(field)))
                    .collect();
                if items.is_empty() && self.structs_of(ty).is_empty() {
                    fine("source-compatible: no fragment selects it".into())
                } else if items.is_empty() {
                    fine("source-compatible: hand-written fragments keep it, `#[deprecated]`".into())
                } else {
                    breaks(
                        format!(
                            "regenerating stops selecting it in generated fragments: removes {} where generated",
                            code(&items)
                        ),
                        items,
                    )
                }
            }
            Change::ArgumentRemoved { ty, field, argument }
            | Change::ArgumentTypeChanged { ty, field, argument, .. }
            | Change::RequiredArgumentAdded { ty, field, argument, .. } => {
                let Some(root) = root_of(ty) else {
                    return fine("no document passes arguments below the root: nothing generated changes".into());
                };
                let Some((methods, op)) = self.methods_of(root, field) else {
                    return fine("no document selects the field: nothing generated changes".into());
                };
                let module = method_name(&op.name);
                let variable = field_name(argument);
                let (what, mut items) = match change {
                    Change::ArgumentRemoved { .. } => (
                        "removes the variable",
                        vec![format!("operations::{module}::Variables::{variable}")],
                    ),
                    Change::ArgumentTypeChanged { .. } => (
                        "changes the type of the variable",
                        vec![format!("operations::{module}::Variables::{variable}")],
                    ),
                    _ => (
                        "adds a required parameter to",
                        vec![format!("operations::{module}::Variables::new")],
                    ),
                };
                items.extend(methods);
                breaks(format!("{what} `{variable}`: {}", code(&items)), items)
            }
            Change::OptionalArgumentAdded { ty, field, argument, .. } => {
                match root_of(ty).and_then(|root| self.methods_of(root, field)) {
                    Some((_, op)) => fine(format!(
                        "source-compatible: regenerating adds setter `operations::{}::Variables::{}` (through `PlainClient::{}_with`)",
                        method_name(&op.name),
                        field_name(argument),
                        method_name(&op.name)
                    )),
                    None => fine("source-compatible: nothing generated passes it".into()),
                }
            }
            Change::ArgumentDefaultRemoved { .. } | Change::InputFieldDefaultRemoved { .. } => fine(
                "source-compatible in Rust (the type was already non-null): requests must now carry it".into(),
            ),
            Change::InputFieldRemoved { ty, field } => {
                let items = vec![format!("operations::{ty}::{}", field_name(field))];
                breaks(format!("removes field and setter {}", code(&items)), items)
            }
            Change::InputFieldTypeChanged { ty, field, .. } => {
                let items = vec![format!("operations::{ty}::{}", field_name(field))];
                breaks(format!("changes the type of {}", code(&items)), items)
            }
            Change::RequiredInputFieldAdded { ty, field, .. } => {
                let items = vec![format!("operations::{ty}::new")];
                breaks(
                    format!(
                        "a new required input field `{}` breaks callers of {}",
                        field_name(field),
                        code(&items)
                    ),
                    items,
                )
            }
            Change::OptionalInputFieldAdded { ty, field, .. } => fine(format!(
                "source-compatible: adds setter `operations::{ty}::{}`",
                field_name(field)
            )),
            Change::EnumValueRemoved { ty, value } => {
                let items = vec![format!("operations::{ty}::{}", variant_name(value))];
                breaks(format!("removes variant {}", code(&items)), items)
            }
            Change::EnumValueAdded { ty, value } => fine(format!(
                "source-compatible: adds variant `operations::{ty}::{}` (the enum is non_exhaustive; until then it decodes to `Other`)",
                variant_name(value)
            )),
            Change::UnionMemberRemoved { ty, member } | Change::ImplementerRemoved { ty, object: member } => {
                let items: Vec<String> = self
                    .structs_of(ty)
                    .into_iter()
                    .map(|s| format!("operations::{s}::{member}"))
                    .collect();
                if items.is_empty() {
                    fine("no fragment selects it: nothing generated changes".into())
                } else {
                    breaks(format!("removes variant {}", code(&items)), items)
                }
            }
            Change::UnionMemberAdded { .. } | Change::ImplementerAdded { .. } => fine(
                "source-compatible: decodes to `Unknown` until a document selects it (the enums are non_exhaustive)".into(),
            ),
        }
    }
}

fn root_of(ty: &str) -> Option<Root> {
    match ty {
        "Query" => Some(Root::Query),
        "Mutation" => Some(Root::Mutation),
        _ => None,
    }
}

/// The "In Rust" part of the report: each change's effect on code using the crate.
pub fn render(api: &Api, changes: &[Change]) -> String {
    let impacts: Vec<(&Change, Impact)> = changes.iter().map(|c| (c, api.impact(c))).collect();
    let mut out = String::new();
    if impacts.is_empty() {
        return out;
    }
    out.push_str("In Rust, for code that uses plain-sdk:\n");
    for (title, compatible) in [
        ("Breaks source compatibility", false),
        ("Source-compatible", true),
    ] {
        let group: Vec<_> = impacts
            .iter()
            .filter(|(_, i)| i.compatible == compatible)
            .collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("  {title} ({}):\n", group.len()));
        for (change, impact) in group {
            out.push_str(&format!("    - {}: {}\n", change.coordinate(), impact.text));
        }
    }
    out
}

/// Every Rust item that breaks, sorted and once each.
pub fn breaking_items(api: &Api, changes: &[Change]) -> Vec<String> {
    let mut items: Vec<String> = changes.iter().flat_map(|c| api.impact(c).items).collect();
    items.sort();
    items.dedup();
    items
}

/// A section for `CHANGELOG.md` (Keep a Changelog): what was removed and
/// what changed incompatibly, each naming its Rust items, then what was
/// added: new methods grouped by the cargo feature that compiles them,
/// setters, enum variants, union members and fields. `release` heads the
/// section: `(version, date)` gives `## [0.2.0] - 2026-12-03`, `None`
/// `## [Unreleased]`. `instead` maps a removed element's coordinate to
/// what to use instead ([`crate::replacements::suggest`]).
pub fn changelog(
    api: &Api,
    changes: &[Change],
    instead: &BTreeMap<String, String>,
    release: Option<(&str, &str)>,
) -> String {
    let impacts: Vec<(&Change, Impact)> = changes.iter().map(|c| (c, api.impact(c))).collect();
    let breaking = impacts.iter().any(|(_, i)| !i.compatible);
    let mut out = match release {
        Some((version, date)) => format!("## [{version}] - {date}\n\n"),
        None => "## [Unreleased]\n\n".to_string(),
    };
    out.push_str(if breaking {
        "Regenerated from Plain's newer schema. Some changes break source compatibility \
         (listed under Removed and Changed): a major release (before 1.0, the minor number).\n"
    } else {
        "Regenerated from Plain's newer schema. Every change is source-compatible: a minor release.\n"
    });

    let mut removed = Vec::new();
    let mut changed = Vec::new();
    let mut methods: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut added: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (change, impact) in &impacts {
        let text = impact
            .text
            .strip_prefix("source-compatible: ")
            .unwrap_or(&impact.text);
        let mut line = format!("{}: {change}.", capitalize(text));
        if let Some(successor) = instead.get(&change.coordinate()) {
            line.push_str(&format!(" Instead: {successor}."));
        }
        match change {
            Change::RootFieldAdded { root, ty, field } if *root != Root::Subscription => {
                let method = match api.methods_of(*root, field) {
                    Some((names, _)) => names.join("`, `"),
                    None => format!("PlainClient::{}", method_name(&operation_name(field))),
                };
                methods
                    .entry(plain_sdk_codegen::areas::area_of(field))
                    .or_default()
                    .push(format!("`{method}` (`{ty}.{field}`)"));
            }
            _ if !impact.compatible => {
                if matches!(
                    change,
                    Change::TypeRemoved { .. }
                        | Change::RootFieldRemoved { .. }
                        | Change::FieldRemoved { .. }
                        | Change::ArgumentRemoved { .. }
                        | Change::InputFieldRemoved { .. }
                        | Change::EnumValueRemoved { .. }
                        | Change::UnionMemberRemoved { .. }
                        | Change::ImplementerRemoved { .. }
                ) {
                    removed.push(line);
                } else {
                    changed.push(line);
                }
            }
            Change::OptionalInputFieldAdded { .. } | Change::OptionalArgumentAdded { .. } => {
                added.entry("Setters").or_default().push(line)
            }
            Change::EnumValueAdded { .. } => added.entry("Enum variants").or_default().push(line),
            Change::UnionMemberAdded { .. } | Change::ImplementerAdded { .. } => {
                added.entry("Union members").or_default().push(line)
            }
            Change::FieldAdded { .. } | Change::RootFieldAdded { .. } => {
                added.entry("Fields").or_default().push(line)
            }
            _ => changed.push(line),
        }
    }
    let list = |out: &mut String, lines: &[String]| {
        for line in lines {
            out.push_str(&format!("- {line}\n"));
        }
    };
    if !removed.is_empty() {
        out.push_str("\n### Removed\n\n");
        list(&mut out, &removed);
    }
    if !changed.is_empty() {
        out.push_str("\n### Changed\n\n");
        list(&mut out, &changed);
    }
    if !methods.is_empty() || !added.is_empty() {
        out.push_str("\n### Added\n");
    }
    if !methods.is_empty() {
        let count: usize = methods.values().map(Vec::len).sum();
        out.push_str(&format!(
            "\nMethods for {count} new root fields, by the cargo feature that compiles them:\n\n"
        ));
        for (area, lines) in &methods {
            out.push_str(&format!("- `{area}`: {}\n", lines.join(", ")));
        }
    }
    for title in ["Setters", "Enum variants", "Union members", "Fields"] {
        if let Some(lines) = added.get(title) {
            out.push_str(&format!("\n{title}:\n\n"));
            list(&mut out, lines);
        }
    }
    out
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `graphql/` tree with the given files (path relative to it → text),
    /// in a directory of its own under the system's temporary directory.
    fn api_of(name: &str, files: &[(&str, &str)]) -> Api {
        let dir =
            std::env::temp_dir().join(format!("plain-opgen-rust-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable");
            std::fs::write(path, text).expect("writable");
        }
        let api = Api::scan(&dir).expect("scans");
        let _ = std::fs::remove_dir_all(&dir);
        api
    }

    fn deprecated(ty: &str, field: &str) -> Change {
        Change::FieldDeprecated {
            ty: ty.into(),
            field: field.into(),
            reason: Some("use other".into()),
        }
    }

    #[test]
    fn a_deprecated_field_breaks_only_where_generated_fragments_select_it() {
        let api = api_of(
            "deprecated",
            &[
                (
                    "fragments/TicketParts.graphql",
                    "fragment TicketParts on Ticket { id title }",
                ),
                (
                    "generated/fragments/BoardParts.graphql",
                    "fragment BoardParts on Board { id title }",
                ),
            ],
        );
        // Hand-written: kept, `#[deprecated]`.
        let hand = api.impact(&deprecated("Ticket", "title"));
        assert!(hand.compatible, "{hand:?}");
        assert!(
            hand.text.contains("hand-written fragments keep it"),
            "{}",
            hand.text
        );
        // Generated: regenerating stops selecting it.
        let generated = api.impact(&deprecated("Board", "title"));
        assert!(!generated.compatible);
        assert_eq!(generated.items, ["BoardParts.title"]);
        // Nobody selects it.
        let nobody = api.impact(&deprecated("Shelf", "title"));
        assert!(nobody.compatible);
        assert!(
            nobody.text.contains("no fragment selects it"),
            "{}",
            nobody.text
        );
    }

    #[test]
    fn a_removed_root_field_names_every_method_on_it() {
        let api = api_of(
            "root",
            &[
                (
                    "generated/queries/board.graphql",
                    "query Board($boardId: ID!) { board(boardId: $boardId) { id } }",
                ),
                (
                    "generated/queries/boardTickets.graphql",
                    "query BoardTickets($boardId: ID!, $first: Int) { board(boardId: $boardId) { tickets(first: $first) { pageInfo { hasNextPage } } } }",
                ),
            ],
        );
        let impact = api.impact(&Change::RootFieldRemoved {
            root: Root::Query,
            ty: "Query".into(),
            field: "board".into(),
        });
        assert!(!impact.compatible);
        for item in [
            "PlainClient::board",
            "PlainClient::board_tickets",
            "PlainClient::board_tickets_with",
            "operations::Board",
            "operations::BoardTickets",
        ] {
            assert!(
                impact.items.iter().any(|i| i == item),
                "{item} in {:?}",
                impact.items
            );
        }
    }
}
