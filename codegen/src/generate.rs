//! Runs graphql_client's code generator once per operation.

use std::path::Path;

use graphql_client_codegen::{
    deprecation::DeprecationStrategy, normalization::Normalization, CodegenMode,
    GraphQLClientCodegenOptions,
};

use crate::documents::Documents;

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

pub fn generate_all(
    docs: &Documents,
    schema_path: &Path,
) -> Result<Vec<GeneratedOperation>, String> {
    let mut errors = Vec::new();
    let mut generated = Vec::with_capacity(docs.operations.len());
    for op in &docs.operations {
        match generate_one(&op.name, &op.wire_document, schema_path) {
            Ok(items) => generated.push(GeneratedOperation {
                name: op.name.clone(),
                module: crate::layout::method_name(&op.name),
                items,
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
    file.items
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) => module.content.map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| "codegen produced no module".to_string())
}
