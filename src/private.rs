//! Not part of the API: entry points for the benchmarks in `benches/` and the
//! fuzz targets in `fuzz/`, which need the client's internal steps one by
//! one. Anything here may change or go away in any release.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use graphql_client::GraphQLQuery;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::client::{encode_with_query, OperationKind};
use crate::error::{Error, ResponseMeta};
use crate::operations::{create_thread_event, get_customer_by_id};
use crate::response::{classify, decode_data, decode_success, request_id};
use crate::retry::{self, Attempt, RetryPolicy};

/// The request body a generated method sends for `Q` with `variables`;
/// `query_json` is `Q`'s document encoded as a JSON string.
pub fn encode_request<Q: GraphQLQuery>(
    variables: Q::Variables,
    query_json: &str,
) -> Result<Bytes, Error> {
    let body = Q::build_query(variables);
    encode_with_query(&body.variables, query_json, body.operation_name)
}

/// Classifies a response and decodes its `data` into `T`, as the client does
/// after reading a response.
pub fn decode_response<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Error> {
    let meta = ResponseMeta {
        status: Some(status),
        request_id: request_id(headers),
        attempts: 1,
        operation: Some("Fuzz".into()),
        gave_up: None,
    };
    if let Some(data) = decode_success(status, body) {
        return Ok(data);
    }
    let raw = classify(status, headers, body, &meta)?;
    decode_data(raw, &meta)
}

/// The statuses [`fuzz_response`] picks from.
const STATUSES: [u16; 14] = [
    200, 200, 200, 201, 204, 302, 400, 401, 403, 404, 429, 500, 502, 503,
];
/// The headers [`fuzz_response`] may set, one bit each.
const HEADERS: [&str; 6] = [
    "apigw-requestid",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "retry-after",
    "content-type",
];

/// One fuzz case for response handling. `data[0]` picks the status,
/// `data[1]` which headers are present; the rest is split on `0xFF` into
/// the header values and, last, the body. Classifies and decodes the response
/// into two operations' types, renders every error, and asks the retry
/// policy about it. Panics only on a broken invariant.
pub fn fuzz_response(data: &[u8]) {
    let (status, mask, rest) = match data {
        [s, m, rest @ ..] => (STATUSES[usize::from(*s) % STATUSES.len()], *m, rest),
        _ => (200, 0, data),
    };
    let present: Vec<&str> = HEADERS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, name)| *name)
        .collect();
    let mut parts = rest.splitn(present.len() + 1, |b| *b == 0xFF);
    let mut headers = HeaderMap::new();
    for name in present {
        let value = parts.next().unwrap_or_default();
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(HeaderName::from_static(name), value);
        }
    }
    let body = parts.next().unwrap_or_default();
    check_response(status, &headers, body);
}

/// Runs every check of [`fuzz_response`] on one response.
pub fn check_response(status: u16, headers: &HeaderMap, body: &[u8]) {
    // The one-pass success path never disagrees with the full classification.
    if let Some(fast) = decode_success::<serde_json::Value>(status, body) {
        let meta = ResponseMeta::default();
        let slow = classify(status, headers, body, &meta)
            .and_then(|raw| decode_data::<serde_json::Value>(raw, &meta));
        assert_eq!(
            Some(&fast),
            slow.as_ref().ok(),
            "fast and slow paths disagree"
        );
    }
    let outcomes = [
        decode_response::<create_thread_event::ResponseData>(status, headers, body).map(drop),
        decode_response::<get_customer_by_id::ResponseData>(status, headers, body).map(drop),
        decode_response::<serde_json::Value>(status, headers, body).map(drop),
    ];
    for outcome in outcomes {
        let Err(error) = outcome else {
            assert!((200..300).contains(&status), "success from HTTP {status}");
            continue;
        };
        check_error(&error);
    }
    if let Some(reset) = headers
        .get("x-ratelimit-reset")
        .and_then(|v| v.to_str().ok())
    {
        let _ = retry::parse_iso8601(reset);
    }
}

/// The invariants of every error: one line, no panic while rendering, a
/// retry decision within the policy's bounds.
pub fn check_error(error: &Error) {
    let shown = error.to_string();
    assert!(!shown.contains('\n'), "error spans lines: {shown:?}");
    let _ = format!("{error:?}");
    let _ = (
        error.kind(),
        error.status(),
        error.request_id(),
        error.is_retryable(),
    );
    let policy = RetryPolicy::default();
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_713_400);
    for kind in [OperationKind::Query, OperationKind::Mutation] {
        for idempotent in [false, true] {
            let attempt = Attempt::new(1, Duration::ZERO, now, 0.999);
            if let retry::Decision::Retry(wait) =
                retry::decide(&policy, kind, idempotent, error, &attempt)
            {
                assert!(wait <= policy.budget, "waits {wait:?} past the budget");
                assert!(error.is_retryable(), "retries a final error: {error}");
            }
        }
    }
}

/// One fuzz case for the UI builders: reads a tree of components from
/// `data`, validates it as thread-event components and as customer-card
/// components, and checks what comes out: an error is one line with a path;
/// a success serializes and respects every documented limit.
pub fn fuzz_ui(data: &[u8]) {
    let mut reader = Reader { data, pos: 0 };
    let specs = reader.list(0);
    check_ui(crate::ui::event_components(
        specs.iter().filter_map(Spec::event),
    ));
    check_ui(crate::ui::card_components(
        specs.iter().filter_map(Spec::card),
    ));
}

fn check_ui<T: serde::Serialize>(built: Result<Vec<T>, crate::ui::UiError>) {
    match built {
        Ok(components) => {
            let json = serde_json::to_value(&components).expect("valid components serialize");
            check_limits(&json);
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.contains('\n'), "UI error spans lines: {shown:?}");
            assert!(e.path().starts_with("components["), "path {:?}", e.path());
        }
    }
}

/// The limits of Plain's schema, on validated output.
fn check_limits(value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Array(items) => items.iter().for_each(check_limits),
        Value::Object(fields) => {
            for (key, field) in fields {
                if let Value::String(text) = field {
                    let max = match key.as_str() {
                        "text" | "plainText" => 10_000,
                        "copyButtonValue" => 1_000,
                        "linkButtonLabel"
                        | "workflowButtonLabel"
                        | "badgeLabel"
                        | "copyButtonTooltip" => 500,
                        _ => usize::MAX,
                    };
                    let chars = text.chars().count();
                    assert!(chars <= max, "{key} has {chars} characters, over {max}");
                }
                if matches!(key.as_str(), "rowMainContent" | "containerContent") {
                    assert!(
                        field.as_array().is_some_and(|a| !a.is_empty()),
                        "{key} is empty"
                    );
                }
                check_limits(field);
            }
        }
        _ => {}
    }
}

/// A component as read from fuzz input, before it is built.
enum Spec {
    Text(String, u8),
    PlainText(String, u8),
    Divider(u8),
    LinkButton(String, String),
    WorkflowById(String, String),
    WorkflowByKey(String, String),
    Spacer(u8),
    Badge(String, u8),
    CopyButton(String, Option<String>),
    DateTime(String),
    UserById(String),
    UserByEmail(String),
    Row(Vec<Spec>, Vec<Spec>),
    Container(Vec<Spec>),
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// A string of a length from one byte (up to about 12,000 characters, to
    /// cross every limit), taken from the input and padded with a character
    /// that may be several bytes long.
    fn string(&mut self) -> String {
        let code = self.byte();
        let len = if code < 128 {
            usize::from(code)
        } else {
            usize::from(code - 128) * 97
        };
        let pad = ['x', 'é', '𝄞', ' ', '\u{0}'][usize::from(self.byte()) % 5];
        let start = self.pos.min(self.data.len());
        let end = (start + len).min(self.data.len());
        self.pos = end;
        let mut text = String::from_utf8_lossy(&self.data[start..end]).into_owned();
        let missing = len.saturating_sub(text.chars().count());
        text.extend(std::iter::repeat_n(pad, missing));
        text
    }

    fn list(&mut self, depth: usize) -> Vec<Spec> {
        let count = usize::from(self.byte() % 6);
        (0..count).filter_map(|_| self.spec(depth)).collect()
    }

    fn spec(&mut self, depth: usize) -> Option<Spec> {
        if self.pos >= self.data.len() {
            return None;
        }
        Some(match self.byte() % 14 {
            0 => Spec::Text(self.string(), self.byte()),
            1 => Spec::PlainText(self.string(), self.byte()),
            2 => Spec::Divider(self.byte()),
            3 => Spec::LinkButton(self.string(), self.string()),
            4 => Spec::WorkflowById(self.string(), self.string()),
            5 => Spec::WorkflowByKey(self.string(), self.string()),
            6 => Spec::Spacer(self.byte()),
            7 => Spec::Badge(self.string(), self.byte()),
            8 => {
                let value = self.string();
                let tooltip = (self.byte() % 2 == 1).then(|| self.string());
                Spec::CopyButton(value, tooltip)
            }
            9 => Spec::DateTime(self.string()),
            10 => Spec::UserById(self.string()),
            11 => Spec::UserByEmail(self.string()),
            12 if depth < 3 => Spec::Row(self.list(depth + 1), self.list(depth + 1)),
            13 if depth < 3 => Spec::Container(self.list(depth + 1)),
            _ => Spec::Divider(0),
        })
    }
}

fn pick<T: Clone>(options: &[T], b: u8) -> T {
    options[usize::from(b) % options.len()].clone()
}

impl Spec {
    /// A component of any kind but row and container, in whichever wrapper.
    fn leaf<T>(&self) -> Option<T>
    where
        T: From<crate::ui::Text>
            + From<crate::ui::PlainText>
            + From<crate::ui::Divider>
            + From<crate::ui::LinkButton>
            + From<crate::ui::WorkflowButton>
            + From<crate::ui::Spacer>
            + From<crate::ui::Badge>
            + From<crate::ui::CopyButton>
            + From<crate::ui::DateTime>
            + From<crate::ui::User>,
    {
        use crate::ui::{self, BadgeColor, DividerSpacingSize, PlainTextColor, PlainTextSize};
        use crate::ui::{SpacerSize, TextColor, TextSize};
        let other = || String::from("NEW_VALUE");
        Some(match self {
            Spec::Text(text, b) => ui::text(text.as_str())
                .size(pick(
                    &[
                        TextSize::S,
                        TextSize::M,
                        TextSize::L,
                        TextSize::Other(other()),
                    ],
                    *b,
                ))
                .color(pick(
                    &[TextColor::Normal, TextColor::Muted, TextColor::Error],
                    *b >> 2,
                ))
                .into(),
            Spec::PlainText(text, b) => ui::plain_text(text.as_str())
                .size(pick(&[PlainTextSize::S, PlainTextSize::L], *b))
                .color(pick(
                    &[PlainTextColor::Muted, PlainTextColor::Success],
                    *b >> 1,
                ))
                .into(),
            Spec::Divider(b) => ui::divider()
                .spacing(pick(
                    &[
                        DividerSpacingSize::Xs,
                        DividerSpacingSize::Xl,
                        DividerSpacingSize::Other(other()),
                    ],
                    *b,
                ))
                .into(),
            Spec::LinkButton(label, url) => ui::link_button(label.as_str(), url.as_str()).into(),
            Spec::WorkflowById(label, id) => {
                ui::workflow_button_by_id(label.as_str(), id.as_str()).into()
            }
            Spec::WorkflowByKey(label, key) => {
                ui::workflow_button_by_key(label.as_str(), key.as_str()).into()
            }
            Spec::Spacer(b) => ui::spacer(pick(
                &[
                    SpacerSize::Xs,
                    SpacerSize::M,
                    SpacerSize::Xl,
                    SpacerSize::Other(other()),
                ],
                *b,
            ))
            .into(),
            Spec::Badge(label, b) => ui::badge(label.as_str())
                .color(pick(
                    &[
                        BadgeColor::Grey,
                        BadgeColor::Blue,
                        BadgeColor::Other(other()),
                    ],
                    *b,
                ))
                .into(),
            Spec::CopyButton(value, tooltip) => {
                let button = ui::copy_button(value.as_str());
                match tooltip {
                    Some(tooltip) => button.tooltip(tooltip.as_str()).into(),
                    None => button.into(),
                }
            }
            Spec::DateTime(text) => ui::date_time(text.as_str()).into(),
            Spec::UserById(id) => ui::user_by_id(id.as_str()).into(),
            Spec::UserByEmail(email) => ui::user_by_email(email.as_str()).into(),
            Spec::Row(..) | Spec::Container(..) => return None,
        })
    }

    fn row(main: &[Spec], aside: &[Spec]) -> crate::ui::Row {
        crate::ui::row(
            main.iter().filter_map(Spec::leaf),
            aside.iter().filter_map(Spec::leaf),
        )
    }

    fn event(&self) -> Option<crate::ui::EventComponent> {
        match self {
            Spec::Row(main, aside) => Some(Self::row(main, aside).into()),
            Spec::Container(_) => None,
            leaf => leaf.leaf(),
        }
    }

    fn container_content(&self) -> Option<crate::ui::ContainerContent> {
        match self {
            Spec::Row(main, aside) => Some(Self::row(main, aside).into()),
            Spec::Container(_) => None,
            leaf => leaf.leaf(),
        }
    }

    fn card(&self) -> Option<crate::ui::Component> {
        match self {
            Spec::Row(main, aside) => Some(Self::row(main, aside).into()),
            Spec::Container(content) => Some(
                crate::ui::container(content.iter().filter_map(Spec::container_content)).into(),
            ),
            leaf => leaf.leaf(),
        }
    }
}
