//! What the client knows of an operation: whether it reads or writes (the
//! fact the retry policy needs most), and, for the generated operations,
//! the [`Operation`] facts codegen writes.
//!
//! The kind is that of the operation that runs: the one `operationName`
//! names, or the document's only operation. Anything the client cannot be
//! sure of counts as a mutation, the kind that is never resent blindly.

use graphql_client::GraphQLQuery;

use crate::operations::MutationErrorParts;

/// What every generated operation (the marker types in
/// [`operations`](crate::operations)) states about itself without a request.
///
/// ```
/// use plain_sdk::{operations::CreateThreadEvent, OperationKind, PlainOperation};
///
/// assert_eq!(CreateThreadEvent::NAME, "CreateThreadEvent");
/// assert_eq!(CreateThreadEvent::KIND, OperationKind::Mutation);
/// ```
pub trait PlainOperation: GraphQLQuery {
    /// The operation's name, as sent in `operationName`.
    const NAME: &'static str;
    /// Whether it reads or writes.
    const KIND: OperationKind;
}

/// The facts codegen writes for each generated operation, read by the one
/// generic path every method takes ([`PlainClient::run`](crate::PlainClient)).
pub(crate) trait Operation: PlainOperation {
    /// What the method returns: a query's root field value; a mutation's
    /// entity (or its whole output when that has more than the entity and
    /// `error`, or `()` when it has only `error`).
    type Output;
    /// The document, already encoded as a JSON string.
    const QUERY_JSON: &'static str;

    /// Whether sending it twice with these variables does no harm (the
    /// reviewed list in `codegen/src/facts.rs`).
    fn is_idempotent(_variables: &Self::Variables) -> bool {
        false
    }

    /// The method's result, out of the response's `data`.
    fn output(data: Self::ResponseData) -> Result<Self::Output, NoOutput>;
}

/// Why a response that decoded has no result for the method.
#[derive(Debug)]
pub(crate) enum NoOutput {
    /// The mutation reported an error: it did not apply.
    Mutation(MutationErrorParts),
    /// Neither an error nor the entity: the GraphQL path of what is missing.
    Missing(&'static str),
}

impl From<NoOutput> for crate::error::ErrorKind {
    /// The one mapping of a method's missing result to an error.
    fn from(missing: NoOutput) -> Self {
        match missing {
            NoOutput::Mutation(error) => Self::from_mutation_error(error.into()),
            NoOutput::Missing(path) => Self::Decode {
                message: format!(
                    "{path} is null and so is the mutation's error: Plain answered \
                     neither what it did nor why it did not"
                ),
                body: crate::error::BodySnippet::default(),
                json_error: None,
            },
        }
    }
}

/// Whether an operation reads (query) or writes (mutation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationKind {
    /// Reads only: always safe to resend.
    Query,
    /// Changes data: resending may apply it twice.
    Mutation,
}

impl OperationKind {
    /// The kind of the operation that runs when `document` is sent with
    /// `operation_name`: the operation of that name, or, without a name, the
    /// document's only operation.
    ///
    /// A mutation, a subscription, a name the document does not define,
    /// several operations and no name, or a document that cannot be read
    /// all count as [`OperationKind::Mutation`]: the safer guess.
    ///
    /// ```
    /// use plain_sdk::OperationKind;
    ///
    /// let doc = "query Probe { myWorkspace { id } } mutation Create { createWorkspace { error { message } } }";
    /// assert_eq!(OperationKind::of(doc, Some("Probe")), OperationKind::Query);
    /// assert_eq!(OperationKind::of(doc, Some("Create")), OperationKind::Mutation);
    /// assert_eq!(OperationKind::of(doc, None), OperationKind::Mutation);
    /// assert_eq!(OperationKind::of("{ myWorkspace { id } }", None), OperationKind::Query);
    /// ```
    pub fn of(document: &str, operation_name: Option<&str>) -> OperationKind {
        let Some(operations) = operations(document) else {
            return OperationKind::Mutation;
        };
        let chosen = match operation_name {
            Some(name) => operations
                .iter()
                .find(|op| op.name.as_deref() == Some(name)),
            None if operations.len() == 1 => operations.first(),
            None => None,
        };
        match chosen {
            Some(Definition {
                keyword: Keyword::Query,
                ..
            }) => OperationKind::Query,
            _ => OperationKind::Mutation,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Query,
    Mutation,
    Subscription,
}

/// One operation definition of a document.
#[derive(Debug, PartialEq, Eq)]
struct Definition {
    keyword: Keyword,
    name: Option<String>,
}

/// The operation definitions of an executable document, or `None` if it is
/// not one this reader understands.
fn operations(document: &str) -> Option<Vec<Definition>> {
    let mut tokens = Lexer {
        rest: document.strip_prefix('\u{feff}').unwrap_or(document),
    };
    let mut found = Vec::new();
    while let Some(token) = tokens.next()? {
        let keyword = match token {
            // `{ … }` alone is a query without a name.
            Token::Punct('{') => {
                tokens.skip_block()?;
                found.push(Definition {
                    keyword: Keyword::Query,
                    name: None,
                });
                continue;
            }
            Token::Name("query") => Keyword::Query,
            Token::Name("mutation") => Keyword::Mutation,
            Token::Name("subscription") => Keyword::Subscription,
            Token::Name("fragment") => {
                tokens.skip_to_selection_set(0)?;
                continue;
            }
            _ => return None,
        };
        let mut name = None;
        let mut next = tokens.next()?;
        if let Some(Token::Name(n)) = next {
            name = Some(n.to_owned());
            next = tokens.next()?;
        }
        match next {
            Some(Token::Punct('{')) => tokens.skip_block()?,
            Some(Token::Punct('(')) => tokens.skip_to_selection_set(1)?,
            Some(Token::Punct('@')) => tokens.skip_to_selection_set(0)?,
            _ => return None,
        }
        found.push(Definition { keyword, name });
    }
    Some(found)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Name(&'a str),
    Punct(char),
    /// A string, number or `...`: content that never opens or closes a block.
    Other,
}

/// GraphQL's lexical grammar, enough to find where definitions start and end.
struct Lexer<'a> {
    rest: &'a str,
}

impl<'a> Lexer<'a> {
    /// The next token; `Ok(None)` at the end, `None` (outer) on text that is not GraphQL.
    fn next(&mut self) -> Option<Option<Token<'a>>> {
        loop {
            self.rest = self
                .rest
                .trim_start_matches([' ', '\t', '\n', '\r', ',', '\u{feff}']);
            match self.rest.strip_prefix('#') {
                Some(comment) => {
                    self.rest = comment.find(['\n', '\r']).map_or("", |end| &comment[end..]);
                }
                None => break,
            }
        }
        let mut chars = self.rest.chars();
        let Some(first) = chars.next() else {
            return Some(None);
        };
        let token = match first {
            c if c == '_' || c.is_ascii_alphabetic() => {
                let end = self
                    .rest
                    .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
                    .unwrap_or(self.rest.len());
                let (name, rest) = self.rest.split_at(end);
                self.rest = rest;
                return Some(Some(Token::Name(name)));
            }
            '"' => {
                self.skip_string()?;
                return Some(Some(Token::Other));
            }
            '.' if self.rest.starts_with("...") => {
                self.rest = &self.rest[3..];
                return Some(Some(Token::Other));
            }
            c if c == '-' || c.is_ascii_digit() => {
                let end = self.rest[1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')))
                    .map_or(self.rest.len(), |i| i + 1);
                self.rest = &self.rest[end..];
                return Some(Some(Token::Other));
            }
            c @ ('{' | '}' | '(' | ')' | '[' | ']' | ':' | '=' | '@' | '$' | '!' | '|' | '&') => {
                Token::Punct(c)
            }
            _ => return None,
        };
        self.rest = chars.as_str();
        Some(Some(token))
    }

    /// Skips a string or block string, whose braces do not count.
    fn skip_string(&mut self) -> Option<()> {
        if let Some(block) = self.rest.strip_prefix("\"\"\"") {
            let mut at = 0;
            loop {
                let end = at + block[at..].find("\"\"\"")?;
                // `\"""` is an escaped triple quote inside a block string.
                if block[..end].ends_with('\\') {
                    at = end + 3;
                    continue;
                }
                self.rest = &block[end + 3..];
                return Some(());
            }
        }
        let mut escaped = false;
        for (i, c) in self.rest.char_indices().skip(1) {
            match c {
                '\n' | '\r' => return None,
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    self.rest = &self.rest[i + 1..];
                    return Some(());
                }
                _ => escaped = false,
            }
        }
        None
    }

    /// Skips the rest of a `{ … }` block whose `{` was just read.
    fn skip_block(&mut self) -> Option<()> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()?? {
                Token::Punct('{') => depth += 1,
                Token::Punct('}') => depth -= 1,
                _ => {}
            }
        }
        Some(())
    }

    /// Skips variable definitions, type conditions and directives (whose
    /// arguments may hold `{ … }` object values) up to the end of the
    /// selection set that follows them. `parens` counts the `(` already read.
    fn skip_to_selection_set(&mut self, mut parens: usize) -> Option<()> {
        loop {
            match self.next()?? {
                Token::Punct('(') => parens += 1,
                Token::Punct(')') => parens = parens.checked_sub(1)?,
                Token::Punct('{') if parens == 0 => return self.skip_block(),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OperationKind::{self, Mutation, Query};

    #[test]
    fn kind_table() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>, OperationKind)] = &[
            ("query A { a }", None, Query),
            ("query A { a }", Some("A"), Query),
            ("query A { a }", Some("B"), Mutation),
            ("  # comment\nquery A { a }", None, Query),
            ("\u{feff}query A { a }", None, Query),
            ("{ a }", None, Query),
            ("query { a }", None, Query),
            ("mutation M { m }", None, Mutation),
            ("mutation M { m }", Some("M"), Mutation),
            ("subscription S { s }", None, Mutation),
            ("fragment F on T { x { y } } query Q { ...F }", None, Query),
            ("fragment F on T { x } mutation M { ...F }", None, Mutation),
            ("query Q { ...F } fragment F on T @d(a: {b: 1}) { x }", None, Query),
            // The operation that runs, wherever it stands.
            ("query Probe { a } mutation CreateIt { b }", Some("CreateIt"), Mutation),
            ("query Probe { a } mutation CreateIt { b }", Some("Probe"), Query),
            ("mutation CreateIt { b } query Probe { a }", Some("Probe"), Query),
            ("query Probe { a } mutation CreateIt { b }", None, Mutation),
            ("query A { a } query B { b }", None, Mutation),
            ("query A { a } query B { b }", Some("B"), Query),
            // Braces in strings, comments and default values do not count.
            ("query A($x: In = {a: \"}\"}) { f(s: \"{\") }\nmutation B { m }", Some("A"), Query),
            ("query A { f(s: \"\"\" } \\\"\"\" mutation X { \"\"\") } mutation B { m }", Some("A"), Query),
            ("query A { f # }\n } mutation B { m }", Some("A"), Query),
            ("query A @live { a }", Some("A"), Query),
            ("query A { a(n: -1.5e3, l: [1, 2]) }", None, Query),
            // Not something the client can read: a mutation.
            ("", None, Mutation),
            ("queryX { a }", None, Mutation),
            ("query A { a ", None, Mutation),
            ("query A { a } }", None, Mutation),
            ("query A { f(s: \"open) }", None, Mutation),
            ("type Query { a: Int }", None, Mutation),
            ("query A ( { a }", None, Mutation),
            ("query A { a } ~", None, Mutation),
        ];
        for (document, name, expected) in cases {
            assert_eq!(
                OperationKind::of(document, *name),
                *expected,
                "{document:?} {name:?}"
            );
        }
    }

    #[test]
    fn every_prefix_of_a_document_is_read_without_panicking() {
        let document = "# c\nquery A($x: In = {a: \"}\"}) @d { f(s: \"\"\"x\"\"\") ...F } fragment F on T { y }";
        for end in (0..=document.len()).filter(|i| document.is_char_boundary(*i)) {
            let _ = OperationKind::of(&document[..end], Some("A"));
        }
    }
}
