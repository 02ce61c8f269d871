//! Generates one typed `PlainClient` method per operation.
//!
//! Rules:
//! - method name: the operation name in snake_case (`CreateThreadEvent` -> `create_thread_event`);
//! - arguments: none for an operation without variables, the variable itself
//!   when there is one, the operation's `Variables` struct otherwise;
//! - queries return the root field's value (`Option` where the schema allows null);
//! - mutations return their output, after turning a non-null `error` into
//!   `Err(Error::Mutation)`;
//! - a mutation is idempotent by nature, and so retried like a query, when its
//!   root field starts with `upsert`, or starts with `create` and its `input`
//!   carries an `externalId` that is set and that the schema documents as
//!   unique (Plain refuses a second create with the same one: thread events,
//!   customer events, threads).

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::documents::{Documents, OperationKind};
use crate::hoist::Hoisted;
use crate::types::{module_struct, named_fields, resolve, Resolved, SchemaInfo};

pub fn render_methods(
    docs: &Documents,
    hoisted: &Hoisted,
    schema: &SchemaInfo,
) -> Result<String, String> {
    let root = quote!(crate::operations);
    let mut methods = Vec::new();
    let mut query_checks = Vec::new();
    for (doc_op, op) in docs.operations.iter().zip(&hoisted.operations) {
        let marker = format_ident!("{}", op.name);
        let module = format_ident!("{}", op.module);
        // The document as a JSON string, escaped once here instead of on every call.
        let query_json = serde_json::to_string(&doc_op.wire_document)
            .map_err(|e| format!("{}: {e}", op.name))?;
        query_checks.push(quote!((#root::#module::QUERY, #query_json)));
        let method = format_ident!("{}", op.name.to_snake_case());
        let is_mutation = doc_op.kind == OperationKind::Mutation;
        let kind = if is_mutation {
            quote!(crate::OperationKind::Mutation)
        } else {
            quote!(crate::OperationKind::Query)
        };

        // Arguments.
        let variables = module_struct(op, "Variables")?;
        let var_fields = named_fields(variables).unwrap_or_default();
        let (params, build_variables) = match var_fields.as_slice() {
            [] => (quote!(), quote!(let variables = #root::#module::Variables;)),
            [field] => {
                let ident = field.ident.as_ref().ok_or("unnamed variable")?;
                let ty = resolve(&field.ty, op, hoisted)?.tokens(&root);
                (
                    quote!(, #ident: #ty),
                    quote!(let variables = #root::#module::Variables { #ident };),
                )
            }
            _ => (quote!(, variables: #root::#module::Variables), quote!()),
        };

        // Idempotent by nature?
        let idempotent = if !is_mutation {
            quote!(false)
        } else if doc_op.root_field.starts_with("upsert") {
            quote!(true)
        } else if doc_op.root_field.starts_with("create") {
            external_id_check(&var_fields, op, hoisted, schema)?.unwrap_or_else(|| quote!(false))
        } else {
            quote!(false)
        };

        // Result.
        let response = module_struct(op, "ResponseData")?;
        let response_fields = named_fields(response).unwrap_or_default();
        let (return_ty, body) = match response_fields.as_slice() {
            [field] => {
                let ident = field.ident.as_ref().ok_or("unnamed field")?;
                let resolved = resolve(&field.ty, op, hoisted)?;
                if is_mutation {
                    mutation_result(&resolved, ident, &root, &doc_op.root_field)?
                } else {
                    let ty = resolved.tokens(&root);
                    (ty, quote!(Ok(data.#ident)))
                }
            }
            _ => (quote!(#root::#module::ResponseData), quote!(Ok(data))),
        };

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
            " Runs [`{}`]({root_text}::{}) (`{}`), root field `{}`.",
            op.name,
            op.name,
            doc_op.display_path,
            doc_op.root_field,
            root_text = "crate::operations",
        ));
        if is_mutation {
            doc.push(String::new());
            doc.push(
                " A `MutationError` in the response is returned as [`Error::Mutation`](crate::Error::Mutation)."
                    .to_string(),
            );
            doc.push(String::new());
            doc.push(if idempotent.to_string() == "true" {
                " Idempotent by nature: retried like a query (see [`crate::retry`]).".to_string()
            } else if idempotent.to_string() == "false" {
                " Not idempotent: not resent once it may have reached Plain, unless called \
                 through [`PlainClient::idempotent`](crate::PlainClient::idempotent) (see [`crate::retry`])."
                    .to_string()
            } else {
                " Idempotent by nature when `input.externalId` is set: then retried like a query \
                 (see [`crate::retry`])."
                    .to_string()
            });
        }

        methods.push(quote! {
            #(#[doc = #doc])*
            pub async fn #method(&self #params) -> crate::Result<#return_ty> {
                #build_variables
                let idempotent = #idempotent;
                let (data, meta) = self
                    .send_operation::<#root::#marker>(variables, #query_json, #kind, idempotent)
                    .await?;
                let _ = &meta;
                #body
            }
        });
    }
    let tokens = quote! {
        impl crate::PlainClient {
            #(#methods)*
        }

        #[cfg(test)]
        mod pre_encoded_documents {
            /// Every method sends its document pre-encoded as JSON: it must be
            /// exactly what serde_json makes of the operation's `QUERY`.
            #[test]
            fn match_the_operations() {
                let pairs: &[(&str, &str)] = &[#(#query_checks),*];
                assert!(pairs.len() >= 71);
                for (query, json) in pairs {
                    assert_eq!(&serde_json::to_string(query).unwrap(), json);
                }
            }
        }
    };
    Ok(format!(
        "// @generated by build.rs from graphql/: do not edit.\n{tokens}"
    ))
}

/// For a create: an expression that is true when `variables.input.external_id`
/// is set and not empty, or `None` when the input has no `externalId` that
/// the schema documents as unique.
fn external_id_check(
    var_fields: &[&syn::Field],
    op: &crate::hoist::HoistedOperation,
    hoisted: &Hoisted,
    schema: &SchemaInfo,
) -> Result<Option<TokenStream>, String> {
    let Some(input) = var_fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == "input"))
    else {
        return Ok(None);
    };
    let input_ty = match resolve(&input.ty, op, hoisted)? {
        Resolved::Named { item, .. } => item,
        _ => return Ok(None),
    };
    let syn::Item::Struct(input_struct) = input_ty else {
        return Ok(None);
    };
    let unique = schema
        .input_field_description(&input_struct.ident.to_string(), "externalId")
        .is_some_and(|d| d.to_ascii_lowercase().contains("unique"));
    if !unique {
        return Ok(None);
    }
    let fields = named_fields(input_ty).unwrap_or_default();
    let Some(external_id) = fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == "external_id"))
    else {
        return Ok(None);
    };
    Ok(match resolve(&external_id.ty, op, hoisted)? {
        Resolved::String => Some(quote!(!variables.input.external_id.is_empty())),
        Resolved::Option(inner) if matches!(*inner, Resolved::String) => Some(quote!(variables
            .input
            .external_id
            .as_deref()
            .is_some_and(|id| !id.is_empty()))),
        // e.g. `OptionalStringInput`: an update, not a create.
        _ => None,
    })
}

/// A mutation returns its output struct once `error` is known to be `None`.
fn mutation_result(
    resolved: &Resolved<'_>,
    ident: &syn::Ident,
    root: &TokenStream,
    root_field: &str,
) -> Result<(TokenStream, TokenStream), String> {
    let (output, optional) = match resolved {
        Resolved::Option(inner) => (inner.as_ref(), true),
        other => (other, false),
    };
    let Resolved::Named { item, .. } = output else {
        return Err(format!("mutation {root_field} does not return an object"));
    };
    let has_error = named_fields(item)
        .unwrap_or_default()
        .iter()
        .any(|f| f.ident.as_ref().is_some_and(|i| i == "error"));
    let check_error = if has_error {
        quote! {
            if let Some(error) = output.error.take() {
                return Err(crate::Error::from_mutation_error(error.into()).with_meta(meta));
            }
        }
    } else {
        quote!()
    };
    // A nullable output (none in Plain's schema today) stays an `Option`.
    Ok(if optional {
        (
            resolved.tokens(root),
            quote! {
                let mut output = data.#ident;
                if let Some(output) = output.as_mut() {
                    #check_error
                }
                Ok(output)
            },
        )
    } else {
        (
            output.tokens(root),
            quote! {
                let mut output = data.#ident;
                #check_error
                Ok(output)
            },
        )
    })
}

/// Schema descriptions are Markdown already; only trim and keep them rustdoc-safe.
fn clean_description(text: &str) -> String {
    text.trim()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `impl Paginated` for every query whose root field is a connection and
/// which takes `first` and `after`.
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
        let resolved = resolve(&root_field.ty, op, hoisted)?;
        let (connection, optional) = match &resolved {
            Resolved::Option(inner) => (inner.as_ref(), true),
            other => (other, false),
        };
        let Resolved::Named { item, .. } = connection else {
            continue;
        };
        let fields = named_fields(item).unwrap_or_default();
        let field = |name: &str| {
            fields
                .iter()
                .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
        };
        let (Some(edges), Some(_)) = (field("edges"), field("page_info")) else {
            continue;
        };
        let Resolved::Vec(edge) = resolve(&edges.ty, op, hoisted)? else {
            continue;
        };
        let Resolved::Named {
            item: edge_item, ..
        } = edge.as_ref()
        else {
            continue;
        };
        let edge_fields = named_fields(edge_item).unwrap_or_default();
        let Some(node) = edge_fields
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == "node"))
        else {
            continue;
        };
        let node_ty = resolve(&node.ty, op, hoisted)?.tokens(&root);
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
        let into_page = if optional {
            quote! {
                match data.#field_ident {
                    Some(connection) => #page,
                    None => crate::pagination::Page::new(Vec::new(), false, None),
                }
            }
        } else {
            quote! {
                let connection = data.#field_ident;
                #page
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
