//! What a new version of Plain's schema changes for the code generated from
//! our operation documents: [`diff`] compares two schemas and lists every
//! [`Change`] that matters to generated code, each with a [`Severity`]
//! (`validate` checks the documents themselves, `report` prints both).
//!
//! Severities follow what the generated Rust does with a response or request:
//!
//! - output fields are decoded, so an output that may now be null (or has a
//!   different type) breaks decoding, while one that is now never null is safe;
//! - arguments and input fields are sent, so one that now refuses null (or is
//!   new and required) breaks requests, while one that now accepts null is safe;
//! - an enum value we do not know decodes to `Other(String)`, and a union
//!   member or interface implementer we do not select decodes to `Unknown`:
//!   nothing fails, but the data is not typed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use apollo_compiler::ast::{self, Type};
use apollo_compiler::collections::IndexMap;
use apollo_compiler::schema::{Component, ExtendedType, FieldDefinition, InputValueDefinition};
use apollo_compiler::{Name, Schema};

/// How much a [`Change`] matters to generated code. Sorts most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generated code or documents stop compiling, validating or decoding.
    Breaking,
    /// Nothing fails, but responses can carry data the generated types do not
    /// describe, or regenerating changes the generated API.
    Dangerous,
    /// Safe for generated code, but worth knowing.
    Safe,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Breaking => "breaking",
            Severity::Dangerous => "dangerous",
            Severity::Safe => "safe",
        })
    }
}

/// The kind of a named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeKind {
    /// `scalar`
    Scalar,
    /// `type`
    Object,
    /// `interface`
    Interface,
    /// `union`
    Union,
    /// `enum`
    Enum,
    /// `input`
    InputObject,
}

impl TypeKind {
    fn of(ty: &ExtendedType) -> TypeKind {
        match ty {
            ExtendedType::Scalar(_) => TypeKind::Scalar,
            ExtendedType::Object(_) => TypeKind::Object,
            ExtendedType::Interface(_) => TypeKind::Interface,
            ExtendedType::Union(_) => TypeKind::Union,
            ExtendedType::Enum(_) => TypeKind::Enum,
            ExtendedType::InputObject(_) => TypeKind::InputObject,
        }
    }
}

impl fmt::Display for TypeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TypeKind::Scalar => "scalar",
            TypeKind::Object => "object",
            TypeKind::Interface => "interface",
            TypeKind::Union => "union",
            TypeKind::Enum => "enum",
            TypeKind::InputObject => "input object",
        })
    }
}

/// A root operation type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Root {
    /// The schema's query type.
    Query,
    /// The schema's mutation type.
    Mutation,
    /// The schema's subscription type.
    Subscription,
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Root::Query => "query",
            Root::Mutation => "mutation",
            Root::Subscription => "subscription",
        })
    }
}

/// How a type reference (`String`, `[ID!]!`, …) changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeChange {
    /// A different named type or list depth.
    Retyped,
    /// Same type; at least one level lost its `!` and none gained one.
    BecameNullable,
    /// Same type; at least one level gained a `!` and none lost one.
    BecameNonNull,
    /// Same type; one level gained a `!` and another lost one.
    NullabilityChanged,
}

impl TypeChange {
    /// Compares two type references; `None` when they are the same.
    pub fn classify(old: &Type, new: &Type) -> Option<TypeChange> {
        let (mut relaxed, mut tightened) = (false, false);
        let (mut old, mut new) = (old, new);
        loop {
            match (old.is_non_null(), new.is_non_null()) {
                (true, false) => relaxed = true,
                (false, true) => tightened = true,
                _ => {}
            }
            match (old, new) {
                (
                    Type::Named(a) | Type::NonNullNamed(a),
                    Type::Named(b) | Type::NonNullNamed(b),
                ) => {
                    if a != b {
                        return Some(TypeChange::Retyped);
                    }
                    break;
                }
                (Type::List(a) | Type::NonNullList(a), Type::List(b) | Type::NonNullList(b)) => {
                    old = a;
                    new = b;
                }
                _ => return Some(TypeChange::Retyped),
            }
        }
        match (relaxed, tightened) {
            (false, false) => None,
            (true, false) => Some(TypeChange::BecameNullable),
            (false, true) => Some(TypeChange::BecameNonNull),
            (true, true) => Some(TypeChange::NullabilityChanged),
        }
    }

    /// Severity where values are decoded (output fields).
    fn output_severity(self) -> Severity {
        match self {
            TypeChange::BecameNonNull => Severity::Safe,
            _ => Severity::Breaking,
        }
    }

    /// Severity where values are sent (arguments, input fields).
    fn input_severity(self) -> Severity {
        match self {
            TypeChange::BecameNullable => Severity::Safe,
            _ => Severity::Breaking,
        }
    }

    fn describe(self, old: &str, new: &str) -> String {
        match self {
            TypeChange::Retyped => format!("changed type from `{old}` to `{new}`"),
            TypeChange::BecameNullable => format!("became nullable (`{old}` → `{new}`)"),
            TypeChange::BecameNonNull => format!("became non-null (`{old}` → `{new}`)"),
            TypeChange::NullabilityChanged => {
                format!("changed nullability (`{old}` → `{new}`)")
            }
        }
    }
}

/// One difference between two schemas that matters to generated code.
///
/// `ty` is always the name of the type that holds the changed element.
/// Types are written as in SDL (`[ID!]!`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// A named type is gone. Breaking.
    TypeRemoved { ty: String, kind: TypeKind },
    /// A named type is now of another kind (say object → interface). Breaking.
    TypeKindChanged {
        ty: String,
        old: TypeKind,
        new: TypeKind,
    },
    /// A field of the query, mutation or subscription type is gone: its
    /// operation no longer exists. Breaking.
    RootFieldRemoved {
        root: Root,
        ty: String,
        field: String,
    },
    /// A field of an object or interface is gone. Breaking.
    FieldRemoved { ty: String, field: String },
    /// An output field's type changed. Breaking, except
    /// [`TypeChange::BecameNonNull`], which is safe.
    FieldTypeChanged {
        ty: String,
        field: String,
        old: String,
        new: String,
        change: TypeChange,
    },
    /// A field is newly `@deprecated`: regenerating drops it from generated
    /// selections (or drops the operation, for a root field). Dangerous.
    FieldDeprecated {
        ty: String,
        field: String,
        reason: Option<String>,
    },
    /// A field argument is gone. Breaking.
    ArgumentRemoved {
        ty: String,
        field: String,
        argument: String,
    },
    /// An argument's type changed. Breaking, except
    /// [`TypeChange::BecameNullable`], which is safe.
    ArgumentTypeChanged {
        ty: String,
        field: String,
        argument: String,
        old: String,
        new: String,
        change: TypeChange,
    },
    /// A new non-null argument without a default on an existing field. Breaking.
    RequiredArgumentAdded {
        ty: String,
        field: String,
        argument: String,
        arg_type: String,
    },
    /// A non-null argument lost its default, so it must now be passed. Breaking.
    ArgumentDefaultRemoved {
        ty: String,
        field: String,
        argument: String,
        arg_type: String,
    },
    /// A field of an input object is gone. Breaking.
    InputFieldRemoved { ty: String, field: String },
    /// An input field's type changed. Breaking, except
    /// [`TypeChange::BecameNullable`], which is safe.
    InputFieldTypeChanged {
        ty: String,
        field: String,
        old: String,
        new: String,
        change: TypeChange,
    },
    /// A new non-null input field without a default on an existing input
    /// object. Breaking.
    RequiredInputFieldAdded {
        ty: String,
        field: String,
        field_type: String,
    },
    /// A non-null input field lost its default, so it must now be sent. Breaking.
    InputFieldDefaultRemoved {
        ty: String,
        field: String,
        field_type: String,
    },
    /// An enum value is gone. Breaking.
    EnumValueRemoved { ty: String, value: String },
    /// A new enum value: generated enums decode it to `Other(String)`. Safe.
    EnumValueAdded { ty: String, value: String },
    /// A union lost a member. Breaking.
    UnionMemberRemoved { ty: String, member: String },
    /// A union gained a member: generated code decodes it to `Unknown`
    /// unless a document selects it. Dangerous.
    UnionMemberAdded { ty: String, member: String },
    /// An object no longer implements an interface. Breaking.
    ImplementerRemoved { ty: String, object: String },
    /// An object now implements an interface (so the interface can return
    /// it): generated code decodes it to `Unknown` unless a document selects
    /// it. Dangerous.
    ImplementerAdded { ty: String, object: String },
    /// A new field of the query or mutation type: regenerating adds a
    /// method. Safe.
    RootFieldAdded {
        root: Root,
        ty: String,
        field: String,
    },
    /// A new output field: regenerated fragments select it. Safe.
    FieldAdded { ty: String, field: String },
    /// The output of `mutation`, which carried one field besides `error`,
    /// gained `field`: its regenerated method returns the whole output
    /// instead of that one entity. Breaking.
    MutationOutputWidened {
        ty: String,
        field: String,
        mutation: String,
    },
    /// A new optional argument: regenerated documents pass it, a new
    /// setter on `Variables`. Safe.
    OptionalArgumentAdded {
        ty: String,
        field: String,
        argument: String,
        arg_type: String,
    },
    /// A new optional input field: a new setter. Safe.
    OptionalInputFieldAdded {
        ty: String,
        field: String,
        field_type: String,
    },
}

impl Change {
    /// How much this change matters to generated code.
    pub fn severity(&self) -> Severity {
        match self {
            Change::TypeRemoved { .. }
            | Change::TypeKindChanged { .. }
            | Change::RootFieldRemoved { .. }
            | Change::FieldRemoved { .. }
            | Change::ArgumentRemoved { .. }
            | Change::RequiredArgumentAdded { .. }
            | Change::ArgumentDefaultRemoved { .. }
            | Change::InputFieldRemoved { .. }
            | Change::RequiredInputFieldAdded { .. }
            | Change::InputFieldDefaultRemoved { .. }
            | Change::EnumValueRemoved { .. }
            | Change::UnionMemberRemoved { .. }
            | Change::ImplementerRemoved { .. }
            | Change::MutationOutputWidened { .. } => Severity::Breaking,
            Change::FieldTypeChanged { change, .. } => change.output_severity(),
            Change::ArgumentTypeChanged { change, .. }
            | Change::InputFieldTypeChanged { change, .. } => change.input_severity(),
            Change::FieldDeprecated { .. }
            | Change::UnionMemberAdded { .. }
            | Change::ImplementerAdded { .. } => Severity::Dangerous,
            Change::EnumValueAdded { .. }
            | Change::RootFieldAdded { .. }
            | Change::FieldAdded { .. }
            | Change::OptionalArgumentAdded { .. }
            | Change::OptionalInputFieldAdded { .. } => Severity::Safe,
        }
    }

    /// The schema coordinate of the changed element (`Type`, `Type.field`,
    /// `Type.field(argument:)`), for sorting and grouping.
    pub fn coordinate(&self) -> String {
        match self {
            Change::TypeRemoved { ty, .. }
            | Change::TypeKindChanged { ty, .. }
            | Change::UnionMemberRemoved { ty, .. }
            | Change::UnionMemberAdded { ty, .. }
            | Change::ImplementerRemoved { ty, .. }
            | Change::ImplementerAdded { ty, .. } => ty.clone(),
            Change::RootFieldRemoved { ty, field, .. }
            | Change::RootFieldAdded { ty, field, .. }
            | Change::FieldAdded { ty, field }
            | Change::MutationOutputWidened { ty, field, .. }
            | Change::OptionalInputFieldAdded { ty, field, .. }
            | Change::FieldRemoved { ty, field }
            | Change::FieldTypeChanged { ty, field, .. }
            | Change::FieldDeprecated { ty, field, .. }
            | Change::InputFieldRemoved { ty, field }
            | Change::InputFieldTypeChanged { ty, field, .. }
            | Change::RequiredInputFieldAdded { ty, field, .. }
            | Change::InputFieldDefaultRemoved { ty, field, .. } => format!("{ty}.{field}"),
            Change::EnumValueRemoved { ty, value } | Change::EnumValueAdded { ty, value } => {
                format!("{ty}.{value}")
            }
            Change::ArgumentRemoved {
                ty,
                field,
                argument,
                ..
            }
            | Change::ArgumentTypeChanged {
                ty,
                field,
                argument,
                ..
            }
            | Change::RequiredArgumentAdded {
                ty,
                field,
                argument,
                ..
            }
            | Change::ArgumentDefaultRemoved {
                ty,
                field,
                argument,
                ..
            }
            | Change::OptionalArgumentAdded {
                ty,
                field,
                argument,
                ..
            } => format!("{ty}.{field}({argument}:)"),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.coordinate();
        match self {
            Change::TypeRemoved { kind, .. } => write!(f, "{kind} `{at}` was removed"),
            Change::TypeKindChanged { old, new, .. } => {
                write!(f, "type `{at}` changed from {old} to {new}")
            }
            Change::RootFieldRemoved { root, .. } => {
                write!(f, "{root} field `{at}` was removed (its operation no longer exists)")
            }
            Change::FieldRemoved { .. } => write!(f, "field `{at}` was removed"),
            Change::FieldTypeChanged {
                old, new, change, ..
            } => {
                write!(f, "field `{at}` {}", change.describe(old, new))?;
                match change {
                    TypeChange::BecameNonNull => Ok(()),
                    TypeChange::BecameNullable => {
                        f.write_str(": generated code expecting a value fails on null")
                    }
                    _ => f.write_str(": generated code no longer decodes it"),
                }
            }
            Change::FieldDeprecated { reason, .. } => {
                write!(f, "field `{at}` is now deprecated")?;
                if let Some(reason) = reason {
                    write!(f, " ({reason})")?;
                }
                f.write_str(": regenerating stops selecting it")
            }
            Change::ArgumentRemoved { .. } => write!(f, "argument `{at}` was removed"),
            Change::ArgumentTypeChanged {
                old, new, change, ..
            } => {
                write!(f, "argument `{at}` {}", change.describe(old, new))?;
                if *change == TypeChange::BecameNonNull {
                    f.write_str(": requests without it fail")?;
                }
                Ok(())
            }
            Change::RequiredArgumentAdded { arg_type, .. } => {
                write!(f, "required argument `{at}` of type `{arg_type}` was added")
            }
            Change::ArgumentDefaultRemoved { arg_type, .. } => write!(
                f,
                "argument `{at}` of type `{arg_type}` lost its default and is now required"
            ),
            Change::InputFieldRemoved { .. } => write!(f, "input field `{at}` was removed"),
            Change::InputFieldTypeChanged {
                old, new, change, ..
            } => {
                write!(f, "input field `{at}` {}", change.describe(old, new))?;
                if *change == TypeChange::BecameNonNull {
                    f.write_str(": requests without it fail")?;
                }
                Ok(())
            }
            Change::RequiredInputFieldAdded { field_type, .. } => {
                write!(f, "required input field `{at}` of type `{field_type}` was added")
            }
            Change::InputFieldDefaultRemoved { field_type, .. } => write!(
                f,
                "input field `{at}` of type `{field_type}` lost its default and is now required"
            ),
            Change::EnumValueRemoved { .. } => write!(f, "enum value `{at}` was removed"),
            Change::EnumValueAdded { value, .. } => write!(
                f,
                "enum value `{at}` was added: generated enums decode it to `Other(\"{value}\")`"
            ),
            Change::UnionMemberRemoved { member, .. } => {
                write!(f, "union `{at}` lost member `{member}`")
            }
            Change::UnionMemberAdded { member, .. } => write!(
                f,
                "union `{at}` gained member `{member}`: decodes to `Unknown` unless documents select it"
            ),
            Change::ImplementerRemoved { object, .. } => {
                write!(f, "object `{object}` no longer implements interface `{at}`")
            }
            Change::ImplementerAdded { object, .. } => write!(
                f,
                "object `{object}` now implements interface `{at}`: decodes to `Unknown` unless documents select it"
            ),
            Change::RootFieldAdded { root, .. } => write!(f, "{root} field `{at}` was added"),
            Change::FieldAdded { .. } => write!(f, "field `{at}` was added"),
            Change::MutationOutputWidened { mutation, .. } => write!(
                f,
                "field `{at}` was added beside the one entity of `{mutation}`'s output: \
                 its method returns the whole output"
            ),
            Change::OptionalArgumentAdded { arg_type, .. } => {
                write!(f, "optional argument `{at}` of type `{arg_type}` was added")
            }
            Change::OptionalInputFieldAdded { field_type, .. } => {
                write!(f, "optional input field `{at}` of type `{field_type}` was added")
            }
        }
    }
}

/// Every change from `old` to `new` that matters to generated code, most
/// severe first, then by schema coordinate. Pure and deterministic.
///
/// Additions are listed as safe: new root fields, output fields, optional
/// arguments and optional input fields (each a new method, field or
/// setter); new types are not. The members of a removed type, or of one
/// whose kind changed, are not listed separately.
pub fn diff(old: &Schema, new: &Schema) -> Vec<Change> {
    let mut out = Vec::new();
    let roots = root_types(old);
    for (name, old_ty) in &old.types {
        if old_ty.is_built_in() {
            continue;
        }
        let ty = name.to_string();
        let Some(new_ty) = new.types.get(name) else {
            out.push(Change::TypeRemoved {
                ty,
                kind: TypeKind::of(old_ty),
            });
            continue;
        };
        let (old_kind, new_kind) = (TypeKind::of(old_ty), TypeKind::of(new_ty));
        if old_kind != new_kind {
            out.push(Change::TypeKindChanged {
                ty,
                old: old_kind,
                new: new_kind,
            });
            continue;
        }
        match (old_ty, new_ty) {
            (ExtendedType::Object(o), ExtendedType::Object(n)) => {
                output_fields(&ty, roots.get(&ty).copied(), &o.fields, &n.fields, &mut out)
            }
            (ExtendedType::Interface(o), ExtendedType::Interface(n)) => {
                output_fields(&ty, None, &o.fields, &n.fields, &mut out)
            }
            (ExtendedType::InputObject(o), ExtendedType::InputObject(n)) => {
                input_fields(&ty, &o.fields, &n.fields, &mut out)
            }
            (ExtendedType::Enum(o), ExtendedType::Enum(n)) => {
                for value in o.values.keys().filter(|v| !n.values.contains_key(*v)) {
                    out.push(Change::EnumValueRemoved {
                        ty: ty.clone(),
                        value: value.to_string(),
                    });
                }
                for value in n.values.keys().filter(|v| !o.values.contains_key(*v)) {
                    out.push(Change::EnumValueAdded {
                        ty: ty.clone(),
                        value: value.to_string(),
                    });
                }
            }
            (ExtendedType::Union(o), ExtendedType::Union(n)) => {
                let old_members: BTreeSet<&str> = o.members.iter().map(|m| m.as_str()).collect();
                let new_members: BTreeSet<&str> = n.members.iter().map(|m| m.as_str()).collect();
                for member in old_members.difference(&new_members) {
                    out.push(Change::UnionMemberRemoved {
                        ty: ty.clone(),
                        member: member.to_string(),
                    });
                }
                for member in new_members.difference(&old_members) {
                    out.push(Change::UnionMemberAdded {
                        ty: ty.clone(),
                        member: member.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    implementers(old, new, &mut out);
    widened_outputs(old, new, &mut out);
    out.sort_by_cached_key(|c| (c.severity(), c.coordinate(), c.to_string()));
    out.dedup();
    out
}

/// The mutations whose output carried one field besides `error` and now
/// carries more: the generator returns such an output whole (an upsert's
/// `result` beside its entity), so the method's return type changes. The
/// addition itself stays listed as `FieldAdded`.
fn widened_outputs(old: &Schema, new: &Schema, out: &mut Vec<Change>) {
    let (Some(old_mutation), Some(new_mutation)) = (
        old.schema_definition.mutation.as_ref(),
        new.schema_definition.mutation.as_ref(),
    ) else {
        return;
    };
    let (Some(ExtendedType::Object(old_root)), Some(ExtendedType::Object(new_root))) = (
        old.types.get(old_mutation.as_str()),
        new.types.get(new_mutation.as_str()),
    ) else {
        return;
    };
    // What a generated document selects of an output besides `error`.
    let entities = |schema: &Schema, output: &str| -> Option<Vec<String>> {
        let ExtendedType::Object(object) = schema.types.get(output)? else {
            return None;
        };
        object.fields.contains_key("error").then(|| {
            object
                .fields
                .iter()
                .filter(|(name, field)| {
                    name.as_str() != "error" && deprecation(&field.directives).is_none()
                })
                .map(|(name, _)| name.to_string())
                .collect()
        })
    };
    for (name, old_field) in &old_root.fields {
        let Some(new_field) = new_root.fields.get(name) else {
            continue;
        };
        let (old_output, new_output) = (
            old_field.ty.inner_named_type().as_str(),
            new_field.ty.inner_named_type().as_str(),
        );
        if old_output != new_output {
            continue;
        }
        let (Some(before), Some(after)) = (entities(old, old_output), entities(new, new_output))
        else {
            continue;
        };
        if before.len() == 1 && after.len() > 1 {
            for field in after.iter().filter(|f| !before.contains(f)) {
                out.push(Change::MutationOutputWidened {
                    ty: new_output.to_string(),
                    field: field.clone(),
                    mutation: name.to_string(),
                });
            }
        }
    }
}

/// Root type name → which root it is, in `schema`.
fn root_types(schema: &Schema) -> BTreeMap<String, Root> {
    let definition = &schema.schema_definition;
    [
        (Root::Query, &definition.query),
        (Root::Mutation, &definition.mutation),
        (Root::Subscription, &definition.subscription),
    ]
    .into_iter()
    .filter_map(|(root, name)| name.as_ref().map(|n| (n.to_string(), root)))
    .collect()
}

type Fields = IndexMap<Name, Component<FieldDefinition>>;

fn output_fields(ty: &str, root: Option<Root>, old: &Fields, new: &Fields, out: &mut Vec<Change>) {
    for (name, new_field) in new {
        if old.contains_key(name) || deprecation(&new_field.directives).is_some() {
            continue;
        }
        let field = name.to_string();
        out.push(match root {
            Some(Root::Subscription) => continue,
            Some(root) => Change::RootFieldAdded {
                root,
                ty: ty.to_string(),
                field,
            },
            None => Change::FieldAdded {
                ty: ty.to_string(),
                field,
            },
        });
    }
    for (name, old_field) in old {
        let field = name.to_string();
        let Some(new_field) = new.get(name) else {
            out.push(match root {
                Some(root) => Change::RootFieldRemoved {
                    root,
                    ty: ty.to_string(),
                    field,
                },
                None => Change::FieldRemoved {
                    ty: ty.to_string(),
                    field,
                },
            });
            continue;
        };
        if let Some(change) = TypeChange::classify(&old_field.ty, &new_field.ty) {
            out.push(Change::FieldTypeChanged {
                ty: ty.to_string(),
                field: field.clone(),
                old: old_field.ty.to_string(),
                new: new_field.ty.to_string(),
                change,
            });
        }
        if deprecation(&old_field.directives).is_none() {
            if let Some(reason) = deprecation(&new_field.directives) {
                out.push(Change::FieldDeprecated {
                    ty: ty.to_string(),
                    field: field.clone(),
                    reason,
                });
            }
        }
        let old_args = old_field.arguments.iter().map(|a| (a.name.as_str(), &**a));
        let new_args = new_field.arguments.iter().map(|a| (a.name.as_str(), &**a));
        for change in input_values(old_args.collect(), new_args.collect()) {
            out.push(match change {
                ValueChange::Removed(argument) => Change::ArgumentRemoved {
                    ty: ty.to_string(),
                    field: field.clone(),
                    argument,
                },
                ValueChange::Retyped(argument, old, new, change) => Change::ArgumentTypeChanged {
                    ty: ty.to_string(),
                    field: field.clone(),
                    argument,
                    old,
                    new,
                    change,
                },
                ValueChange::RequiredAdded(argument, arg_type) => Change::RequiredArgumentAdded {
                    ty: ty.to_string(),
                    field: field.clone(),
                    argument,
                    arg_type,
                },
                ValueChange::DefaultRemoved(argument, arg_type) => Change::ArgumentDefaultRemoved {
                    ty: ty.to_string(),
                    field: field.clone(),
                    argument,
                    arg_type,
                },
                ValueChange::OptionalAdded(argument, arg_type) => Change::OptionalArgumentAdded {
                    ty: ty.to_string(),
                    field: field.clone(),
                    argument,
                    arg_type,
                },
            });
        }
    }
}

fn input_fields(
    ty: &str,
    old: &IndexMap<Name, Component<InputValueDefinition>>,
    new: &IndexMap<Name, Component<InputValueDefinition>>,
    out: &mut Vec<Change>,
) {
    let old = old.iter().map(|(n, v)| (n.as_str(), &***v)).collect();
    let new = new.iter().map(|(n, v)| (n.as_str(), &***v)).collect();
    for change in input_values(old, new) {
        let ty = ty.to_string();
        out.push(match change {
            ValueChange::Removed(field) => Change::InputFieldRemoved { ty, field },
            ValueChange::Retyped(field, old, new, change) => Change::InputFieldTypeChanged {
                ty,
                field,
                old,
                new,
                change,
            },
            ValueChange::RequiredAdded(field, field_type) => Change::RequiredInputFieldAdded {
                ty,
                field,
                field_type,
            },
            ValueChange::DefaultRemoved(field, field_type) => Change::InputFieldDefaultRemoved {
                ty,
                field,
                field_type,
            },
            ValueChange::OptionalAdded(field, field_type) => Change::OptionalInputFieldAdded {
                ty,
                field,
                field_type,
            },
        });
    }
}

/// A change to an argument or input field (they behave the same).
enum ValueChange {
    Removed(String),
    Retyped(String, String, String, TypeChange),
    RequiredAdded(String, String),
    DefaultRemoved(String, String),
    OptionalAdded(String, String),
}

fn input_values(
    old: Vec<(&str, &InputValueDefinition)>,
    new: Vec<(&str, &InputValueDefinition)>,
) -> Vec<ValueChange> {
    let mut out = Vec::new();
    for &(name, old_value) in &old {
        let Some(new_value) = find(&new, name) else {
            out.push(ValueChange::Removed(name.to_string()));
            continue;
        };
        if let Some(change) = TypeChange::classify(&old_value.ty, &new_value.ty) {
            out.push(ValueChange::Retyped(
                name.to_string(),
                old_value.ty.to_string(),
                new_value.ty.to_string(),
                change,
            ));
        } else if new_value.ty.is_non_null()
            && old_value.default_value.is_some()
            && new_value.default_value.is_none()
        {
            out.push(ValueChange::DefaultRemoved(
                name.to_string(),
                new_value.ty.to_string(),
            ));
        }
    }
    for &(name, new_value) in &new {
        if find(&old, name).is_some() {
            continue;
        }
        let (name, ty) = (name.to_string(), new_value.ty.to_string());
        out.push(if is_required(new_value) {
            ValueChange::RequiredAdded(name, ty)
        } else {
            ValueChange::OptionalAdded(name, ty)
        });
    }
    out
}

fn find<'a>(
    list: &[(&str, &'a InputValueDefinition)],
    name: &str,
) -> Option<&'a InputValueDefinition> {
    list.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

fn is_required(value: &InputValueDefinition) -> bool {
    value.ty.is_non_null() && value.default_value.is_none()
}

/// `Some(reason)` when `@deprecated` is present.
fn deprecation(directives: &ast::DirectiveList) -> Option<Option<String>> {
    let directive = directives.get("deprecated")?;
    Some(
        directive
            .specified_argument_by_name("reason")
            .and_then(|v| v.as_str())
            .map(str::to_string),
    )
}

/// Objects that start or stop implementing an interface present in both.
fn implementers(old: &Schema, new: &Schema, out: &mut Vec<Change>) {
    let before = implementer_sets(old);
    let after = implementer_sets(new);
    let empty = BTreeSet::new();
    for (interface, ty) in &old.types {
        if !matches!(ty, ExtendedType::Interface(_))
            || !matches!(new.types.get(interface), Some(ExtendedType::Interface(_)))
        {
            continue;
        }
        let was = before.get(interface.as_str()).unwrap_or(&empty);
        let is = after.get(interface.as_str()).unwrap_or(&empty);
        for object in was.difference(is) {
            out.push(Change::ImplementerRemoved {
                ty: interface.to_string(),
                object: object.to_string(),
            });
        }
        for object in is.difference(was) {
            out.push(Change::ImplementerAdded {
                ty: interface.to_string(),
                object: object.to_string(),
            });
        }
    }
}

/// Interface name → the objects that implement it.
fn implementer_sets(schema: &Schema) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut map: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, ty) in &schema.types {
        if let ExtendedType::Object(object) = ty {
            for interface in &object.implements_interfaces {
                map.entry(interface.as_str())
                    .or_default()
                    .insert(name.as_str());
            }
        }
    }
    map
}
