//! Generates, per operation, what the client knows of it (an `Operation`
//! impl: kind, pre-encoded document, idempotency, where its result and its
//! `MutationError` are) and its `PlainClient` method(s). The one generic path
//! that sends, decodes and turns a `MutationError` into `Err` is
//! `PlainClient::run`, written once in `src/client.rs`.
//!
//! Rules:
//! - method name: the operation name in snake_case (`CreateThreadEvent` -> `create_thread_event`);
//! - arguments: the operation's required variables, in order (each
//!   `impl Into<T>`); when it also has optional ones, a second method
//!   `<name>_with(Variables)` takes them all, built with `Variables::new(..)`
//!   and its setters. A new optional variable is a new setter: neither
//!   method's signature changes;
//! - queries return the root field's value (`Option` where the schema allows null);
//! - mutations turn a non-null `error` into an `ErrorKind::Mutation` error and
//!   return the entity when their output has one field besides `error`
//!   (`createThreadEvent` → its `threadEvent`; null too is
//!   an `ErrorKind::Decode` error), `()` when it has none, and the output otherwise;
//! - a mutation is idempotent by nature, and so retried like a query, when
//!   `facts::IDEMPOTENT_MUTATIONS` lists it (the reviewed list: upserts, and
//!   creates whose `externalId` Plain documents as unique, when it is set).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::facts::{idempotency, Idempotent};
use crate::layout::method_name;
use crate::read::documents::{Documents, OperationKind};
use crate::read::schema::SchemaInfo;
use crate::shape::evolve::{graphql_name, is_option};
use crate::shape::hoist::{Hoisted, HoistedOperation};
use crate::shape::resolve::{module_struct, named_fields, resolve, Resolved};
use crate::warnings::Warnings;

pub fn render_methods(
    docs: &Documents,
    hoisted: &Hoisted,
    schema: &SchemaInfo,
    warnings: &mut Warnings,
) -> Result<String, String> {
    let root = quote!(crate::operations);
    let mut items = Vec::new();
    let mut query_checks = Vec::new();
    for (doc_op, op) in docs.operations.iter().zip(&hoisted.operations) {
        let marker = format_ident!("{}", op.name);
        let module = format_ident!("{}", op.module);
        // The document as a JSON string, escaped once here instead of on every call.
        let query_json = serde_json::to_string(&doc_op.wire_document)
            .map_err(|e| format!("{}: {e}", op.name))?;
        query_checks.push(quote!(<#root::#marker as crate::operation::Operation>::QUERY_JSON));
        let method = format_ident!("{}", method_name(&op.name));
        let method_with = format_ident!("{}_with", method_name(&op.name));
        let is_mutation = doc_op.kind == OperationKind::Mutation;
        let kind = if is_mutation {
            quote!(crate::OperationKind::Mutation)
        } else {
            quote!(crate::OperationKind::Query)
        };

        // Arguments: the required variables; all of them through `_with`.
        let variables = module_struct(op, "Variables")?;
        let var_fields = named_fields(variables).unwrap_or_default();
        let unit_variables =
            matches!(variables, syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Unit));
        let required: Vec<&syn::Field> = var_fields
            .iter()
            .copied()
            .filter(|f| !is_option(&f.ty))
            .collect();
        let has_optional = var_fields.iter().any(|f| is_option(&f.ty));
        let mut params = Vec::new();
        let mut args = Vec::new();
        for field in &required {
            let ident = field.ident.as_ref().ok_or("unnamed variable")?;
            let ty = resolve(&field.ty, op, hoisted)?.tokens(&root);
            params.push(quote!(#ident: impl ::std::convert::Into<#ty>));
            args.push(quote!(#ident));
        }
        let build_variables = if unit_variables {
            quote!(#root::#module::Variables)
        } else {
            quote!(#root::#module::Variables::new(#(#args),*))
        };

        // Idempotent by nature? Only what the reviewed list says.
        let idempotent = if is_mutation {
            idempotent_check(&doc_op.root_field, &var_fields, op, hoisted, warnings)?
        } else {
            None
        };

        // Result: the root field's value.
        let response = module_struct(op, "ResponseData")?;
        let response_fields = named_fields(response).unwrap_or_default();
        let output = match response_fields.as_slice() {
            [field] => {
                let ident = field.ident.as_ref().ok_or("unnamed field")?;
                let resolved = resolve(&field.ty, op, hoisted)?;
                if is_mutation {
                    mutation_output(ident, &doc_op.root_field, &resolved, op, hoisted, &root)?
                } else {
                    Output {
                        ty: resolved.tokens(&root),
                        body: quote!(::std::result::Result::Ok(data.#ident)),
                        returns: Returns::Value,
                    }
                }
            }
            _ => Output {
                ty: quote!(#root::#module::ResponseData),
                body: quote!(::std::result::Result::Ok(data)),
                returns: Returns::Value,
            },
        };
        let output_ty = &output.ty;

        let description = schema
            .description(is_mutation, &doc_op.root_field)
            .map(clean_description)
            .unwrap_or_default();
        let mut doc = Vec::new();
        if !description.is_empty() {
            for line in description.lines() {
                doc.push(format!(" {line}"));
            }
            doc.push(String::new());
        }
        doc.push(format!(
            " Runs [`{}`](crate::operations::{}) (`{}`), root field `{}`.",
            op.name, op.name, doc_op.display_path, doc_op.root_field,
        ));
        if has_optional {
            doc.push(String::new());
            doc.push(format!(
                " Its optional variables are set through [`{method_with}`](Self::{method_with})."
            ));
        }
        doc.push(String::new());
        doc.push(match doc_op.feature() {
            Some(feature) => format!(" Compiled with the cargo feature `{feature}` (or `full`)."),
            None => " Curated: compiled with every set of features.".to_string(),
        });
        doc.push(String::new());
        doc.push(format!(
            " Document: [`{}`]({}).",
            doc_op.display_path,
            source_link(&doc_op.display_path)
        ));
        if is_mutation {
            doc.push(String::new());
            doc.push(match &output.returns {
                Returns::Entity(field) => format!(
                    " Returns the output's `{field}`. A `MutationError` in the response is returned as \
                     [`ErrorKind::Mutation`](crate::ErrorKind::Mutation); a response with neither is \
                     [`ErrorKind::Decode`](crate::ErrorKind::Decode)."
                ),
                Returns::Nothing => " Returns `()` once Plain applied it. A `MutationError` in the response \
                     is returned as [`ErrorKind::Mutation`](crate::ErrorKind::Mutation)."
                    .to_string(),
                Returns::Value => " Returns the whole output, its `error` taken out: a `MutationError` in \
                     the response is returned as [`ErrorKind::Mutation`](crate::ErrorKind::Mutation)."
                    .to_string(),
            });
            doc.push(String::new());
            doc.push(match idempotency(&doc_op.root_field).filter(|_| idempotent.is_some()) {
                Some(Idempotent::Always) => {
                    " Idempotent by nature: retried like a query (see [`crate::retry`]).".to_string()
                }
                Some(Idempotent::WhenExternalIdIsSet) => {
                    " Idempotent by nature when `input.externalId` is set: then retried like a query \
                     (see [`crate::retry`])."
                        .to_string()
                }
                None => " Not idempotent: not resent once it may have reached Plain, unless called \
                     through [`PlainClient::idempotent`](crate::PlainClient::idempotent) (see [`crate::retry`])."
                    .to_string(),
            });
        }
        let with_doc = format!(
            " [`{method}`](Self::{method}) with every variable of the operation: build them with \
             [`Variables::new`]({}::{}::Variables::new) and its setters.",
            "crate::operations", op.module
        );

        let is_idempotent = idempotent.map(|check| {
            let uses_variables = check.to_string().contains("variables");
            let variables = if uses_variables {
                quote!(variables)
            } else {
                quote!(_variables)
            };
            quote! {
                fn is_idempotent(#variables: &Self::Variables) -> bool {
                    #check
                }
            }
        });
        let output_body = &output.body;
        items.push(quote! {
            impl crate::PlainOperation for #root::#marker {
                const NAME: &'static str = #root::#module::OPERATION_NAME;
                const KIND: crate::OperationKind = #kind;
            }
            // The crate's own reading of a field Plain deprecated is not the
            // user's: the warning belongs at the caller's use of it.
            #[allow(deprecated)]
            impl crate::operation::Operation for #root::#marker {
                type Output = #output_ty;
                const QUERY_JSON: &'static str = #query_json;
                #is_idempotent
                fn output(
                    data: Self::ResponseData,
                ) -> ::std::result::Result<Self::Output, crate::operation::NoOutput> {
                    #output_body
                }
            }
        });
        let root_info = schema.root_field(is_mutation, &doc_op.root_field);
        let deprecated = root_info
            .and_then(|f| f.deprecated.as_deref())
            .map(|reason| quote!(#[deprecated(note = #reason)]));
        let feature_badge = doc_op
            .feature()
            .map(|feature| quote!(#[cfg_attr(docsrs, doc(cfg(feature = #feature)))]));
        let with_method = has_optional.then(|| {
            quote! {
                #[doc = #with_doc]
                #feature_badge
                #deprecated
                pub fn #method_with(
                    &self,
                    variables: #root::#module::Variables,
                ) -> impl ::std::future::Future<Output = crate::Result<#output_ty>> + Send + '_ {
                    self.run::<#root::#marker>(variables)
                }
            }
        });
        items.push(quote! {
            impl crate::PlainClient {
                #(#[doc = #doc])*
                #feature_badge
                #deprecated
                pub fn #method(
                    &self,
                    #(#params),*
                ) -> impl ::std::future::Future<Output = crate::Result<#output_ty>> + Send + '_ {
                    self.run::<#root::#marker>(#build_variables)
                }
                #with_method
            }
        });
    }
    let count = query_checks.len();
    let tokens = quote! {
        #(#items)*

        #[cfg(test)]
        mod pre_encoded_documents {
            /// Every operation sends its document pre-encoded as JSON: it
            /// must be exactly what serde_json makes of the operation's `QUERY`.
            #[test]
            fn match_the_operations() {
                let encoded: [&str; #count] = [#(#query_checks),*];
                for json in encoded {
                    let query: String = serde_json::from_str(json).unwrap();
                    assert_eq!(serde_json::to_string(&query).unwrap(), json);
                }
            }
        }
    };
    Ok(format!(
        "// @generated by build.rs from graphql/: do not edit.\n{tokens}"
    ))
}

/// For a listed mutation: the expression deciding, from `variables`,
/// whether resending is safe. `None` when the list does not name it, or
/// names it for an `externalId` its input does not have (then a warning).
fn idempotent_check(
    root_field: &str,
    var_fields: &[&syn::Field],
    op: &HoistedOperation,
    hoisted: &Hoisted,
    warnings: &mut Warnings,
) -> Result<Option<TokenStream>, String> {
    let rule = match idempotency(root_field) {
        None => return Ok(None),
        Some(Idempotent::Always) => return Ok(Some(quote!(true))),
        Some(rule @ Idempotent::WhenExternalIdIsSet) => rule,
    };
    let external_id = var_fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == "input"))
        .map(|input| resolve(&input.ty, op, hoisted))
        .transpose()?
        .and_then(|input| match input {
            Resolved::Named { item, .. } => named_fields(item),
            _ => None,
        })
        .and_then(|fields| {
            fields
                .into_iter()
                .find(|f| graphql_name(f).as_deref() == Some("externalId"))
        });
    let check = match external_id
        .map(|f| resolve(&f.ty, op, hoisted))
        .transpose()?
    {
        Some(Resolved::String) => Some(quote!(!variables.input.external_id.is_empty())),
        Some(Resolved::Option(inner)) if matches!(*inner, Resolved::String) => {
            Some(quote!(variables
                .input
                .external_id
                .as_deref()
                .is_some_and(|id| !id.is_empty())))
        }
        _ => None,
    };
    if check.is_none() {
        warnings.0.push(format!(
            "facts::IDEMPOTENT_MUTATIONS lists {root_field} as {rule:?}, but its `input` has no \
             string `externalId`: it is treated as not idempotent until the list is reviewed"
        ));
    }
    Ok(check)
}

/// What a method returns, and the body of `Operation::output` making it.
struct Output {
    ty: TokenStream,
    body: TokenStream,
    returns: Returns,
}

enum Returns {
    /// The root field's value, or a mutation's whole output (its `error` taken).
    Value,
    /// The one entity of a mutation's output: the field of that GraphQL name.
    Entity(String),
    /// Nothing: the mutation's output has only `error`.
    Nothing,
}

/// A mutation's result: the whole output (its `error` taken) when the
/// document selects more than one field of it besides `error` (an upsert's
/// `result` beside its entity, `createApiKey`'s secret), else the entity
/// (that one field), or `()` without one; always with a non-null `error`
/// turned into `Err`. Read from the document, so the rule needs no list: a
/// field Plain adds to a one-entity output turns its method into a whole
/// output, which `plain-opgen diff` names as a break of that method.
fn mutation_output(
    ident: &syn::Ident,
    root_field: &str,
    resolved: &Resolved<'_>,
    op: &HoistedOperation,
    hoisted: &Hoisted,
    root: &TokenStream,
) -> Result<Output, String> {
    let whole = |body| Output {
        ty: resolved.tokens(root),
        body,
        returns: Returns::Value,
    };
    let Resolved::Named { item, .. } = resolved else {
        // A nullable output (none in Plain's schema today) stays an `Option`.
        if let Resolved::Option(inner) = resolved {
            if let Resolved::Named { item, .. } = inner.as_ref() {
                if has_field(item, "error") {
                    return Ok(whole(quote! {
                        let mut output = data.#ident;
                        match output.as_mut().and_then(|output| output.error.take()) {
                            ::std::option::Option::Some(error) => ::std::result::Result::Err(
                                crate::operation::NoOutput::Mutation(error),
                            ),
                            ::std::option::Option::None => ::std::result::Result::Ok(output),
                        }
                    }));
                }
            }
        }
        return Ok(whole(quote!(::std::result::Result::Ok(data.#ident))));
    };
    if !has_field(item, "error") {
        return Ok(whole(quote!(::std::result::Result::Ok(data.#ident))));
    }
    let fields = named_fields(item).unwrap_or_default();
    let others: Vec<&&syn::Field> = fields
        .iter()
        .filter(|f| f.ident.as_ref().is_some_and(|i| i != "error"))
        .collect();
    let error_to_err = quote! {
        if let ::std::option::Option::Some(error) = output.error {
            return ::std::result::Result::Err(crate::operation::NoOutput::Mutation(error));
        }
    };
    let whole_output = || {
        whole(quote! {
            let mut output = data.#ident;
            match output.error.take() {
                ::std::option::Option::Some(error) => ::std::result::Result::Err(
                    crate::operation::NoOutput::Mutation(error),
                ),
                ::std::option::Option::None => ::std::result::Result::Ok(output),
            }
        })
    };
    if others.len() > 1 {
        return Ok(whole_output());
    }
    Ok(match others.as_slice() {
        [] => Output {
            ty: quote!(()),
            body: quote! {
                let output = data.#ident;
                #error_to_err
                ::std::result::Result::Ok(())
            },
            returns: Returns::Nothing,
        },
        [entity, ..] => {
            let field_ident = entity.ident.as_ref().ok_or("unnamed field")?;
            let name = graphql_name(entity).unwrap_or_else(|| field_ident.to_string());
            let entity_ty = resolve(&entity.ty, op, hoisted)?;
            let path = format!("{root_field}.{name}");
            match entity_ty {
                Resolved::Option(inner) => Output {
                    ty: inner.tokens(root),
                    body: quote! {
                        let output = data.#ident;
                        #error_to_err
                        output.#field_ident.ok_or(crate::operation::NoOutput::Missing(#path))
                    },
                    returns: Returns::Entity(name),
                },
                other => Output {
                    ty: other.tokens(root),
                    body: quote! {
                        let output = data.#ident;
                        #error_to_err
                        ::std::result::Result::Ok(output.#field_ident)
                    },
                    returns: Returns::Entity(name),
                },
            }
        }
    })
}

fn has_field(item: &syn::Item, name: &str) -> bool {
    named_fields(item)
        .unwrap_or_default()
        .iter()
        .any(|f| f.ident.as_ref().is_some_and(|i| i == name))
}

/// Where docs.rs shows `path` (relative to the crate root) of this version
/// of the crate: the package carries every document.
pub fn source_link(path: &str) -> String {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_else(|_| "latest".to_string());
    format!("https://docs.rs/crate/plain-sdk/{version}/source/{path}")
}

/// Schema descriptions are Markdown already; only trim and keep them rustdoc-safe.
fn clean_description(text: &str) -> String {
    crate::shape::describe::rustdoc_safe(text.trim())
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `impl Paginated` for every query which takes `first` and `after` and
/// whose root field is a connection, or selects one connection inside the
/// entity it finds (`discussion(discussionId) { messages(first, after) }`).
pub fn render_pagination(docs: &Documents, hoisted: &Hoisted) -> Result<String, String> {
    let root = quote!(crate::operations);
    let mut impls = Vec::new();
    for (doc_op, op) in docs.operations.iter().zip(&hoisted.operations) {
        if doc_op.kind != OperationKind::Query {
            continue;
        }
        let variables = named_fields(module_struct(op, "Variables")?).unwrap_or_default();
        let has = |name: &str| {
            variables
                .iter()
                .any(|f| f.ident.as_ref().is_some_and(|i| i == name))
        };
        if !has("first") || !has("after") {
            continue;
        }
        let response = named_fields(module_struct(op, "ResponseData")?).unwrap_or_default();
        let [root_field] = response.as_slice() else {
            continue;
        };
        let Some(field_ident) = root_field.ident.as_ref() else {
            continue;
        };
        let Some((root_item, root_optional)) = struct_of(resolve(&root_field.ty, op, hoisted)?)
        else {
            continue;
        };
        // The connection: the root field itself, or the one field of the
        // root entity that is a connection.
        let (connection, nested) = match connection_node(root_item, op, hoisted)? {
            Some(node) => (
                Connection {
                    node,
                    optional: root_optional,
                },
                None,
            ),
            None => {
                let mut inner = Vec::new();
                for field in named_fields(root_item).unwrap_or_default() {
                    let Some((item, optional)) = struct_of(resolve(&field.ty, op, hoisted)?) else {
                        continue;
                    };
                    if let (Some(node), Some(ident)) =
                        (connection_node(item, op, hoisted)?, field.ident.as_ref())
                    {
                        inner.push((Connection { node, optional }, ident.clone()));
                    }
                }
                if inner.len() != 1 {
                    continue;
                }
                let (connection, ident) = inner.remove(0);
                (connection, Some(ident))
            }
        };
        let node_ty = connection.node.tokens(&root);
        let marker = format_ident!("{}", op.name);
        let clear: Vec<TokenStream> = ["last", "before"]
            .into_iter()
            .filter(|n| has(n))
            .map(|n| {
                let ident = format_ident!("{}", n);
                quote!(variables.#ident = None;)
            })
            .collect();
        let page = quote! {
            crate::pagination::Page::new(
                connection.edges.into_iter().map(|edge| edge.node).collect(),
                connection.page_info.has_next_page,
                connection.page_info.end_cursor,
            )
        };
        let empty = quote!(crate::pagination::Page::new(Vec::new(), false, None));
        // Where the connection is, `Option`s on the way read as an empty
        // last page (Plain found no such entity).
        let into_page = match (&nested, root_optional, connection.optional) {
            (None, false, _) => quote! {
                let connection = data.#field_ident;
                #page
            },
            (None, true, _) => quote! {
                match data.#field_ident {
                    Some(connection) => #page,
                    None => #empty,
                }
            },
            (Some(inner), entity_optional, connection_optional) => {
                let entity = if entity_optional {
                    quote!(let Some(entity) = data.#field_ident else { return #empty; };)
                } else {
                    quote!(let entity = data.#field_ident;)
                };
                let connection = if connection_optional {
                    quote!(let Some(connection) = entity.#inner else { return #empty; };)
                } else {
                    quote!(let connection = entity.#inner;)
                };
                quote! {
                    #entity
                    #connection
                    #page
                }
            }
        };
        impls.push(quote! {
            impl crate::pagination::Paginated for #root::#marker {
                type Node = #node_ty;

                fn set_page(variables: &mut Self::Variables, first: i64, after: Option<String>) {
                    variables.first = Some(first);
                    variables.after = after;
                    #(#clear)*
                }

                fn into_page(data: Self::ResponseData) -> crate::pagination::Page<Self::Node> {
                    #into_page
                }
            }
        });
    }
    Ok(quote!(#(#impls)*).to_string())
}

/// The struct (or enum) behind `T` or `Option<T>`, and whether it was an `Option`.
fn struct_of(resolved: Resolved<'_>) -> Option<(&syn::Item, bool)> {
    match resolved {
        Resolved::Option(inner) => match *inner {
            Resolved::Named { item, .. } => Some((item, true)),
            _ => None,
        },
        Resolved::Named { item, .. } => Some((item, false)),
        _ => None,
    }
}

/// A connection a query pages: its node type, and whether the field
/// holding it is an `Option`.
struct Connection<'a> {
    node: Resolved<'a>,
    optional: bool,
}

/// `Some(node type)` when `item` is a connection's struct: `edges` (a `Vec`
/// of structs with a `node`) and `page_info`.
fn connection_node<'a>(
    item: &'a syn::Item,
    op: &'a HoistedOperation,
    hoisted: &'a Hoisted,
) -> Result<Option<Resolved<'a>>, String> {
    let fields = named_fields(item).unwrap_or_default();
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
    };
    let (Some(edges), Some(_)) = (field("edges"), field("page_info")) else {
        return Ok(None);
    };
    let Resolved::Vec(edge) = resolve(&edges.ty, op, hoisted)? else {
        return Ok(None);
    };
    let Resolved::Named {
        item: edge_item, ..
    } = *edge
    else {
        return Ok(None);
    };
    let edge_fields = named_fields(edge_item).unwrap_or_default();
    let Some(node) = edge_fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == "node"))
    else {
        return Ok(None);
    };
    Ok(Some(resolve(&node.ty, op, hoisted)?))
}
