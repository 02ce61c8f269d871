//! Which GraphQL type each generated Rust type stands for.
//!
//! graphql_client names response types by their path in the document
//! (`CreateThreadEventCreateThreadEvent`) and says nothing of the schema.
//! Starting from what is known (each `ResponseData` is `Query` or `Mutation`,
//! each fragment struct is its type condition, inputs and enums carry their
//! GraphQL names), the types of fields are followed through the schema until
//! every reachable type has an origin. Docs and readable names build on it.

use std::collections::BTreeMap;

use crate::read::documents::{Documents, OperationKind};
use crate::read::schema::{FieldInfo, SchemaInfo, TypeKind};
use crate::shape::evolve::graphql_name;
use crate::shape::hoist::{item_name, Hoisted};

/// Where a generated item is defined: once at the top, or in the module of
/// the operation at that index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Shared,
    Local(usize),
}

/// The GraphQL a generated type stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The fields an operation selects on object, interface or union `on`.
    Selection { on: String },
    /// Fragment `name` on type `on`.
    Fragment { name: String, on: String },
    /// Input object of that name.
    Input(String),
    /// Enum of that name.
    Enum(String),
    /// The variables of an operation.
    Variables { operation: String },
    /// The `data` of an operation's response: fields of `root`.
    Response { operation: String, root: String },
}

impl Origin {
    /// The GraphQL type whose fields the item's fields are, if any.
    pub fn fields_of(&self) -> Option<&str> {
        match self {
            Origin::Selection { on } | Origin::Fragment { on, .. } => Some(on),
            Origin::Input(name) => Some(name),
            Origin::Response { root, .. } => Some(root),
            Origin::Enum(_) | Origin::Variables { .. } => None,
        }
    }
}

/// Origins of the generated items, by scope and Rust name, and what the
/// documents say besides: field aliases and variable types.
#[derive(Debug, Default)]
pub struct Origins {
    pub items: BTreeMap<(Scope, String), Origin>,
    /// Field names by the alias a document gives them (`noteEntryText` → `text`).
    pub aliases: BTreeMap<String, String>,
    /// Per operation: the type of each variable, as the document declares it.
    pub variables: Vec<BTreeMap<String, String>>,
}

impl Origins {
    pub fn get(&self, scope: Scope, name: &str) -> Option<&Origin> {
        self.items.get(&(scope, name.to_string()))
    }

    /// Field `name` (a field name or an alias of one) of `type_name`, and
    /// its real name when `name` is an alias.
    pub fn schema_field<'a>(
        &self,
        schema: &'a SchemaInfo,
        type_name: &str,
        name: &str,
    ) -> Option<(&'a FieldInfo, Option<&str>)> {
        if let Some(field) = schema.field(type_name, name) {
            return Some((field, None));
        }
        let real = self.aliases.get(name)?;
        schema
            .field(type_name, real)
            .map(|f| (f, Some(real.as_str())))
    }
}

/// The item named `name` as seen from `scope`: a module's own items first,
/// then the shared ones.
pub fn find<'a>(hoisted: &'a Hoisted, scope: Scope, name: &str) -> Option<(Scope, &'a syn::Item)> {
    let named = |items: &'a [syn::Item]| {
        items.iter().find(|i| {
            matches!(
                i,
                syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Type(_)
            ) && item_name(i).as_deref() == Some(name)
        })
    };
    if let Scope::Local(index) = scope {
        if let Some(item) = named(&hoisted.operations[index].local) {
            return Some((scope, item));
        }
    }
    named(&hoisted.shared).map(|item| (Scope::Shared, item))
}

/// The name of the generated type inside any `Option`, `Vec` or `Box`.
pub fn innermost(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    match segment.ident.to_string().as_str() {
        "Option" | "Vec" | "Box" => match &segment.arguments {
            syn::PathArguments::AngleBracketed(args) => match args.args.first() {
                Some(syn::GenericArgument::Type(inner)) => innermost(inner),
                _ => None,
            },
            _ => None,
        },
        name => Some(name.to_string()),
    }
}

/// The GraphQL name of a response or input field: its serde rename, else
/// its Rust name (graphql_client renames whenever they differ).
pub fn field_graphql_name(field: &syn::Field) -> Option<String> {
    graphql_name(field).or_else(|| {
        field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_string())
    })
}

pub fn is_flatten(field: &syn::Field) -> bool {
    field.attrs.iter().any(|a| {
        a.path().is_ident("serde")
            && matches!(&a.meta, syn::Meta::List(l) if l.tokens.to_string().trim() == "flatten")
    })
}

/// What the documents define besides operations.
struct DocumentFacts {
    /// Fragment struct name → type condition.
    fragments: BTreeMap<String, String>,
    /// Alias → field name, when every use agrees.
    aliases: BTreeMap<String, String>,
    /// Per operation, each variable's declared type.
    variables: Vec<BTreeMap<String, String>>,
}

fn read_documents(docs: &Documents) -> DocumentFacts {
    use graphql_parser::query::{
        Definition, OperationDefinition, Selection, SelectionSet, TypeCondition,
    };
    fn walk(set: &SelectionSet<'_, String>, aliases: &mut BTreeMap<String, Option<String>>) {
        for selection in &set.items {
            match selection {
                Selection::Field(field) => {
                    if let Some(alias) = &field.alias {
                        let entry = aliases
                            .entry(alias.clone())
                            .or_insert_with(|| Some(field.name.clone()));
                        if entry.as_deref() != Some(field.name.as_str()) {
                            *entry = None;
                        }
                    }
                    walk(&field.selection_set, aliases);
                }
                Selection::InlineFragment(inline) => walk(&inline.selection_set, aliases),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    let mut fragments = BTreeMap::new();
    let mut aliases = BTreeMap::new();
    let mut variables = Vec::with_capacity(docs.operations.len());
    for op in &docs.operations {
        let mut declared = BTreeMap::new();
        if let Ok(document) = graphql_parser::parse_query::<String>(&op.wire_document) {
            for definition in &document.definitions {
                match definition {
                    Definition::Fragment(fragment) => {
                        let TypeCondition::On(on) = &fragment.type_condition;
                        fragments.insert(
                            heck::ToUpperCamelCase::to_upper_camel_case(fragment.name.as_str()),
                            on.clone(),
                        );
                        walk(&fragment.selection_set, &mut aliases);
                    }
                    Definition::Operation(operation) => {
                        let (definitions, set) = match operation {
                            OperationDefinition::Query(q) => {
                                (&q.variable_definitions, &q.selection_set)
                            }
                            OperationDefinition::Mutation(m) => {
                                (&m.variable_definitions, &m.selection_set)
                            }
                            OperationDefinition::Subscription(s) => {
                                (&s.variable_definitions, &s.selection_set)
                            }
                            OperationDefinition::SelectionSet(set) => (&Vec::new(), set),
                        };
                        for variable in definitions {
                            declared.insert(variable.name.clone(), variable.var_type.to_string());
                        }
                        walk(set, &mut aliases);
                    }
                }
            }
        }
        variables.push(declared);
    }
    let aliases = aliases
        .into_iter()
        .filter_map(|(a, f)| Some((a, f?)))
        .collect();
    DocumentFacts {
        fragments,
        aliases,
        variables,
    }
}

pub fn compute(hoisted: &Hoisted, docs: &Documents, schema: &SchemaInfo) -> Origins {
    let DocumentFacts {
        fragments,
        aliases,
        variables,
    } = read_documents(docs);
    let mut origins = Origins {
        aliases,
        variables,
        ..Origins::default()
    };
    let scopes = std::iter::once((Scope::Shared, hoisted.shared.as_slice())).chain(
        hoisted
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| (Scope::Local(i), op.local.as_slice())),
    );
    for (scope, items) in scopes {
        for item in items {
            let Some(name) = item_name(item) else {
                continue;
            };
            let graphql = schema.graphql_type_name(&name).to_string();
            let kind = schema.type_info(&graphql).map(|t| t.kind);
            let origin = match (item, kind) {
                _ if fragments.contains_key(&name) => Origin::Fragment {
                    on: fragments[&name].clone(),
                    name: name.clone(),
                },
                (syn::Item::Struct(_), Some(TypeKind::Input)) => Origin::Input(graphql),
                (syn::Item::Enum(_), Some(TypeKind::Enum)) => Origin::Enum(graphql),
                _ => continue,
            };
            origins.items.insert((scope, name), origin);
        }
    }
    for ((index, op), doc_op) in hoisted.operations.iter().enumerate().zip(&docs.operations) {
        let scope = Scope::Local(index);
        let root = match doc_op.kind {
            OperationKind::Mutation => "Mutation",
            OperationKind::Query => "Query",
        };
        let operation = op.name.clone();
        origins.items.insert(
            (scope, "Variables".into()),
            Origin::Variables {
                operation: operation.clone(),
            },
        );
        origins.items.insert(
            (scope, "ResponseData".into()),
            Origin::Response {
                operation,
                root: root.into(),
            },
        );
    }

    // Follow field types until nothing new is learned.
    loop {
        let mut learned = Vec::new();
        for ((scope, name), origin) in &origins.items {
            if matches!(
                origin,
                Origin::Input(_) | Origin::Enum(_) | Origin::Variables { .. }
            ) {
                continue;
            }
            let Some(on) = origin.fields_of() else {
                continue;
            };
            let Some((_, item)) = find(hoisted, *scope, name) else {
                continue;
            };
            let mut learn = |child: Option<String>, graphql_type: String| {
                let Some(child) = child else { return };
                if let Some((child_scope, _)) = find(hoisted, *scope, &child) {
                    if !origins.items.contains_key(&(child_scope, child.clone())) {
                        learned
                            .push(((child_scope, child), Origin::Selection { on: graphql_type }));
                    }
                }
            };
            match item {
                syn::Item::Struct(s) => {
                    for field in &s.fields {
                        let child = innermost(&field.ty);
                        if is_flatten(field) {
                            learn(child, on.to_string());
                        } else if let Some((f, _)) = field_graphql_name(field)
                            .and_then(|gql| origins.schema_field(schema, on, &gql))
                        {
                            learn(child, f.named.clone());
                        }
                    }
                }
                syn::Item::Enum(e) => {
                    for variant in &e.variants {
                        if let syn::Fields::Unnamed(fields) = &variant.fields {
                            if let Some(field) = fields.unnamed.first() {
                                let member = schema
                                    .graphql_type_name(&variant.ident.to_string())
                                    .to_string();
                                learn(innermost(&field.ty), member);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if learned.is_empty() {
            break;
        }
        for (key, origin) in learned {
            origins.items.entry(key).or_insert(origin);
        }
    }
    origins
}
