//! The error type's tests: what each variant says, the bounds on what it
//! keeps and prints, and the one rule for resending.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;

use super::*;
use crate::operations::{MutationErrorType, MutationFieldErrorType};

fn mutation_error(code: &str, error_type: MutationErrorType) -> MutationError {
    MutationError {
        message: "There was a validation error.".into(),
        error_type,
        code: code.into(),
        fields: vec![MutationFieldError {
            field: "title".into(),
            message: "Title must not be empty".into(),
            error_type: MutationFieldErrorType::Required,
        }],
    }
}

#[test]
fn from_mutation_error_maps_forbidden() {
    let meta = ResponseMeta {
        status: Some(200),
        request_id: Some("req-m".into()),
        attempts: 1,
        operation: Some("CreateThreadEvent".into()),
        gave_up: None,
    };
    let cases = [
        ("forbidden", MutationErrorType::Forbidden, "forbidden"),
        (
            "forbidden",
            MutationErrorType::Other("NEW".into()),
            "forbidden",
        ),
        ("some_code", MutationErrorType::Forbidden, "forbidden"),
        (
            "input_validation",
            MutationErrorType::Validation,
            "mutation",
        ),
        ("internal", MutationErrorType::Internal, "mutation"),
    ];
    for (code, error_type, kind) in cases {
        let error = mutation_error(code, error_type);
        let e = Error::from(ErrorKind::from_mutation_error(error.clone())).with_meta(meta.clone());
        assert_eq!(e.kind_name(), kind, "{code}");
        assert_eq!(e.request_id(), Some("req-m"));
        assert_eq!(e.status(), Some(200));
        assert!(!e.is_retryable());
        match e.into_kind() {
            ErrorKind::Forbidden {
                message,
                mutation_error,
                ..
            } => {
                assert_eq!(message, error.message);
                assert_eq!(mutation_error, Some(error));
            }
            ErrorKind::Mutation { error: inner, .. } => assert_eq!(inner, error),
            other => panic!("{other:?}"),
        }
    }
}

/// Every variant's Display: one line, says what happened and what to do.
#[test]
fn display_is_one_line_and_says_what_to_do() {
    let meta = ResponseMeta {
        status: Some(500),
        request_id: Some("req-d".into()),
        attempts: 2,
        operation: Some("GetCustomerById".into()),
        gave_up: None,
    };
    let gql = |message: &str, code: Option<&str>| GraphQlError {
        message: message.into(),
        locations: None,
        path: None,
        extensions: code.map(|c| {
            let mut map = serde_json::Map::new();
            map.insert("code".into(), json!(c));
            map
        }),
    };
    let cases: Vec<(Error, &[&str])> = vec![
            (
                Error::from(ErrorKind::Forbidden {
                    message: "Invalid API key\nsecond line".into(),
                    mutation_error: None,
                }).with_meta(meta.clone()),
                &["forbidden: Invalid API key second line", "lacks a permission"],
            ),
            (
                Error::from(ErrorKind::Unauthenticated {
                    message: "Invalid API key".into(),
                }).with_meta(meta.clone()),
                &["unauthenticated: Invalid API key", "wrong or revoked"],
            ),
            (
                Error::from(ErrorKind::Redirect {
                    status: 307,
                    location: Some("http://elsewhere.example/graphql".into()),
                }).with_meta(meta.clone()),
                &["HTTP 307 redirecting to \"http://elsewhere.example/graphql\"", "not followed"],
            ),
            (
                Error::from(ErrorKind::BadRequest {
                    errors: GraphQlErrors::from_errors(vec![gql("Cannot query field \"x\".", Some("GRAPHQL_VALIDATION_FAILED"))]),
                    body: BodySnippet::default(),
                }).with_meta(meta.clone()),
                &[
                    "Cannot query field \"x\". (GRAPHQL_VALIDATION_FAILED)",
                    "do not match Plain's schema",
                ],
            ),
            (
                Error::from(ErrorKind::RateLimited {
                    rate_limit: RateLimit {
                        limit: Some(450),
                        remaining: Some(0),
                        reset: Some("2026-01-06T15:30:00.000Z".into()),
                        reset_at: None,
                        retry_after: Some(Duration::from_secs(12)),
                    },
                    errors: GraphQlErrors::default(),
                }).with_meta(meta.clone()),
                &[
                    "0 of 450 requests left",
                    "window resets at 2026-01-06T15:30:00.000Z",
                    "retry after 12s",
                    "wait before retrying",
                ],
            ),
            (
                Error::from(ErrorKind::Server {
                    status: 502,
                    errors: GraphQlErrors::default(),
                    body: BodySnippet::new(b"<html>\n<h1>502 Bad Gateway</h1>\n</html>"),
                }).with_meta(meta.clone()),
                &["HTTP 502", "502 Bad Gateway", "retry later"],
            ),
            (
                Error::from(ErrorKind::Server {
                    status: 404,
                    errors: GraphQlErrors::default(),
                    body: BodySnippet::new(b"Not Found"),
                }).with_meta(meta.clone()),
                &["HTTP 404", "check the base URL"],
            ),
            (
                Error::from(ErrorKind::Server {
                    status: 418,
                    errors: GraphQlErrors::from_errors(vec![gql("teapot", None)]),
                    body: BodySnippet::default(),
                }).with_meta(meta.clone()),
                &["HTTP 418: teapot", "check the base URL"],
            ),
            (
                Error::from(ErrorKind::GraphQl {
                    errors: GraphQlErrors::from_errors(vec![gql("line one\r\nline two", None), gql("b", Some("X"))]),
                    data: None,
                }).with_meta(meta.clone()),
                &["line one  line two; b (X)", "could not complete"],
            ),
            (
                Error::from(ErrorKind::Mutation {
                    error: mutation_error("input_validation", MutationErrorType::Validation),
                })
                .with_meta(ResponseMeta {
                    operation: Some("CreateThreadEvent".into()),
                    ..meta.clone()
                }),
                &[
                    "CreateThreadEvent failed: There was a validation error. (code input_validation); title: Title must not be empty",
                    "fix the input",
                ],
            ),
            (
                Error::from(ErrorKind::Mutation {
                    error: mutation_error("internal", MutationErrorType::Internal),
                }),
                &["mutation failed:", "retry later"],
            ),
            (
                Error::from(ErrorKind::Timeout {
                    timeout: Duration::from_millis(200),
                }).with_meta(meta.clone()),
                &["timed out after 200ms", "raise the timeout"],
            ),
            (
                Error::from(ErrorKind::Decode {
                    message: "the body is not JSON (check that the base URL is Plain's GraphQL endpoint)".into(),
                    body: BodySnippet::new(b"<html>\n</html>"),
                    json_error: None,
                }).with_meta(meta.clone()),
                &["could not decode", "check that the base URL", r#""<html>\n</html>""#],
            ),
            (
                Error::from(ErrorKind::ResponseTooLarge {
                    limit: 1024,
                }).with_meta(meta.clone()),
                &["limit of 1024 bytes", "raise it"],
            ),
            (
                Error::config("PLAIN_API_KEY is not set: create an API key and export it"),
                &["configuration error: PLAIN_API_KEY", "export it"],
            ),
        ];
    for (error, needles) in cases {
        let shown = error.to_string();
        assert!(!shown.contains(['\n', '\r']), "{shown:?}");
        for needle in needles {
            assert!(shown.contains(needle), "{shown:?} lacks {needle:?}");
        }
        if error.meta().is_some_and(|m| m.request_id.is_some()) {
            assert!(shown.contains("request id req-d"), "{shown}");
        }
    }
}

/// Deterministic pseudo-random bytes (xorshift), biased towards UTF-8 lead
/// and continuation bytes so cuts land inside characters often.
pub(crate) fn byte_strings() -> impl Iterator<Item = Vec<u8>> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let samples = ["é", "€", "𝄞", "a", "\n", "\u{7f}"];
    (0..400).map(move |i| {
        let len = match i % 4 {
            0 => (next() % 16) as usize,
            1 => BodySnippet::MAX_LEN - 4 + (next() % 8) as usize,
            _ => (next() % 2048) as usize,
        };
        let mut bytes = Vec::with_capacity(len + 4);
        while bytes.len() < len {
            let r = next();
            match r % 5 {
                0 => bytes.push((r >> 8) as u8),
                1 => bytes.push(0x80 | ((r >> 8) as u8 & 0x3F)),
                2 => bytes.push(0xC0 | ((r >> 8) as u8 & 0x3F)),
                _ => bytes.extend_from_slice(samples[(r >> 8) as usize % samples.len()].as_bytes()),
            }
        }
        bytes
    })
}

#[test]
fn body_snippet_never_panics() {
    let mut count = 0;
    for bytes in byte_strings() {
        count += 1;
        let snippet = BodySnippet::new(&bytes);
        assert_eq!(snippet.total_len(), bytes.len());
        assert!(snippet.as_str().len() <= BodySnippet::MAX_LEN);
        let shown = snippet.to_string();
        assert!(!shown.contains('\n'));
        assert!(shown.len() <= 260, "{} bytes: {shown}", shown.len());
        if snippet.is_truncated() {
            assert!(shown.contains("bytes in all"), "{shown}");
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            // Valid UTF-8 is kept exactly, up to a character boundary.
            assert!(text.starts_with(snippet.as_str()));
            assert!(text.len() - snippet.as_str().len() <= 3 || snippet.is_truncated());
            assert_eq!(snippet.is_truncated(), text.len() > snippet.as_str().len());
        }
    }
    assert_eq!(count, 400);
}

#[test]
fn body_snippet_cuts() {
    let exact = "x".repeat(BodySnippet::MAX_LEN);
    let s = BodySnippet::new(exact.as_bytes());
    assert_eq!(s.as_str(), exact);
    assert!(!s.is_truncated());
    // Display shows the first 200 bytes of it.
    assert_eq!(
        s.to_string(),
        format!("\"{}\" … (512 bytes in all)", "x".repeat(200))
    );
    let short = BodySnippet::new(b"short");
    assert_eq!(short.to_string(), "\"short\"");

    // A four-byte character straddling the cut is dropped whole.
    let mut body = "x".repeat(BodySnippet::MAX_LEN - 2);
    body.push('𝄞');
    let s = BodySnippet::new(body.as_bytes());
    assert_eq!(s.as_str(), "x".repeat(BodySnippet::MAX_LEN - 2));
    assert!(s.is_truncated());
    assert_eq!(s.total_len(), BodySnippet::MAX_LEN + 2);

    // Invalid bytes become U+FFFD, and the text still stays within the bound.
    let garbage = vec![0xFFu8; 600];
    let s = BodySnippet::new(&garbage);
    assert!(s.as_str().len() <= BodySnippet::MAX_LEN);
    assert!(s.as_str().chars().all(|c| c == char::REPLACEMENT_CHARACTER));
    assert!(s.is_truncated());
    assert!(s.to_string().ends_with("(600 bytes in all)"));

    let short_garbage = [b'o', b'k', 0xFF];
    let s = BodySnippet::new(&short_garbage);
    assert_eq!(s.as_str(), "ok\u{FFFD}");
    assert!(!s.is_truncated());

    assert_eq!(BodySnippet::new(b""), BodySnippet::default());
}

fn server(status: u16) -> Error {
    Error::from(ErrorKind::Server {
        status,
        errors: GraphQlErrors::default(),
        body: BodySnippet::default(),
    })
}

fn rate_limited(retry_after: Option<u64>, reset_at: Option<SystemTime>) -> Error {
    Error::from(ErrorKind::RateLimited {
        rate_limit: RateLimit {
            retry_after: retry_after.map(Duration::from_secs),
            reset_at,
            ..RateLimit::default()
        },
        errors: GraphQlErrors::default(),
    })
}

/// What each error means for resending: the one rule that both
/// `is_retryable` and the retry policy read.
#[test]
fn failure_table() {
    let reset = UNIX_EPOCH + Duration::from_secs(1_767_713_400);
    let cases: Vec<(&str, Error, Failure)> = vec![
        (
            "rate limited with figures",
            rate_limited(Some(3), Some(reset)),
            Failure::RateLimited(crate::response::AskedWait {
                retry_after: Some(Duration::from_secs(3)),
                reset_at: Some(reset),
            }),
        ),
        (
            "rate limited without figures",
            rate_limited(None, None),
            Failure::RateLimited(crate::response::AskedWait::default()),
        ),
        ("500", server(500), Failure::MayHaveRun),
        ("502", server(502), Failure::MayHaveRun),
        ("503", server(503), Failure::MayHaveRun),
        ("504", server(504), Failure::MayHaveRun),
        ("501", server(501), Failure::Final),
        ("404", server(404), Failure::Final),
        (
            "timeout",
            Error::from(ErrorKind::Timeout {
                timeout: Duration::from_millis(10),
            }),
            Failure::MayHaveRun,
        ),
        (
            "redirect",
            Error::from(ErrorKind::Redirect {
                status: 307,
                location: None,
            }),
            Failure::Final,
        ),
        (
            "400",
            Error::from(ErrorKind::BadRequest {
                errors: GraphQlErrors::default(),
                body: BodySnippet::default(),
            }),
            Failure::Final,
        ),
        (
            "401",
            Error::from(ErrorKind::Unauthenticated {
                message: "no".into(),
            }),
            Failure::Final,
        ),
        (
            "403",
            Error::from(ErrorKind::Forbidden {
                message: "no".into(),
                mutation_error: None,
            }),
            Failure::Final,
        ),
        (
            "GraphQL errors, with data",
            Error::from(ErrorKind::GraphQl {
                errors: GraphQlErrors::default(),
                data: Some(RawValue::from_string("{}".into()).unwrap()),
            }),
            Failure::Final,
        ),
        (
            "decode",
            Error::from(ErrorKind::Decode {
                message: "x".into(),
                body: BodySnippet::default(),
                json_error: None,
            }),
            Failure::Final,
        ),
        (
            "too large",
            Error::from(ErrorKind::ResponseTooLarge { limit: 1 }),
            Failure::Final,
        ),
        ("config", Error::config("x"), Failure::Final),
    ];
    for (name, error, expected) in cases {
        assert_eq!(error.failure(), expected, "{name}");
        assert_eq!(error.is_retryable(), expected != Failure::Final, "{name}");
    }
}

fn gql(message: &str) -> GraphQlError {
    GraphQlError {
        message: message.into(),
        locations: None,
        path: None,
        extensions: None,
    }
}

/// The most bytes a `Display` may take, whatever the server sent.
const DISPLAY_BOUND: usize = 1200;

#[test]
fn display_is_bounded_whatever_the_server_sent() {
    let huge = "m".repeat(1_000_000);
    let meta = || ResponseMeta {
        status: Some(503),
        request_id: Some("r".repeat(ResponseMeta::MAX_REQUEST_ID_LEN)),
        attempts: 3,
        operation: Some("O".repeat(10_000).into()),
        gave_up: Some(GiveUp::MutationMayHaveRun),
    };
    let many: Vec<GraphQlError> = (0..50).map(|_| gql(&huge)).collect();
    let mutation = MutationError {
        message: huge.clone(),
        error_type: MutationErrorType::Other(huge.clone()),
        code: huge.clone(),
        fields: (0..1000)
            .map(|_| MutationFieldError {
                field: huge[..1000].into(),
                message: huge[..1000].into(),
                error_type: MutationFieldErrorType::Required,
            })
            .collect(),
    };
    let errors = vec![
        Error::from(ErrorKind::Unauthenticated {
            message: huge.clone(),
        })
        .with_meta(meta()),
        Error::from(ErrorKind::Forbidden {
            message: huge.clone(),
            mutation_error: None,
        })
        .with_meta(meta()),
        Error::from(ErrorKind::BadRequest {
            errors: GraphQlErrors::from_errors(many.clone()),
            body: BodySnippet::new(huge.as_bytes()),
        })
        .with_meta(meta()),
        Error::from(ErrorKind::RateLimited {
            rate_limit: RateLimit {
                limit: Some(u64::MAX),
                remaining: Some(u64::MAX),
                reset: Some(huge.clone()),
                reset_at: None,
                retry_after: Some(Duration::MAX),
            },
            errors: GraphQlErrors::from_errors(many.clone()),
        })
        .with_meta(meta()),
        Error::from(ErrorKind::Redirect {
            status: 307,
            location: Some(huge.clone()),
        })
        .with_meta(meta()),
        Error::from(ErrorKind::Server {
            status: 503,
            errors: GraphQlErrors::default(),
            body: BodySnippet::new("\u{1}".repeat(1000).as_bytes()),
        })
        .with_meta(meta()),
        Error::from(ErrorKind::GraphQl {
            errors: GraphQlErrors::from_errors(many),
            data: None,
        })
        .with_meta(meta()),
        Error::from(ErrorKind::Mutation { error: mutation }).with_meta(meta()),
        Error::from(ErrorKind::Decode {
            message: huge.clone(),
            body: BodySnippet::new(huge.as_bytes()),
            json_error: None,
        })
        .with_meta(meta()),
        Error::config(huge.clone()),
    ];
    for error in errors {
        let shown = error.to_string();
        assert!(
            shown.len() <= DISPLAY_BOUND,
            "{} bytes: {shown}",
            shown.len()
        );
        assert!(!shown.contains('\n'));
    }
}

#[test]
fn line_breaks_and_bidirectional_overrides_never_reach_the_reader() {
    let sneaky =
        "ok\u{2028}next\u{2029}para\u{202e}desrever\u{2066}iso\u{2069}\u{200b}\u{feff}\r\nend";
    let error = Error::from(ErrorKind::GraphQl {
        errors: GraphQlErrors::from_errors(vec![gql(sneaky)]),
        data: None,
    })
    .with_meta(ResponseMeta {
        request_id: Some("id\u{202e}".into()),
        ..ResponseMeta::default()
    });
    let shown = error.to_string();
    for c in [
        '\u{2028}', '\u{2029}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{feff}', '\r',
        '\n',
    ] {
        assert!(!shown.contains(c), "{c:?} in {shown:?}");
    }
    assert!(shown.contains("ok next para desrever iso"), "{shown}");
    // In a body snippet they are escaped, as Rust escapes them.
    let body = BodySnippet::new(sneaky.as_bytes()).to_string();
    assert!(
        body.contains(r"\u{2028}") && body.contains(r"\u{202e}"),
        "{body}"
    );
}

#[test]
fn a_long_text_is_cut_with_a_count() {
    assert_eq!(wire("abcdef", 4).to_string(), "abcd… (2 more characters)");
    assert_eq!(wire("abcd", 4).to_string(), "abcd");
    // The bound is in bytes: a character that does not fit is left out whole.
    assert_eq!(wire("ééé", 3).to_string(), "é… (2 more characters)");
    assert_eq!(wire("𝄞", 3).to_string(), "… (1 more characters)");
    assert_eq!(wire("", 0).to_string(), "");
}

fn raw(json: &str) -> Box<RawValue> {
    RawValue::from_string(json.to_owned()).unwrap()
}

#[test]
fn graphql_errors_keep_the_first_ones_and_count_the_rest() {
    let mut errors = GraphQlErrors::default();
    for i in 0..1000 {
        errors.push_raw(&raw(&format!(
            r#"{{"message":"e{i}","locations":[{{"line":1,"column":{i}}}],"path":["a",{i}]}}"#
        )));
    }
    // A decisive code after the kept ones is kept too, once.
    errors.push_raw(&raw(
        r#"{"message":"slow down","extensions":{"code":"RATE_LIMITED"}}"#,
    ));
    errors.push_raw(&raw(
        r#"{"message":"again","extensions":{"code":"RATE_LIMITED"}}"#,
    ));
    errors.push_raw(&raw(
        r#"{"message":"other","extensions":{"code":"INTERNAL"}}"#,
    ));
    assert_eq!(errors.total(), 1003);
    assert_eq!(errors.len(), GraphQlErrors::KEPT + 1);
    assert_eq!(errors.elided(), 1003 - GraphQlErrors::KEPT - 1);
    assert_eq!(errors[3].message, "e3");
    assert_eq!(
        errors[3].locations,
        Some(vec![GraphQlLocation { line: 1, column: 3 }])
    );
    assert_eq!(errors[3].path, Some(vec![json!("a"), json!(3)]));
    assert_eq!(
        errors.with_code("RATE_LIMITED").unwrap().message,
        "slow down"
    );

    // An oversized error keeps its message and code; an odd one is described.
    let mut errors = GraphQlErrors::default();
    let big = format!(
        r#"{{"message":"big","extensions":{{"code":"X","blob":"{}"}}}}"#,
        "b".repeat(GraphQlErrors::MAX_ERROR_BYTES)
    );
    errors.push_raw(&raw(&big));
    errors.push_raw(&raw(r#""just a string""#));
    errors.push_raw(&raw(r#"{"message":5}"#));
    assert_eq!(errors[0].message, "big");
    assert_eq!(errors[0].code(), Some("X"));
    assert_eq!(errors[0].extensions.as_ref().unwrap().len(), 1);
    assert!(
        errors[1].message.contains("just a string"),
        "{}",
        errors[1].message
    );
    assert!(errors[2].message.contains("5"), "{}", errors[2].message);
}

#[test]
fn errors_answer_without_a_match() {
    let reset = SystemTime::now() + Duration::from_secs(3600);
    let limited = rate_limited(None, Some(reset));
    assert_eq!(limited.rate_limit().unwrap().reset_at, Some(reset));
    let wait = limited.retry_after().unwrap();
    assert!(
        wait > Duration::from_secs(3590) && wait <= Duration::from_secs(3600),
        "{wait:?}"
    );
    assert_eq!(
        rate_limited(Some(7), Some(reset)).retry_after(),
        Some(Duration::from_secs(7))
    );
    assert_eq!(
        rate_limited(None, Some(UNIX_EPOCH)).retry_after(),
        Some(Duration::ZERO)
    );
    assert_eq!(server(503).retry_after(), None);
    assert!(server(503).rate_limit().is_none());

    let mutation = Error::from(ErrorKind::from_mutation_error(mutation_error(
        "input_validation",
        MutationErrorType::Validation,
    )));
    assert_eq!(mutation.mutation_error().unwrap().code, "input_validation");
    let forbidden = Error::from(ErrorKind::from_mutation_error(mutation_error(
        "forbidden",
        MutationErrorType::Forbidden,
    )));
    assert_eq!(forbidden.kind_name(), "forbidden");
    assert_eq!(forbidden.mutation_error().unwrap().code, "forbidden");
    assert!(server(500).mutation_error().is_none());

    let graphql = Error::from(ErrorKind::GraphQl {
        errors: GraphQlErrors::from_errors(vec![gql("a"), gql("b")]),
        data: Some(RawValue::from_string(r#"{"a":1}"#.into()).unwrap()),
    });
    assert_eq!(graphql.graphql_errors().len(), 2);
    assert_eq!(graphql.graphql_errors()[1].message, "b");
    assert_eq!(
        graphql.partial_data::<serde_json::Value>(),
        Some(json!({"a": 1}))
    );
    assert!(Error::config("x").graphql_errors().is_empty());
}

/// An error's message and its `source()` never say the same thing: a
/// report that prints the chain prints each cause once.
#[test]
fn no_cause_is_printed_twice_in_a_chain() {
    let json_error = serde_json::from_str::<u8>("[1]").unwrap_err();
    let cause = json_error.to_string();
    let decode = Error::from(ErrorKind::Decode {
        message: format!("the body is not JSON: {cause}"),
        body: BodySnippet::new(b"[1]"),
        json_error: Some(json_error),
    });
    let long = crate::ui::text("x".repeat(20_000)).into();
    let component = Error::from(crate::ui::event_components([long]).unwrap_err());
    for error in [decode, component] {
        let mut shown = vec![error.to_string()];
        let mut next = std::error::Error::source(&error);
        while let Some(source) = next {
            shown.push(source.to_string());
            next = source.source();
        }
        for (i, later) in shown.iter().enumerate().skip(1) {
            assert!(!shown[i - 1].contains(later.as_str()), "{shown:?}");
        }
        assert_eq!(shown.len(), 1, "the message says it all: {shown:?}");
    }
}
