//! Runs graphql_client's code generator once per operation.

use std::collections::BTreeSet;
use std::path::Path;

use graphql_client_codegen::{
    deprecation::DeprecationStrategy, normalization::Normalization, CodegenMode,
    GraphQLClientCodegenOptions,
};

use crate::read::documents::Documents;

/// The generated items of one operation, before hoisting.
pub struct GeneratedOperation {
    /// Operation name (`CreateThreadEvent`), also the name of its marker struct.
    pub name: String,
    /// Module name (`create_thread_event`).
    pub module: String,
    /// Items inside the operation's module.
    pub items: Vec<syn::Item>,
}

/// Derives on response types: `Serialize` lets callers store or forward what they got.
const RESPONSE_DERIVES: &str = "Debug, Clone, PartialEq, Serialize";
/// Derives on variables and input objects (`Serialize` is always added by codegen).
const VARIABLES_DERIVES: &str = "Debug, Clone, PartialEq";

/// `defaulted` names the input fields that are non-null with a default
/// (`(Rust input type, GraphQL field)`, see
/// [`crate::read::schema::SchemaInfo::defaulted_input_fields`]).
pub fn generate_all(
    docs: &Documents,
    schema_path: &Path,
    defaulted: &BTreeSet<(String, String)>,
) -> Result<Vec<GeneratedOperation>, String> {
    let mut errors = Vec::new();
    let mut generated = Vec::with_capacity(docs.operations.len());
    for op in &docs.operations {
        match generate_one(&op.name, &op.wire_document, schema_path) {
            Ok(items) => generated.push(GeneratedOperation {
                name: op.name.clone(),
                module: crate::layout::method_name(&op.name),
                items: items
                    .into_iter()
                    .map(|item| optional_defaults(item, defaulted))
                    .collect(),
            }),
            Err(e) => errors.push(format!("{}: code generation failed: {e}", op.display_path)),
        }
    }
    if errors.is_empty() {
        Ok(generated)
    } else {
        Err(errors.join("\n"))
    }
}

fn generate_one(name: &str, document: &str, schema_path: &Path) -> Result<Vec<syn::Item>, String> {
    let mut options = GraphQLClientCodegenOptions::new(CodegenMode::Cli);
    options.set_operation_name(name.to_string());
    options.set_module_visibility(syn::parse_quote!(pub));
    options.set_normalization(Normalization::Rust);
    // New union members decode to `Unknown` instead of failing the whole response.
    options.set_fragments_other_variant(true);
    options.set_skip_serializing_none(true);
    // Deprecated input fields stay usable without warnings in users' struct literals.
    options.set_deprecation_strategy(DeprecationStrategy::Allow);
    options.set_response_derives(RESPONSE_DERIVES.to_string());
    options.set_variables_derives(VARIABLES_DERIVES.to_string());

    let tokens = graphql_client_codegen::generate_module_token_stream_from_string(
        document,
        schema_path,
        options,
    )
    .map_err(|e| e.to_string())?;
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;

    // Codegen emits: `pub struct Op;`, `pub mod op { ... }`, `impl GraphQLQuery for Op`.
    // The marker struct and impl are re-created by the hoisting step.
    let items = file
        .items
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) => module.content.map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| "codegen produced no module".to_string())?;
    Ok(items.into_iter().map(map_custom_scalar).collect())
}

/// The Rust type of every custom scalar: Plain's schema has none yet, and
/// one it adds may carry any JSON (a `JSON` or `Metadata` scalar), so it
/// decodes and encodes as a `serde_json::Value`, whatever its name.
const CUSTOM_SCALAR_TYPE: &str = "::serde_json::Value";

/// graphql_client refers each custom scalar `X` to `super::X`, for the user
/// to define; here it is defined, once, as [`CUSTOM_SCALAR_TYPE`].
fn map_custom_scalar(item: syn::Item) -> syn::Item {
    let syn::Item::Type(alias) = &item else {
        return item;
    };
    let syn::Type::Path(path) = &*alias.ty else {
        return item;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    if segments != ["super".to_string(), alias.ident.to_string()] {
        return item;
    }
    let ident = &alias.ident;
    let ty: syn::Type = syn::parse_str(CUSTOM_SCALAR_TYPE).expect("a type");
    let doc =
        format!(" A custom scalar of Plain's schema: any JSON value, as `{CUSTOM_SCALAR_TYPE}`.");
    syn::parse_quote! {
        #[doc = #doc]
        pub type #ident = #ty;
    }
}

/// A non-null input field with a default value is optional in GraphQL: the
/// server applies the default when it is left out. graphql_client makes it
/// a required field; here it becomes `Option<T>`, left out of the request
/// when `None`, so it is a setter rather than a parameter of `new(…)`, and a
/// default Plain adds to an existing field breaks no caller.
fn optional_defaults(item: syn::Item, defaulted: &BTreeSet<(String, String)>) -> syn::Item {
    let syn::Item::Struct(mut s) = item else {
        return item;
    };
    let name = s.ident.to_string();
    if !defaulted.iter().any(|(input, _)| *input == name) {
        return syn::Item::Struct(s);
    }
    for field in s.fields.iter_mut() {
        let graphql = graphql_field_name(field);
        if !defaulted.contains(&(name.clone(), graphql))
            || crate::shape::evolve::is_option(&field.ty)
        {
            continue;
        }
        let ty = &field.ty;
        field.ty = syn::parse_quote!(Option<#ty>);
        field
            .attrs
            .push(syn::parse_quote!(#[serde(skip_serializing_if = "Option::is_none")]));
    }
    syn::Item::Struct(s)
}

/// The GraphQL name of a generated field: its `#[serde(rename = "…")]`, or
/// its Rust name.
fn graphql_field_name(field: &syn::Field) -> String {
    for attr in &field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let mut renamed = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                renamed = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
        if let Some(name) = renamed {
            return name;
        }
    }
    field
        .ident
        .as_ref()
        .map(|i| i.to_string().trim_start_matches("r#").to_string())
        .unwrap_or_default()
}

/// Whether `ty` is the type custom scalars map to.
pub fn is_custom_scalar_type(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    path.path.leading_colon.is_some()
        && path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .eq(["serde_json", "Value"])
}
