//! Writes the webhook [`model`](super::model) out as Rust, with `quote!` as
//! the rest of the generator does. Every name in the model is a checked
//! identifier ([`super::read`] refuses any other), so nothing here can fail.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::model::{Events, Field, Item, Object, Read, StringEnum, Ty, Union, UnionDecode};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc]` attributes, one per line of `text` as `///` would write them.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            // Square brackets would be read as intra-doc links.
            format!(" {}", line.replace('[', "\\[").replace(']', "\\]"))
        }
    });
    quote!(#(#[doc = #lines])*)
}

fn ty(ty: &Ty) -> TokenStream {
    match ty {
        Ty::Str => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::F64 => quote!(f64),
        Ty::I64 => quote!(i64),
        Ty::U64 => quote!(u64),
        Ty::Json => quote!(::serde_json::Value),
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::Vec(inner) => {
            let inner = self::ty(inner);
            quote!(Vec<#inner>)
        }
        Ty::Opt(inner) => {
            let inner = self::ty(inner);
            quote!(Option<#inner>)
        }
    }
}

/// The payload types, one item each.
pub fn item(item: &Item) -> TokenStream {
    match item {
        Item::Object(object) => self::object(object),
        Item::StringEnum(string_enum) => self::string_enum(string_enum),
        Item::Union(union) => self::union(union),
    }
}

/// `serde::Deserialize` for a generated type, through its `FromJson` decoder.
fn deserialize_via_json(name: &Ident) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::via_json(deserializer)
            }
        }
    }
}

fn object(object: &Object) -> TokenStream {
    let name = ident(&object.name);
    let doc = doc(&object.doc);
    let fields = object.fields.iter().map(|field| {
        let Field {
            prop,
            doc,
            skip_if_none,
            ..
        } = field;
        let field_name = ident(&field.name);
        let field_ty = ty(&field.ty);
        let doc = self::doc(doc);
        let serde = if *skip_if_none {
            quote!(#[serde(skip_serializing_if = "Option::is_none", rename = #prop)])
        } else {
            quote!(#[serde(rename = #prop)])
        };
        quote!(#doc #serde pub #field_name: #field_ty,)
    });
    let reads = object.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let prop = &field.prop;
        let read = match &field.read {
            Read::Required => quote!(de::required),
            Read::Optional => {
                let inner = ty(field.ty.without_option());
                quote!(de::optional::<#inner>)
            }
            Read::OrDefault => quote!(de::or_default),
        };
        quote!(#field_name: #read(&mut object, #prop, at)?,)
    });
    let deserialize = deserialize_via_json(&name);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        pub struct #name { #(#fields)* }

        impl de::FromJson for #name {
            fn from_json(value: ::serde_json::Value, at: &de::At<'_>) -> Result<Self, de::PathError> {
                let mut object = de::object(value, at)?;
                Ok(Self { #(#reads)* })
            }
        }

        #deserialize
    }
}

fn string_enum(string_enum: &StringEnum) -> TokenStream {
    let name = ident(&string_enum.name);
    let doc = doc(&string_enum.doc);
    let values: Vec<&String> = string_enum.values.iter().map(|(value, _)| value).collect();
    let variants: Vec<Ident> = string_enum
        .values
        .iter()
        .map(|(_, variant)| ident(variant))
        .collect();
    let variant_docs = values.iter().map(|value| self::doc(&format!("`{value}`")));
    let other_doc = self::doc("A value this SDK does not know (yet), as sent.");
    let as_str_doc = self::doc("The value as it appears in the JSON.");
    let deserialize = deserialize_via_json(&name);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #other_doc
            Other(String),
        }

        impl #name {
            #as_str_doc
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Other(value) => value,
                }
            }
        }

        impl de::FromJson for #name {
            fn from_json(value: ::serde_json::Value, at: &de::At<'_>) -> Result<Self, de::PathError> {
                let value = de::string(value, at)?;
                Ok(match value.as_str() {
                    #(#values => Self::#variants,)*
                    _ => Self::Other(value),
                })
            }
        }

        #deserialize

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}

fn union(union: &Union) -> TokenStream {
    let name = ident(&union.name);
    let doc = doc(&union.doc);
    let variants: Vec<Ident> = union.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<TokenStream> = union.variants.iter().map(|v| ty(&v.ty)).collect();
    let variant_docs = union.variants.iter().map(|v| self::doc(&v.doc));
    let unknown_variant = union.unknown.then(|| {
        let doc = self::doc(
            "A kind this SDK does not know (yet), or Plain's own `UNKNOWN`: the object as sent.",
        );
        quote!(#doc Unknown(::serde_json::Map<String, ::serde_json::Value>),)
    });
    let decode = match &union.decode {
        UnionDecode::Tagged { key } => {
            let tags = union
                .variants
                .iter()
                .map(|v| v.tag.as_deref().unwrap_or_default());
            quote! {
                let object = de::object(value, at)?;
                let tag = de::tag(&object, #key, at)?;
                let value = ::serde_json::Value::Object(object);
                Ok(match tag.as_str() {
                    #(#tags => Self::#variants(<#types as de::FromJson>::from_json(value, at)?),)*
                    _ => Self::Unknown(de::object(value, at)?),
                })
            }
        }
        UnionDecode::Untagged { unknown_marker } => {
            let marker = unknown_marker.as_ref().map(|(key, tag)| {
                quote! {
                    if value.get(#key).and_then(::serde_json::Value::as_str) == Some(#tag) {
                        return Ok(Self::Unknown(de::object(value, at)?));
                    }
                }
            });
            let union_name = &union.name;
            quote! {
                #marker
                let mut first_error = None;
                #(
                    match <#types as de::FromJson>::from_json(value.clone(), at) {
                        Ok(v) => return Ok(Self::#variants(v)),
                        Err(e) => {
                            first_error.get_or_insert(e);
                        }
                    }
                )*
                Err(de::no_member(#union_name, first_error, at))
            }
        }
    };
    let serialize_unknown = union
        .unknown
        .then(|| quote!(Self::Unknown(v) => v.serialize(serializer),));
    let deserialize = deserialize_via_json(&name);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variant_docs #variants(#types),)*
            #unknown_variant
        }

        impl de::FromJson for #name {
            fn from_json(value: ::serde_json::Value, at: &de::At<'_>) -> Result<Self, de::PathError> {
                #decode
            }
        }

        #deserialize

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(v) => v.serialize(serializer),)*
                    #serialize_unknown
                }
            }
        }
    }
}

/// The `Event` enum, its decoder and the schema's version.
pub fn events(events: &Events) -> TokenStream {
    let version = &events.version;
    let count = proc_macro2::Literal::usize_unsuffixed(events.rows.len());
    let event_types: Vec<&String> = events.rows.iter().map(|r| &r.event_type).collect();
    let variants: Vec<Ident> = events.rows.iter().map(|r| ident(&r.variant)).collect();
    let payloads: Vec<Ident> = events.rows.iter().map(|r| ident(&r.payload)).collect();
    let variant_docs = event_types.iter().map(|t| doc(&format!("`{t}`")));
    quote! {
        /// The webhook schema version this SDK's types were generated from
        /// (`webhookMetadata.webhookTargetVersion`). Pin your webhook target in Plain to it.
        pub const WEBHOOK_TARGET_VERSION: &str = #version;

        /// Every event type in the schema, in its order.
        pub const EVENT_TYPES: [&str; #count] = [#(#event_types,)*];

        /// A webhook event: one variant per event type, with its typed payload.
        ///
        /// Payloads are boxed so that an `Event` stays small to move.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variant_docs #variants(Box<super::payloads::#payloads>),)*
            /// An event type this SDK does not know (yet): its type and payload as sent.
            Unknown(UnknownEvent),
        }

        impl Event {
            /// The event type, such as `thread.thread_created`.
            pub fn event_type(&self) -> &str {
                match self {
                    #(Self::#variants(_) => #event_types,)*
                    Self::Unknown(e) => &e.event_type,
                }
            }

            /// Whether this is the `Unknown` fallback.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::serde::Serialize for Event {
            /// Serializes the payload alone, as Plain sent it under `payload`.
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(p) => p.serialize(serializer),)*
                    Self::Unknown(e) => e.payload.serialize(serializer),
                }
            }
        }

        /// Decodes `payload`, found at `at`, as the payload of `event_type`.
        pub(crate) fn decode_payload(
            event_type: &str,
            payload: ::serde_json::Value,
            at: &super::de::At<'_>,
        ) -> Result<Event, super::de::PathError> {
            use super::de::FromJson;
            Ok(match event_type {
                #(#event_types => Event::#variants(Box::new(super::payloads::#payloads::from_json(payload, at)?)),)*
                _ => Event::Unknown(UnknownEvent {
                    event_type: event_type.to_owned(),
                    payload,
                }),
            })
        }
    }
}
