//! The fuzz harness: what the `cargo fuzz` targets (`fuzz_targets/`) and
//! `tests/it/fuzz_regressions.rs` run on each input. It reads only the crate's
//! public API and the thin entry points of `plain_sdk::__private`, so it is
//! compiled into those two and never into a user's build.

// Each fuzz target runs half of it: the other half is dead code there.
#![allow(dead_code)]

use std::time::{Duration, SystemTime};

use plain_sdk::__private::{classify_and_decode, decode_response, decode_success_only, retry_wait};
use plain_sdk::operations::{create_thread_event, get_customer_by_id};
use plain_sdk::{Error, OperationKind, RetryPolicy};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The most bytes an error's `Display` may take, whatever the input.
pub const DISPLAY_BOUND: usize = 1200;

/// The statuses [`fuzz_response`] picks from.
const STATUSES: [u16; 16] = [
    200, 200, 200, 201, 204, 301, 302, 307, 400, 401, 403, 404, 429, 500, 502, 503,
];
/// The headers [`fuzz_response`] may set, one bit each.
const HEADERS: [&str; 7] = [
    "apigw-requestid",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "retry-after",
    "content-type",
    "location",
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
    // The success path never disagrees with the full classification.
    if let Some(fast) = decode_success_only::<serde_json::Value>(status, body) {
        let slow = classify_and_decode::<serde_json::Value>(status, headers, body);
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
}

/// The invariants of every error: one bounded line, no panic while
/// rendering, a retry decision within the policy's bounds.
pub fn check_error(error: &Error) {
    let shown = error.to_string();
    assert!(
        !shown.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{202e}']),
        "error spans lines: {shown:?}"
    );
    assert!(
        shown.len() <= DISPLAY_BOUND,
        "error of {} bytes: {shown:?}",
        shown.len()
    );
    let _ = format!("{error:?}");
    let _ = (
        error.kind_name(),
        error.status(),
        error.request_id(),
        error.is_retryable(),
    );
    let budget = RetryPolicy::default().budget;
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_713_400);
    for kind in [OperationKind::Query, OperationKind::Mutation] {
        for idempotent in [false, true] {
            if let Some(wait) = retry_wait(error, kind, idempotent, now, 0.999) {
                assert!(wait <= budget, "waits {wait:?} past the budget");
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
    check_ui(plain_sdk::ui::event_components(
        specs.iter().filter_map(Spec::event),
    ));
    check_ui(plain_sdk::ui::card_components(
        specs.iter().filter_map(Spec::card),
    ));
}

fn check_ui<T: serde::Serialize>(built: Result<Vec<T>, plain_sdk::ui::UiError>) {
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

/// The limits of Plain's schema (as `plain_sdk::ui` has them from
/// `codegen/src/facts.rs`), on validated output.
fn check_limits(value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Array(items) => items.iter().for_each(check_limits),
        Value::Object(fields) => {
            for (key, field) in fields {
                if let Value::String(text) = field {
                    let max = plain_sdk::ui::max_chars::of(key).unwrap_or(usize::MAX);
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
        T: From<plain_sdk::ui::Text>
            + From<plain_sdk::ui::PlainText>
            + From<plain_sdk::ui::Divider>
            + From<plain_sdk::ui::LinkButton>
            + From<plain_sdk::ui::WorkflowButton>
            + From<plain_sdk::ui::Spacer>
            + From<plain_sdk::ui::Badge>
            + From<plain_sdk::ui::CopyButton>
            + From<plain_sdk::ui::DateTime>
            + From<plain_sdk::ui::User>,
    {
        use plain_sdk::ui::{self, BadgeColor, DividerSpacingSize, PlainTextColor, PlainTextSize};
        use plain_sdk::ui::{SpacerSize, TextColor, TextSize};
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

    fn row(main: &[Spec], aside: &[Spec]) -> plain_sdk::ui::Row {
        plain_sdk::ui::row(
            main.iter().filter_map(Spec::leaf),
            aside.iter().filter_map(Spec::leaf),
        )
    }

    fn event(&self) -> Option<plain_sdk::ui::EventComponent> {
        match self {
            Spec::Row(main, aside) => Some(Self::row(main, aside).into()),
            Spec::Container(_) => None,
            leaf => leaf.leaf(),
        }
    }

    fn container_content(&self) -> Option<plain_sdk::ui::ContainerContent> {
        match self {
            Spec::Row(main, aside) => Some(Self::row(main, aside).into()),
            Spec::Container(_) => None,
            leaf => leaf.leaf(),
        }
    }

    fn card(&self) -> Option<plain_sdk::ui::Component> {
        match self {
            Spec::Row(main, aside) => Some(Self::row(main, aside).into()),
            Spec::Container(content) => Some(
                plain_sdk::ui::container(content.iter().filter_map(Spec::container_content)).into(),
            ),
            leaf => leaf.leaf(),
        }
    }
}
