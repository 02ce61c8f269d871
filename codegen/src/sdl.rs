//! The schema text every parser here is given.
//!
//! GraphQL builds some directives in, so a schema uses them without defining
//! them: graphql-js prints `input X @oneOf { … }` and leaves the definition
//! out. Parsers older than a directive (apollo-compiler 1.x predates
//! `@oneOf`) refuse such a schema ("cannot find directive"). [`prepared`]
//! adds the spec's definition of each built-in directive the text uses and
//! does not define, so the build script, `plain-opgen`, `MockPlain` and the
//! tests all read the same schema, whichever GraphQL features Plain adopts.

use std::borrow::Cow;

/// Directives the GraphQL specification builds in that the parsers used
/// here may not know, with their definitions as the specification gives them.
const BUILT_IN: &[(&str, &str)] = &[(
    "oneOf",
    "\"\"\"\nIndicates exactly one field must be supplied and this field must not be `null`.\n\"\"\"\ndirective @oneOf on INPUT_OBJECT\n",
)];

/// `text`, with a definition of each built-in directive it uses but does not
/// define appended.
pub fn prepared(text: &str) -> Cow<'_, str> {
    let missing: Vec<&str> = BUILT_IN
        .iter()
        .filter(|(name, _)| uses_directive(text, name) && !defines_directive(text, name))
        .map(|(_, definition)| *definition)
        .collect();
    if missing.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 128);
    out.push_str(text);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for definition in missing {
        out.push('\n');
        out.push_str(definition);
    }
    Cow::Owned(out)
}

/// `text` with every use of `@oneOf` removed (its definition, if any, stays).
///
/// graphql_client turns a `@oneOf` input into a Rust enum, which would break
/// every caller the day Plain marks an input it already has (a struct built
/// with `new()` and setters) as `@oneOf`. The generator gives graphql_client
/// this text instead, so such an input stays a struct whose fields are all
/// optional: source-compatible, with "exactly one" checked by Plain (and by
/// `MockPlain`).
pub fn without_one_of(text: &str) -> Cow<'_, str> {
    let uses: Vec<usize> = directive_uses(text, "oneOf")
        .filter(|at| !text[..*at].trim_end().ends_with("directive"))
        .collect();
    if uses.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for at in uses {
        out.push_str(&text[from..at]);
        from = at + "@oneOf".len();
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// Where `@name` occurs as a directive (not as a prefix of a longer name).
fn directive_uses<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    let needle_len = name.len() + 1;
    text.match_indices('@').filter_map(move |(at, _)| {
        let rest = &text[at + 1..];
        let boundary = !rest[name.len().min(rest.len())..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        (rest.starts_with(name) && boundary && at + needle_len <= text.len()).then_some(at)
    })
}

/// Whether `@name` occurs as a directive (not as a prefix of a longer name).
fn uses_directive(text: &str, name: &str) -> bool {
    directive_uses(text, name).any(|at| !text[..at].trim_end().ends_with("directive"))
}

/// Whether `text` defines `directive @name`.
fn defines_directive(text: &str, name: &str) -> bool {
    text.lines().any(|line| {
        line.trim_start()
            .strip_prefix("directive")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('@'))
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| {
                !rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_used_and_undefined_built_in_is_added() {
        let one_of = "type Query { a(i: I): Int }\ninput I @oneOf { x: Int y: String }\n";
        let cases = [
            (one_of, true),
            // Defined by the schema already (as graphql-js prints a schema with every directive).
            (
                "directive @oneOf on INPUT_OBJECT\ninput I @oneOf { x: Int }\n",
                false,
            ),
            // Not used; a longer name is another directive.
            ("type Query { a: Int }\n", false),
            (
                "directive @oneOfMany on FIELD_DEFINITION\ntype Query { a: Int @oneOfMany }\n",
                false,
            ),
        ];
        for (text, added) in cases {
            let out = prepared(text);
            assert_eq!(matches!(out, Cow::Owned(_)), added, "{text}");
            assert!(out.starts_with(text));
            assert_eq!(
                out.matches("directive @oneOf on").count(),
                usize::from(added || text.contains("directive @oneOf on")),
                "{out}"
            );
        }
        // A use is removed, a definition kept.
        let defined = "directive @oneOf on INPUT_OBJECT\ninput I @oneOf { x: Int }\ninput J @oneOfMany { y: Int }\n";
        assert_eq!(
            without_one_of(defined),
            "directive @oneOf on INPUT_OBJECT\ninput I  { x: Int }\ninput J @oneOfMany { y: Int }\n"
        );
        assert!(matches!(
            without_one_of("type Query { a: Int }"),
            Cow::Borrowed(_)
        ));
        // Preparing twice adds nothing more.
        let once = prepared(one_of).into_owned();
        assert!(matches!(prepared(&once), Cow::Borrowed(_)));
    }
}
