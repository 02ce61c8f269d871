//! The facts about Plain's API written by hand (`codegen/src/facts.rs`)
//! still hold against the schema the crate is built from: a listed mutation
//! that disappears, or whose `externalId` disappears or changes type, fails
//! here instead of silently changing what the client resends.

use apollo_compiler::schema::ExtendedType;
use apollo_compiler::Schema;
use plain_sdk_codegen::facts::{
    states_number, Idempotent, IDEMPOTENT_MUTATIONS, UI_LENGTH_LIMITS, UI_PLACEMENTS,
};
use plain_sdk_codegen::layout;

fn schema() -> apollo_compiler::validation::Valid<Schema> {
    let path =
        layout::schema_path(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read Plain's schema at {}: {e}", path.display()));
    Schema::parse_and_validate(plain_sdk_codegen::sdl::prepared(&text).into_owned(), &path)
        .expect("a valid schema")
}

fn mutation_type(schema: &Schema) -> &apollo_compiler::schema::ObjectType {
    schema
        .schema_definition
        .mutation
        .as_ref()
        .and_then(|name| schema.get_object(name))
        .expect("a Mutation type")
}

#[test]
fn every_listed_idempotent_mutation_exists_with_what_makes_it_idempotent() {
    let schema = schema();
    let mutation = mutation_type(&schema);
    let mut wrong = Vec::new();
    for (root_field, rule) in IDEMPOTENT_MUTATIONS {
        let Some(field) = mutation.fields.get(*root_field) else {
            wrong.push(format!("{root_field}: no such mutation any more"));
            continue;
        };
        match rule {
            Idempotent::Always => {
                if !(root_field.starts_with("upsert") || root_field.starts_with("import")) {
                    wrong.push(format!(
                        "{root_field}: listed as Always, but it is neither an upsert nor an import"
                    ));
                }
            }
            Idempotent::WhenExternalIdIsSet => {
                let input_type = field
                    .arguments
                    .iter()
                    .find(|arg| arg.name == "input")
                    .map(|arg| arg.ty.inner_named_type().clone());
                let Some(input_type) = input_type else {
                    wrong.push(format!("{root_field}: no `input` argument"));
                    continue;
                };
                let external_id = match schema.types.get(&input_type) {
                    Some(ExtendedType::InputObject(input)) => input.fields.get("externalId"),
                    _ => None,
                };
                match external_id.map(|f| f.ty.inner_named_type().as_str()) {
                    Some("ID" | "String") => {}
                    Some(other) => wrong.push(format!(
                        "{root_field}: {input_type}.externalId is a {other} now, not a string"
                    )),
                    None => wrong.push(format!("{root_field}: {input_type} has no externalId")),
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "codegen/src/facts.rs no longer matches Plain's schema; review IDEMPOTENT_MUTATIONS:\n{}",
        wrong.join("\n")
    );
}

/// `plain_sdk::SCHEMA` describes the schema the crate was built from: its
/// sha256, its date (from the snapshot's name) and its root fields, counted
/// here independently of the generator.
#[test]
fn the_schema_constant_describes_the_schema_built() {
    let path =
        layout::schema_path(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql"));
    let text = std::fs::read_to_string(&path).expect("the schema");
    let record = layout::SchemaRecord::of(&path, &text);
    assert_eq!(plain_sdk::SCHEMA.sha256, record.sha256);
    if record.date.is_some() {
        assert_eq!(plain_sdk::SCHEMA.date, record.date.as_deref());
    }
    let schema = schema();
    let count = |name: Option<&apollo_compiler::schema::ComponentName>| {
        name.and_then(|n| schema.get_object(n.as_str()))
            .map_or(0, |o| o.fields.len())
    };
    let definition = &schema.schema_definition;
    assert_eq!(plain_sdk::SCHEMA.queries, count(definition.query.as_ref()));
    assert_eq!(
        plain_sdk::SCHEMA.mutations,
        count(definition.mutation.as_ref())
    );
    assert_eq!(
        plain_sdk::SCHEMA.subscriptions,
        count(definition.subscription.as_ref())
    );
}

#[test]
fn every_ui_placement_input_exists() {
    let schema = schema();
    for (wrapper, input, _) in UI_PLACEMENTS {
        assert!(
            matches!(schema.types.get(*input), Some(ExtendedType::InputObject(_))),
            "ui::{wrapper} builds {input}, which Plain's schema no longer has"
        );
    }
}

#[test]
fn every_ui_length_limit_is_the_one_the_schema_describes() {
    let schema = schema();
    let mut wrong = Vec::new();
    for &(input, name, max) in UI_LENGTH_LIMITS {
        let Some(ExtendedType::InputObject(object)) = schema.types.get(input) else {
            wrong.push(format!("{input}: no such input any more"));
            continue;
        };
        let Some(field) = object.fields.get(name) else {
            wrong.push(format!("{input}.{name}: no such field any more"));
            continue;
        };
        let description = field.description.as_deref().unwrap_or("");
        if !states_number(description, max) {
            wrong.push(format!(
                "{input}.{name}: limited to {max} characters, described as {description:?}"
            ));
        }
        // What `plain_sdk::ui` validates with is this table's number.
        assert_eq!(plain_sdk::ui::max_chars::of(name), Some(max), "{name}");
    }
    assert!(
        wrong.is_empty(),
        "codegen/src/facts.rs no longer fits the schema:\n{}",
        wrong.join("\n")
    );
}
