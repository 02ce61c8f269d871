//! Rust types of the generated code resolved to paths nameable from outside
//! their operation module, for the emitters (methods, samples).

use proc_macro2::TokenStream;
use quote::quote;

use crate::shape::hoist::{Hoisted, HoistedOperation, Location};

/// A generated Rust type, resolved to something nameable from outside the module.
pub enum Resolved<'a> {
    Option(Box<Resolved<'a>>),
    Vec(Box<Resolved<'a>>),
    Box(Box<Resolved<'a>>),
    String,
    Bool,
    Int,
    Float,
    /// A custom scalar: any JSON value (`serde_json::Value`).
    Json,
    /// A struct or enum: its path below the operations module, and its definition.
    Named {
        path: TokenStream,
        item: &'a syn::Item,
    },
}

pub fn resolve<'a>(
    ty: &syn::Type,
    op: &'a HoistedOperation,
    hoisted: &'a Hoisted,
) -> Result<Resolved<'a>, String> {
    resolve_within(ty, op, hoisted, 0)
}

/// How many aliases (and wrappers) a type may go through: more is a cycle.
const MAX_RESOLVE_DEPTH: usize = 32;

fn resolve_within<'a>(
    ty: &syn::Type,
    op: &'a HoistedOperation,
    hoisted: &'a Hoisted,
    depth: usize,
) -> Result<Resolved<'a>, String> {
    if depth > MAX_RESOLVE_DEPTH {
        return Err(format!(
            "type {} of {} names itself through aliases: a generator bug, please report it",
            quote!(#ty),
            op.name
        ));
    }
    let resolve = |ty: &syn::Type, op, hoisted| resolve_within(ty, op, hoisted, depth + 1);
    let syn::Type::Path(path) = ty else {
        return Err(format!("unsupported type {}", quote!(#ty)));
    };
    let segment = path
        .path
        .segments
        .last()
        .ok_or_else(|| "empty type path".to_string())?;
    let name = segment.ident.to_string();
    if crate::shape::generate::is_custom_scalar_type(ty) {
        return Ok(Resolved::Json);
    }
    let inner = || -> Result<Resolved<'a>, String> {
        match &segment.arguments {
            syn::PathArguments::AngleBracketed(args) => match args.args.first() {
                Some(syn::GenericArgument::Type(t)) => resolve(t, op, hoisted),
                _ => Err(format!("unsupported generic in {name}")),
            },
            _ => Err(format!("{name} without a type argument")),
        }
    };
    Ok(match name.as_str() {
        "Option" => Resolved::Option(Box::new(inner()?)),
        "Vec" => Resolved::Vec(Box::new(inner()?)),
        "Box" => Resolved::Box(Box::new(inner()?)),
        "String" | "ID" | "Id" => Resolved::String,
        "bool" | "Boolean" => Resolved::Bool,
        "i64" | "Int" => Resolved::Int,
        "f64" | "Float" => Resolved::Float,
        _ => {
            let ident = &segment.ident;
            let module = syn::Ident::new(&op.module, proc_macro2::Span::call_site());
            let (path, item) = match hoisted.lookup(op, &name) {
                Some(Location::Local(item)) => (quote!(#module::#ident), item),
                Some(Location::Shared(item)) => (quote!(#ident), item),
                None => return Err(format!("type {name} is not defined for {}", op.name)),
            };
            if let syn::Item::Type(alias) = item {
                // Follow aliases to what they name, so that signatures read well
                // and private aliases never leak.
                return resolve(&alias.ty, op, hoisted);
            }
            Resolved::Named { path, item }
        }
    })
}

impl Resolved<'_> {
    /// The type as tokens, with named types below `root` (e.g. `crate::operations`).
    pub fn tokens(&self, root: &TokenStream) -> TokenStream {
        match self {
            Resolved::Option(t) => {
                let t = t.tokens(root);
                quote!(::std::option::Option<#t>)
            }
            Resolved::Vec(t) => {
                let t = t.tokens(root);
                quote!(::std::vec::Vec<#t>)
            }
            Resolved::Box(t) => {
                let t = t.tokens(root);
                quote!(::std::boxed::Box<#t>)
            }
            Resolved::String => quote!(::std::string::String),
            Resolved::Bool => quote!(bool),
            Resolved::Int => quote!(i64),
            Resolved::Float => quote!(f64),
            Resolved::Json => quote!(::serde_json::Value),
            Resolved::Named { path, .. } => quote!(#root::#path),
        }
    }
}

/// The named fields of a struct item, or `None` for other items.
pub fn named_fields(item: &syn::Item) -> Option<Vec<&syn::Field>> {
    match item {
        syn::Item::Struct(s) => match &s.fields {
            syn::Fields::Named(named) => Some(named.named.iter().collect()),
            syn::Fields::Unit => Some(Vec::new()),
            syn::Fields::Unnamed(_) => None,
        },
        _ => None,
    }
}

/// The `Variables` or `ResponseData` struct of an operation module.
pub fn module_struct<'a>(op: &'a HoistedOperation, name: &str) -> Result<&'a syn::Item, String> {
    op.local
        .iter()
        .find(|i| matches!(i, syn::Item::Struct(s) if s.ident == name))
        .ok_or_else(|| format!("{}: codegen produced no {name}", op.name))
}
