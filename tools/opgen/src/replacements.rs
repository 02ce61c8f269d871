//! What to use instead of what a schema change removes, for the CHANGELOG:
//! what the old schema's `@deprecated(reason:)` said, else what the new
//! schema added beside it that reads as its successor. Plain removes
//! without deprecating first, so the second is most of it:
//!
//! - a field beside which the same type gains its plural (`userId` → `userIds`);
//! - a Boolean `isX` beside which the same type gains an enum field that
//!   has the value `X` (`isSuccess` → `status`, whose enum has `SUCCESS`);
//! - a root field beside which the same root gains one sharing the longest
//!   run of words of two or more (`markThreadDiscussionAsResolved` →
//!   `changeThreadDiscussionStatus`: "Thread Discussion").
//!
//! A guess that is not clear (two candidates as good) is no suggestion.

use std::collections::BTreeMap;

use apollo_compiler::schema::ExtendedType;
use apollo_compiler::Schema;
use plain_sdk_codegen::layout::{field_name, method_name, operation_name};

use crate::diff::Change;

/// Schema coordinate of a removed element → what to use instead, in words
/// naming the GraphQL element and its Rust item.
pub fn suggest(old: &Schema, new: &Schema, changes: &[Change]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let added = |ty: &str| -> Vec<&str> {
        changes
            .iter()
            .filter_map(|c| match c {
                Change::FieldAdded { ty: t, field }
                | Change::RootFieldAdded { ty: t, field, .. }
                | Change::OptionalInputFieldAdded { ty: t, field, .. }
                | Change::RequiredInputFieldAdded { ty: t, field, .. }
                    if t == ty =>
                {
                    Some(field.as_str())
                }
                _ => None,
            })
            .collect()
    };
    for change in changes {
        let (ty, field, root) = match change {
            Change::FieldRemoved { ty, field } | Change::InputFieldRemoved { ty, field } => {
                (ty, field, false)
            }
            Change::RootFieldRemoved { ty, field, .. } => (ty, field, true),
            _ => continue,
        };
        let named = |successor: &str| {
            if root {
                format!(
                    "`{successor}` (`PlainClient::{}`)",
                    method_name(&operation_name(successor))
                )
            } else if field_name(successor) == successor {
                format!("`{successor}`")
            } else {
                format!("`{successor}` (`{}`)", field_name(successor))
            }
        };
        if let Some(reason) = deprecation_reason(old, ty, field) {
            out.insert(change.coordinate(), format!("Plain said: {reason}"));
            continue;
        }
        let candidates = added(ty);
        let successor = if root {
            by_shared_words(field, &candidates)
        } else {
            plural(field, &candidates).or_else(|| flag_to_enum(new, ty, field, &candidates))
        };
        if let Some(successor) = successor {
            out.insert(change.coordinate(), format!("use {}", named(successor)));
        }
    }
    out
}

fn deprecation_reason(schema: &Schema, ty: &str, field: &str) -> Option<String> {
    let directives = match schema.types.get(ty)? {
        ExtendedType::Object(o) => &o.fields.get(field)?.directives,
        ExtendedType::Interface(i) => &i.fields.get(field)?.directives,
        ExtendedType::InputObject(i) => &i.fields.get(field)?.directives,
        _ => return None,
    };
    let directive = directives.get("deprecated")?;
    let reason = directive.specified_argument_by_name("reason")?;
    reason.as_str().map(str::to_owned)
}

fn plural<'a>(field: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let wanted = [format!("{field}s"), format!("{field}es")];
    candidates
        .iter()
        .copied()
        .find(|c| wanted.iter().any(|w| w == c))
}

/// `isX` (or `hasX`) → the one added field whose enum type has the value `X`.
fn flag_to_enum<'a>(
    new: &Schema,
    ty: &str,
    field: &str,
    candidates: &[&'a str],
) -> Option<&'a str> {
    let flag = field
        .strip_prefix("is")
        .or_else(|| field.strip_prefix("has"))?;
    let value = words(flag).join("_").to_uppercase();
    let ExtendedType::Object(object) = new.types.get(ty)? else {
        return None;
    };
    let mut found = candidates.iter().copied().filter(|candidate| {
        object.fields.get(*candidate).is_some_and(|f| {
            matches!(
                new.types.get(f.ty.inner_named_type()),
                Some(ExtendedType::Enum(e)) if e.values.keys().any(|v| v.as_str() == value)
            )
        })
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// The one candidate sharing the longest run (two words or more) of
/// consecutive words with `field`; a tie is no answer.
fn by_shared_words<'a>(field: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let removed = words(field);
    let mut best: Option<(usize, &str)> = None;
    let mut tied = false;
    for candidate in candidates {
        let run = longest_common_run(&removed, &words(candidate));
        if run < 2 {
            continue;
        }
        match best {
            Some((length, _)) if run < length => {}
            Some((length, _)) if run == length => tied = true,
            _ => {
                best = Some((run, candidate));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, c)| c)
}

/// The lower-case words of a camelCase name.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_uppercase() || out.is_empty() {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            last.extend(c.to_lowercase());
        }
    }
    out
}

fn longest_common_run(a: &[String], b: &[String]) -> usize {
    let mut best = 0;
    for i in 0..a.len() {
        for j in 0..b.len() {
            let mut k = 0;
            while i + k < a.len() && j + k < b.len() && a[i + k] == b[j + k] {
                k += 1;
            }
            best = best.max(k);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors_by_name() {
        assert_eq!(
            words("markThreadDiscussionAsResolved"),
            ["mark", "thread", "discussion", "as", "resolved"]
        );
        let added = [
            "changeThreadDiscussionStatus",
            "resolveDiscussionApproval",
            "stopDiscussionTurn",
        ];
        assert_eq!(
            by_shared_words("markThreadDiscussionAsResolved", &added),
            Some("changeThreadDiscussionStatus")
        );
        assert_eq!(by_shared_words("changeKnowledgeGapStatus", &added), None);
        // Two as good: no guess.
        assert_eq!(
            by_shared_words("deleteThreadLink", &["createThreadLink", "bulkThreadLink"]),
            None
        );
        assert_eq!(plural("userId", &["userIds", "teamIds"]), Some("userIds"));
        assert_eq!(plural("userId", &["teamIds"]), None);
    }
}
