//! The breaking-change report (`plain_opgen::diff`).
//!
//! - a schema derived from Plain's real one with one deliberate edit per kind
//!   of change: the report finds exactly those changes, and the documents
//!   that use what changed are reported invalid;
//! - small hand-written schema pairs: how each kind of change is classified;
//! - the `plain-opgen diff` command: report, exit codes.
//!
//! The real schema is read from `PLAIN_SCHEMA_PATH` when set, else from
//! `graphql/schema.graphql`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;
use plain_opgen::diff::{diff, Change, Root, Severity, TypeChange, TypeKind};
use plain_opgen::report::{is_breaking, render};
use plain_opgen::sdl_edit::Sdl;
use plain_opgen::validate::{invalid_documents, newly_invalid, InvalidDocument};

fn repo_graphql() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../graphql")
}

fn real_schema_text() -> String {
    let path = std::env::var_os("PLAIN_SCHEMA_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_graphql().join("schema.graphql"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read Plain's schema at {}: {e}; set PLAIN_SCHEMA_PATH",
            path.display()
        )
    })
}

fn parse(text: &str, name: &str) -> Valid<Schema> {
    Schema::parse_and_validate(plain_sdk_codegen::sdl::prepared(text).into_owned(), name)
        .unwrap_or_else(|e| panic!("{name} is not a valid schema:\n{}", e.errors))
}

/// Plain's schema with one deliberate edit of each kind, and the changes
/// those edits must produce. Every edit finds its target by name (type,
/// field, argument, value), so Plain rewording a description breaks nothing.
fn derived_schema() -> (String, String, Vec<Change>) {
    let original = real_schema_text();
    let mut sdl = Sdl::parse(&original).expect("Plain's schema parses");
    let s = |v: &str| v.to_string();
    let mut expected = Vec::new();
    let ok = |result: Result<(), String>| result.expect("the edit applies");

    // Removed type (an object only reachable through its interface).
    ok(sdl.remove_definition("GenericThreadLink"));
    expected.push(Change::TypeRemoved {
        ty: s("GenericThreadLink"),
        kind: TypeKind::Object,
    });
    expected.push(Change::ImplementerRemoved {
        ty: s("ThreadLink"),
        object: s("GenericThreadLink"),
    });

    // Changed kind of type.
    ok(sdl.object_to_interface("SlackReaction"));
    expected.push(Change::TypeKindChanged {
        ty: s("SlackReaction"),
        old: TypeKind::Object,
        new: TypeKind::Interface,
    });

    // Removed field (ThreadEventParts selects it).
    ok(sdl.remove_field("ThreadEvent", "title"));
    expected.push(Change::FieldRemoved {
        ty: s("ThreadEvent"),
        field: s("title"),
    });

    // Output fields: retyped, became nullable, became non-null, deprecated.
    ok(sdl.set_field_type("Customer", "email", "String!"));
    expected.push(Change::FieldTypeChanged {
        ty: s("Customer"),
        field: s("email"),
        old: s("EmailAddress!"),
        new: s("String!"),
        change: TypeChange::Retyped,
    });
    ok(sdl.set_field_type("Customer", "fullName", "String"));
    expected.push(Change::FieldTypeChanged {
        ty: s("Customer"),
        field: s("fullName"),
        old: s("String!"),
        new: s("String"),
        change: TypeChange::BecameNullable,
    });
    ok(sdl.set_field_type("Customer", "shortName", "String!"));
    expected.push(Change::FieldTypeChanged {
        ty: s("Customer"),
        field: s("shortName"),
        old: s("String"),
        new: s("String!"),
        change: TypeChange::BecameNonNull,
    });
    ok(sdl.add_directive(
        "Customer",
        Some("avatarUrl"),
        "@deprecated(reason: \"Use avatar.\")",
    ));
    expected.push(Change::FieldDeprecated {
        ty: s("Customer"),
        field: s("avatarUrl"),
        reason: Some(s("Use avatar.")),
    });

    // Arguments: removed, became non-null, retyped, became nullable, new required.
    ok(sdl.remove_argument("Customer", "customerGroupMemberships", "filters"));
    expected.push(Change::ArgumentRemoved {
        ty: s("Customer"),
        field: s("customerGroupMemberships"),
        argument: s("filters"),
    });
    ok(sdl.set_argument_type("Customer", "tenantMemberships", "first", "Int!"));
    expected.push(Change::ArgumentTypeChanged {
        ty: s("Customer"),
        field: s("tenantMemberships"),
        argument: s("first"),
        old: s("Int"),
        new: s("Int!"),
        change: TypeChange::BecameNonNull,
    });
    ok(sdl.set_argument_type("Query", "thread", "threadId", "String!"));
    expected.push(Change::ArgumentTypeChanged {
        ty: s("Query"),
        field: s("thread"),
        argument: s("threadId"),
        old: s("ID!"),
        new: s("String!"),
        change: TypeChange::Retyped,
    });
    ok(sdl.set_argument_type("Query", "tier", "tierId", "ID"));
    expected.push(Change::ArgumentTypeChanged {
        ty: s("Query"),
        field: s("tier"),
        argument: s("tierId"),
        old: s("ID!"),
        new: s("ID"),
        change: TypeChange::BecameNullable,
    });
    ok(sdl.add_argument("Query", "customer", "workspaceId: ID!"));
    expected.push(Change::RequiredArgumentAdded {
        ty: s("Query"),
        field: s("customer"),
        argument: s("workspaceId"),
        arg_type: s("ID!"),
    });

    // Removed root fields: a query and a mutation.
    ok(sdl.remove_field("Query", "webhookTarget"));
    expected.push(Change::RootFieldRemoved {
        root: Root::Query,
        ty: s("Query"),
        field: s("webhookTarget"),
    });
    ok(sdl.remove_field("Mutation", "snoozeThread"));
    expected.push(Change::RootFieldRemoved {
        root: Root::Mutation,
        ty: s("Mutation"),
        field: s("snoozeThread"),
    });

    // Input fields: removed, became nullable, became non-null, new required.
    let input = "CreateThreadEventInput";
    ok(sdl.remove_field(input, "externalId"));
    expected.push(Change::InputFieldRemoved {
        ty: s(input),
        field: s("externalId"),
    });
    ok(sdl.set_field_type(input, "title", "String"));
    expected.push(Change::InputFieldTypeChanged {
        ty: s(input),
        field: s("title"),
        old: s("String!"),
        new: s("String"),
        change: TypeChange::BecameNullable,
    });
    ok(sdl.set_field_type(input, "timestamp", "String!"));
    expected.push(Change::InputFieldTypeChanged {
        ty: s(input),
        field: s("timestamp"),
        old: s("String"),
        new: s("String!"),
        change: TypeChange::BecameNonNull,
    });
    ok(sdl.add_field(input, "priority: Int!"));
    expected.push(Change::RequiredInputFieldAdded {
        ty: s(input),
        field: s("priority"),
        field_type: s("Int!"),
    });

    // Enum values: one removed, one added.
    ok(sdl.remove_enum_value("ThreadStatus", "DONE"));
    ok(sdl.add_enum_value("ThreadStatus", "ARCHIVED"));
    expected.push(Change::EnumValueRemoved {
        ty: s("ThreadStatus"),
        value: s("DONE"),
    });
    expected.push(Change::EnumValueAdded {
        ty: s("ThreadStatus"),
        value: s("ARCHIVED"),
    });

    // Union members: one removed, one added. The member added is a type of
    // the test's own, which no schema of Plain's will have (Plain may well
    // add an existing type to this union).
    ok(sdl.remove_union_member("EventComponent", "ComponentSpacer"));
    ok(sdl.add_definitions("type DerivedTestComponent {\n  text: String\n}\n"));
    ok(sdl.add_union_member("EventComponent", "DerivedTestComponent"));
    expected.push(Change::UnionMemberRemoved {
        ty: s("EventComponent"),
        member: s("ComponentSpacer"),
    });
    expected.push(Change::UnionMemberAdded {
        ty: s("EventComponent"),
        member: s("DerivedTestComponent"),
    });

    // Interface implementers: one existing object stops, a new one starts.
    ok(sdl.remove_interface("CustomerEventEntry", "TimelineEventEntry"));
    expected.push(Change::ImplementerRemoved {
        ty: s("TimelineEventEntry"),
        object: s("CustomerEventEntry"),
    });
    ok(sdl.add_definitions(
        "type AuditTimelineEntry implements TimelineEventEntry {\n  timelineEventId: ID!\n  title: String!\n  components: [EventComponent!]!\n  customerId: ID!\n  externalId: ID\n  isCollapsed: Boolean!\n}\n",
    ));
    expected.push(Change::ImplementerAdded {
        ty: s("TimelineEventEntry"),
        object: s("AuditTimelineEntry"),
    });

    (original, sdl.print(), expected)
}

fn describe_sets(found: &[Change], expected: &[Change]) -> String {
    let found: BTreeSet<String> = found.iter().map(|c| c.to_string()).collect();
    let expected: BTreeSet<String> = expected.iter().map(|c| c.to_string()).collect();
    format!(
        "missing:\n  {}\nunexpected:\n  {}",
        expected
            .difference(&found)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  "),
        found
            .difference(&expected)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    )
}

#[test]
fn derived_schema_reports_exactly_the_deliberate_changes() {
    let (original, derived, expected) = derived_schema();
    let old = parse(&original, "schema.graphql");
    let new = parse(&derived, "derived.graphql");
    let found = diff(&old, &new);

    let found_set: BTreeSet<&Change> = found.iter().collect();
    let expected_set: BTreeSet<&Change> = expected.iter().collect();
    assert_eq!(
        found_set,
        expected_set,
        "{}",
        describe_sets(&found, &expected)
    );
    assert_eq!(found.len(), expected.len(), "no change is reported twice");

    // Sorted: by severity, then schema coordinate.
    let keys: Vec<(Severity, String)> = found
        .iter()
        .map(|c| (c.severity(), c.coordinate()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(diff(&old, &new), found, "deterministic");

    let count = |severity| found.iter().filter(|c| c.severity() == severity).count();
    assert_eq!(count(Severity::Breaking), 18);
    assert_eq!(count(Severity::Dangerous), 3);
    assert_eq!(count(Severity::Safe), 4);
}

#[test]
fn derived_schema_invalidates_the_documents_that_use_what_changed() {
    let (original, derived, _) = derived_schema();
    let old = parse(&original, "schema.graphql");
    let new = parse(&derived, "derived.graphql");
    let graphql = repo_graphql();
    let before = invalid_documents(&old, &graphql).expect("documents are readable");
    let after = invalid_documents(&new, &graphql).expect("documents are readable");
    let invalid = newly_invalid(&before, &after);
    let files: BTreeSet<&str> = invalid.iter().map(|d| d.file.as_str()).collect();

    let reasons = |file: &str| -> Vec<&str> {
        invalid
            .iter()
            .filter(|d| d.file == file)
            .map(|d| d.reason.as_str())
            .collect()
    };
    for (file, mentions) in [
        // ThreadEvent.title, through fragments/ThreadEventParts.graphql.
        (
            "mutations/createThreadEvent.graphql",
            &[
                "does not have a field `title`",
                "fragments/ThreadEventParts.graphql",
            ][..],
        ),
        // The removed union member, through fragments/EventComponentParts.graphql.
        (
            "mutations/createThreadEvent.graphql",
            &["ComponentSpacer", "fragments/EventComponentParts.graphql"],
        ),
        // Removed root fields.
        (
            "queries/getWebhookTargetById.graphql",
            &["`Query`", "`webhookTarget`"],
        ),
        (
            "mutations/snoozeThread.graphql",
            &["`Mutation`", "`snoozeThread`"],
        ),
        // New required argument.
        ("queries/getCustomerById.graphql", &["workspaceId"]),
        // Retyped argument: `$threadId: ID!` no longer fits `String!`.
        ("queries/getThread.graphql", &["threadId"]),
        // Retyped field: `email { ...EmailAddressParts }` on a `String!`.
        (
            "queries/getCustomerById.graphql",
            &["`String`", "fragments/CustomerParts.graphql"],
        ),
    ] {
        assert!(
            reasons(file)
                .iter()
                .any(|r| mentions.iter().all(|m| r.contains(m))),
            "{file} should be invalid because of {mentions:?}; reported:\n{}",
            render(&[], &invalid)
        );
    }
    // The removed type, through whichever fragment spreads it.
    assert!(invalid
        .iter()
        .any(|d| d.reason.contains("GenericThreadLink")));
    // The cause is reported, not the fragments it leaves unused.
    assert!(
        invalid.iter().all(|d| !d.reason.contains("must be used")),
        "{}",
        render(&[], &invalid)
    );
    assert!(
        reasons("mutations/createThreadEvent.graphql")
            .iter()
            .any(|r| r.contains("`title`") && r.contains("ThreadEvent")),
        "the removed field is named"
    );
    // Documents that touch nothing changed stay valid.
    assert!(!files.contains("queries/getLabelTypes.graphql"));
    assert!(is_breaking(&[], &invalid));
}

#[test]
fn identical_schemas_report_nothing() {
    let text = real_schema_text();
    let old = parse(&text, "schema.graphql");
    let new = parse(&text, "copy.graphql");
    let changes = diff(&old, &new);
    assert!(changes.is_empty(), "{changes:#?}");

    let graphql = repo_graphql();
    let before = invalid_documents(&old, &graphql).expect("documents are readable");
    let after = invalid_documents(&new, &graphql).expect("documents are readable");
    let invalid = newly_invalid(&before, &after);
    assert!(invalid.is_empty(), "{}", render(&[], &invalid));
    assert!(!is_breaking(&changes, &invalid));
    assert_eq!(
        render(&changes, &invalid),
        "No changes that matter to generated code.\nNo operation document becomes invalid.\n"
    );
}

// ---- classification of each kind of change, on small schemas ----

const BASE: &str = r#"
type Query {
  thing(id: ID!): Thing
  things(first: Int, filter: Filter): [Thing!]!
}
type Mutation {
  save(input: SaveInput!): Thing
}
schema { query: Query, mutation: Mutation }
interface Node {
  id: ID!
}
type Thing implements Node {
  id: ID!
  name: String!
  nickname: String
  tags: [String!]
  kind: Kind
  owner: Owner
  size(unit: Unit = METRIC, precision: Int! = 2): Int
}
type Person implements Node {
  id: ID!
}
type Team {
  id: ID!
}
union Owner = Person | Team
enum Kind {
  A
  B
}
enum Unit {
  METRIC
  IMPERIAL
}
input Filter {
  kind: Kind
  query: String!
  limit: Int! = 10
}
input SaveInput {
  id: ID!
  name: String
}
"#;

/// Replaces the single occurrence of `from` in a small hand-written schema.
fn edit_once(text: &mut String, from: &str, to: &str) {
    assert_eq!(
        text.matches(from).count(),
        1,
        "edit did not apply: {from:?}"
    );
    *text = text.replacen(from, to, 1);
}

/// `BASE` with each `(from, to)` applied exactly once.
fn base_with(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        edit_once(&mut text, from, to);
    }
    text
}

fn changes_for(edits: &[(&str, &str)]) -> Vec<Change> {
    let old = parse(BASE, "old.graphql");
    let new = parse(&base_with(edits), "new.graphql");
    diff(&old, &new)
}

#[test]
fn each_kind_of_change_is_classified() {
    let s = |v: &str| v.to_string();
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<(Change, Severity)>);
    let cases: Vec<Case> = vec![
        (
            "removed type",
            vec![("type Team {\n  id: ID!\n}\n", ""), (" | Team", "")],
            vec![
                (
                    Change::TypeRemoved {
                        ty: s("Team"),
                        kind: TypeKind::Object,
                    },
                    Severity::Breaking,
                ),
                (
                    Change::UnionMemberRemoved {
                        ty: s("Owner"),
                        member: s("Team"),
                    },
                    Severity::Breaking,
                ),
            ],
        ),
        (
            "changed kind",
            vec![
                ("enum Unit {", "enum UnitOld {"),
                (
                    "  METRIC\n  IMPERIAL\n}",
                    "  METRIC\n  IMPERIAL\n}\nscalar Unit",
                ),
                ("unit: Unit = METRIC", "unit: Unit"),
            ],
            vec![(
                Change::TypeKindChanged {
                    ty: s("Unit"),
                    old: TypeKind::Enum,
                    new: TypeKind::Scalar,
                },
                Severity::Breaking,
            )],
        ),
        (
            "removed field",
            vec![("  nickname: String\n", "")],
            vec![(
                Change::FieldRemoved {
                    ty: s("Thing"),
                    field: s("nickname"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "interface field became nullable",
            vec![(
                "interface Node {\n  id: ID!\n}",
                "interface Node {\n  id: ID\n}",
            )],
            vec![(
                Change::FieldTypeChanged {
                    ty: s("Node"),
                    field: s("id"),
                    old: s("ID!"),
                    new: s("ID"),
                    change: TypeChange::BecameNullable,
                },
                Severity::Breaking,
            )],
        ),
        (
            "removed query field",
            vec![("  thing(id: ID!): Thing\n", "")],
            vec![(
                Change::RootFieldRemoved {
                    root: Root::Query,
                    ty: s("Query"),
                    field: s("thing"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "removed mutation field",
            vec![("  save(input: SaveInput!): Thing\n", "  other: Int\n")],
            vec![
                (
                    Change::RootFieldRemoved {
                        root: Root::Mutation,
                        ty: s("Mutation"),
                        field: s("save"),
                    },
                    Severity::Breaking,
                ),
                (
                    Change::RootFieldAdded {
                        root: Root::Mutation,
                        ty: s("Mutation"),
                        field: s("other"),
                    },
                    Severity::Safe,
                ),
            ],
        ),
        (
            "retyped field",
            vec![("  name: String!\n", "  name: Int!\n")],
            vec![(
                Change::FieldTypeChanged {
                    ty: s("Thing"),
                    field: s("name"),
                    old: s("String!"),
                    new: s("Int!"),
                    change: TypeChange::Retyped,
                },
                Severity::Breaking,
            )],
        ),
        (
            "output became nullable",
            vec![("  name: String!\n", "  name: String\n")],
            vec![(
                Change::FieldTypeChanged {
                    ty: s("Thing"),
                    field: s("name"),
                    old: s("String!"),
                    new: s("String"),
                    change: TypeChange::BecameNullable,
                },
                Severity::Breaking,
            )],
        ),
        (
            "output became non-null",
            vec![("  tags: [String!]\n", "  tags: [String!]!\n")],
            vec![(
                Change::FieldTypeChanged {
                    ty: s("Thing"),
                    field: s("tags"),
                    old: s("[String!]"),
                    new: s("[String!]!"),
                    change: TypeChange::BecameNonNull,
                },
                Severity::Safe,
            )],
        ),
        (
            "output nullability moved between levels",
            vec![("  tags: [String!]\n", "  tags: [String]!\n")],
            vec![(
                Change::FieldTypeChanged {
                    ty: s("Thing"),
                    field: s("tags"),
                    old: s("[String!]"),
                    new: s("[String]!"),
                    change: TypeChange::NullabilityChanged,
                },
                Severity::Breaking,
            )],
        ),
        (
            "output list became a single value",
            vec![("  tags: [String!]\n", "  tags: String\n")],
            vec![(
                Change::FieldTypeChanged {
                    ty: s("Thing"),
                    field: s("tags"),
                    old: s("[String!]"),
                    new: s("String"),
                    change: TypeChange::Retyped,
                },
                Severity::Breaking,
            )],
        ),
        (
            "newly deprecated field",
            vec![("  nickname: String\n", "  nickname: String @deprecated\n")],
            vec![(
                Change::FieldDeprecated {
                    ty: s("Thing"),
                    field: s("nickname"),
                    reason: None,
                },
                Severity::Dangerous,
            )],
        ),
        (
            "removed argument",
            vec![("things(first: Int, filter: Filter)", "things(first: Int)")],
            vec![(
                Change::ArgumentRemoved {
                    ty: s("Query"),
                    field: s("things"),
                    argument: s("filter"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "retyped argument",
            vec![("thing(id: ID!)", "thing(id: String!)")],
            vec![(
                Change::ArgumentTypeChanged {
                    ty: s("Query"),
                    field: s("thing"),
                    argument: s("id"),
                    old: s("ID!"),
                    new: s("String!"),
                    change: TypeChange::Retyped,
                },
                Severity::Breaking,
            )],
        ),
        (
            "argument became non-null",
            vec![("things(first: Int,", "things(first: Int!,")],
            vec![(
                Change::ArgumentTypeChanged {
                    ty: s("Query"),
                    field: s("things"),
                    argument: s("first"),
                    old: s("Int"),
                    new: s("Int!"),
                    change: TypeChange::BecameNonNull,
                },
                Severity::Breaking,
            )],
        ),
        (
            "argument became nullable",
            vec![("thing(id: ID!)", "thing(id: ID)")],
            vec![(
                Change::ArgumentTypeChanged {
                    ty: s("Query"),
                    field: s("thing"),
                    argument: s("id"),
                    old: s("ID!"),
                    new: s("ID"),
                    change: TypeChange::BecameNullable,
                },
                Severity::Safe,
            )],
        ),
        (
            "new required argument",
            vec![("thing(id: ID!)", "thing(id: ID!, scope: String!)")],
            vec![(
                Change::RequiredArgumentAdded {
                    ty: s("Query"),
                    field: s("thing"),
                    argument: s("scope"),
                    arg_type: s("String!"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "new optional arguments are safe (a new setter)",
            vec![(
                "thing(id: ID!)",
                "thing(id: ID!, scope: String, depth: Int! = 1)",
            )],
            vec![
                (
                    Change::OptionalArgumentAdded {
                        ty: s("Query"),
                        field: s("thing"),
                        argument: s("depth"),
                        arg_type: s("Int!"),
                    },
                    Severity::Safe,
                ),
                (
                    Change::OptionalArgumentAdded {
                        ty: s("Query"),
                        field: s("thing"),
                        argument: s("scope"),
                        arg_type: s("String"),
                    },
                    Severity::Safe,
                ),
            ],
        ),
        (
            "argument lost its default",
            vec![("precision: Int! = 2", "precision: Int!")],
            vec![(
                Change::ArgumentDefaultRemoved {
                    ty: s("Thing"),
                    field: s("size"),
                    argument: s("precision"),
                    arg_type: s("Int!"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "nullable argument lost its default",
            vec![("unit: Unit = METRIC", "unit: Unit")],
            vec![],
        ),
        (
            "removed input field",
            vec![("  kind: Kind\n  query: String!\n", "  query: String!\n")],
            vec![(
                Change::InputFieldRemoved {
                    ty: s("Filter"),
                    field: s("kind"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "new required input field",
            vec![(
                "  id: ID!\n  name: String\n",
                "  id: ID!\n  name: String\n  at: String!\n",
            )],
            vec![(
                Change::RequiredInputFieldAdded {
                    ty: s("SaveInput"),
                    field: s("at"),
                    field_type: s("String!"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "new optional input fields are safe (a new setter)",
            vec![(
                "  id: ID!\n  name: String\n",
                "  id: ID!\n  name: String\n  at: String\n  count: Int! = 0\n",
            )],
            vec![
                (
                    Change::OptionalInputFieldAdded {
                        ty: s("SaveInput"),
                        field: s("at"),
                        field_type: s("String"),
                    },
                    Severity::Safe,
                ),
                (
                    Change::OptionalInputFieldAdded {
                        ty: s("SaveInput"),
                        field: s("count"),
                        field_type: s("Int!"),
                    },
                    Severity::Safe,
                ),
            ],
        ),
        (
            "input field became non-null",
            vec![(
                "  id: ID!\n  name: String\n",
                "  id: ID!\n  name: String!\n",
            )],
            vec![(
                Change::InputFieldTypeChanged {
                    ty: s("SaveInput"),
                    field: s("name"),
                    old: s("String"),
                    new: s("String!"),
                    change: TypeChange::BecameNonNull,
                },
                Severity::Breaking,
            )],
        ),
        (
            "input field became nullable",
            vec![(
                "  kind: Kind\n  query: String!\n",
                "  kind: Kind\n  query: String\n",
            )],
            vec![(
                Change::InputFieldTypeChanged {
                    ty: s("Filter"),
                    field: s("query"),
                    old: s("String!"),
                    new: s("String"),
                    change: TypeChange::BecameNullable,
                },
                Severity::Safe,
            )],
        ),
        (
            "retyped input field",
            vec![(
                "  kind: Kind\n  query: String!\n",
                "  kind: Unit\n  query: String!\n",
            )],
            vec![(
                Change::InputFieldTypeChanged {
                    ty: s("Filter"),
                    field: s("kind"),
                    old: s("Kind"),
                    new: s("Unit"),
                    change: TypeChange::Retyped,
                },
                Severity::Breaking,
            )],
        ),
        (
            "input field lost its default",
            vec![("  limit: Int! = 10\n", "  limit: Int!\n")],
            vec![(
                Change::InputFieldDefaultRemoved {
                    ty: s("Filter"),
                    field: s("limit"),
                    field_type: s("Int!"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "removed enum value",
            vec![("  A\n  B\n", "  A\n")],
            vec![(
                Change::EnumValueRemoved {
                    ty: s("Kind"),
                    value: s("B"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "added enum value",
            vec![("  A\n  B\n", "  A\n  B\n  C\n")],
            vec![(
                Change::EnumValueAdded {
                    ty: s("Kind"),
                    value: s("C"),
                },
                Severity::Safe,
            )],
        ),
        (
            "new union member",
            vec![(
                "union Owner = Person | Team",
                "union Owner = Person | Team | Bot\ntype Bot {\n  id: ID!\n}",
            )],
            vec![(
                Change::UnionMemberAdded {
                    ty: s("Owner"),
                    member: s("Bot"),
                },
                Severity::Dangerous,
            )],
        ),
        (
            "removed union member",
            vec![("union Owner = Person | Team", "union Owner = Person")],
            vec![(
                Change::UnionMemberRemoved {
                    ty: s("Owner"),
                    member: s("Team"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "object stops implementing an interface",
            vec![("type Person implements Node {", "type Person {")],
            vec![(
                Change::ImplementerRemoved {
                    ty: s("Node"),
                    object: s("Person"),
                },
                Severity::Breaking,
            )],
        ),
        (
            "object starts implementing an interface",
            vec![("type Team {", "type Team implements Node {")],
            vec![(
                Change::ImplementerAdded {
                    ty: s("Node"),
                    object: s("Team"),
                },
                Severity::Dangerous,
            )],
        ),
        (
            "new output fields are safe; new types are not listed",
            vec![
                (
                    "  nickname: String\n",
                    "  nickname: String\n  extra: Extra\n",
                ),
                (
                    "union Owner = Person | Team",
                    "union Owner = Person | Team\ntype Extra {\n  x: Int\n}",
                ),
            ],
            vec![(
                Change::FieldAdded {
                    ty: s("Thing"),
                    field: s("extra"),
                },
                Severity::Safe,
            )],
        ),
    ];
    let mut failures = Vec::new();
    for (name, edits, expected) in cases {
        let found = changes_for(&edits);
        let found: Vec<(Change, Severity)> = found
            .into_iter()
            .map(|c| {
                let severity = c.severity();
                (c, severity)
            })
            .collect();
        let mut expected = expected;
        expected.sort_by_cached_key(|(c, sev)| (*sev, c.coordinate(), c.to_string()));
        if found != expected {
            failures.push(format!(
                "{name}:\n  found    {found:?}\n  expected {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn type_changes_are_classified_level_by_level() {
    use apollo_compiler::ast::Type;
    let ty = |text: &str| -> Type {
        let schema = parse(&format!("type Query {{ f: {text} }}"), "t.graphql");
        schema
            .get_object("Query")
            .and_then(|q| q.fields.get("f"))
            .map(|f| f.ty.clone())
            .expect("field f")
    };
    let cases = [
        ("Int", "Int", None),
        ("Int", "Int!", Some(TypeChange::BecameNonNull)),
        ("Int!", "Int", Some(TypeChange::BecameNullable)),
        ("[Int]", "[Int!]!", Some(TypeChange::BecameNonNull)),
        ("[Int!]!", "[Int!]", Some(TypeChange::BecameNullable)),
        ("[Int!]", "[Int]!", Some(TypeChange::NullabilityChanged)),
        ("Int", "String", Some(TypeChange::Retyped)),
        ("[Int]", "Int", Some(TypeChange::Retyped)),
        ("[[Int]]", "[Int]", Some(TypeChange::Retyped)),
        ("[Int]", "[String]", Some(TypeChange::Retyped)),
    ];
    for (old, new, expected) in cases {
        assert_eq!(
            TypeChange::classify(&ty(old), &ty(new)),
            expected,
            "{old} → {new}"
        );
    }
}

#[test]
fn report_groups_by_severity() {
    let changes = changes_for(&[
        ("  A\n  B\n", "  A\n  B\n  C\n"),
        ("  nickname: String\n", ""),
        (
            "union Owner = Person | Team",
            "union Owner = Person | Team | Bot\ntype Bot {\n  id: ID!\n}",
        ),
    ]);
    let invalid = vec![InvalidDocument {
        file: "queries/getThing.graphql".into(),
        reason: "type `Thing` does not have a field `nickname` (fragments/ThingParts.graphql:3:3)"
            .into(),
    }];
    assert_eq!(
        render(&changes, &invalid),
        "Breaking (1):\n\
         \x20 - field `Thing.nickname` was removed\n\
         Dangerous (1):\n\
         \x20 - union `Owner` gained member `Bot`: decodes to `Unknown` unless documents select it\n\
         Safe (notable) (1):\n\
         \x20 - enum value `Kind.C` was added: generated enums decode it to `Other(\"C\")`\n\
         Operation documents that become invalid (1):\n\
         \x20 queries/getThing.graphql\n\
         \x20   - type `Thing` does not have a field `nickname` (fragments/ThingParts.graphql:3:3)\n"
    );
    assert!(is_breaking(&changes, &[]));
    let safe = changes_for(&[("  A\n  B\n", "  A\n  B\n  C\n")]);
    assert!(!is_breaking(&safe, &[]));
}

// ---- documents ----

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

fn fixture_schema(name: &str) -> Valid<Schema> {
    let path = fixtures().join(name);
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    parse(&text, name)
}

#[test]
fn documents_are_validated_with_their_fragments() {
    let documents = fixtures().join("documents");
    let old = invalid_documents(&fixture_schema("old.graphql"), &documents).expect("readable");
    assert_eq!(old, vec![]);
    let new = invalid_documents(&fixture_schema("breaking.graphql"), &documents).expect("readable");
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].file, "queries/getThing.graphql");
    assert!(
        new[0].reason.contains("`name`")
            && new[0]
                .reason
                .ends_with("(fragments/ThingParts.graphql:3:3)"),
        "{}",
        new[0].reason
    );
}

#[test]
fn syntax_errors_and_missing_directories_do_not_panic() {
    let dir = std::env::temp_dir().join(format!("plain-opgen-diff-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("queries")).expect("temp dir");
    std::fs::write(dir.join("queries/broken.graphql"), "query Broken {").expect("write");
    let schema = fixture_schema("old.graphql");
    let invalid = invalid_documents(&schema, &dir).expect("readable");
    std::fs::remove_dir_all(&dir).expect("clean up");
    assert!(!invalid.is_empty());
    assert!(invalid.iter().all(|d| d.file == "queries/broken.graphql"));
    assert!(invalid[0].reason.contains("syntax error"), "{invalid:?}");

    assert!(invalid_documents(&schema, &dir.join("missing")).is_err());
}

// ---- the command ----

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_plain-opgen"))
        .args(args)
        .current_dir(fixtures())
        .output()
        .expect("plain-opgen runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn command_exits_1_when_something_breaks() {
    let (code, out, err) = run(&[
        "diff",
        "old.graphql",
        "breaking.graphql",
        "--documents",
        "documents",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        out,
        "Breaking (1):\n\
         \x20 - field `Thing.name` was removed\n\
         Safe (notable) (1):\n\
         \x20 - enum value `Kind.C` was added: generated enums decode it to `Other(\"C\")`\n\
         Operation documents that become invalid (1):\n\
         \x20 queries/getThing.graphql\n\
         \x20   - type `Thing` does not have a field `name` (fragments/ThingParts.graphql:3:3)\n\
         In Rust, for code that uses plain-sdk:\n\
         \x20 Breaks source compatibility (1):\n\
         \x20   - Thing.name: removes field `ThingParts.name`\n\
         \x20 Source-compatible (1):\n\
         \x20   - Kind.C: source-compatible: adds variant `operations::Kind::C` (the enum is non_exhaustive; until then it decodes to `Other`)\n"
    );
}

#[test]
fn command_exits_0_when_nothing_breaks() {
    let (code, out, err) = run(&[
        "diff",
        "old.graphql",
        "old.graphql",
        "--documents",
        "documents",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

/// Safe on the wire, yet not for Rust code (`ThingParts.kind` loses its
/// `Option`): the exit status says what the CHANGELOG section says.
#[test]
fn command_exits_1_when_only_rust_code_breaks() {
    let (code, out, err) = run(&[
        "diff",
        "old.graphql",
        "safe.graphql",
        "--documents",
        "documents",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("Safe (notable) (2):"), "{out}");
    assert!(
        out.contains("field `Thing.kind` became non-null (`Kind` → `Kind!`)"),
        "{out}"
    );
    assert!(
        out.contains("No operation document becomes invalid."),
        "{out}"
    );
}

#[test]
fn command_exits_2_on_usage_and_schema_errors() {
    for args in [
        vec!["diff"],
        vec!["diff", "old.graphql"],
        vec!["diff", "old.graphql", "safe.graphql", "extra.graphql"],
        vec!["diff", "old.graphql", "safe.graphql", "--documents"],
        vec!["diff", "old.graphql", "safe.graphql", "--unknown"],
        vec!["diff", "old.graphql", "missing.graphql"],
        vec!["diff", "old.graphql", "invalid.graphql"],
        vec![
            "diff",
            "old.graphql",
            "safe.graphql",
            "--documents",
            "missing-dir",
        ],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.starts_with("plain-opgen: "), "{args:?}: {err}");
    }
}

#[test]
fn the_changelog_and_the_items_speak_rust() {
    let (code, out, err) = run(&[
        "diff",
        "old.graphql",
        "breaking.graphql",
        "--documents",
        "documents",
        "--changelog",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("## [Unreleased]\n"), "{out}");
    assert!(out.contains("a major release"), "{out}");
    assert!(
        out.contains(
            "### Removed\n\n- Removes field `ThingParts.name`: field `Thing.name` was removed.\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Enum variants:\n\n- Adds variant `operations::Kind::C`"),
        "{out}"
    );

    // A release heading, and its flags refused alone.
    let (code, out, err) = run(&[
        "diff",
        "old.graphql",
        "breaking.graphql",
        "--documents",
        "documents",
        "--changelog",
        "--version",
        "0.2.0",
        "--date",
        "2026-12-03",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("## [0.2.0] - 2026-12-03\n"), "{out}");
    let (code, _, err) = run(&[
        "diff",
        "old.graphql",
        "breaking.graphql",
        "--changelog",
        "--version",
        "0.2.0",
    ]);
    assert_eq!(code, 2, "{err}");

    let (code, out, _) = run(&[
        "diff",
        "old.graphql",
        "breaking.graphql",
        "--documents",
        "documents",
        "--items",
    ]);
    assert_eq!(code, 1);
    assert_eq!(out, "ThingParts.name\n");

    // Safe for decoding, yet not for Rust code: the field loses its `Option`.
    let (code, out, err) = run(&[
        "diff",
        "old.graphql",
        "safe.graphql",
        "--documents",
        "documents",
        "--changelog",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("a major release"), "{out}");
    assert!(
        out.contains("- Drops the `Option` of field `ThingParts.kind`"),
        "{out}"
    );
}

#[test]
fn derived_schemas_are_valid_and_differ_as_promised() {
    // Plain's schema, or one derived already (the round trip runs this suite
    // against `next`): the additions apply once, so deriving again is a no-op.
    let original = real_schema_text();
    let old = parse(&original, "plain.graphql");
    let next_text = plain_opgen::evolution::next(&original).expect("additive edits apply");
    let next = parse(&next_text, "next.graphql");
    let changes = diff(&old, &next);
    assert!(
        changes.iter().all(|c| c.severity() != Severity::Breaking),
        "{changes:#?}"
    );
    assert_eq!(plain_opgen::evolution::next(&next_text).unwrap(), next_text);
    let breaking = plain_opgen::evolution::breaking(&original).expect("breaking edits apply");
    let breaking = parse(&breaking, "breaking.graphql");
    let changes = diff(&old, &breaking);
    assert_eq!(
        changes
            .iter()
            .filter(|c| c.severity() == Severity::Breaking)
            .count(),
        4,
        "{changes:#?}"
    );
}

/// Each kind of break Plain could make to what the crate offers is named by
/// the Rust items it breaks: an output field made nullable, a selected field
/// removed, a required input field and a required argument added, an
/// argument renamed, an enum value removed.
#[test]
fn breaks_are_named_by_the_exact_rust_items() {
    let original = real_schema_text();
    let mut sdl = Sdl::parse(&original).unwrap();
    let ok = |result: Result<(), String>| result.expect("the edit applies");
    ok(sdl.set_field_type("ThreadEvent", "title", "String"));
    ok(sdl.remove_field("Customer", "fullName"));
    ok(sdl.add_field("CreateThreadEventInput", "priority: Int!"));
    ok(sdl.add_argument("Query", "thread", "workspaceId: ID!"));
    ok(sdl.remove_argument("Query", "customers", "first"));
    ok(sdl.add_argument("Query", "customers", "limit: Int"));
    ok(sdl.remove_enum_value("ThreadStatus", "SNOOZED"));
    let old = parse(&original, "old.graphql");
    let new = parse(&sdl.print(), "new.graphql");
    let changes = diff(&old, &new);
    let api = plain_opgen::rust::Api::scan(&repo_graphql()).expect("the documents");
    let items = plain_opgen::rust::breaking_items(&api, &changes);
    let report = plain_opgen::rust::render(&api, &changes);
    for expected in [
        "ThreadEventParts.title",
        "CustomerParts.full_name",
        "operations::CreateThreadEventInput::new",
        "PlainClient::get_thread",
        "operations::ThreadStatus::Snoozed",
    ] {
        assert!(
            items.iter().any(|i| i.contains(expected)),
            "{expected} not among {items:#?}\n{report}"
        );
    }
    // The renamed argument: its setter goes, a new one comes.
    assert!(
        items
            .iter()
            .any(|i| i.contains("get_customers::Variables::first")),
        "{items:#?}\n{report}"
    );
}

/// An output that carried one entity beside `error` and gains a field is
/// returned whole by its regenerated method: a break of that method, on top
/// of the safe field addition. An output that already carried several, or a
/// field that is deprecated, changes nothing of the kind.
#[test]
fn a_one_entity_mutation_output_that_gains_a_field_is_a_break() {
    let base = r#"
type Query { thing: Thing }
type Mutation {
  saveThing: SaveThingOutput!
  upsertThing: UpsertThingOutput!
}
type Thing { id: ID! }
type MutationError { message: String! }
type SaveThingOutput { thing: Thing error: MutationError }
type UpsertThingOutput { thing: Thing result: String error: MutationError }
"#;
    let old = parse(base, "old.graphql");
    let widened = base
        .replace(
            "type SaveThingOutput { thing: Thing error",
            "type SaveThingOutput { thing: Thing receipt: String error",
        )
        .replace(
            "result: String error",
            "result: String results: [String!] error",
        );
    let changes = diff(&old, &parse(&widened, "new.graphql"));
    let s = |v: &str| v.to_string();
    assert!(
        changes.contains(&Change::MutationOutputWidened {
            ty: s("SaveThingOutput"),
            field: s("receipt"),
            mutation: s("saveThing"),
        }),
        "{changes:#?}"
    );
    assert_eq!(
        changes
            .iter()
            .filter(|c| matches!(c, Change::MutationOutputWidened { .. }))
            .count(),
        1,
        "{changes:#?}"
    );
    assert!(changes
        .iter()
        .filter(|c| matches!(c, Change::MutationOutputWidened { .. }))
        .all(|c| c.severity() == Severity::Breaking));

    let deprecated = base.replace(
        "type SaveThingOutput { thing: Thing error",
        "type SaveThingOutput { thing: Thing old: String @deprecated error",
    );
    let changes = diff(&old, &parse(&deprecated, "new.graphql"));
    assert!(
        !changes
            .iter()
            .any(|c| matches!(c, Change::MutationOutputWidened { .. })),
        "{changes:#?}"
    );
}

/// A change safe on the wire that removes a Rust item breaks users' code:
/// `diff` exits 1 on it and a release that carries it is breaking.
#[test]
fn a_deprecation_generated_fragments_drop_breaks_code_not_the_wire() {
    let dir = std::env::temp_dir().join(format!("plain-opgen-breaks-code-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fragments = dir.join("generated/fragments");
    std::fs::create_dir_all(&fragments).expect("writable");
    std::fs::write(
        fragments.join("BoardParts.graphql"),
        "fragment BoardParts on Board { id title }\n",
    )
    .expect("writable");
    let old = parse(
        "type Query { board: Board }\ntype Board { id: ID! title: String! }\n",
        "old.graphql",
    );
    let new = parse(
        "type Query { board: Board }\ntype Board { id: ID! title: String! @deprecated(reason: \"no\") }\n",
        "new.graphql",
    );
    let comparison = plain_opgen::report::Comparison::of(&old, &new, &dir).expect("compares");
    let api = plain_opgen::rust::Api::scan(&dir).expect("scans");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        !comparison.is_breaking(),
        "the wire still carries the field"
    );
    assert!(comparison.breaks_code(&api), "`BoardParts.title` goes");
}
