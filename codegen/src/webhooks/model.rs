//! What the webhook generator found in the JSON Schema, as Rust items to
//! write: [`super::read`] builds it, [`super::emit`] writes it out.

/// A Rust type for a schema node.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Str,
    Bool,
    F64,
    I64,
    U64,
    Json,
    /// A generated type (its name is a checked identifier).
    Named(String),
    Vec(Box<Ty>),
    Opt(Box<Ty>),
}

impl Ty {
    /// `Option<self>`, unless it is one already.
    pub fn optional(self) -> Ty {
        match self {
            Ty::Opt(_) => self,
            other => Ty::Opt(Box::new(other)),
        }
    }

    /// The type inside an `Option`, or the type itself.
    pub fn without_option(&self) -> &Ty {
        match self {
            Ty::Opt(inner) => inner,
            other => other,
        }
    }
}

/// One generated payload type.
pub enum Item {
    Object(Object),
    StringEnum(StringEnum),
    Union(Union),
}

/// A struct for an object with `properties`.
pub struct Object {
    pub name: String,
    pub doc: String,
    pub fields: Vec<Field>,
}

/// One property of an [`Object`].
pub struct Field {
    /// The Rust field name (snake_case, a checked identifier).
    pub name: String,
    /// The property's name in the JSON.
    pub prop: String,
    /// The field's type (`Option` when it may be absent or null).
    pub ty: Ty,
    pub read: Read,
    pub doc: String,
    /// `skip_serializing_if = "Option::is_none"`: absent when Plain leaves it out.
    pub skip_if_none: bool,
}

/// How the decoder reads a property (the functions of `webhooks::de`).
pub enum Read {
    /// Must be there and not null.
    Required,
    /// Absent or null is `None`; of the field's type inside its `Option`
    /// otherwise.
    Optional,
    /// Absent is the type's default (Plain's documented default is it).
    OrDefault,
}

/// A string enum, with an `Other(String)` fallback.
pub struct StringEnum {
    pub name: String,
    pub doc: String,
    /// `(value as sent, variant)`, in the schema's order.
    pub values: Vec<(String, String)>,
}

/// An `anyOf` of several members.
pub struct Union {
    pub name: String,
    pub doc: String,
    pub variants: Vec<Variant>,
    pub decode: UnionDecode,
    /// Whether an `Unknown` variant keeps members the SDK does not type.
    pub unknown: bool,
}

/// One typed member of a [`Union`].
pub struct Variant {
    pub name: String,
    pub ty: Ty,
    /// The tag value that selects it (tagged unions).
    pub tag: Option<String>,
    pub doc: String,
}

/// How a [`Union`] picks its member.
pub enum UnionDecode {
    /// By the string value of the property `key`.
    Tagged { key: String },
    /// The members in order, the first that decodes; before them, an object
    /// whose `key` is the string `value` is `Unknown` (Plain's own marker).
    Untagged {
        unknown_marker: Option<(String, String)>,
    },
}

/// The `Event` enum: one row per event type.
pub struct Events {
    /// `webhookMetadata.webhookTargetVersion`.
    pub version: String,
    pub rows: Vec<EventRow>,
}

/// One event type and its payload type.
pub struct EventRow {
    /// As sent: `thread.thread_created`.
    pub event_type: String,
    pub variant: String,
    /// The payload type's name in `payloads`.
    pub payload: String,
}
