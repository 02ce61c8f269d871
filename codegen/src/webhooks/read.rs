//! Reads Plain's webhook JSON Schema into the [`model`](super::model): which
//! types there are, their names, fields and members, and the event types.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::{Map, Value};

use super::model::{
    self, EventRow, Events, Field, Item, Object, Read, StringEnum, Ty, UnionDecode, Variant,
};

/// The payload types (sorted by name, for a stable output) and the events.
pub fn read(schema_text: &str) -> Result<(Vec<Item>, Events), String> {
    let root: Value = serde_json::from_str(schema_text).map_err(|e| format!("not JSON: {e}"))?;
    let mut gen = Gen {
        root: &root,
        names: HashMap::new(),
        taken: HashMap::new(),
        items: BTreeMap::new(),
    };
    let events = gen.events()?;
    Ok((gen.items.into_values().collect(), events))
}

/// How an `anyOf` is turned into Rust.
enum Union {
    /// `anyOf: [X, {type: null}]`: `Option<X>`; the index of X.
    Nullable(usize),
    /// Several non-null members and a null: an `Option` of the union without the null.
    NullableMany,
    /// Every member is an object with a required `const` string property
    /// `key`, with a different value in each: the values, by member index.
    Tagged { key: String, tags: Vec<String> },
    /// Anything else: members are tried in order.
    Untagged,
}

struct Gen<'s> {
    root: &'s Value,
    /// JSON pointer → type name, for every node that became a named type.
    names: HashMap<String, String>,
    /// Type name → JSON pointer, to keep names unique.
    taken: HashMap<String, String>,
    /// Type name → item; sorted for a stable output.
    items: BTreeMap<String, Item>,
}

impl<'s> Gen<'s> {
    // -----------------------------------------------------------------------
    // JSON pointers
    // -----------------------------------------------------------------------

    /// The node at `ptr` (`""` is the root; `/definitions/thread/properties/id`).
    fn node(&self, ptr: &str) -> Result<&'s Value, String> {
        self.root
            .pointer(ptr)
            .ok_or_else(|| format!("JSON pointer `#{ptr}` resolves to nothing"))
    }

    /// Follows `$ref`s from `ptr` to the node that has content.
    fn deref(&self, ptr: &str) -> Result<(String, &'s Value), String> {
        let mut ptr = ptr.to_owned();
        for _ in 0..32 {
            let node = self.node(&ptr)?;
            match node.get("$ref").and_then(Value::as_str) {
                Some(target) => {
                    ptr = target
                        .strip_prefix('#')
                        .ok_or_else(|| format!("`$ref: {target}` at `#{ptr}` leaves the file"))?
                        .to_owned();
                }
                None => return Ok((ptr, node)),
            }
        }
        Err(format!("`$ref`s from `#{ptr}` loop"))
    }

    // -----------------------------------------------------------------------
    // Classification
    // -----------------------------------------------------------------------

    fn is_null(node: &Value) -> bool {
        node.get("type").and_then(Value::as_str) == Some("null") && node.get("$ref").is_none()
    }

    fn union_kind(&self, ptr: &str, node: &Value) -> Result<Union, String> {
        let members = node
            .get("anyOf")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("`#{ptr}` has no anyOf list"))?;
        let non_null: Vec<usize> = (0..members.len())
            .filter(|&i| !Self::is_null(&members[i]))
            .collect();
        if non_null.len() < members.len() {
            return Ok(match non_null.as_slice() {
                [only] => Union::Nullable(*only),
                _ => Union::NullableMany,
            });
        }
        // Objects told apart by a required const property?
        let mut objects = Vec::new();
        for i in 0..members.len() {
            let (_, member) = self.deref(&format!("{ptr}/anyOf/{i}"))?;
            if member.get("properties").is_none() {
                return Ok(Union::Untagged);
            }
            objects.push(member);
        }
        let Some(first) = objects.first() else {
            return Ok(Union::Untagged);
        };
        let candidates: Vec<&String> = first
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        'key: for key in candidates {
            let mut tags: Vec<String> = Vec::new();
            for object in &objects {
                let Some(tag) = const_of_required(object, key) else {
                    continue 'key;
                };
                if tags.contains(&tag) {
                    continue 'key;
                }
                tags.push(tag);
            }
            return Ok(Union::Tagged {
                key: key.clone(),
                tags,
            });
        }
        Ok(Union::Untagged)
    }

    // -----------------------------------------------------------------------
    // Names
    // -----------------------------------------------------------------------

    /// The type name for the node at `ptr`: a pure function of the pointer.
    fn name_of(&self, ptr: &str) -> Result<String, String> {
        let segments: Vec<String> = ptr
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut name = String::new();
        let mut here = String::new();
        let mut i = 0;
        while i < segments.len() {
            let seg = &segments[i];
            let next = segments.get(i + 1);
            match (seg.as_str(), next) {
                ("definitions", Some(def)) => {
                    name = pascal(def);
                    i += 2;
                }
                ("properties", Some(prop)) => {
                    name.push_str(&pascal(prop));
                    i += 2;
                }
                ("items", _) => {
                    name.push_str("Item");
                    i += 1;
                }
                ("allOf", Some(_)) => i += 2,
                ("anyOf", Some(index)) => {
                    let (parent_ptr, parent) = (here.clone(), self.node(&here)?);
                    let index: usize = index
                        .parse()
                        .map_err(|_| format!("`#{ptr}`: anyOf index `{index}`"))?;
                    match self.union_kind(&parent_ptr, parent)? {
                        Union::Nullable(_) => {}
                        Union::Tagged { tags, .. } => {
                            let tag = tags.get(index).map(String::as_str).unwrap_or("Variant");
                            name.push_str(&variant_name(tag));
                        }
                        Union::NullableMany | Union::Untagged => {
                            let (member_ptr, member) =
                                self.deref(&format!("{parent_ptr}/anyOf/{index}"))?;
                            if member_ptr.starts_with("/definitions/")
                                && member_ptr.matches('/').count() == 2
                            {
                                name = self.name_of(&member_ptr)?;
                            } else {
                                let shape =
                                    shape_name(member).unwrap_or_else(|| format!("Variant{index}"));
                                name.push_str(&shape);
                            }
                        }
                    }
                    i += 2;
                }
                _ => {
                    let _ = write!(name, "{}", pascal(seg));
                    i += 1;
                }
            }
            here = segments[..i.min(segments.len())]
                .iter()
                .map(|s| format!("/{}", escape_pointer(s)))
                .collect();
        }
        if name.is_empty() {
            name = "WebhookRequest".into();
        }
        Ok(name)
    }

    /// Reserves a unique name for the type at `ptr`.
    fn claim(&mut self, ptr: &str) -> Result<(String, bool), String> {
        if let Some(name) = self.names.get(ptr) {
            return Ok((name.clone(), false));
        }
        let base = checked(self.name_of(ptr)?, ptr)?;
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.get(&name).is_some_and(|p| p != ptr) || RESERVED.contains(&name.as_str()) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.names.insert(ptr.to_owned(), name.clone());
        self.taken.insert(name.clone(), ptr.to_owned());
        Ok((name, true))
    }

    // -----------------------------------------------------------------------
    // Types
    // -----------------------------------------------------------------------

    /// The Rust type of the node at `ptr`, generating named types on the way.
    fn ty(&mut self, ptr: &str) -> Result<Ty, String> {
        let (ptr, node) = self.deref(ptr)?;
        if let Some(object) = node.as_object() {
            if let Some(keyword) = object
                .keys()
                .find(|k| !KNOWN_KEYWORDS.contains(&k.as_str()))
            {
                return Err(format!(
                    "`#{ptr}` uses `{keyword}`, which codegen/src/webhooks does not handle: extend the generator"
                ));
            }
        }
        if node.get("anyOf").is_some() {
            return match self.union_kind(&ptr, node)? {
                Union::Nullable(i) => Ok(self.ty(&format!("{ptr}/anyOf/{i}"))?.optional()),
                Union::NullableMany => Ok(Ty::Named(self.union(&ptr, node, true)?).optional()),
                Union::Tagged { .. } | Union::Untagged => {
                    Ok(Ty::Named(self.union(&ptr, node, false)?))
                }
            };
        }
        if let Some(all) = node.get("allOf").and_then(Value::as_array) {
            // Plain uses allOf only to stack string constraints.
            for i in 0..all.len() {
                let member = self.ty(&format!("{ptr}/allOf/{i}"))?;
                if member != Ty::Str {
                    return Err(format!(
                        "`#{ptr}`: allOf of anything but strings is not supported by codegen/src/webhooks"
                    ));
                }
            }
            return Ok(Ty::Str);
        }
        match node.get("type") {
            None => Ok(Ty::Json),
            Some(Value::String(t)) => self.ty_of_type(&ptr, node, t),
            Some(Value::Array(types)) => {
                let non_null: Vec<&str> = types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                let nullable = non_null.len() < types.len();
                let ty = match non_null.as_slice() {
                    [one] => self.ty_of_type(&ptr, node, one)?,
                    _ => Ty::Json,
                };
                Ok(if nullable { ty.optional() } else { ty })
            }
            Some(other) => Err(format!("`#{ptr}`: unexpected `type: {other}`")),
        }
    }

    fn ty_of_type(&mut self, ptr: &str, node: &Value, t: &str) -> Result<Ty, String> {
        Ok(match t {
            "string" if node.get("enum").is_some() => Ty::Named(self.string_enum(ptr, node)?),
            "string" => Ty::Str,
            "boolean" => Ty::Bool,
            "number" => Ty::F64,
            "integer" => {
                let at_least_zero = ["minimum", "exclusiveMinimum"].iter().any(|k| {
                    node.get(*k)
                        .and_then(Value::as_f64)
                        .is_some_and(|m| m >= 0.0)
                });
                if at_least_zero {
                    Ty::U64
                } else {
                    Ty::I64
                }
            }
            "array" => match node.get("items") {
                Some(_) => Ty::Vec(Box::new(self.ty(&format!("{ptr}/items"))?)),
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            "object" if node.get("properties").is_some() => Ty::Named(self.object(ptr, node)?),
            "object" | "null" => Ty::Json,
            other => return Err(format!("`#{ptr}`: unknown type `{other}`")),
        })
    }

    // -----------------------------------------------------------------------
    // Items
    // -----------------------------------------------------------------------

    fn object(&mut self, ptr: &str, node: &Value) -> Result<String, String> {
        let (name, new) = self.claim(ptr)?;
        if !new {
            return Ok(name);
        }
        let empty = Map::new();
        let properties = node
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();

        let mut fields: Vec<Field> = Vec::new();
        for (prop, schema) in properties {
            let prop_ptr = format!("{ptr}/properties/{}", escape_pointer(prop));
            let ty = self.ty(&prop_ptr)?;
            let field = checked(field_name(prop), &prop_ptr)?;
            if let Some(other) = fields.iter().find(|f| f.name == field) {
                return Err(format!(
                    "`#{ptr}`: properties `{}` and `{prop}` both become field `{field}`",
                    other.prop
                ));
            }
            let is_required = required.contains(&prop.as_str());
            let default = schema.get("default");
            let mut doc = description(schema).unwrap_or_else(|| format!("`{prop}`."));
            let (ty, read, skip_if_none) = match (&ty, is_required, default) {
                // Nullable: `null` or missing is `None`.
                (Ty::Opt(_), true, _) => (ty.clone(), Read::Optional, false),
                (_, true, _) => (ty.clone(), Read::Required, false),
                (Ty::Vec(_), false, Some(Value::Array(a))) if a.is_empty() => {
                    doc.push_str(" Absent means empty.");
                    (ty.clone(), Read::OrDefault, false)
                }
                (Ty::Bool, false, Some(Value::Bool(false))) => {
                    doc.push_str(" Absent means `false`.");
                    (ty.clone(), Read::OrDefault, false)
                }
                (Ty::Str, false, Some(Value::String(d))) if d.is_empty() => {
                    doc.push_str(" Absent means empty.");
                    (ty.clone(), Read::OrDefault, false)
                }
                _ => {
                    if let Some(d) = default.filter(|d| !d.is_null()) {
                        let _ = write!(doc, " Plain's default when absent: `{d}`.");
                    }
                    (ty.clone().optional(), Read::Optional, true)
                }
            };
            if let Some(c) = schema.get("const") {
                let _ = write!(doc, " Always `{c}`.");
            }
            fields.push(Field {
                name: field,
                prop: prop.clone(),
                ty,
                read,
                doc,
                skip_if_none,
            });
        }
        let doc = type_doc(node, ptr);
        self.items.insert(
            name.clone(),
            Item::Object(Object {
                name: name.clone(),
                doc,
                fields,
            }),
        );
        Ok(name)
    }

    fn string_enum(&mut self, ptr: &str, node: &Value) -> Result<String, String> {
        let (name, new) = self.claim(ptr)?;
        if !new {
            return Ok(name);
        }
        let values: Vec<&str> = node
            .get("enum")
            .and_then(Value::as_array)
            .map(|v| v.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let variants = unique_variants(values.iter().copied())
            .into_iter()
            .map(|variant| checked(variant, ptr))
            .collect::<Result<Vec<_>, _>>()?;
        let values = values.iter().map(|v| v.to_string()).zip(variants).collect();
        let doc = type_doc(node, ptr);
        self.items.insert(
            name.clone(),
            Item::StringEnum(StringEnum {
                name: name.clone(),
                doc,
                values,
            }),
        );
        Ok(name)
    }

    /// An `anyOf` of several members; with `skip_null`, its null member is
    /// left out (the caller wraps the type in `Option`).
    fn union(&mut self, ptr: &str, node: &Value, skip_null: bool) -> Result<String, String> {
        let (name, new) = self.claim(ptr)?;
        if !new {
            return Ok(name);
        }
        let members = node
            .get("anyOf")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let kind = if skip_null {
            Union::Untagged
        } else {
            self.union_kind(ptr, node)?
        };

        let mut doc = type_doc(node, ptr);
        match &kind {
            Union::Tagged { key, .. } => {
                let _ = write!(
                    doc,
                    "\n\nThe kind is told by `{key}`; a kind this SDK does not know (or Plain's \
                     `UNKNOWN`) decodes to `Unknown` with the object as sent."
                );
            }
            _ => doc.push_str(
                "\n\nThe members carry no common tag: they are tried in the schema's order and \
                 the first that decodes wins.",
            ),
        }

        // Unknown members fold into `Unknown`.
        let mut variants: Vec<Variant> = Vec::new();
        let mut has_unknown_member = false;
        let mut unknown_marker_seen: Option<(String, String)> = None;
        for (i, member) in members.iter().enumerate() {
            if skip_null && Self::is_null(member) {
                continue;
            }
            let member_ptr = format!("{ptr}/anyOf/{i}");
            let (target_ptr, target) = self.deref(&member_ptr)?;
            match &kind {
                Union::Tagged { tags, .. } if tags[i] == "UNKNOWN" => {
                    has_unknown_member = true;
                    continue;
                }
                Union::Tagged { .. } => {}
                _ => {
                    if let Some(marker) = unknown_marker(target) {
                        has_unknown_member = true;
                        unknown_marker_seen = Some(marker);
                        continue;
                    }
                }
            }
            let ty = self.ty(&member_ptr)?;
            let (variant, tag) = match &kind {
                Union::Tagged { tags, .. } => (variant_name(&tags[i]), Some(tags[i].clone())),
                _ => {
                    let variant = if target_ptr.starts_with("/definitions/")
                        && target_ptr.matches('/').count() == 2
                    {
                        self.name_of(&target_ptr)?
                    } else {
                        shape_name(target).unwrap_or_else(|| format!("Variant{i}"))
                    };
                    (variant, None)
                }
            };
            let variant = checked(variant, &member_ptr)?;
            if variants.iter().any(|v| v.name == variant) || variant == "Unknown" {
                return Err(format!("`#{ptr}`: two members become variant `{variant}`"));
            }
            let mut variant_doc = match &tag {
                Some(tag) => format!("`{tag}`"),
                None => format!("Member {i} (from 0) of the schema's `anyOf`."),
            };
            if let Some(d) = description(target) {
                let _ = write!(variant_doc, ": {d}");
            }
            variants.push(Variant {
                name: variant,
                ty,
                tag,
                doc: variant_doc,
            });
        }
        let (decode, unknown) = match kind {
            Union::Tagged { key, .. } => (UnionDecode::Tagged { key }, true),
            _ => (
                UnionDecode::Untagged {
                    unknown_marker: unknown_marker_seen,
                },
                has_unknown_member,
            ),
        };
        self.items.insert(
            name.clone(),
            Item::Union(model::Union {
                name: name.clone(),
                doc,
                variants,
                decode,
                unknown,
            }),
        );
        Ok(name)
    }

    // -----------------------------------------------------------------------
    // Events
    // -----------------------------------------------------------------------

    fn events(&mut self) -> Result<Events, String> {
        let props = "/properties";
        let types: Vec<String> = self
            .node(&format!("{props}/type/enum"))?
            .as_array()
            .ok_or("the root's `type` has no enum of event types")?
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let payload_members = self
            .node(&format!("{props}/payload/anyOf"))?
            .as_array()
            .ok_or("the root's `payload` is not an anyOf of payloads")?
            .len();

        // Event type → payload member pointer, by the payload's `eventType` const.
        let mut by_type: BTreeMap<String, String> = BTreeMap::new();
        for i in 0..payload_members {
            let member_ptr = format!("{props}/payload/anyOf/{i}");
            let (target_ptr, node) = self.deref(&member_ptr)?;
            let event_type = self.event_type_of(&target_ptr, node)?;
            if by_type.insert(event_type.clone(), member_ptr).is_some() {
                return Err(format!("two payloads have eventType `{event_type}`"));
            }
        }
        for t in &types {
            if !by_type.contains_key(t) {
                return Err(format!(
                    "event type `{t}` has no payload in the root's `payload.anyOf`"
                ));
            }
        }
        let mut all: Vec<String> = types.clone();
        for t in by_type.keys() {
            if !all.contains(t) {
                all.push(t.clone());
            }
        }

        // Variant names: the part after the dot, unless two collide.
        let short: Vec<String> = all
            .iter()
            .map(|t| pascal(t.rsplit('.').next().unwrap_or(t)))
            .collect();
        let mut rows = Vec::new();
        for (i, t) in all.iter().enumerate() {
            let variant = if short.iter().filter(|s| **s == short[i]).count() > 1 {
                pascal(&t.replace('.', "_"))
            } else {
                short[i].clone()
            };
            let variant = checked(variant, &by_type[t])?;
            if variant == "Unknown" || rows.iter().any(|r: &EventRow| r.variant == variant) {
                return Err(format!(
                    "two event types become variant `{variant}` of `Event`"
                ));
            }
            let payload = match self.ty(&by_type[t])? {
                Ty::Named(name) => name,
                other => {
                    return Err(format!(
                        "the payload of `{t}` (`#{}`) is {other:?}, not an object or a union",
                        by_type[t]
                    ))
                }
            };
            rows.push(EventRow {
                event_type: t.clone(),
                variant,
                payload,
            });
        }

        // `WebhookRequest` (src/webhooks/event.rs) names this type.
        let metadata_ty = self.ty(&format!("{props}/webhookMetadata"))?;
        if metadata_ty != Ty::Named("WebhookMetadata".into()) {
            return Err(format!(
                "webhookMetadata became `{metadata_ty:?}`; src/webhooks/event.rs expects `WebhookMetadata`"
            ));
        }
        let (meta_ptr, _) = self.deref(&format!("{props}/webhookMetadata"))?;
        let version = self
            .node(&format!("{meta_ptr}/properties/webhookTargetVersion"))
            .ok()
            .and_then(|n| n.get("const"))
            .and_then(Value::as_str)
            .ok_or("webhookMetadata.webhookTargetVersion has no `const` version")?
            .to_owned();
        Ok(Events { version, rows })
    }

    /// The `eventType` const of a payload, or of every member of a payload union.
    fn event_type_of(&self, ptr: &str, node: &Value) -> Result<String, String> {
        if let Some(t) = const_of(node, "eventType") {
            return Ok(t);
        }
        if let Some(members) = node.get("anyOf").and_then(Value::as_array) {
            let mut found: Option<String> = None;
            for i in 0..members.len() {
                let (_, member) = self.deref(&format!("{ptr}/anyOf/{i}"))?;
                let t = const_of(member, "eventType");
                match (&found, t) {
                    (_, None) => {}
                    (None, Some(t)) => found = Some(t),
                    (Some(f), Some(t)) if *f == t => {}
                    (Some(f), Some(t)) => {
                        return Err(format!("`#{ptr}`: members have eventType `{f}` and `{t}`"))
                    }
                }
            }
            if let Some(t) = found {
                return Ok(t);
            }
        }
        Err(format!("payload `#{ptr}` has no `eventType` const"))
    }
}

/// The keywords the generator understands, or may ignore because they only
/// constrain values (the types decode what Plain sends and tolerate more).
const KNOWN_KEYWORDS: &[&str] = &[
    "$ref",
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
    "definitions",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "anyOf",
    "allOf",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// `name`, when Rust takes it as an identifier (not a keyword, not empty);
/// else an error naming the schema node it came from.
fn checked(name: String, ptr: &str) -> Result<String, String> {
    match syn::parse_str::<syn::Ident>(&name) {
        Ok(_) => Ok(name),
        Err(_) => Err(format!(
            "`#{ptr}` would be named `{name}`, which is not a Rust identifier"
        )),
    }
}

/// Names no generated type may take: they are written by hand next to them.
const RESERVED: &[&str] = &["Event", "UnknownEvent", "WebhookRequest", "Metadata"];

/// `properties.<key>.const`, a string.
fn const_of(object: &Value, key: &str) -> Option<String> {
    object
        .get("properties")?
        .get(key)?
        .get("const")?
        .as_str()
        .map(str::to_owned)
}

/// `properties.<key>.const` of a property that is also required.
fn const_of_required(object: &Value, key: &str) -> Option<String> {
    let required = object.get("required")?.as_array()?;
    if !required.iter().any(|r| r.as_str() == Some(key)) {
        return None;
    }
    const_of(object, key)
}

/// A name for an inline object told apart by its few required properties:
/// `{id}` → `Id`.
fn shape_name(object: &Value) -> Option<String> {
    let required: Vec<&str> = object
        .get("required")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if required.is_empty() || required.len() > 2 {
        return None;
    }
    Some(
        required
            .iter()
            .map(|r| pascal(r))
            .collect::<Vec<_>>()
            .join("And"),
    )
}

/// Plain marks a forward-compatibility member with a const `UNKNOWN` tag.
fn unknown_marker(object: &Value) -> Option<(String, String)> {
    let properties = object.get("properties")?.as_object()?;
    properties.iter().find_map(|(key, p)| {
        let c = p.get("const")?.as_str()?;
        (c == "UNKNOWN").then(|| (key.clone(), c.to_owned()))
    })
}

fn pascal(s: &str) -> String {
    let p = s.to_upper_camel_case();
    if p.is_empty() {
        "Empty".into()
    } else if p.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{p}")
    } else {
        p
    }
}

/// Variant name for a tag or enum value: `machineUser` → `MachineUser`,
/// `UNKNOWN_THREAD_STATUS` → `UnknownThreadStatus`.
fn variant_name(value: &str) -> String {
    let name = pascal(value);
    if name == "Other" || name == "Unknown" || name == "Self" {
        format!("{name}Value")
    } else {
        name
    }
}

fn unique_variants<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let base = variant_name(value);
        let mut name = base.clone();
        let mut n = 2;
        while out.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

fn field_name(prop: &str) -> String {
    let mut name = prop.to_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("field_{name}");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield",
];

fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn description(node: &Value) -> Option<String> {
    node.get("description")
        .and_then(Value::as_str)
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
}

/// A type's doc: its description, and where it comes from.
fn type_doc(node: &Value, ptr: &str) -> String {
    let origin = format!("Schema: `#{ptr}`.");
    match description(node) {
        Some(d) => format!("{d}\n\n{origin}"),
        None => origin,
    }
}
