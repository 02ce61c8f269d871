//! The fragments a selection spreads, read from apollo-compiler's syntax
//! tree: what `tools/opgen` and plain-sdk's document test both need before
//! [`crate::layout::fragment_closure`] (feature `apollo`; the build reads
//! documents with another parser and collects its own).

use std::collections::BTreeSet;

use apollo_compiler::ast::Selection;

/// Every fragment name spread in `selections`, at any depth (through fields
/// and inline fragments), added to `out`.
pub fn collect_spreads(selections: &[Selection], out: &mut BTreeSet<String>) {
    for selection in selections {
        match selection {
            Selection::Field(field) => collect_spreads(&field.selection_set, out),
            Selection::FragmentSpread(spread) => {
                out.insert(spread.fragment_name.to_string());
            }
            Selection::InlineFragment(inline) => collect_spreads(&inline.selection_set, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apollo_compiler::ast::{Definition, Document};

    #[test]
    fn spreads_are_found_at_any_depth_once() {
        let document = Document::parse(
            "query Q { a { ...A b { ... on B { ...B ...A } } } ...C }",
            "q.graphql",
        )
        .expect("parses");
        let Some(Definition::OperationDefinition(operation)) = document.definitions.first() else {
            panic!("an operation");
        };
        let mut out = BTreeSet::new();
        collect_spreads(&operation.selection_set, &mut out);
        let expected: BTreeSet<String> = ["A", "B", "C"].map(String::from).into();
        assert_eq!(out, expected);
    }
}
