//! Makes the generated types survive Plain's additive schema changes.
//!
//! Plain adds optional input fields, optional arguments, enum values, union
//! members and output fields every few weeks. Code written against one
//! generation must build against the next, so:
//!
//! - inputs and `Variables` are `#[non_exhaustive]` and get a constructor
//!   taking exactly their required fields, in schema order, plus one
//!   chainable setter per optional field (`X::new(a, b).c(..)`): a new
//!   optional field is a new setter, never a missing field in someone's
//!   struct literal. Inputs whose fields are all optional also get `Default`;
//! - enums and unions are `#[non_exhaustive]`: a `match` on them has a
//!   wildcard arm already when Plain adds a value or a member;
//! - output structs are `#[non_exhaustive]`: they are read by field, and a
//!   test builds one by deserializing JSON, never by a struct literal.
//!
//! Constructors and setters take `impl Into<T>`: they cost no code until a
//! caller uses them.

use quote::quote;

/// What kind of generated type an item is, as far as evolution goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An input object or `Variables`: serialized, built by users.
    Input,
    /// A response struct: deserialized, read by users.
    Output,
    /// An enum (string values or union members).
    Enum,
    /// Anything else (aliases, impls, constants).
    Other,
}

/// The shape of `item`, from its derives (graphql_client derives
/// `Serialize` alone on inputs and `Deserialize` on responses).
pub fn shape(item: &syn::Item) -> Shape {
    match item {
        syn::Item::Struct(s) => {
            let derives = derive_names(&s.attrs);
            if derives.iter().any(|d| d == "Deserialize") {
                Shape::Output
            } else if derives.iter().any(|d| d == "Serialize") {
                Shape::Input
            } else {
                Shape::Other
            }
        }
        syn::Item::Enum(_) => Shape::Enum,
        _ => Shape::Other,
    }
}

/// `item` made evolvable, followed by any items it needs (the constructor
/// and setters of an input).
pub fn evolve(mut item: syn::Item) -> Vec<syn::Item> {
    let shape = shape(&item);
    match (&mut item, shape) {
        (syn::Item::Struct(s), Shape::Input) => {
            let builders = builders(s);
            if matches!(s.fields, syn::Fields::Named(_)) {
                s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
            }
            std::iter::once(item).chain(builders).collect()
        }
        (syn::Item::Struct(s), Shape::Output) => {
            s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
            vec![item]
        }
        (syn::Item::Enum(e), Shape::Enum) => {
            e.attrs.push(syn::parse_quote!(#[non_exhaustive]));
            vec![item]
        }
        _ => vec![item],
    }
}

/// Whether a field's type is `Option<…>`.
pub fn is_option(ty: &syn::Type) -> bool {
    option_inner(ty).is_some()
}

/// `T` of `Option<T>`.
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first()? {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// The required fields of an input, in order: the constructor's parameters.
pub fn required_fields(s: &syn::ItemStruct) -> Vec<&syn::Field> {
    match &s.fields {
        syn::Fields::Named(named) => named.named.iter().filter(|f| !is_option(&f.ty)).collect(),
        _ => Vec::new(),
    }
}

/// `impl X { pub fn new(required…) -> Self; pub fn optional(self, v) -> Self … }`,
/// or nothing for a struct without named fields.
fn builders(s: &syn::ItemStruct) -> Option<syn::Item> {
    let syn::Fields::Named(named) = &s.fields else {
        return None;
    };
    let name = &s.ident;
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for field in &named.named {
        let ident = field.ident.as_ref()?;
        let ty = &field.ty;
        match option_inner(ty) {
            None => {
                params.push(quote!(#ident: impl ::std::convert::Into<#ty>));
                inits.push(quote!(#ident: #ident.into()));
            }
            Some(inner) => {
                inits.push(quote!(#ident: ::std::option::Option::None));
                // A setter named `new` would clash with the constructor.
                if ident == "new" {
                    continue;
                }
                let doc = format!(
                    " Sets `{}`.",
                    graphql_name(field).unwrap_or_else(|| ident.to_string())
                );
                setters.push(quote! {
                    #[doc = #doc]
                    #[must_use]
                    pub fn #ident(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                        self.#ident = ::std::option::Option::Some(value.into());
                        self
                    }
                });
            }
        }
    }
    let required: Vec<String> = required_fields(s)
        .iter()
        .filter_map(|f| graphql_name(f).or_else(|| f.ident.as_ref().map(|i| i.to_string())))
        .collect();
    let new_doc = if required.is_empty() {
        format!(" A `{name}` with every optional field unset.")
    } else {
        format!(
            " A `{name}` with its required fields ({}) and every optional field unset.",
            required
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Some(syn::parse_quote! {
        impl #name {
            #[doc = #new_doc]
            #[must_use]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    })
}

/// The GraphQL name of a field: its `#[serde(rename = "…")]`, if any.
pub fn graphql_name(field: &syn::Field) -> Option<String> {
    for attr in &field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let mut found = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found = Some(value.value());
            } else if let Ok(value) = meta.value() {
                // Other `key = value` arguments: consume the value.
                let _: syn::Expr = value.parse()?;
            }
            Ok(())
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

pub fn derive_names(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                names.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn render(items: Vec<syn::Item>) -> String {
        prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items,
        })
    }

    #[test]
    fn inputs_get_a_constructor_of_their_required_fields_and_setters() {
        let item: syn::Item = syn::parse_quote! {
            #[derive(Serialize, Debug, Clone, PartialEq)]
            pub struct CreateThreadEventInput {
                #[serde(rename = "threadId")]
                pub thread_id: ID,
                #[serde(skip_serializing_if = "Option::is_none")]
                #[serde(rename = "externalId")]
                pub external_id: Option<String>,
                pub title: String,
                pub components: Vec<EventComponentInput>,
            }
        };
        insta::assert_snapshot!(render(evolve(item)));
    }

    #[test]
    fn all_optional_inputs_get_a_constructor_without_parameters() {
        let item: syn::Item = syn::parse_quote! {
            #[derive(Serialize)]
            pub struct UserIdentifierInput {
                #[serde(rename = "userId")]
                pub user_id: Option<ID>,
                #[serde(rename = "emailAddress")]
                pub email_address: Option<String>,
                pub new: Option<bool>,
            }
        };
        let out = render(evolve(item));
        assert!(out.contains("pub fn new() -> Self"), "{out}");
        assert!(out.contains("pub fn user_id(mut self"), "{out}");
        assert!(!out.contains("pub fn new(mut self"), "{out}");
    }

    #[test]
    fn outputs_enums_and_unions_become_non_exhaustive() {
        let cases: Vec<syn::Item> = vec![
            syn::parse_quote!(
                #[derive(Deserialize, Debug)]
                pub struct ThreadEventParts {
                    pub id: ID,
                }
            ),
            syn::parse_quote!(
                #[derive(Clone, Debug)]
                pub enum ComponentSpacerSize {
                    M,
                    Other(String),
                }
            ),
            syn::parse_quote!(
                #[derive(Deserialize)]
                #[serde(tag = "__typename")]
                pub enum ActorParts {
                    UserActor(UserActorParts),
                    #[serde(other)]
                    Unknown,
                }
            ),
        ];
        for item in cases {
            let out = evolve(item);
            assert_eq!(out.len(), 1);
            assert!(out[0]
                .to_token_stream()
                .to_string()
                .contains("non_exhaustive"));
        }
        // A unit Variables (an operation without variables) stays constructible.
        let unit: syn::Item = syn::parse_quote!(
            #[derive(Serialize)]
            pub struct Variables;
        );
        let out = evolve(unit);
        assert_eq!(out.len(), 1);
        assert!(!out[0]
            .to_token_stream()
            .to_string()
            .contains("non_exhaustive"));
    }

    #[test]
    fn graphql_names_come_from_serde_renames() {
        let field: syn::Field = syn::parse_quote!(
            #[serde(skip_serializing_if = "Option::is_none")]
            #[serde(rename = "externalId")]
            pub external_id: Option<String>
        );
        assert_eq!(graphql_name(&field).as_deref(), Some("externalId"));
        let plain: syn::Field = syn::parse_quote!(pub title: String);
        assert_eq!(graphql_name(&plain), None);
    }
}
