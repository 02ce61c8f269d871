//! An axum service that answers Plain's customer-card requests with cards
//! built from `plain_sdk::ui` components.
//!
//! ```sh
//! # Try it: start on 127.0.0.1, send itself a signed card request and an
//! # unsigned one, print the answers, stop.
//! cargo run --example axum_customer_cards --features axum -- --demo
//!
//! # Serve on 127.0.0.1:8788 for ten minutes (--port, --seconds to change).
//! PLAIN_REQUEST_SIGNING_SECRET=... cargo run --example axum_customer_cards --features axum
//! ```
//!
//! Configure cards with the keys `plan` and `orders` in Plain, pointing at
//! `/plain/customer-cards`.

#[path = "support/serve.rs"]
mod serve;

use std::process::ExitCode;
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use plain_sdk::axum::PlainCardRequest;
use plain_sdk::cards::{CardCustomer, CustomerCard, CustomerCardResponse, CUSTOMER_CARD_TIMEOUT};
use plain_sdk::ui::{self, UiError};
use plain_sdk::webhooks::Verifier;

/// What this service knows about a customer (a stand-in for your database).
struct Account {
    plan: &'static str,
    seats: u32,
    orders: Vec<(&'static str, &'static str, &'static str)>,
}

async fn find_account(customer: &CardCustomer) -> Option<Account> {
    // A real service would query its database or another API here.
    tokio::time::sleep(Duration::from_millis(20)).await;
    (customer.email.ends_with("@example.com")).then(|| Account {
        plan: "Enterprise",
        seats: 42,
        orders: vec![
            ("#4183-7", "2026-04-19T09:12:00Z", "Shipped"),
            ("#4183-6", "2026-03-02T16:40:00Z", "Delivered"),
        ],
    })
}

fn plan_card(account: &Account) -> Result<CustomerCard, UiError> {
    Ok(CustomerCard::new(
        "plan",
        [ui::container([
            ui::row(
                [ui::plain_text("Plan")
                    .color(ui::PlainTextColor::Muted)
                    .into()],
                [ui::badge(account.plan).color(ui::BadgeColor::Blue).into()],
            )
            .into(),
            ui::row(
                [ui::plain_text("Seats")
                    .color(ui::PlainTextColor::Muted)
                    .into()],
                [ui::plain_text(account.seats.to_string()).into()],
            )
            .into(),
            ui::divider().into(),
            ui::link_button("Open in admin", "https://admin.your-app.example/accounts").into(),
        ])
        .into()],
    )?
    .time_to_live(Duration::from_secs(300)))
}

fn orders_card(account: &Account) -> Result<CustomerCard, UiError> {
    let mut components: Vec<ui::Component> = Vec::new();
    for (i, (number, placed, status)) in account.orders.iter().enumerate() {
        if i > 0 {
            components.push(ui::divider().into());
        }
        components.push(
            ui::row(
                [
                    ui::text(format!("**{number}**")).into(),
                    ui::date_time(*placed).into(),
                ],
                [ui::badge(*status).color(ui::BadgeColor::Green).into()],
            )
            .into(),
        );
    }
    if components.is_empty() {
        components.push(ui::plain_text("No orders yet.").into());
    }
    CustomerCard::new("orders", components)
}

/// The handler: the extractor has already checked the signature.
async fn customer_cards(
    PlainCardRequest(request): PlainCardRequest,
) -> Result<CustomerCardResponse, (StatusCode, String)> {
    // Plain waits 15 s: leave a margin for the network.
    let budget = CUSTOMER_CARD_TIMEOUT - Duration::from_secs(3);
    let account = tokio::time::timeout(budget, find_account(&request.customer))
        .await
        .map_err(|_| {
            (
                StatusCode::GATEWAY_TIMEOUT,
                "account lookup timed out".to_owned(),
            )
        })?;
    let Some(account) = account else {
        // No cards for customers this service does not know.
        return Ok(CustomerCardResponse::default());
    };
    let mut cards = Vec::new();
    for key in &request.card_keys {
        let card = match key.as_str() {
            "plan" => plan_card(&account),
            "orders" => orders_card(&account),
            _ => continue, // a key this service does not serve
        };
        cards.push(card.map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?);
    }
    Ok(CustomerCardResponse::new(cards))
}

fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/plain/customer-cards", post(customer_cards))
        .with_state(verifier)
}

#[tokio::main]
async fn main() -> ExitCode {
    let demo = match serve::launch(8788, "/plain/customer-cards", "requests", |secret| {
        app(Verifier::new(secret))
    })
    .await
    {
        Ok(demo) => demo,
        Err(code) => return code,
    };
    let (url, secret) = (&demo.url, &demo.secret);
    let request = serde_json::json!({
        "cardKeys": ["plan", "orders", "not-served"],
        "customer": {"id": "c_01JS8PZ0V6N4Q8H2M5K7T3XWBE", "email": "ada@example.com", "externalId": "cus_4183"},
        "thread": {"id": "th_01JS8Q5B7W3E9T2KXR4M6A0ZPD", "externalId": null}
    });
    let body = request.to_string().into_bytes();
    let mut ok = true;
    for (name, secret_used, expected) in [
        ("signed card request", secret.as_str(), 200),
        ("forged card request", "not-the-secret", 401),
    ] {
        match serve::post_signed(url, body.clone(), secret_used).await {
            Ok((status, text)) => {
                let shown = serde_json::from_str::<serde_json::Value>(&text)
                    .and_then(|v| serde_json::to_string_pretty(&v))
                    .unwrap_or_else(|_| text.trim().to_owned());
                println!("[plain] POST {name} -> {status}\n{shown}");
                ok &= status == expected;
            }
            Err(e) => {
                eprintln!("error: POST {name}: {e}");
                ok = false;
            }
        }
    }
    demo.finish(ok)
}
