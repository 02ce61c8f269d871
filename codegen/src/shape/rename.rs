//! Names a person would write for response types and their fields.
//!
//! graphql_client names a selection by its path: `createThreadEvent` in
//! `CreateThreadEvent` becomes `CreateThreadEventCreateThreadEvent`. Where
//! the GraphQL type's own name (`CreateThreadEventOutput`) is free, the type
//! takes it. A name stays as it is where taking the GraphQL name would be
//! ambiguous: two selections of one type in a module, or a name that is
//! already an operation, a fragment, an input or a shared type.

use std::collections::{BTreeMap, BTreeSet};

use crate::layout::{field_name, merge_alias};
use crate::read::schema::SchemaInfo;
use crate::shape::evolve::graphql_name;
use crate::shape::hoist::{item_name, rename_types, Hoisted};
use crate::shape::origins::{Origin, Origins, Scope};

/// Renames the selections of `hoisted` to their GraphQL type names where
/// unambiguous, and `origins` with them.
pub fn readable_names(hoisted: &mut Hoisted, origins: &mut Origins) {
    // Every name defined anywhere, or taken by an operation's marker or module.
    let mut taken: BTreeSet<String> = hoisted.shared_names.iter().cloned().collect();
    for op in &hoisted.operations {
        taken.insert(op.name.clone());
        taken.insert(op.module.clone());
        taken.extend(op.local.iter().filter_map(item_name));
    }

    let mut proposals: BTreeMap<(Scope, String), Vec<String>> = BTreeMap::new();
    for ((scope, old), origin) in &origins.items {
        if let Origin::Selection { on } = origin {
            let new = heck::ToUpperCamelCase::to_upper_camel_case(on.as_str());
            if new != *old {
                proposals
                    .entry((*scope, new))
                    .or_default()
                    .push(old.clone());
            }
        }
    }
    // A shared name is visible in every module; a local one only in its own.
    let shared_new: BTreeSet<&String> = proposals
        .keys()
        .filter(|(scope, _)| *scope == Scope::Shared)
        .map(|(_, new)| new)
        .collect();
    let mut shared = BTreeMap::new();
    let mut local: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
    for ((scope, new), olds) in &proposals {
        let [old] = olds.as_slice() else { continue };
        if taken.contains(new) {
            continue;
        }
        match scope {
            Scope::Shared => {
                shared.insert(old.clone(), new.clone());
            }
            Scope::Local(index) if !shared_new.contains(new) => {
                local
                    .entry(*index)
                    .or_default()
                    .insert(old.clone(), new.clone());
            }
            Scope::Local(_) => {}
        }
    }
    if shared.is_empty() && local.is_empty() {
        return;
    }

    rename_types(&mut hoisted.shared, &shared);
    hoisted.shared_names = hoisted
        .shared_names
        .iter()
        .map(|n| shared.get(n).unwrap_or(n).clone())
        .collect();
    for (index, op) in hoisted.operations.iter_mut().enumerate() {
        let mut renames = shared.clone();
        if let Some(own) = local.get(&index) {
            renames.extend(own.iter().map(|(o, n)| (o.clone(), n.clone())));
        }
        rename_types(&mut op.local, &renames);
        for name in &mut op.reexports {
            if let Some(new) = shared.get(name) {
                *name = new.clone();
            }
        }
    }
    let items = std::mem::take(&mut origins.items);
    origins.items = items
        .into_iter()
        .map(|((scope, name), origin)| {
            let renamed = match scope {
                Scope::Shared => shared.get(&name),
                Scope::Local(index) => local.get(&index).and_then(|m| m.get(&name)),
            };
            ((scope, renamed.cloned().unwrap_or(name)), origin)
        })
        .collect();
}

/// A field a generated document selects under a merge alias
/// ([`crate::layout::merge_alias`]: `noteEntryText: text`, because another
/// member of a union has a `text` of another type) keeps its own name in
/// Rust (`NoteEntryParts.text`): the alias exists for GraphQL's merge rule
/// only, and a union gaining such a member must not rename the fields of
/// the others. The wire name stays in the field's `serde(rename)`.
pub fn merge_aliased_fields(hoisted: &mut Hoisted, origins: &Origins, schema: &SchemaInfo) {
    let rename = |items: &mut Vec<syn::Item>, scope: Scope| {
        for item in items.iter_mut() {
            let syn::Item::Struct(s) = item else { continue };
            let Some(type_name) = origins
                .get(scope, &s.ident.to_string())
                .and_then(Origin::fields_of)
            else {
                continue;
            };
            let taken: BTreeSet<String> = s
                .fields
                .iter()
                .filter_map(|f| f.ident.as_ref().map(|i| i.to_string()))
                .collect();
            for field in s.fields.iter_mut() {
                let Some(alias) = graphql_name(field) else {
                    continue;
                };
                let Some(real) = origins.aliases.get(&alias) else {
                    continue;
                };
                let own = field_name(real);
                if alias != merge_alias(type_name, real)
                    || schema.field(type_name, real).is_none()
                    || taken.contains(&own)
                {
                    continue;
                }
                let span = field.ident.as_ref().map(|i| i.span());
                field.ident = Some(syn::Ident::new(
                    &own,
                    span.unwrap_or_else(proc_macro2::Span::call_site),
                ));
            }
        }
    };
    rename(&mut hoisted.shared, Scope::Shared);
    for (index, op) in hoisted.operations.iter_mut().enumerate() {
        rename(&mut op.local, Scope::Local(index));
    }
}
