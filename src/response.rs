//! Turning an HTTP response into data or a typed [`Error`]: pure functions of
//! (status, headers, body), tested without a server. The errors made here
//! carry no [`ResponseMeta`](crate::ResponseMeta): the client attaches it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, LOCATION};
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{BodySnippet, ErrorKind, GraphQlErrors};
use crate::retry::GiveUp;
use crate::time;

/// Facts about the HTTP exchange behind an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Plain's request id (`apigw-requestid` header): quote it to Plain's
    /// support. At most [`ResponseMeta::MAX_REQUEST_ID_LEN`] bytes are kept.
    pub request_id: Option<String>,
    /// How many times the request was sent.
    pub attempts: u32,
    /// Name of the operation, when known.
    pub operation: Option<Cow<'static, str>>,
    /// Why the request was not sent again, when the error itself was one
    /// that a retry might have cured (see [`crate::retry`]).
    pub gave_up: Option<GiveUp>,
}

impl ResponseMeta {
    /// The longest request id kept; Plain's are about 16 characters.
    pub const MAX_REQUEST_ID_LEN: usize = 128;
}

/// Plain's rate-limit figures, from the `x-ratelimit-*` and `Retry-After` headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per window (`x-ratelimit-limit`).
    pub limit: Option<u64>,
    /// Requests left in the window (`x-ratelimit-remaining`).
    pub remaining: Option<u64>,
    /// When the window resets, as Plain sent it: an ISO-8601 time
    /// (`x-ratelimit-reset`). Kept only when it is one.
    pub reset: Option<String>,
    /// `reset` as a time.
    pub reset_at: Option<SystemTime>,
    /// `Retry-After`, when present, in seconds.
    pub retry_after: Option<Duration>,
}

impl RateLimit {
    /// How long Plain asked to wait before sending again, seen from `now`:
    /// `Retry-After`, else the time until `x-ratelimit-reset` (zero once it
    /// is past); `None` when Plain said neither.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// # let mut rate_limit = plain_sdk::RateLimit::default();
    /// # rate_limit.reset_at = Some(UNIX_EPOCH + Duration::from_secs(70));
    /// // A window that resets at 70 s, seen at 60 s.
    /// let now = UNIX_EPOCH + Duration::from_secs(60);
    /// assert_eq!(rate_limit.wait_from(now), Some(Duration::from_secs(10)));
    /// ```
    pub fn wait_from(&self, now: SystemTime) -> Option<Duration> {
        self.wait().from(now)
    }

    pub(crate) fn wait(&self) -> AskedWait {
        AskedWait {
            retry_after: self.retry_after,
            reset_at: self.reset_at,
        }
    }
}

/// What Plain said about waiting, before a clock reads it: what the retry
/// decision carries ([`crate::retry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct AskedWait {
    pub retry_after: Option<Duration>,
    pub reset_at: Option<SystemTime>,
}

impl AskedWait {
    /// The one reading of it: `Retry-After`, else until the reset (zero
    /// once past).
    pub(crate) fn from(self, now: SystemTime) -> Option<Duration> {
        self.retry_after
            .or_else(|| Some(self.reset_at?.duration_since(now).unwrap_or(Duration::ZERO)))
    }
}

/// Header carrying Plain's request id.
pub(crate) const REQUEST_ID_HEADER: &str = "apigw-requestid";

/// The GraphQL envelope. `data` stays raw so it is decoded once, straight
/// into the operation's own types; `errors` are kept bounded.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "bounded_errors")]
    errors: GraphQlErrors,
}

/// `errors` (or `null`), each element kept raw until [`GraphQlErrors`]
/// decides whether to keep it: a million errors cost a count, not a million
/// decoded values.
fn bounded_errors<'de, D: Deserializer<'de>>(deserializer: D) -> Result<GraphQlErrors, D::Error> {
    struct Errors;
    impl<'de> Visitor<'de> for Errors {
        type Value = GraphQlErrors;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of GraphQL errors")
        }
        fn visit_unit<E>(self) -> Result<GraphQlErrors, E> {
            Ok(GraphQlErrors::default())
        }
        fn visit_none<E>(self) -> Result<GraphQlErrors, E> {
            Ok(GraphQlErrors::default())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<GraphQlErrors, D::Error> {
            d.deserialize_seq(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GraphQlErrors, A::Error> {
            let mut errors = GraphQlErrors::default();
            while let Some(raw) = seq.next_element::<&'de RawValue>()? {
                errors.push_raw(raw);
            }
            Ok(errors)
        }
    }
    deserializer.deserialize_option(Errors)
}

/// A response's head: its status and headers, with the rate-limit headers
/// parsed at most once, and only when something asks (the pacer, the span,
/// a 429): a success read by neither costs no parsing.
#[derive(Debug)]
pub(crate) struct Head<'a> {
    pub status: u16,
    headers: Cow<'a, HeaderMap>,
    rate_limit: std::sync::OnceLock<RateLimit>,
}

impl Head<'static> {
    /// The client's head, owning the headers it took from the response.
    pub(crate) fn owned(status: u16, headers: HeaderMap) -> Self {
        Head::with(status, Cow::Owned(headers))
    }
}

impl<'a> Head<'a> {
    /// A head over headers lent by the caller (the benches, the fuzz harness,
    /// tests).
    pub(crate) fn new(status: u16, headers: &'a HeaderMap) -> Self {
        Self::with(status, Cow::Borrowed(headers))
    }

    fn with(status: u16, headers: Cow<'a, HeaderMap>) -> Self {
        Head {
            status,
            headers,
            rate_limit: std::sync::OnceLock::new(),
        }
    }

    /// The `x-ratelimit-*` and `Retry-After` figures, parsed on first use.
    pub(crate) fn rate_limit(&self) -> &RateLimit {
        self.rate_limit.get_or_init(|| rate_limit(&self.headers))
    }

    /// Plain's request id, bounded.
    pub(crate) fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }

    /// `Location`, for a redirect.
    fn location(&self) -> Option<String> {
        self.headers
            .get(LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    }
}

/// A response's `data` decoded into `T`, or what went wrong: the success
/// path first ([`decode_success`]), the full classification
/// ([`classify`], [`decode_data`]) for anything else. The one decoding the
/// client does, which the benches and the fuzz harness run too.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    head: &Head<'_>,
    body: &[u8],
) -> Result<T, ErrorKind> {
    match decode_success(head.status, body) {
        Some(data) => Ok(data),
        None => decode_data(classify(head, body)?),
    }
}

/// Reads the request id from the response headers, at most
/// [`ResponseMeta::MAX_REQUEST_ID_LEN`] bytes of it.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    let id = headers.get(REQUEST_ID_HEADER)?.to_str().ok()?;
    // `to_str` admits visible ASCII only, so any byte is a character boundary.
    Some(id[..id.len().min(ResponseMeta::MAX_REQUEST_ID_LEN)].to_owned())
}

/// Whether `data` shows that the operation ran: some root field is not null.
pub(crate) fn ran(data: Option<&RawValue>) -> bool {
    let Some(data) = data else {
        return false;
    };
    match serde_json::from_str::<HashMap<String, &RawValue>>(data.get()) {
        Ok(fields) => fields.values().any(|value| value.get() != "null"),
        // Not an object: whatever it is, Plain sent something for it.
        Err(_) => data.get() != "null",
    }
}

/// Classifies a response. On success returns the raw `data` JSON, which the
/// caller decodes with [`decode_data`].
pub(crate) fn classify<'a>(head: &Head<'_>, body: &'a [u8]) -> Result<&'a RawValue, ErrorKind> {
    let status = head.status;
    // Only an object is a GraphQL response: serde would also read a struct
    // from a JSON array, taking `[x, y]` for `{"data": x, "errors": y}`.
    let parsed: Result<Envelope<'a>, Option<serde_json::Error>> = if is_json_object(body) {
        serde_json::from_slice(body).map_err(Some)
    } else {
        Err(None)
    };
    let (data, errors, envelope_error) = match parsed {
        Ok(Envelope { data, errors }) => (data.filter(|d| d.get() != "null"), errors, None),
        Err(e) => (None, GraphQlErrors::default(), e),
    };
    let first_message = |errors: &GraphQlErrors| {
        errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_else(|| format!("HTTP {status}"))
    };

    match status {
        // Plain answers a key without a permission 401 too, saying
        // FORBIDDEN: the key is good, its role is short of something.
        401 => Err(match errors.with_code("FORBIDDEN") {
            Some(refusal) => ErrorKind::Forbidden {
                message: refusal.message.clone(),
                mutation_error: None,
            },
            None => ErrorKind::Unauthenticated {
                message: first_message(&errors),
            },
        }),
        403 => Err(ErrorKind::Forbidden {
            message: first_message(&errors),
            mutation_error: None,
        }),
        429 => Err(ErrorKind::RateLimited {
            rate_limit: head.rate_limit().clone(),
            errors,
        }),
        400 => Err(ErrorKind::BadRequest {
            body: if errors.total() == 0 {
                BodySnippet::new(body)
            } else {
                BodySnippet::default()
            },
            errors,
        }),
        300..=399 => Err(ErrorKind::Redirect {
            status,
            location: head.location(),
        }),
        200..=299 if errors.total() > 0 => {
            // Data means the operation ran, whatever the errors say: it is
            // kept on the error and never taken for a refusal to resend.
            if !ran(data) {
                if errors.with_code("RATE_LIMITED").is_some() {
                    return Err(ErrorKind::RateLimited {
                        rate_limit: head.rate_limit().clone(),
                        errors,
                    });
                }
                if let Some(refusal) = errors.with_code("UNAUTHENTICATED") {
                    return Err(ErrorKind::Unauthenticated {
                        message: refusal.message.clone(),
                    });
                }
                if let Some(refusal) = errors.with_code("FORBIDDEN") {
                    return Err(ErrorKind::Forbidden {
                        message: refusal.message.clone(),
                        mutation_error: None,
                    });
                }
            }
            Err(ErrorKind::GraphQl {
                errors,
                data: data.map(RawValue::to_owned),
            })
        }
        200..=299 => match data {
            Some(raw) => Ok(raw),
            None => {
                let (message, json_error) = not_a_response(body, envelope_error);
                Err(ErrorKind::Decode {
                    message,
                    body: BodySnippet::new(body),
                    json_error,
                })
            }
        },
        _ => Err(ErrorKind::Server {
            status,
            body: BodySnippet::new(body),
            errors,
        }),
    }
}

/// Whether the body's first significant byte opens a JSON object.
fn is_json_object(body: &[u8]) -> bool {
    body.trim_ascii_start().first() == Some(&b'{')
}

/// Why a 2xx body held no usable `data`, and the JSON error behind it if any.
fn not_a_response(
    body: &[u8],
    envelope_error: Option<serde_json::Error>,
) -> (String, Option<serde_json::Error>) {
    const HINT: &str = "check that the base URL is Plain's GraphQL endpoint";
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        let what = if body.trim_ascii().is_empty() {
            "the body is empty"
        } else {
            "the body is not JSON"
        };
        return (format!("{what} ({HINT})"), Some(e));
    }
    match envelope_error {
        Some(e) => (
            format!("the body is not a GraphQL response: {e} ({HINT})"),
            Some(e),
        ),
        None if !is_json_object(body) => (
            format!("the body is JSON but not an object, so not a GraphQL response ({HINT})"),
            None,
        ),
        None => (
            format!("the body has no `data` and no `errors` ({HINT})"),
            None,
        ),
    }
}

/// The common case, straight into `T`: a 2xx response whose body is an
/// object with non-null `data` that fits `T` and no `errors`. `None` for
/// anything else, which then goes through [`classify`] and [`decode_data`]
/// to find out what it is. Never differs from them where it answers.
///
/// The envelope is read first with `data` left raw, and `T` decoded only
/// once `errors` are known to be absent: a body with errors never costs a
/// decoded copy of its data (which for `serde_json::Value` is many times the
/// body's size). Measured against decoding in one pass: 1.005 × the time.
pub(crate) fn decode_success<T: serde::de::DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Option<T> {
    #[derive(Deserialize)]
    struct Success<'a> {
        #[serde(borrow)]
        data: Option<&'a RawValue>,
        #[serde(default)]
        errors: Option<serde::de::IgnoredAny>,
    }
    if !(200..300).contains(&status) || !is_json_object(body) {
        return None;
    }
    match serde_json::from_slice::<Success<'_>>(body) {
        Ok(Success {
            data: Some(data),
            errors: None,
        }) => serde_json::from_str(data.get()).ok(),
        _ => None,
    }
}

/// Decodes `data` into the operation's response type. On failure the error
/// names the JSON path that did not fit.
pub(crate) fn decode_data<T: serde::de::DeserializeOwned>(raw: &RawValue) -> Result<T, ErrorKind> {
    serde_json::from_str(raw.get()).map_err(|first| {
        // Decode again, slowly, only to learn where it failed.
        let mut track = serde_path_to_error::Track::new();
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let located = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
        let path = match located {
            Err(_) => match track.path().to_string() {
                root if root == "." => String::from("data"),
                path => format!("data.{path}"),
            },
            Ok(_) => String::from("data"),
        };
        ErrorKind::Decode {
            message: format!(
                "{path} does not match the generated types ({first}); \
                 Plain's schema may have changed: regenerate with the current schema"
            ),
            body: BodySnippet::new(raw.get().as_bytes()),
            json_error: Some(first),
        }
    })
}

/// Reads the rate-limit headers. Unparseable values are left out, never fatal.
pub(crate) fn rate_limit(headers: &HeaderMap) -> RateLimit {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let reset =
        text("x-ratelimit-reset").and_then(|v| Some((v, time::parse(v, &time::Syntax::HEADER)?)));
    RateLimit {
        limit: text("x-ratelimit-limit").and_then(|v| v.parse().ok()),
        remaining: text("x-ratelimit-remaining").and_then(|v| v.parse().ok()),
        reset: reset.map(|(text, _)| text.to_owned()),
        reset_at: reset.and_then(|(_, at)| at.system_time()),
        retry_after: text("retry-after")
            .and_then(|v| v.parse::<u64>().ok())
            .map(Duration::from_secs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use reqwest::header::{HeaderName, HeaderValue};
    use serde_json::json;
    use std::time::UNIX_EPOCH;

    /// One response as the transport would hand it over.
    struct Case {
        name: &'static str,
        status: u16,
        headers: Vec<(&'static str, Vec<u8>)>,
        body: Vec<u8>,
        /// `None` for success, else the expected [`Error::kind_name`].
        kind: Option<&'static str>,
        retryable: bool,
        /// Further checks on the outcome.
        check: fn(&Result<&RawValue, Error>),
    }

    fn case(name: &'static str, status: u16, body: impl Into<Vec<u8>>) -> Case {
        Case {
            name,
            status,
            headers: Vec::new(),
            body: body.into(),
            kind: None,
            retryable: false,
            check: |_| {},
        }
    }

    impl Case {
        fn header(mut self, name: &'static str, value: impl Into<Vec<u8>>) -> Self {
            self.headers.push((name, value.into()));
            self
        }
        fn fails(mut self, kind: &'static str, retryable: bool) -> Self {
            self.kind = Some(kind);
            self.retryable = retryable;
            self
        }
        fn check(mut self, check: fn(&Result<&RawValue, Error>)) -> Self {
            self.check = check;
            self
        }
    }

    fn header_map(headers: &[(&str, Vec<u8>)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        map
    }

    /// The meta the transport builds before classifying.
    fn meta_for(status: u16, headers: &HeaderMap) -> ResponseMeta {
        ResponseMeta {
            status: Some(status),
            request_id: request_id(headers),
            attempts: 1,
            operation: Some("TestOperation".into()),
            gave_up: None,
        }
    }

    fn html(title: &str) -> Vec<u8> {
        format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n\
             <center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n"
        )
        .into_bytes()
    }

    const PLAIN_429_BODY: &str = r#"{"errors":[{"message":"Too Many Requests - Rate limit exceeded","extensions":{"code":"RATE_LIMITED"}}]}"#;

    fn decode_message(outcome: &Result<&RawValue, Error>) -> String {
        match outcome.as_ref().map_err(Error::kind) {
            Err(ErrorKind::Decode { message, .. }) => message.clone(),
            other => panic!("expected ErrorKind::Decode, got {other:?}"),
        }
    }

    fn server_body_starts_with_html(outcome: &Result<&RawValue, Error>) {
        let Err(ErrorKind::Server { body, errors, .. }) = outcome.as_ref().map_err(Error::kind)
        else {
            panic!("expected ErrorKind::Server, got {outcome:?}");
        };
        assert!(errors.is_empty());
        assert!(body.as_str().starts_with("<html>"), "{body}");
        assert!(!body.is_truncated());
    }

    fn cases() -> Vec<Case> {
        let long_non_json = {
            // A two-byte character straddles the 512-byte cut.
            let mut body = "a".repeat(BodySnippet::MAX_LEN - 1);
            body.push('é');
            body.push_str(&"b".repeat(300));
            body
        };
        let long_html = {
            let mut body = String::from("<html><body>");
            body.push_str(&"<p>Service Unavailable</p>".repeat(60));
            body.push_str("</body></html>");
            body
        };
        vec![
            case("200 with data", 200, r#"{"data":{"customer":{"id":"c_1"}}}"#).check(|o| {
                assert_eq!(o.as_ref().unwrap().get(), r#"{"customer":{"id":"c_1"}}"#);
            }),
            case(
                "200 with data and empty errors",
                200,
                r#"{"data":{"a":1},"errors":[]}"#,
            )
            .check(|o| assert_eq!(o.as_ref().unwrap().get(), r#"{"a":1}"#)),
            case(
                "200 with data and null errors, with whitespace",
                200,
                " \n{ \"errors\" : null , \"data\" : { \"a\" : 1 } }\n",
            )
            .check(|o| assert_eq!(o.as_ref().unwrap().get(), r#"{ "a" : 1 }"#)),
            case(
                "200 with errors and partial data",
                200,
                r#"{"data":{"a":1,"b":null},"errors":[{"message":"b failed","path":["b"],"locations":[{"line":1,"column":5}]}]}"#,
            )
            .fails("graphql", false)
            .check(|o| {
                let e = o.as_ref().unwrap_err();
                let ErrorKind::GraphQl { errors, data, .. } = e.kind() else {
                    panic!("{e:?}")
                };
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].message, "b failed");
                assert_eq!(errors[0].path, Some(vec![json!("b")]));
                assert_eq!(
                    errors[0].locations,
                    Some(vec![crate::GraphQlLocation { line: 1, column: 5 }])
                );
                assert_eq!(errors[0].code(), None);
                assert_eq!(data.as_ref().map(|d| d.get()), Some(r#"{"a":1,"b":null}"#));
                assert!(e.to_string().contains("the operation ran"), "{e}");
                #[derive(serde::Deserialize, Debug, PartialEq)]
                struct Partial {
                    a: i64,
                    b: Option<i64>,
                }
                assert_eq!(e.partial_data::<Partial>(), Some(Partial { a: 1, b: None }));
                // Data of the wrong shape is simply not available.
                assert_eq!(e.partial_data::<Vec<String>>(), None);
            }),
            case(
                "200 with data null and errors",
                200,
                r#"{"data" : null,"errors":[{"message":"Cannot return null for non-nullable field Query.x"}]}"#,
            )
            .fails("graphql", false)
            .check(|o| {
                let e = o.as_ref().unwrap_err();
                let ErrorKind::GraphQl { errors, data, .. } = e.kind() else {
                    panic!("{e:?}")
                };
                assert_eq!(errors.len(), 1);
                assert!(data.is_none());
                assert_eq!(e.partial_data::<serde_json::Value>(), None);
                assert!(e.to_string().contains("could not complete"), "{e}");
            }),
            case(
                "200 with errors and no data key",
                200,
                r#"{"errors":[{"message":"boom","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#,
            )
            .fails("graphql", false)
            .check(|o| {
                let Err(ErrorKind::GraphQl { errors, data, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert_eq!(errors[0].code(), Some("INTERNAL_SERVER_ERROR"));
                assert!(data.is_none());
            }),
            case(
                "200 with data and RATE_LIMITED: it ran",
                200,
                r#"{"data":{"createThreadEvent":{"threadEvent":{"id":"tev_1"},"error":null}},"errors":[{"message":"Too Many Requests","extensions":{"code":"RATE_LIMITED"}}]}"#,
            )
            .fails("graphql", false)
            .check(|o| {
                let e = o.as_ref().unwrap_err();
                let ErrorKind::GraphQl { errors, data, .. } = e.kind() else {
                    panic!("{e:?}")
                };
                assert_eq!(errors[0].code(), Some("RATE_LIMITED"));
                assert!(data.as_ref().unwrap().get().contains("tev_1"));
                assert!(e.to_string().contains("the operation ran"), "{e}");
            }),
            case(
                "200 with a null root field and RATE_LIMITED: it did not run",
                200,
                r#"{"data":{"createThreadEvent":null},"errors":[{"message":"Too Many Requests","extensions":{"code":"RATE_LIMITED"}}]}"#,
            )
            .fails("rate_limited", true),
            case(
                "200 with data and FORBIDDEN for one field: it ran",
                200,
                r#"{"data":{"a":1,"b":null},"errors":[{"message":"no b for you","extensions":{"code":"FORBIDDEN"}}]}"#,
            )
            .fails("graphql", false),
            case("200 with a thousand errors", 200, {
                let errors: Vec<String> = (0..1000)
                    .map(|i| format!(r#"{{"message":"e{i}"}}"#))
                    .collect();
                format!(r#"{{"data":null,"errors":[{}]}}"#, errors.join(","))
            })
            .fails("graphql", false)
            .check(|o| {
                let Err(e @ ErrorKind::GraphQl { errors, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert_eq!(errors.len(), GraphQlErrors::KEPT);
                assert_eq!(errors.total(), 1000);
                assert!(e.to_string().contains("e0; e1; e2; and 997 more errors"), "{e}");
            }),
            case("200 with RATE_LIMITED error", 200, PLAIN_429_BODY)
                .header("x-ratelimit-limit", "450")
                .header("x-ratelimit-remaining", "0")
                .fails("rate_limited", true)
                .check(|o| {
                    let Err(ErrorKind::RateLimited {
                        rate_limit, errors, ..
                    }) = o.as_ref().map_err(Error::kind)
                    else {
                        panic!("{o:?}")
                    };
                    assert_eq!(rate_limit.limit, Some(450));
                    assert_eq!(rate_limit.remaining, Some(0));
                    assert_eq!(errors[0].code(), Some("RATE_LIMITED"));
                }),
            case(
                "200 with FORBIDDEN error",
                200,
                r#"{"data":null,"errors":[{"message":"Missing permission customer:read","extensions":{"code":"FORBIDDEN"}}]}"#,
            )
            .fails("forbidden", false)
            .check(|o| {
                let Err(ErrorKind::Forbidden {
                    message,
                    mutation_error,
                    ..
                }) = o.as_ref().map_err(Error::kind)
                else {
                    panic!("{o:?}")
                };
                assert_eq!(message, "Missing permission customer:read");
                assert!(mutation_error.is_none());
            }),
            case(
                "200 with UNAUTHENTICATED error",
                200,
                r#"{"errors":[{"message":"Invalid API key","extensions":{"code":"UNAUTHENTICATED"}}]}"#,
            )
            .fails("unauthenticated", false)
            .check(|o| {
                let Err(ErrorKind::Unauthenticated { message, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert_eq!(message, "Invalid API key");
            }),
            case(
                "200 with FORBIDDEN as the second error",
                200,
                r#"{"data":{"a":null},"errors":[{"message":"a failed"},{"message":"Missing permission thread:read","extensions":{"code":"FORBIDDEN"}}]}"#,
            )
            .fails("forbidden", false)
            .check(|o| {
                let Err(ErrorKind::Forbidden { message, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert_eq!(message, "Missing permission thread:read");
            }),
            case(
                "401 with a GraphQL error",
                401,
                r#"{"errors":[{"message":"Authentication required","extensions":{"code":"UNAUTHENTICATED"}}]}"#,
            )
            .fails("unauthenticated", false)
            .check(|o| {
                let Err(ErrorKind::Unauthenticated { message, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert_eq!(message, "Authentication required");
            }),
            // What Plain answers a key whose role lacks a permission.
            case(
                "401 saying FORBIDDEN",
                401,
                r#"{"errors":[{"message":"Insufficient permissions, missing customer:read","extensions":{"code":"FORBIDDEN"}}]}"#,
            )
            .fails("forbidden", false)
            .check(|o| {
                let e = o.as_ref().unwrap_err();
                let ErrorKind::Forbidden { message, .. } = e.kind() else {
                    panic!("{o:?}")
                };
                assert_eq!(message, "Insufficient permissions, missing customer:read");
                assert!(e.to_string().contains("lacks a permission"), "{e}");
                assert!(!e.to_string().contains("revoked"), "{e}");
            }),
            case("401 without a body", 401, "")
                .fails("unauthenticated", false)
                .check(|o| {
                    let Err(ErrorKind::Unauthenticated { message, .. }) = o.as_ref().map_err(Error::kind) else {
                        panic!("{o:?}")
                    };
                    assert_eq!(message, "HTTP 401");
                }),
            case(
                "403 with a GraphQL error",
                403,
                r#"{"errors":[{"message":"API key lacks permission","extensions":{"code":"FORBIDDEN"}}]}"#,
            )
            .fails("forbidden", false)
            .check(|o| {
                let Err(ErrorKind::Forbidden { message, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert_eq!(message, "API key lacks permission");
            }),
            case("403 with an HTML body", 403, html("403 Forbidden"))
                .fails("forbidden", false)
                .check(|o| {
                    let Err(ErrorKind::Forbidden { message, .. }) = o.as_ref().map_err(Error::kind) else {
                        panic!("{o:?}")
                    };
                    assert_eq!(message, "HTTP 403");
                }),
            case(
                "400 with GraphQL validation errors",
                400,
                r#"{"errors":[{"message":"Cannot query field \"nope\" on type \"Query\".","locations":[{"line":1,"column":3}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}},{"message":"Variable \"$input\" of required type \"CreateThreadEventInput!\" was not provided.","extensions":{"code":"BAD_USER_INPUT"}}]}"#,
            )
            .fails("bad_request", false)
            .check(|o| {
                let Err(ErrorKind::BadRequest { errors, body, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert_eq!(errors.len(), 2);
                assert_eq!(errors[0].code(), Some("GRAPHQL_VALIDATION_FAILED"));
                assert!(errors[0].message.contains("nope"));
                assert_eq!(errors[1].code(), Some("BAD_USER_INPUT"));
                assert_eq!(body, &BodySnippet::default());
            }),
            case("400 with a non-JSON body", 400, "Bad Request: malformed JSON\n")
                .fails("bad_request", false)
                .check(|o| {
                    let Err(ErrorKind::BadRequest { errors, body, .. }) = o.as_ref().map_err(Error::kind) else {
                        panic!("{o:?}")
                    };
                    assert!(errors.is_empty());
                    assert_eq!(body.as_str(), "Bad Request: malformed JSON\n");
                    assert_eq!(body.total_len(), 28);
                }),
            case("429 with rate-limit headers", 429, PLAIN_429_BODY)
                .header("x-ratelimit-limit", "450")
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", "2026-01-06T15:30:00.000Z")
                .header("retry-after", "30")
                .fails("rate_limited", true)
                .check(|o| {
                    let Err(ErrorKind::RateLimited {
                        rate_limit, errors, ..
                    }) = o.as_ref().map_err(Error::kind)
                    else {
                        panic!("{o:?}")
                    };
                    assert_eq!(
                        rate_limit,
                        &RateLimit {
                            limit: Some(450),
                            remaining: Some(0),
                            reset: Some("2026-01-06T15:30:00.000Z".into()),
                            reset_at: Some(UNIX_EPOCH + Duration::from_secs(1_767_713_400)),
                            retry_after: Some(Duration::from_secs(30)),
                        }
                    );
                    assert_eq!(errors.len(), 1);
                    assert_eq!(errors[0].message, "Too Many Requests - Rate limit exceeded");
                }),
            case("429 with garbage headers and no body", 429, "")
                .header("x-ratelimit-limit", "lots")
                .header("x-ratelimit-remaining", b"\xff\xfe".to_vec())
                .header("x-ratelimit-reset", "soon")
                .header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")
                .fails("rate_limited", true)
                .check(|o| {
                    let Err(ErrorKind::RateLimited {
                        rate_limit, errors, ..
                    }) = o.as_ref().map_err(Error::kind)
                    else {
                        panic!("{o:?}")
                    };
                    assert_eq!(rate_limit, &RateLimit::default());
                    assert!(errors.is_empty());
                }),
            case("500 with an HTML body", 500, html("500 Internal Server Error"))
                .fails("server", true)
                .check(server_body_starts_with_html),
            case("502 with an HTML body", 502, html("502 Bad Gateway"))
                .fails("server", true)
                .check(server_body_starts_with_html),
            case("503 with an HTML body", 503, html("503 Service Unavailable"))
                .fails("server", true)
                .check(server_body_starts_with_html),
            case("504 with an HTML body", 504, html("504 Gateway Time-out"))
                .fails("server", true)
                .check(server_body_starts_with_html),
            case(
                "500 with GraphQL errors",
                500,
                r#"{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#,
            )
            .fails("server", true)
            .check(|o| {
                let Err(ErrorKind::Server { errors, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert_eq!(errors[0].code(), Some("INTERNAL_SERVER_ERROR"));
            }),
            case("404", 404, "Not Found")
                .fails("server", false)
                .check(|o| {
                    let Err(ErrorKind::Server { status, body, .. }) = o.as_ref().map_err(Error::kind) else {
                        panic!("{o:?}")
                    };
                    assert_eq!(*status, 404);
                    assert_eq!(body.as_str(), "Not Found");
                }),
            case("302 redirect", 302, "")
                .header("location", "https://example.com/")
                .fails("redirect", false)
                .check(|o| {
                    let Err(ErrorKind::Redirect { status, location, .. }) = o.as_ref().map_err(Error::kind) else {
                        panic!("{o:?}")
                    };
                    assert_eq!(*status, 302);
                    assert_eq!(location.as_deref(), Some("https://example.com/"));
                }),
            case("307 redirect without a location", 307, "")
                .fails("redirect", false)
                .check(|o| {
                    let e = o.as_ref().unwrap_err();
                    assert!(e.to_string().contains("no Location header"), "{e}");
                }),
            case("200 with a non-JSON body", 200, html("OK"))
                .fails("decode", false)
                .check(|o| {
                    assert!(decode_message(o).starts_with("the body is not JSON"));
                    let Err(ErrorKind::Decode { json_error, body, .. }) = o.as_ref().map_err(Error::kind) else {
                        unreachable!()
                    };
                    assert!(json_error.is_some());
                    assert!(body.as_str().starts_with("<html>"));
                }),
            case("200 with an empty JSON array", 200, "[]")
                .fails("decode", false)
                .check(|o| assert!(decode_message(o).contains("not an object"))),
            case(
                "200 with an array shaped like data and errors",
                200,
                r#"[{"customer":null},[{"message":"x"}]]"#,
            )
            .fails("decode", false)
            .check(|o| assert!(decode_message(o).contains("not an object"))),
            case("200 with a JSON string", 200, r#""x""#)
                .fails("decode", false)
                .check(|o| assert!(decode_message(o).contains("not an object"))),
            case("200 with JSON null", 200, "null")
                .fails("decode", false)
                .check(|o| assert!(decode_message(o).contains("not an object"))),
            case("200 with an empty object", 200, "{}")
                .fails("decode", false)
                .check(|o| {
                    assert!(decode_message(o).contains("no `data` and no `errors`"));
                }),
            case("200 with data null and no errors", 200, r#"{"data":null}"#)
                .fails("decode", false)
                .check(|o| {
                    assert!(decode_message(o).contains("no `data` and no `errors`"));
                }),
            case(
                "200 with malformed errors",
                200,
                r#"{"data":{"a":1},"errors":[{"msg":"no message field"}]}"#,
            )
            .fails("graphql", false)
            .check(|o| {
                // Whatever an error looks like, it is kept, described.
                let Err(ErrorKind::GraphQl { errors, .. }) = o.as_ref().map_err(Error::kind) else {
                    panic!("{o:?}")
                };
                assert!(errors[0].message.contains("no message field"), "{errors:?}");
            }),
            case(
                "200 with errors that are not an array",
                200,
                r#"{"data":{"a":1},"errors":"oops"}"#,
            )
            .fails("decode", false)
            .check(|o| {
                let message = decode_message(o);
                assert!(message.contains("not a GraphQL response"), "{message}");
            }),
            case(
                "200 with truncated JSON",
                200,
                r#"{"data":{"customer":{"id":"c_"#,
            )
            .fails("decode", false)
            .check(|o| {
                assert!(decode_message(o).starts_with("the body is not JSON"));
                let Err(ErrorKind::Decode { body, json_error, .. }) = o.as_ref().map_err(Error::kind) else {
                    unreachable!()
                };
                assert_eq!(body.as_str(), r#"{"data":{"customer":{"id":"c_"#);
                assert!(json_error.as_ref().unwrap().is_eof());
            }),
            case("200 with an empty body", 200, "")
                .fails("decode", false)
                .check(|o| {
                    assert!(decode_message(o).starts_with("the body is empty"));
                    let Err(ErrorKind::Decode { body, .. }) = o.as_ref().map_err(Error::kind) else {
                        unreachable!()
                    };
                    assert_eq!(body.total_len(), 0);
                }),
            case("500 with an empty body", 500, "")
                .fails("server", true)
                .check(|o| {
                    let Err(ErrorKind::Server { body, .. }) = o.as_ref().map_err(Error::kind) else {
                        panic!("{o:?}")
                    };
                    assert_eq!(body.as_str(), "");
                    assert!(o.as_ref().unwrap_err().to_string().contains(r#"body """#));
                }),
            case("200 with a long non-JSON body", 200, long_non_json)
                .fails("decode", false)
                .check(|o| {
                    let Err(ErrorKind::Decode { body, .. }) = o.as_ref().map_err(Error::kind) else {
                        panic!("{o:?}")
                    };
                    // The two-byte 'é' at bytes 511..513 is dropped whole.
                    assert_eq!(body.as_str(), "a".repeat(BodySnippet::MAX_LEN - 1));
                    assert_eq!(body.total_len(), BodySnippet::MAX_LEN + 1 + 300);
                    assert!(body.is_truncated());
                    assert!(body.to_string().ends_with(" … (813 bytes in all)"));
                }),
            case("503 with a long HTML body", 503, long_html)
                .fails("server", true)
                .check(|o| {
                    let Err(ErrorKind::Server { body, .. }) = o.as_ref().map_err(Error::kind) else {
                        panic!("{o:?}")
                    };
                    assert_eq!(body.as_str().len(), BodySnippet::MAX_LEN);
                    assert_eq!(body.total_len(), 12 + 26 * 60 + 14);
                    assert!(body.is_truncated());
                }),
        ]
    }

    #[test]
    fn classify_table() {
        for (i, case) in cases().into_iter().enumerate() {
            let name = case.name;
            let request_id = format!("req-{i}");
            let headers = header_map(&case.headers);
            let mut with_id = headers.clone();
            with_id.insert(
                REQUEST_ID_HEADER,
                HeaderValue::from_str(&request_id).unwrap(),
            );
            let meta = meta_for(case.status, &with_id);
            // The client attaches the exchange's facts to what classify returns.
            let outcome = classify(&Head::new(case.status, &with_id), &case.body)
                .map_err(|e| Error::from(e).with_meta(meta.clone()));
            match (case.kind, &outcome) {
                (None, Ok(_)) => {}
                (None, Err(e)) => panic!("{name}: expected success, got {e:?}"),
                (Some(kind), Ok(raw)) => panic!("{name}: expected {kind}, got Ok({raw})"),
                (Some(kind), Err(e)) => {
                    assert_eq!(e.kind_name(), kind, "{name}: {e:?}");
                    assert_eq!(e.request_id(), Some(request_id.as_str()), "{name}");
                    assert_eq!(e.status(), Some(case.status), "{name}");
                    assert_eq!(e.is_retryable(), case.retryable, "{name}");
                    assert_eq!(e.meta(), Some(&meta), "{name}");
                    assert_eq!(e.attempts(), 1, "{name}");
                    let shown = e.to_string();
                    assert!(!shown.contains('\n'), "{name}: {shown}");
                    assert!(shown.contains(&request_id), "{name}: {shown}");
                    assert!(shown.contains("operation TestOperation"), "{name}: {shown}");
                }
            }
            (case.check)(&outcome);

            // Without the request-id header the outcome is the same, minus the id.
            let outcome = classify(&Head::new(case.status, &headers), &case.body)
                .map_err(|e| Error::from(e).with_meta(meta_for(case.status, &headers)));
            assert_eq!(outcome.is_ok(), case.kind.is_none(), "{name}");
            if let Err(e) = outcome {
                assert_eq!(e.request_id(), None, "{name}");
            }
        }
    }

    #[test]
    fn request_id_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_id(&headers), None);
        headers.insert(REQUEST_ID_HEADER, HeaderValue::from_static("Ab1cDEfGhI="));
        assert_eq!(request_id(&headers).as_deref(), Some("Ab1cDEfGhI="));
        headers.insert(
            REQUEST_ID_HEADER,
            HeaderValue::from_bytes(b"not \xff utf-8").unwrap(),
        );
        assert_eq!(request_id(&headers), None);
    }

    #[test]
    fn rate_limit_table() {
        let day = Duration::from_secs(86_400);
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Vec<(&str, &[u8])>, RateLimit)> = vec![
            ("no headers", vec![], RateLimit::default()),
            (
                "all of Plain's headers",
                vec![
                    ("x-ratelimit-limit", b"1000"),
                    ("x-ratelimit-remaining", b"998"),
                    ("x-ratelimit-reset", b"2026-01-06T15:30:00.000Z"),
                    ("retry-after", b"86400"),
                ],
                RateLimit {
                    limit: Some(1000),
                    remaining: Some(998),
                    reset: Some("2026-01-06T15:30:00.000Z".into()),
                    reset_at: Some(UNIX_EPOCH + Duration::from_secs(1_767_713_400)),
                    retry_after: Some(day),
                },
            ),
            (
                "padded values and an offset",
                vec![
                    ("x-ratelimit-limit", b" 450 "),
                    ("x-ratelimit-reset", b" 2026-01-06T15:30:00+01:00 "),
                    ("retry-after", b"0"),
                ],
                RateLimit {
                    limit: Some(450),
                    reset: Some("2026-01-06T15:30:00+01:00".into()),
                    reset_at: Some(UNIX_EPOCH + Duration::from_secs(1_767_709_800)),
                    retry_after: Some(Duration::ZERO),
                    ..RateLimit::default()
                },
            ),
            (
                "garbage everywhere",
                vec![
                    ("x-ratelimit-limit", b"-1"),
                    ("x-ratelimit-remaining", b"1.5"),
                    ("x-ratelimit-reset", b"tomorrow"),
                    ("retry-after", b"soon"),
                ],
                RateLimit::default(),
            ),
            (
                "overflow and non-UTF-8",
                vec![
                    ("x-ratelimit-limit", b"99999999999999999999999"),
                    ("x-ratelimit-remaining", b"\x80\x81"),
                    ("x-ratelimit-reset", b"2026-01-06\xffT15"),
                    ("retry-after", b""),
                ],
                RateLimit::default(),
            ),
            (
                "reset that only starts like a date",
                vec![
                    ("x-ratelimit-reset", b"2026-01-06; rm -rf"),
                    ("retry-after", b"Wed, 21 Oct 2015 07:28:00 GMT"),
                ],
                RateLimit::default(),
            ),
            (
                "short reset",
                vec![("x-ratelimit-reset", b"2026-01")],
                RateLimit::default(),
            ),
            (
                "date-only reset",
                vec![("x-ratelimit-reset", b"2026-01-06")],
                RateLimit::default(),
            ),
            (
                "reset without an offset is UTC",
                vec![("x-ratelimit-reset", b"2026-01-06 15:30:00")],
                RateLimit {
                    reset: Some("2026-01-06 15:30:00".into()),
                    reset_at: Some(UNIX_EPOCH + Duration::from_secs(1_767_713_400)),
                    ..RateLimit::default()
                },
            ),
            (
                "reset before 1970 is kept as text only",
                vec![("x-ratelimit-reset", b"1969-12-31T23:59:59Z")],
                RateLimit {
                    reset: Some("1969-12-31T23:59:59Z".into()),
                    ..RateLimit::default()
                },
            ),
        ];
        for (name, headers, expected) in cases {
            let headers: Vec<(&str, Vec<u8>)> =
                headers.into_iter().map(|(n, v)| (n, v.to_vec())).collect();
            assert_eq!(rate_limit(&header_map(&headers)), expected, "{name}");
        }
    }

    #[test]
    fn decode_data_success_and_wrong_types() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Data {
            customer: Option<Customer>,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Customer {
            id: String,
            emails: Vec<Email>,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Email {
            email: String,
        }
        let raw = |s: &str| RawValue::from_string(s.to_owned()).unwrap();

        let ok: Data = decode_data(&raw(
            r#"{"customer":{"id":"c_1","emails":[{"email":"a@b.c"}]}}"#,
        ))
        .unwrap();
        assert_eq!(ok.customer.unwrap().emails[0].email, "a@b.c");
        let none: Data = decode_data(&raw(r#"{"customer":null}"#)).unwrap();
        assert_eq!(none, Data { customer: None });

        let cases = [
            (r#"{"customer":{"id":42,"emails":[]}}"#, "data.customer.id "),
            (
                r#"{"customer":{"id":"c_1","emails":[{"email":"a@b.c"},{"email":false}]}}"#,
                "data.customer.emails[1].email ",
            ),
            (r#"{"customer":{"id":"c_1"}}"#, "data.customer "),
            (r#"{"customer":"c_1"}"#, "data.customer "),
            ("[]", "data "),
            ("1", "data "),
        ];
        for (json, path) in cases {
            let err = decode_data::<Data>(&raw(json)).unwrap_err();
            let ErrorKind::Decode {
                message,
                body,
                json_error,
                ..
            } = &err
            else {
                panic!("{json}: {err:?}")
            };
            assert!(
                message.starts_with(&format!("{path}does not match the generated types")),
                "{json}: {message}"
            );
            assert!(message.contains("regenerate"), "{json}: {message}");
            assert!(json_error.is_some(), "{json}");
            assert_eq!(body.as_str(), json);
            assert_eq!(err.name(), "decode");
            assert!(!err.to_string().contains('\n'), "{err}");
            assert!(!Error::from(err).is_retryable());
        }
    }

    #[test]
    fn decode_data_with_generated_types() {
        use crate::operations::{create_thread_event, get_customer_by_id};
        let raw = |s: &str| RawValue::from_string(s.to_owned()).unwrap();

        let err = decode_data::<get_customer_by_id::ResponseData>(&raw(r#"{"customer":{"id":7}}"#))
            .unwrap_err();
        assert!(
            err.to_string().contains("data.customer.id does not match"),
            "{err}"
        );
        let none =
            decode_data::<get_customer_by_id::ResponseData>(&raw(r#"{"customer":null}"#)).unwrap();
        assert!(none.customer.is_none());
        // A missing root field is not "not found".
        let err = decode_data::<get_customer_by_id::ResponseData>(&raw("{}")).unwrap_err();
        assert!(
            err.to_string().contains("missing field `customer`"),
            "{err}"
        );

        let err = decode_data::<create_thread_event::ResponseData>(
            &raw(r#"{"createThreadEvent":{"threadEvent":null,"error":{"message":"m","type":"VALIDATION","code":"input_validation","fields":[{"field":"title","message":"x","type":7}]}}}"#),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("data.createThreadEvent.error.fields[0].type does not match"),
            "{err}"
        );
    }

    #[test]
    fn decode_success_agrees_with_classify() {
        for case in cases() {
            let headers = header_map(&case.headers);
            let slow = classify(&Head::new(case.status, &headers), &case.body)
                .and_then(decode_data::<serde_json::Value>);
            let fast = decode_success::<serde_json::Value>(case.status, &case.body);
            if let Some(fast) = fast {
                assert_eq!(Some(fast), slow.ok(), "{}", case.name);
            }
        }
        // Where the fast path declines, the slow one decides.
        let declined: [(u16, &[u8]); 8] = [
            (200, br#"{"data":{"a":1},"errors":[]}"#),
            (200, br#"{"data":null}"#),
            (200, br#"[{"a":1}]"#),
            (200, b"not json"),
            (200, br#"{"data":{"a":1},"errors":[{"message":"x"}]}"#),
            (500, br#"{"data":{"a":1}}"#),
            (200, br#"{"data":{"a":1}"#),
            (200, br#"{"errors":null}"#),
        ];
        for (status, body) in declined {
            assert_eq!(
                decode_success::<serde_json::Value>(status, body),
                None,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert_eq!(
            decode_success::<serde_json::Value>(200, br#" {"errors":null,"data":{"a":1}} "#),
            Some(json!({"a": 1}))
        );
        // Data of the wrong shape declines, so that decode_data can name the path.
        #[derive(serde::Deserialize, Debug)]
        struct Shape {
            #[allow(dead_code)]
            a: String,
        }
        assert!(decode_success::<Shape>(200, br#"{"data":{"a":1}}"#).is_none());
    }
}

#[cfg(test)]
mod arbitrary_bytes {
    use super::*;

    #[test]
    fn classifying_arbitrary_bytes_never_panics() {
        for bytes in crate::error::tests::byte_strings() {
            for status in [200, 302, 400, 401, 403, 429, 500] {
                let _ = classify(&Head::new(status, &HeaderMap::new()), &bytes);
            }
        }
    }
}
