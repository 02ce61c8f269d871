//! What the generator reads from Plain's schema: root fields and their
//! descriptions, types, fields, input objects and their defaults.

use std::collections::BTreeMap;

/// What the generators need from the schema: root field descriptions, and
/// the fields of input objects.
pub struct SchemaInfo {
    query_fields: BTreeMap<String, Option<String>>,
    mutation_fields: BTreeMap<String, Option<String>>,
    inputs: BTreeMap<String, Vec<InputField>>,
    /// Input objects marked `@oneOf`.
    one_of: std::collections::BTreeSet<String>,
    types: BTreeMap<String, TypeInfo>,
    /// GraphQL type names by the Rust name graphql_client gives them
    /// (`MSTeamsInput` → `MsTeamsInput`).
    rust_names: BTreeMap<String, String>,
}

/// What rustdoc says of one GraphQL type: its kind, description, and the
/// fields or values it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeInfo {
    pub kind: TypeKind,
    pub description: Option<String>,
    /// Fields of an object, interface or input object, in schema order.
    pub fields: Vec<FieldInfo>,
    /// Values of an enum, in schema order.
    pub values: Vec<ValueInfo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    Object,
    Interface,
    Union,
    Enum,
    Input,
    Scalar,
}

impl TypeKind {
    /// The GraphQL keyword that defines a type of this kind.
    pub fn keyword(self) -> &'static str {
        match self {
            TypeKind::Object => "type",
            TypeKind::Interface => "interface",
            TypeKind::Union => "union",
            TypeKind::Enum => "enum",
            TypeKind::Input => "input",
            TypeKind::Scalar => "scalar",
        }
    }
}

/// A field of an object, interface or input object, or an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldInfo {
    pub name: String,
    /// The type as GraphQL writes it (`[ThreadEvent!]!`).
    pub ty: String,
    /// The named type inside any list or non-null wrapper (`ThreadEvent`).
    pub named: String,
    pub description: Option<String>,
    /// `Some(reason)` when `@deprecated`.
    pub deprecated: Option<String>,
    pub arguments: Vec<FieldInfo>,
}

/// A value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueInfo {
    pub name: String,
    pub description: Option<String>,
    pub deprecated: Option<String>,
}

/// The reason of a `@deprecated` directive, GraphQL's default when it gives none.
fn deprecation(directives: &[graphql_parser::schema::Directive<'_, String>]) -> Option<String> {
    use graphql_parser::schema::Value;
    let directive = directives.iter().find(|d| d.name == "deprecated")?;
    let reason = directive
        .arguments
        .iter()
        .find(|(name, _)| name == "reason")
        .and_then(|(_, value)| match value {
            Value::String(text) => Some(text.clone()),
            _ => None,
        });
    Some(reason.unwrap_or_else(|| "No longer supported".to_string()))
}

/// One field of an input object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputField {
    /// Its GraphQL name (`componentText`).
    pub name: String,
    /// The named type inside any list or non-null wrapper (`ComponentTextInput`).
    pub type_name: String,
    pub description: Option<String>,
    /// Non-null with a default value: optional in GraphQL (the server
    /// applies the default), so optional in Rust too.
    pub defaulted: bool,
}

impl SchemaInfo {
    pub fn parse(text: &str) -> Result<Self, String> {
        use graphql_parser::schema::{Definition, Type, TypeDefinition};
        fn named(ty: &Type<'_, String>) -> String {
            match ty {
                Type::NamedType(name) => name.clone(),
                Type::ListType(inner) | Type::NonNullType(inner) => named(inner),
            }
        }
        let doc = graphql_parser::parse_schema::<String>(text).map_err(|e| e.to_string())?;
        let mut info = SchemaInfo {
            query_fields: BTreeMap::new(),
            mutation_fields: BTreeMap::new(),
            inputs: BTreeMap::new(),
            one_of: std::collections::BTreeSet::new(),
            types: BTreeMap::new(),
            rust_names: BTreeMap::new(),
        };
        fn field_info(
            name: &str,
            ty: &Type<'_, String>,
            description: &Option<String>,
            directives: &[graphql_parser::schema::Directive<'_, String>],
            arguments: Vec<FieldInfo>,
        ) -> FieldInfo {
            FieldInfo {
                name: name.to_string(),
                ty: ty.to_string(),
                named: named(ty),
                description: description.clone(),
                deprecated: deprecation(directives),
                arguments,
            }
        }
        let inputs = |values: &[graphql_parser::schema::InputValue<'_, String>]| -> Vec<FieldInfo> {
            values
                .iter()
                .map(|v| {
                    field_info(
                        &v.name,
                        &v.value_type,
                        &v.description,
                        &v.directives,
                        Vec::new(),
                    )
                })
                .collect()
        };
        let outputs = |fields: &[graphql_parser::schema::Field<'_, String>]| -> Vec<FieldInfo> {
            fields
                .iter()
                .map(|f| {
                    field_info(
                        &f.name,
                        &f.field_type,
                        &f.description,
                        &f.directives,
                        inputs(&f.arguments),
                    )
                })
                .collect()
        };
        for definition in &doc.definitions {
            let Definition::TypeDefinition(definition) = definition else {
                continue;
            };
            let (name, info_of) = match definition {
                TypeDefinition::Object(t) => (
                    &t.name,
                    TypeInfo {
                        kind: TypeKind::Object,
                        description: t.description.clone(),
                        fields: outputs(&t.fields),
                        values: Vec::new(),
                    },
                ),
                TypeDefinition::Interface(t) => (
                    &t.name,
                    TypeInfo {
                        kind: TypeKind::Interface,
                        description: t.description.clone(),
                        fields: outputs(&t.fields),
                        values: Vec::new(),
                    },
                ),
                TypeDefinition::Union(t) => (
                    &t.name,
                    TypeInfo {
                        kind: TypeKind::Union,
                        description: t.description.clone(),
                        fields: Vec::new(),
                        values: Vec::new(),
                    },
                ),
                TypeDefinition::Enum(t) => (
                    &t.name,
                    TypeInfo {
                        kind: TypeKind::Enum,
                        description: t.description.clone(),
                        fields: Vec::new(),
                        values: t
                            .values
                            .iter()
                            .map(|v| ValueInfo {
                                name: v.name.clone(),
                                description: v.description.clone(),
                                deprecated: deprecation(&v.directives),
                            })
                            .collect(),
                    },
                ),
                TypeDefinition::InputObject(t) => (
                    &t.name,
                    TypeInfo {
                        kind: TypeKind::Input,
                        description: t.description.clone(),
                        fields: inputs(&t.fields),
                        values: Vec::new(),
                    },
                ),
                TypeDefinition::Scalar(t) => (
                    &t.name,
                    TypeInfo {
                        kind: TypeKind::Scalar,
                        description: t.description.clone(),
                        fields: Vec::new(),
                        values: Vec::new(),
                    },
                ),
            };
            info.rust_names.insert(
                heck::ToUpperCamelCase::to_upper_camel_case(name.as_str()),
                name.clone(),
            );
            info.types.insert(name.clone(), info_of);
        }
        for definition in doc.definitions {
            if let Definition::TypeDefinition(TypeDefinition::InputObject(input)) = &definition {
                let fields = input
                    .fields
                    .iter()
                    .map(|field| InputField {
                        name: field.name.clone(),
                        type_name: named(&field.value_type),
                        description: field.description.clone(),
                        defaulted: matches!(field.value_type, Type::NonNullType(_))
                            && field.default_value.is_some(),
                    })
                    .collect();
                info.inputs.insert(input.name.clone(), fields);
                if input.directives.iter().any(|d| d.name == "oneOf") {
                    info.one_of.insert(input.name.clone());
                }
                continue;
            }
            if let Definition::TypeDefinition(TypeDefinition::Object(object)) = definition {
                let target = match object.name.as_str() {
                    "Query" => &mut info.query_fields,
                    "Mutation" => &mut info.mutation_fields,
                    _ => continue,
                };
                for field in object.fields {
                    target.insert(field.name, field.description);
                }
            }
        }
        Ok(info)
    }

    pub fn description(&self, mutation: bool, field: &str) -> Option<&str> {
        let fields = if mutation {
            &self.mutation_fields
        } else {
            &self.query_fields
        };
        fields.get(field).and_then(|d| d.as_deref())
    }

    /// How many queries, mutations and subscriptions the schema has.
    pub fn root_field_counts(&self) -> (usize, usize, usize) {
        let subscriptions = self.types.get("Subscription").map_or(0, |t| t.fields.len());
        (
            self.query_fields.len(),
            self.mutation_fields.len(),
            subscriptions,
        )
    }

    /// The GraphQL type `name`.
    pub fn type_info(&self, name: &str) -> Option<&TypeInfo> {
        self.types.get(name)
    }

    /// The GraphQL name of the type graphql_client calls `rust_name`.
    pub fn graphql_type_name<'a>(&'a self, rust_name: &'a str) -> &'a str {
        if self.types.contains_key(rust_name) {
            return rust_name;
        }
        self.rust_names
            .get(rust_name)
            .map_or(rust_name, String::as_str)
    }

    /// Field `field` of object, interface or input object `type_name`.
    pub fn field(&self, type_name: &str, field: &str) -> Option<&FieldInfo> {
        self.types
            .get(type_name)?
            .fields
            .iter()
            .find(|f| f.name == field)
    }

    /// The root field `field` of `Query` or `Mutation`.
    pub fn root_field(&self, mutation: bool, field: &str) -> Option<&FieldInfo> {
        self.field(if mutation { "Mutation" } else { "Query" }, field)
    }

    /// The fields of input object `name`, in schema order.
    pub fn input_fields(&self, name: &str) -> Option<&[InputField]> {
        self.inputs.get(name).map(Vec::as_slice)
    }

    /// The Rust names of the input objects marked `@oneOf` (exactly one
    /// field set).
    pub fn one_of_inputs(&self) -> std::collections::BTreeSet<String> {
        self.one_of
            .iter()
            .map(|name| heck::ToUpperCamelCase::to_upper_camel_case(name.as_str()))
            .collect()
    }

    /// The non-null input fields with a default value, as
    /// `(Rust name of the input type, GraphQL name of the field)`.
    pub fn defaulted_input_fields(&self) -> std::collections::BTreeSet<(String, String)> {
        self.inputs
            .iter()
            .flat_map(|(input, fields)| {
                let rust = heck::ToUpperCamelCase::to_upper_camel_case(input.as_str());
                fields
                    .iter()
                    .filter(|f| f.defaulted)
                    .map(move |f| (rust.clone(), f.name.clone()))
            })
            .collect()
    }
}
