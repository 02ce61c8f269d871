//! Generates sample variables for every operation, for the payload snapshot
//! tests, and a call of every client method with them, for the test that
//! runs every method against `MockPlain`.
//!
//! The output is only `include!`d by `tests/`, so it costs users nothing. Values
//! are deterministic: strings carry the field name, enums their first value,
//! optional fields are filled near the top and left out deeper down.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::layout::method_name;
use crate::read::documents::Documents;
use crate::shape::evolve::is_option;
use crate::shape::hoist::{Hoisted, HoistedOperation};
use crate::shape::resolve::{module_struct, named_fields, resolve, Resolved};

/// Optional fields deeper than this are `None`; lists deeper than `MAX_LIST_DEPTH` empty.
const MAX_OPTION_DEPTH: usize = 4;
const MAX_LIST_DEPTH: usize = 4;

/// What every sample of one operation is built with.
struct Context<'a> {
    op: &'a HoistedOperation,
    hoisted: &'a Hoisted,
    root: &'a TokenStream,
    /// The Rust names of the `@oneOf` inputs.
    one_of: &'a BTreeSet<String>,
}

/// `one_of` names the `@oneOf` inputs (by Rust name): their samples set
/// exactly one field, as Plain requires.
pub fn render_samples(
    docs: &Documents,
    hoisted: &Hoisted,
    one_of: &BTreeSet<String>,
) -> Result<String, String> {
    let root = quote!(::plain_sdk::operations);
    // One function per sample and per call, listed by pointer: a single
    // function building every sample would hold each value in a stack slot
    // of its own (debug builds reuse none), a frame that grows with the
    // schema until it overflows a test thread's 2 MiB.
    let mut functions = Vec::new();
    let mut samples = Vec::new();
    let mut calls = Vec::new();
    for (doc_op, op) in docs.operations.iter().zip(&hoisted.operations) {
        let marker = format_ident!("{}", op.name);
        let variables = module_struct(op, "Variables")?;
        let module = format_ident!("{}", op.module);
        let path = quote!(#module::Variables);
        let cx = Context {
            op,
            hoisted,
            root: &root,
            one_of,
        };
        let value = struct_literal(variables, &path, &cx, 0)?;
        let module_name = &op.module;
        let display = &doc_op.display_path;
        let sample_fn = format_ident!("sample_{}", op.module);
        functions.push(quote! {
            #[inline(never)]
            fn #sample_fn() -> Sample {
                (#module_name, #display, ::serde_json::to_string_pretty(
                    &<#root::#marker as ::plain_sdk::GraphQLQuery>::build_query(#value)
                ).expect("sample variables serialize"))
            }
        });
        samples.push(sample_fn);

        // The method with the required variables; `_with` with them all.
        let method = format_ident!("{}", method_name(&op.name));
        let required = arguments(variables, &cx, 0)?
            .map(|arguments| arguments.required)
            .unwrap_or_default();
        let mut push_call = |method: &syn::Ident, arguments: TokenStream| {
            let name = method.to_string();
            let call_fn = format_ident!("call_{}", method);
            functions.push(quote! {
                #[inline(never)]
                fn #call_fn(client: &::plain_sdk::PlainClient) -> MethodCall<'_> {
                    ::std::boxed::Box::pin(async move {
                        client.#method(#arguments).await.map(drop)
                    })
                }
            });
            calls.push(quote!((#name, #call_fn)));
        };
        push_call(&method, quote!(#(#required),*));
        let has_optional = named_fields(variables)
            .unwrap_or_default()
            .iter()
            .any(|f| is_option(&f.ty));
        if has_optional {
            let method_with = format_ident!("{}_with", method_name(&op.name));
            push_call(&method_with, value);
        }
    }
    let tokens = quote! {
        /// `(module, document path, request body as pretty JSON in wire order)`.
        pub type Sample = (&'static str, &'static str, ::std::string::String);

        /// A call of a `PlainClient` method.
        pub type MethodCall<'c> = ::std::pin::Pin<::std::boxed::Box<
            dyn ::std::future::Future<Output = ::plain_sdk::Result<()>> + 'c
        >>;

        /// Every operation's sample, with sample variables.
        pub fn operation_samples() -> ::std::vec::Vec<Sample> {
            const SAMPLES: &[fn() -> Sample] = &[#(#samples),*];
            SAMPLES.iter().map(|sample| sample()).collect()
        }

        /// A function starting one method's call.
        type StartCall = for<'c> fn(&'c ::plain_sdk::PlainClient) -> MethodCall<'c>;

        /// `(method name, call)` for every method of `PlainClient` that runs
        /// an operation, with the sample variables; each call decodes the
        /// answer into the method's result and drops it.
        pub fn method_calls(client: &::plain_sdk::PlainClient) -> ::std::vec::Vec<(&'static str, MethodCall<'_>)> {
            const CALLS: &[(&str, StartCall)] = &[#(#calls),*];
            CALLS.iter().map(|(name, call)| (*name, call(client))).collect()
        }

        #(#functions)*
    };
    Ok(format!("// @generated by build.rs: do not edit.\n{tokens}"))
}

/// A value of the input (or `Variables`) `item`, built as a user builds one:
/// `X::new(required…)` and a setter per optional field that is filled.
fn struct_literal(
    item: &syn::Item,
    path: &TokenStream,
    cx: &Context<'_>,
    depth: usize,
) -> Result<TokenStream, String> {
    let root = cx.root;
    Ok(match arguments(item, cx, depth)? {
        None => quote!(#root::#path),
        Some(Arguments { required, setters }) => {
            quote!(#root::#path::new(#(#required),*) #(#setters)*)
        }
    })
}

/// A constructor's arguments (the required fields' values) and the setter
/// calls of the optional fields that are filled.
struct Arguments {
    required: Vec<TokenStream>,
    setters: Vec<TokenStream>,
}

/// The [`Arguments`] that build `item`; `None` for a unit struct (an
/// operation without variables).
fn arguments(
    item: &syn::Item,
    cx: &Context<'_>,
    depth: usize,
) -> Result<Option<Arguments>, String> {
    // A `@oneOf` input takes exactly one field: its first, at any depth.
    let one_of = matches!(item, syn::Item::Struct(s) if cx.one_of.contains(&s.ident.to_string()));
    let fields = named_fields(item).ok_or("not a struct with named fields")?;
    if fields.is_empty()
        && matches!(item, syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Unit))
    {
        return Ok(None);
    }
    let mut required = Vec::new();
    let mut setters = Vec::new();
    for field in fields {
        let ident = field.ident.as_ref().ok_or("unnamed field")?;
        let resolved = resolve(&field.ty, cx.op, cx.hoisted)?;
        let hint = ident.to_string();
        match &resolved {
            Resolved::Option(inner) => {
                let wanted = if one_of {
                    setters.is_empty()
                } else {
                    depth < MAX_OPTION_DEPTH
                };
                if wanted && ident != "new" {
                    let value = sample(inner, &hint, cx, depth + 1)?;
                    setters.push(quote!(.#ident(#value)));
                }
            }
            _ => required.push(sample(&resolved, &hint, cx, depth + 1)?),
        }
    }
    Ok(Some(Arguments { required, setters }))
}

fn sample(
    ty: &Resolved<'_>,
    hint: &str,
    cx: &Context<'_>,
    depth: usize,
) -> Result<TokenStream, String> {
    let root = cx.root;
    Ok(match ty {
        Resolved::Option(inner) => {
            if depth <= MAX_OPTION_DEPTH {
                let v = sample(inner, hint, cx, depth)?;
                quote!(Some(#v))
            } else {
                quote!(None)
            }
        }
        Resolved::Vec(inner) => {
            if depth <= MAX_LIST_DEPTH {
                let v = sample(inner, hint, cx, depth)?;
                quote!(vec![#v])
            } else {
                quote!(vec![])
            }
        }
        Resolved::Box(inner) => {
            let v = sample(inner, hint, cx, depth)?;
            quote!(Box::new(#v))
        }
        Resolved::String => {
            let text = format!("sample-{hint}");
            quote!(#text.to_string())
        }
        Resolved::Bool => quote!(true),
        Resolved::Int => quote!(1),
        Resolved::Float => quote!(1.5),
        Resolved::Json => quote!(::serde_json::json!({ "sample": true })),
        Resolved::Named { path, item } => match item {
            syn::Item::Enum(e) => {
                let variant = e
                    .variants
                    .iter()
                    .find(|v| matches!(v.fields, syn::Fields::Unit))
                    .ok_or_else(|| format!("enum {} has no unit variant", e.ident))?;
                let v = &variant.ident;
                quote!(#root::#path::#v)
            }
            other => struct_literal(other, path, cx, depth)?,
        },
    })
}
