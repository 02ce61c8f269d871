//! Plain's schema, the one this build's types were generated from, parsed
//! once per process: it never changes while a process runs, so every
//! [`MockPlain`](super::MockPlain) shares it (and nothing else).

use std::sync::OnceLock;

use apollo_compiler::collections::HashMap;
use apollo_compiler::schema::Implementers;
use apollo_compiler::validation::Valid;
use apollo_compiler::{Name, Schema};

/// Written to `$OUT_DIR` by the build script when `testing` is on.
pub(crate) const SCHEMA_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/schema.graphql"));

/// The schema and what answering from it needs often.
pub(crate) struct PlainSchema {
    pub(crate) schema: Valid<Schema>,
    /// Interface name → the object types implementing it.
    pub(crate) implementers: HashMap<Name, Implementers>,
}

/// The parsed schema, or why it could not be read.
pub(crate) fn plain_schema() -> Result<&'static PlainSchema, String> {
    static PARSED: OnceLock<Result<PlainSchema, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            let schema = Schema::parse_and_validate(SCHEMA_TEXT, "schema.graphql")
                .map_err(|e| format!("Plain's schema does not validate: {}", e.errors))?;
            let implementers = schema.implementers_map();
            Ok(PlainSchema {
                schema,
                implementers,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl PlainSchema {
    /// The object types a value of the abstract type `name` may be, in
    /// schema order (a union's members, an interface's implementers).
    pub(crate) fn possible_types<'a>(&'a self, name: &'a str) -> Vec<&'a str> {
        use apollo_compiler::schema::ExtendedType;
        match self.schema.types.get(name) {
            Some(ExtendedType::Union(union)) => union.members.iter().map(|m| m.as_str()).collect(),
            Some(ExtendedType::Interface(_)) => self
                .implementers
                .get(name)
                .map(|i| i.objects.iter().map(|o| o.as_str()).collect())
                .unwrap_or_default(),
            Some(ExtendedType::Object(_)) => vec![name],
            _ => Vec::new(),
        }
    }
}
