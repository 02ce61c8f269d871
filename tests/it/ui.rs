//! Tests for `plain_sdk::ui`: limits, serialized JSON, nesting and error paths.

use plain_sdk::operations::{
    ComponentContainerContentInput, ComponentInput, ComponentRowContentInput, EventComponentInput,
};
use plain_sdk::ui::{self, UiError, UiErrorKind};
use serde_json::{json, Value};

const CANONICAL_TEXT: &str =
    "New API key was added with the fingerprint **3b7896975ee9fd15eeb7** with 4 associated roles.";

fn canonical() -> Vec<ui::EventComponent> {
    vec![
        ui::text(CANONICAL_TEXT).into(),
        ui::spacer(ui::SpacerSize::M).into(),
        ui::link_button("View in admin", "https://admin.your-app.com").into(),
    ]
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    match serde_json::to_value(value) {
        Ok(v) => v,
        Err(e) => panic!("serialization failed: {e}"),
    }
}

/// The JSON of a single card component, or its error.
fn card(component: impl Into<ui::Component>) -> Result<Value, UiError> {
    ui::card_components([component.into()]).map(|list| to_json(&list))
}

/// `(path, kind)` of the error of a single card component.
fn card_err(component: impl Into<ui::Component>) -> (String, UiErrorKind) {
    match card(component) {
        Ok(json) => panic!("expected an error, got {json}"),
        Err(e) => (e.path().to_owned(), e.kind().clone()),
    }
}

fn too_long(max: usize, actual: usize) -> UiErrorKind {
    UiErrorKind::TooLong { max, actual }
}

fn chars(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

// ---------------------------------------------------------------------------
// Canonical example
// ---------------------------------------------------------------------------

#[test]
fn canonical_example_serializes_exactly() {
    let components = ui::event_components(canonical()).expect("canonical example is valid");
    let expected: Value = serde_json::from_str(
        r#"[{"componentText":{"text":"New API key was added with the fingerprint **3b7896975ee9fd15eeb7** with 4 associated roles."}},{"componentSpacer":{"spacerSize":"M"}},{"componentLinkButton":{"linkButtonUrl":"https://admin.your-app.com","linkButtonLabel":"View in admin"}}]"#,
    )
    .expect("expected JSON parses");
    assert_eq!(to_json(&components), expected);
}

#[test]
fn canonical_example_is_the_same_on_a_card() {
    let card: Vec<ui::Component> = vec![
        ui::text(CANONICAL_TEXT).into(),
        ui::spacer(ui::SpacerSize::M).into(),
        ui::link_button("View in admin", "https://admin.your-app.com").into(),
    ];
    let card = ui::card_components(card).expect("valid");
    let event = ui::event_components(canonical()).expect("valid");
    assert_eq!(to_json(&card), to_json(&event));
}

#[test]
fn canonical_example_goes_into_create_thread_event_input() {
    let input = plain_sdk::operations::CreateThreadEventInput::new(
        "th_1",
        "API key added",
        ui::event_components(canonical()).expect("valid"),
    );
    let json = to_json(&input);
    assert_eq!(
        json["components"][1],
        json!({"componentSpacer": {"spacerSize": "M"}})
    );
    assert_eq!(json["components"].as_array().map(Vec::len), Some(3));
}

// ---------------------------------------------------------------------------
// JSON of every kind
// ---------------------------------------------------------------------------

/// Every kind except containers, with the JSON of its generated input.
fn leaf_and_row_cases() -> Vec<(&'static str, ui::EventComponent, Value)> {
    vec![
        (
            "text",
            ui::text("Hello **world**").into(),
            json!({"componentText": {"text": "Hello **world**"}}),
        ),
        (
            "text with size and color",
            ui::text("t")
                .size(ui::TextSize::L)
                .color(ui::TextColor::Muted)
                .into(),
            json!({"componentText": {"text": "t", "textSize": "L", "textColor": "MUTED"}}),
        ),
        (
            "plain text",
            ui::plain_text("a < b").into(),
            json!({"componentPlainText": {"plainText": "a < b"}}),
        ),
        (
            "plain text with size and color",
            ui::plain_text("p")
                .size(ui::PlainTextSize::S)
                .color(ui::PlainTextColor::Error)
                .into(),
            json!({"componentPlainText": {
                "plainText": "p", "plainTextSize": "S", "plainTextColor": "ERROR"
            }}),
        ),
        (
            "divider",
            ui::divider().into(),
            json!({"componentDivider": {}}),
        ),
        (
            "divider with spacing",
            ui::divider().spacing(ui::DividerSpacingSize::Xl).into(),
            json!({"componentDivider": {"dividerSpacingSize": "XL"}}),
        ),
        (
            "link button",
            ui::link_button("Open", "https://example.com/a?b=c").into(),
            json!({"componentLinkButton": {
                "linkButtonUrl": "https://example.com/a?b=c", "linkButtonLabel": "Open"
            }}),
        ),
        (
            "workflow button by id",
            ui::workflow_button_by_id("Refund", "wf_123").into(),
            json!({"componentWorkflowButton": {
                "workflowButtonWorkflowIdentifier": {"workflowId": "wf_123"},
                "workflowButtonLabel": "Refund"
            }}),
        ),
        (
            "workflow button by key",
            ui::workflow_button_by_key("Refund", "refund-order").into(),
            json!({"componentWorkflowButton": {
                "workflowButtonWorkflowIdentifier": {"workflowKey": "refund-order"},
                "workflowButtonLabel": "Refund"
            }}),
        ),
        (
            "spacer",
            ui::spacer(ui::SpacerSize::Xs).into(),
            json!({"componentSpacer": {"spacerSize": "XS"}}),
        ),
        (
            "badge",
            ui::badge("Pro").into(),
            json!({"componentBadge": {"badgeLabel": "Pro"}}),
        ),
        (
            "badge with color",
            ui::badge("Pro").color(ui::BadgeColor::Green).into(),
            json!({"componentBadge": {"badgeLabel": "Pro", "badgeColor": "GREEN"}}),
        ),
        (
            "copy button",
            ui::copy_button("cus_123").into(),
            json!({"componentCopyButton": {"copyButtonValue": "cus_123"}}),
        ),
        (
            "copy button with tooltip",
            ui::copy_button("cus_123").tooltip("Copy id").into(),
            json!({"componentCopyButton": {
                "copyButtonValue": "cus_123", "copyButtonTooltipLabel": "Copy id"
            }}),
        ),
        (
            "date-time",
            ui::date_time("2024-10-28T18:30:00Z").into(),
            json!({"componentDateTime": {"dateTimeIso8601": "2024-10-28T18:30:00Z"}}),
        ),
        (
            "user by id",
            ui::user_by_id("u_1").into(),
            json!({"componentUser": {"userIdentifier": {"userId": "u_1"}}}),
        ),
        (
            "user by email",
            ui::user_by_email("ada@example.com").into(),
            json!({"componentUser": {"userIdentifier": {"emailAddress": "ada@example.com"}}}),
        ),
        (
            "row",
            ui::row(
                [ui::text("Plan").into()],
                [ui::badge("Pro").into(), ui::copy_button("x").into()],
            )
            .into(),
            json!({"componentRow": {
                "rowMainContent": [{"componentText": {"text": "Plan"}}],
                "rowAsideContent": [
                    {"componentBadge": {"badgeLabel": "Pro"}},
                    {"componentCopyButton": {"copyButtonValue": "x"}}
                ]
            }}),
        ),
        (
            "row with empty aside",
            ui::row([ui::divider().into()], []).into(),
            json!({"componentRow": {
                "rowMainContent": [{"componentDivider": {}}],
                "rowAsideContent": []
            }}),
        ),
    ]
}

#[test]
fn every_event_kind_serializes_with_schema_field_names() {
    for (name, component, expected) in leaf_and_row_cases() {
        let single = EventComponentInput::try_from(component.clone())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(to_json(&single), expected, "{name}");
        let list = ui::event_components([component]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(to_json(&list), json!([expected]), "{name}");
    }
}

/// A leaf kind gives the same JSON in all four placements.
fn same_everywhere<T>(component: T) -> Value
where
    T: Clone
        + Into<ui::Component>
        + Into<ui::EventComponent>
        + Into<ui::RowContent>
        + Into<ui::ContainerContent>,
{
    let card = to_json(
        &ComponentInput::try_from(Into::<ui::Component>::into(component.clone())).expect("valid"),
    );
    let event = to_json(
        &EventComponentInput::try_from(Into::<ui::EventComponent>::into(component.clone()))
            .expect("valid"),
    );
    let row = to_json(
        &ComponentRowContentInput::try_from(Into::<ui::RowContent>::into(component.clone()))
            .expect("valid"),
    );
    let container = to_json(
        &ComponentContainerContentInput::try_from(Into::<ui::ContainerContent>::into(component))
            .expect("valid"),
    );
    assert_eq!(card, event);
    assert_eq!(card, row);
    assert_eq!(card, container);
    card
}

#[test]
fn every_kind_serializes_the_same_in_every_placement() {
    let leaves = [
        same_everywhere(ui::text("t").color(ui::TextColor::Warning)),
        same_everywhere(ui::plain_text("p").size(ui::PlainTextSize::L)),
        same_everywhere(ui::divider()),
        same_everywhere(ui::link_button("l", "https://example.com")),
        same_everywhere(ui::workflow_button_by_key("w", "k")),
        same_everywhere(ui::spacer(ui::SpacerSize::Xl)),
        same_everywhere(ui::badge("b").color(ui::BadgeColor::Red)),
        same_everywhere(ui::copy_button("c").tooltip("t")),
        same_everywhere(ui::date_time("2024-01-01T00:00Z")),
        same_everywhere(ui::user_by_email("a@b")),
    ];
    assert!(leaves
        .iter()
        .all(|json| json.as_object().map(serde_json::Map::len) == Some(1)));

    // A row goes everywhere except into another row.
    let row = ui::row([ui::text("t").into()], [ui::badge("b").into()]);
    let card = to_json(&ComponentInput::try_from(ui::Component::from(row.clone())).expect("valid"));
    let event = to_json(
        &EventComponentInput::try_from(ui::EventComponent::from(row.clone())).expect("valid"),
    );
    let container = to_json(
        &ComponentContainerContentInput::try_from(ui::ContainerContent::from(row)).expect("valid"),
    );
    assert_eq!(card, event);
    assert_eq!(card, container);
}

#[test]
fn container_serializes_on_a_card() {
    let json = card(ui::container([
        ui::text("Inside").into(),
        ui::spacer(ui::SpacerSize::S).into(),
    ]))
    .expect("valid");
    assert_eq!(
        json,
        json!([{"componentContainer": {"containerContent": [
            {"componentText": {"text": "Inside"}},
            {"componentSpacer": {"spacerSize": "S"}}
        ]}}])
    );
}

/// Plain's schema of 2026-08-09 lets thread and customer events hold a
/// container (`EventComponentInput.componentContainer`): the nesting rules
/// are derived from the schema, so `ui::EventComponent: From<Container>`
/// appeared with it, and the event's JSON carries it.
#[test]
fn container_goes_into_a_thread_event_as_the_schema_now_allows() {
    let components = ui::event_components([ui::container([
        ui::text("Inside").into(),
        ui::row([ui::text("left").into()], [ui::badge("right").into()]).into(),
    ])
    .into()])
    .expect("valid");
    assert_eq!(
        serde_json::to_value(&components).unwrap(),
        json!([{"componentContainer": {"containerContent": [
            {"componentText": {"text": "Inside"}},
            {"componentRow": {
                "rowMainContent": [{"componentText": {"text": "left"}}],
                "rowAsideContent": [{"componentBadge": {"badgeLabel": "right"}}]
            }}
        ]}}])
    );
}

#[test]
// Reads the deprecated fields to show they stay unset.
#[allow(deprecated)]
fn deprecated_fields_are_never_set() {
    let list = ui::card_components([
        ui::text("t")
            .size(ui::TextSize::M)
            .color(ui::TextColor::Success)
            .into(),
        ui::link_button("l", "https://example.com").into(),
        ui::spacer(ui::SpacerSize::L).into(),
        ui::divider().spacing(ui::DividerSpacingSize::S).into(),
    ])
    .expect("valid");
    let text = list[0].component_text.as_ref().expect("text");
    assert_eq!((&text.color, &text.size), (&None, &None));
    let link = list[1].component_link_button.as_ref().expect("link");
    assert_eq!((&link.url, &link.label), (&None, &None));
    let spacer = list[2].component_spacer.as_ref().expect("spacer");
    assert_eq!(spacer.size, None);
    let divider = list[3].component_divider.as_ref().expect("divider");
    assert_eq!(divider.spacing_size, None);

    let json = to_json(&list).to_string();
    for deprecated in [
        "\"color\"",
        "\"size\"",
        "\"url\"",
        "\"label\"",
        "\"spacingSize\"",
    ] {
        assert!(!json.contains(deprecated), "{deprecated} in {json}");
    }
}

// ---------------------------------------------------------------------------
// Nesting
// ---------------------------------------------------------------------------

#[test]
fn row_inside_container_inside_card() {
    let json = card(ui::container([
        ui::row(
            [ui::plain_text("Plan")
                .color(ui::PlainTextColor::Muted)
                .into()],
            [ui::badge("Enterprise").color(ui::BadgeColor::Blue).into()],
        )
        .into(),
        ui::divider().into(),
        ui::row([ui::text("Owner").into()], [ui::user_by_id("u_9").into()]).into(),
    ]))
    .expect("valid");
    assert_eq!(
        json,
        json!([{"componentContainer": {"containerContent": [
            {"componentRow": {
                "rowMainContent": [{"componentPlainText": {"plainText": "Plan", "plainTextColor": "MUTED"}}],
                "rowAsideContent": [{"componentBadge": {"badgeLabel": "Enterprise", "badgeColor": "BLUE"}}]
            }},
            {"componentDivider": {}},
            {"componentRow": {
                "rowMainContent": [{"componentText": {"text": "Owner"}}],
                "rowAsideContent": [{"componentUser": {"userIdentifier": {"userId": "u_9"}}}]
            }}
        ]}}])
    );
}

#[test]
fn row_inside_event() {
    let list = ui::event_components([
        ui::text("Order shipped").into(),
        ui::row(
            [ui::date_time("2024-02-29T23:59:59.123+01:00").into()],
            [ui::link_button("Track", "https://track.example.com/1").into()],
        )
        .into(),
    ])
    .expect("valid");
    assert_eq!(
        to_json(&list),
        json!([
            {"componentText": {"text": "Order shipped"}},
            {"componentRow": {
                "rowMainContent": [{"componentDateTime": {"dateTimeIso8601": "2024-02-29T23:59:59.123+01:00"}}],
                "rowAsideContent": [{"componentLinkButton": {
                    "linkButtonUrl": "https://track.example.com/1", "linkButtonLabel": "Track"
                }}]
            }}
        ])
    );
}

#[test]
fn empty_lists_are_allowed_at_the_top() {
    assert_eq!(ui::event_components([]), Ok(vec![]));
    assert_eq!(ui::card_components([]), Ok(vec![]));
}

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------

/// The expected `(path, kind)` of an error, or `None` for valid input.
type Expected = Option<(&'static str, UiErrorKind)>;

/// `(case, component, expected error or None)`; each component is alone on a
/// card, so paths start at `components[0]`.
fn limit_cases() -> Vec<(&'static str, ui::Component, Expected)> {
    vec![
        // text: 1..=10000 characters
        ("text 1", ui::text("x").into(), None),
        ("text at max", ui::text(chars('x', 10_000)).into(), None),
        (
            "text at max, multi-byte",
            ui::text(chars('é', 10_000)).into(),
            None,
        ),
        (
            "text over max",
            ui::text(chars('x', 10_001)).into(),
            Some(("components[0].text", too_long(10_000, 10_001))),
        ),
        (
            "text over max, emoji",
            ui::text(chars('🦀', 10_001)).into(),
            Some(("components[0].text", too_long(10_000, 10_001))),
        ),
        (
            "text empty",
            ui::text("").into(),
            Some(("components[0].text", UiErrorKind::Empty)),
        ),
        // plain text: 1..=10000 characters
        (
            "plain text at max",
            ui::plain_text(chars('ü', 10_000)).into(),
            None,
        ),
        (
            "plain text over max",
            ui::plain_text(chars('a', 10_001)).into(),
            Some(("components[0].plainText", too_long(10_000, 10_001))),
        ),
        (
            "plain text empty",
            ui::plain_text("").into(),
            Some(("components[0].plainText", UiErrorKind::Empty)),
        ),
        // link button label: at most 500
        (
            "link label at max",
            ui::link_button(chars('l', 500), "https://a.example").into(),
            None,
        ),
        (
            "link label over max",
            ui::link_button(chars('ł', 501), "https://a.example").into(),
            Some(("components[0].linkButtonLabel", too_long(500, 501))),
        ),
        (
            "link label empty",
            ui::link_button("", "https://a.example").into(),
            None,
        ),
        // link button URL
        (
            "link url empty",
            ui::link_button("l", "").into(),
            Some(("components[0].linkButtonUrl", UiErrorKind::Empty)),
        ),
        // workflow button label: at most 500; id/key non-empty
        (
            "workflow label at max",
            ui::workflow_button_by_id(chars('w', 500), "wf_1").into(),
            None,
        ),
        (
            "workflow label over max",
            ui::workflow_button_by_key(chars('w', 501), "key").into(),
            Some(("components[0].workflowButtonLabel", too_long(500, 501))),
        ),
        (
            "workflow id empty",
            ui::workflow_button_by_id("Run", "").into(),
            Some((
                "components[0].workflowButtonWorkflowIdentifier.workflowId",
                UiErrorKind::Empty,
            )),
        ),
        (
            "workflow key blank",
            ui::workflow_button_by_key("Run", "  ").into(),
            Some((
                "components[0].workflowButtonWorkflowIdentifier.workflowKey",
                UiErrorKind::Empty,
            )),
        ),
        // badge label: at most 500
        (
            "badge label at max",
            ui::badge(chars('b', 500)).into(),
            None,
        ),
        (
            "badge label over max",
            ui::badge(chars('b', 501)).into(),
            Some(("components[0].badgeLabel", too_long(500, 501))),
        ),
        ("badge label empty", ui::badge("").into(), None),
        // copy button: value 1..=1000, tooltip at most 500
        (
            "copy value at max",
            ui::copy_button(chars('c', 1_000)).into(),
            None,
        ),
        (
            "copy value over max",
            ui::copy_button(chars('c', 1_001)).into(),
            Some(("components[0].copyButtonValue", too_long(1_000, 1_001))),
        ),
        (
            "copy value empty",
            ui::copy_button("").into(),
            Some(("components[0].copyButtonValue", UiErrorKind::Empty)),
        ),
        (
            "copy tooltip at max",
            ui::copy_button("v").tooltip(chars('t', 500)).into(),
            None,
        ),
        (
            "copy tooltip over max",
            ui::copy_button("v").tooltip(chars('t', 501)).into(),
            Some(("components[0].copyButtonTooltipLabel", too_long(500, 501))),
        ),
        (
            "copy tooltip empty",
            ui::copy_button("v").tooltip("").into(),
            None,
        ),
        // date-time
        (
            "date-time empty",
            ui::date_time("").into(),
            Some(("components[0].dateTimeIso8601", UiErrorKind::Empty)),
        ),
        (
            "date-time not ISO 8601",
            ui::date_time("yesterday").into(),
            Some((
                "components[0].dateTimeIso8601",
                UiErrorKind::InvalidDateTime,
            )),
        ),
        // user
        (
            "user id empty",
            ui::user_by_id("").into(),
            Some(("components[0].userIdentifier.userId", UiErrorKind::Empty)),
        ),
        (
            "user email empty",
            ui::user_by_email("").into(),
            Some((
                "components[0].userIdentifier.emailAddress",
                UiErrorKind::Empty,
            )),
        ),
        (
            "user email without @",
            ui::user_by_email("ada.example.com").into(),
            Some((
                "components[0].userIdentifier.emailAddress",
                UiErrorKind::InvalidEmail,
            )),
        ),
        (
            "user email with nothing before @",
            ui::user_by_email("@example.com").into(),
            Some((
                "components[0].userIdentifier.emailAddress",
                UiErrorKind::InvalidEmail,
            )),
        ),
        ("user email", ui::user_by_email("a@b").into(), None),
        // row: main content at least one component, aside may be empty
        (
            "row main empty",
            ui::row([], [ui::text("aside").into()]).into(),
            Some(("components[0].rowMainContent", UiErrorKind::NoComponents)),
        ),
        (
            "row aside empty",
            ui::row([ui::text("main").into()], []).into(),
            None,
        ),
        // container: at least one component
        (
            "container empty",
            ui::container([]).into(),
            Some(("components[0].containerContent", UiErrorKind::NoComponents)),
        ),
        (
            "container with one",
            ui::container([ui::divider().into()]).into(),
            None,
        ),
    ]
}

#[test]
fn limits() {
    for (name, component, expected) in limit_cases() {
        let got = ui::card_components([component])
            .map(|_| ())
            .map_err(|e| (e.path().to_owned(), e.kind().clone()));
        let expected = match expected {
            None => Ok(()),
            Some((path, kind)) => Err((path.to_owned(), kind)),
        };
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn link_button_urls() {
    let valid = [
        "https://admin.your-app.com",
        "https://example.com/path?q=1#frag",
        "http://localhost:8080/x",
        "mailto:support@example.com",
        "https://例え.jp/パス",
    ];
    for url in valid {
        assert!(
            card(ui::link_button("l", url)).is_ok(),
            "{url} should be accepted"
        );
    }
    let invalid = [
        "admin.your-app.com",
        "/relative/path",
        "not a url",
        "https://",
        "http://exa mple.com",
        " https://example.com",
        "https://example.com\n",
    ];
    for url in invalid {
        let (path, kind) = card_err(ui::link_button("l", url));
        assert_eq!(path, "components[0].linkButtonUrl", "{url:?}");
        assert!(
            matches!(kind, UiErrorKind::InvalidUrl { .. }),
            "{url:?}: {kind:?}"
        );
    }
}

#[test]
fn date_times() {
    let valid = [
        "2024-10-28T18:30:00Z",
        "2024-10-28T18:30:00.123Z",
        "2024-10-28T18:30:00.123456789+05:30",
        "2024-10-28T18:30:00-08:00",
        "2024-10-28t18:30:00z",
        "2024-10-28T18:30",
        "2024-10-28T18:30:00",
        "2024-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z",
        "2016-12-31T23:59:60Z",
    ];
    for value in valid {
        assert!(
            card(ui::date_time(value)).is_ok(),
            "{value} should be accepted"
        );
    }
    let invalid = [
        "2024-10-28",
        "18:30:00",
        "2024-10-28 18:30:00Z",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-10-28T24:00:00Z",
        "2024-10-28T18:60:00Z",
        "2024-10-28T18:30:61Z",
        "2024-10-28T18:30:00.Z",
        "2024-10-28T18:30:00+0530",
        "2024-10-28T18:30:00+05",
        "2024-10-28T18:30:00Zjunk",
        "24-10-28T18:30:00Z",
        "2024-1-28T18:30:00Z",
        "２０２４-10-28T18:30:00Z",
        "1730140200",
    ];
    for value in invalid {
        let (path, kind) = card_err(ui::date_time(value));
        assert_eq!(path, "components[0].dateTimeIso8601", "{value}");
        assert_eq!(kind, UiErrorKind::InvalidDateTime, "{value}");
    }
}

// ---------------------------------------------------------------------------
// Error paths and messages
// ---------------------------------------------------------------------------

#[test]
fn display_names_path_and_problem() {
    let err = ui::event_components([
        ui::text("a").into(),
        ui::divider().into(),
        ui::link_button(chars('x', 612), "https://example.com").into(),
    ])
    .expect_err("label too long");
    assert_eq!(err.path(), "components[2].linkButtonLabel");
    assert_eq!(err.kind(), &too_long(500, 612));
    assert_eq!(
        err.to_string(),
        "components[2].linkButtonLabel: must be at most 500 characters, got 612"
    );
}

#[test]
fn display_of_every_kind() {
    let cases: Vec<(ui::Component, &str)> = vec![
        (ui::text("").into(), "components[0].text: must not be empty"),
        (
            ui::link_button("l", "nope").into(),
            "components[0].linkButtonUrl: must be an absolute URL (relative URL without a base)",
        ),
        (
            ui::user_by_email("nope").into(),
            "components[0].userIdentifier.emailAddress: must be an email address containing '@'",
        ),
        (
            ui::date_time("nope").into(),
            "components[0].dateTimeIso8601: must be an ISO 8601 date-time such as 2024-10-28T18:30:00Z",
        ),
        (
            ui::container([]).into(),
            "components[0].containerContent: must contain at least one component",
        ),
    ];
    for (component, expected) in cases {
        let err = ui::card_components([component]).expect_err(expected);
        assert_eq!(err.to_string(), expected);
    }
}

#[test]
fn nested_error_paths() {
    let cases: Vec<(Vec<ui::Component>, &str, UiErrorKind)> = vec![
        (
            vec![ui::row([ui::badge("ok").into(), ui::text("").into()], []).into()],
            "components[0].rowMainContent[1].text",
            UiErrorKind::Empty,
        ),
        (
            vec![
                ui::divider().into(),
                ui::row(
                    [ui::text("main").into()],
                    [ui::copy_button("v").tooltip(chars('t', 501)).into()],
                )
                .into(),
            ],
            "components[1].rowAsideContent[0].copyButtonTooltipLabel",
            too_long(500, 501),
        ),
        (
            vec![
                ui::text("first").into(),
                ui::container([
                    ui::divider().into(),
                    ui::row([ui::text("a").into(), ui::user_by_email("x").into()], []).into(),
                ])
                .into(),
            ],
            "components[1].containerContent[1].rowMainContent[1].userIdentifier.emailAddress",
            UiErrorKind::InvalidEmail,
        ),
        (
            vec![ui::container([ui::row([], []).into()]).into()],
            "components[0].containerContent[0].rowMainContent",
            UiErrorKind::NoComponents,
        ),
        (
            vec![ui::container([ui::workflow_button_by_id("go", "").into()]).into()],
            "components[0].containerContent[0].workflowButtonWorkflowIdentifier.workflowId",
            UiErrorKind::Empty,
        ),
    ];
    for (components, path, kind) in cases {
        let err = ui::card_components(components).expect_err(path);
        assert_eq!(err.path(), path);
        assert_eq!(err.kind(), &kind, "{path}");
    }

    let err = ui::event_components([
        ui::text("ok").into(),
        ui::row(
            [ui::text("ok").into()],
            [ui::date_time("2024-10-28").into()],
        )
        .into(),
    ])
    .expect_err("bad date");
    assert_eq!(
        err.path(),
        "components[1].rowAsideContent[0].dateTimeIso8601"
    );
    assert_eq!(err.kind(), &UiErrorKind::InvalidDateTime);
}

#[test]
fn try_from_single_component_paths_start_at_its_fields() {
    let err = EventComponentInput::try_from(ui::EventComponent::from(ui::link_button(
        chars('x', 501),
        "https://example.com",
    )))
    .expect_err("too long");
    assert_eq!(err.path(), "linkButtonLabel");
    assert_eq!(
        err.to_string(),
        "linkButtonLabel: must be at most 500 characters, got 501"
    );

    let err = ComponentInput::try_from(ui::Component::from(ui::container([ui::row(
        [ui::plain_text("").into()],
        [],
    )
    .into()])))
    .expect_err("empty text");
    assert_eq!(
        err.path(),
        "containerContent[0].rowMainContent[0].plainText"
    );

    let err = ComponentRowContentInput::try_from(ui::RowContent::from(ui::user_by_id(" ")))
        .expect_err("blank id");
    assert_eq!(err.path(), "userIdentifier.userId");

    let err = ComponentContainerContentInput::try_from(ui::ContainerContent::from(ui::row([], [])))
        .expect_err("empty row");
    assert_eq!(err.path(), "rowMainContent");
}

#[test]
fn first_error_in_document_order_wins() {
    let err = ui::card_components([
        ui::text("fine").into(),
        ui::text("").into(),
        ui::badge(chars('b', 501)).into(),
    ])
    .expect_err("two errors");
    assert_eq!(err.path(), "components[1].text");
}

#[test]
fn ui_error_is_a_std_error() {
    fn takes_error(_: &(dyn std::error::Error + Send + Sync + 'static)) {}
    let err = ui::card_components([ui::text("").into()]).expect_err("empty");
    takes_error(&err);
    let boxed: Box<dyn std::error::Error> = Box::new(err.clone());
    assert_eq!(boxed.to_string(), err.to_string());
}

#[test]
fn builders_are_plain_values() {
    let a = ui::text("t").size(ui::TextSize::S);
    let b = a.clone();
    assert_eq!(a, b);
    assert_ne!(a, ui::text("t"));
    assert_eq!(
        ui::EventComponent::from(ui::spacer(ui::SpacerSize::M)),
        ui::EventComponent::from(ui::spacer(ui::SpacerSize::M))
    );
    assert!(format!("{:?}", ui::badge("x")).contains("Badge"));
}
