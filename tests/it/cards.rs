//! Customer cards: request decoding, signature checks, response JSON.

use std::time::Duration;

use plain_sdk::cards::{
    CardCustomer, CardThread, CustomerCard, CustomerCardRequest, CustomerCardResponse,
    CUSTOMER_CARD_TIMEOUT,
};
use plain_sdk::ui;
use plain_sdk::webhooks::{sign, SignatureError, Verifier, WebhookError};
use serde_json::{json, Value};

const SECRET: &str = "card-secret-91f2";

fn request_json() -> Value {
    json!({
        "cardKeys": ["plan", "orders"],
        "customer": {
            "id": "c_01JS8PZ0V6N4Q8H2M5K7T3XWBE",
            "email": "ada@example.com",
            "externalId": "cus_4183"
        },
        "thread": {"id": "th_01JS8Q5B7W3E9T2KXR4M6A0ZPD", "externalId": null}
    })
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

#[test]
fn a_full_request_decodes() {
    let request = CustomerCardRequest::parse(&bytes(&request_json())).unwrap();
    assert_eq!(request.card_keys, ["plan", "orders"]);
    assert_eq!(request.customer.id, "c_01JS8PZ0V6N4Q8H2M5K7T3XWBE");
    assert_eq!(request.customer.email, "ada@example.com");
    assert_eq!(request.customer.external_id.as_deref(), Some("cus_4183"));
    let thread: &CardThread = request.thread.as_ref().unwrap();
    assert_eq!(thread.id, "th_01JS8Q5B7W3E9T2KXR4M6A0ZPD");
    assert_eq!(thread.external_id, None);
    assert!(request.wants("plan") && request.wants("orders") && !request.wants("usage"));
}

#[test]
fn optional_parts_may_be_null_or_absent_and_unknown_fields_are_tolerated() {
    let mut value = request_json();
    value["thread"] = Value::Null;
    value["customer"]
        .as_object_mut()
        .unwrap()
        .remove("externalId");
    value["newTopLevel"] = json!({"x": 1});
    value["customer"]["avatarUrl"] = json!("https://example.com/a.png");
    let request = CustomerCardRequest::parse(&bytes(&value)).unwrap();
    assert!(request.thread.is_none());
    let customer: &CardCustomer = &request.customer;
    assert_eq!(customer.external_id, None);
    let mut value = request_json();
    value.as_object_mut().unwrap().remove("thread");
    assert!(CustomerCardRequest::parse(&bytes(&value))
        .unwrap()
        .thread
        .is_none());
}

#[test]
fn a_malformed_request_names_the_path() {
    let cases = [
        (json!({"cardKeys": "plan"}), "cardKeys"),
        (
            {
                let mut v = request_json();
                v["customer"]["email"] = json!(5);
                v
            },
            "customer.email",
        ),
        (
            {
                let mut v = request_json();
                v["cardKeys"] = json!(["plan", 2]);
                v
            },
            "cardKeys[1]",
        ),
        (
            {
                let mut v = request_json();
                v["thread"] = json!({"externalId": "x"});
                v
            },
            "thread",
        ),
    ];
    for (value, path) in cases {
        let error = CustomerCardRequest::parse(&bytes(&value)).unwrap_err();
        assert_eq!(error.kind(), "payload");
        assert_eq!(error.path(), Some(path), "{error}");
    }
    assert_eq!(
        CustomerCardRequest::parse(b"nope").unwrap_err().kind(),
        "payload"
    );
}

#[test]
fn requests_are_verified_by_signature() {
    let body = bytes(&request_json());
    let verifier = Verifier::new(SECRET);
    let request = verifier
        .verify_customer_card_request(&body, &sign(SECRET, &body))
        .unwrap();
    assert_eq!(request.card_keys.len(), 2);

    let mut tampered = body.clone();
    tampered[5] ^= 0x20;
    let error = verifier
        .verify_customer_card_request(&tampered, &sign(SECRET, &body))
        .unwrap_err();
    assert_eq!(error, WebhookError::Signature(SignatureError::Mismatch));
    assert_eq!(
        verifier
            .verify_customer_card_request(&body, &sign("other", &body))
            .unwrap_err()
            .kind(),
        "signature"
    );
    assert_eq!(
        verifier
            .verify_customer_card_request(&body, "")
            .unwrap_err(),
        WebhookError::Signature(SignatureError::Missing)
    );
    assert_eq!(
        verifier
            .verify_customer_card_request(b"", &sign(SECRET, b""))
            .unwrap_err(),
        WebhookError::Signature(SignatureError::EmptyBody)
    );
    // A signed but malformed request is a payload error.
    let bad = br#"{"cardKeys":[1]}"#;
    assert_eq!(
        verifier
            .verify_customer_card_request(bad, &sign(SECRET, bad))
            .unwrap_err()
            .kind(),
        "payload"
    );
}

#[test]
fn the_response_is_plain_shape() {
    let plan = CustomerCard::new(
        "plan",
        [ui::container([
            ui::row(
                [ui::plain_text("Plan")
                    .color(ui::PlainTextColor::Muted)
                    .into()],
                [ui::badge("Enterprise").color(ui::BadgeColor::Blue).into()],
            )
            .into(),
            ui::divider().into(),
            ui::link_button("Open in admin", "https://admin.example.com/c/4183").into(),
        ])
        .into()],
    )
    .unwrap()
    .time_to_live(Duration::from_secs(300));
    let orders = CustomerCard::new("orders", [ui::text("No orders yet.").into()]).unwrap();
    let response = CustomerCardResponse::new([plan, orders]);
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({
            "cards": [
                {
                    "key": "plan",
                    "timeToLiveSeconds": 300,
                    "components": [{
                        "componentContainer": {
                            "containerContent": [
                                {"componentRow": {
                                    "rowMainContent": [{"componentPlainText": {"plainText": "Plan", "plainTextColor": "MUTED"}}],
                                    "rowAsideContent": [{"componentBadge": {"badgeLabel": "Enterprise", "badgeColor": "BLUE"}}]
                                }},
                                {"componentDivider": {}},
                                {"componentLinkButton": {"linkButtonLabel": "Open in admin", "linkButtonUrl": "https://admin.example.com/c/4183"}}
                            ]
                        }
                    }]
                },
                {
                    "key": "orders",
                    "components": [{"componentText": {"text": "No orders yet."}}]
                }
            ]
        })
    );
    assert_eq!(
        serde_json::to_value(CustomerCardResponse::default()).unwrap(),
        json!({"cards": []})
    );
}

#[test]
fn cards_check_the_component_rules() {
    let error = CustomerCard::new(
        "plan",
        [ui::container([ui::badge("x".repeat(501)).into()]).into()],
    )
    .unwrap_err();
    assert_eq!(error.path(), "components[0].containerContent[0].badgeLabel");
    let error = CustomerCard::new("plan", [ui::container([]).into()]).unwrap_err();
    assert_eq!(error.path(), "components[0].containerContent");
}

#[test]
fn plain_waits_fifteen_seconds() {
    assert_eq!(CUSTOMER_CARD_TIMEOUT, Duration::from_secs(15));
}
