//! Customer cards: the requests Plain sends to a service, and the cards the
//! service answers with.
//!
//! When a support agent opens a thread, Plain POSTs a
//! [`CustomerCardRequest`] to each configured card URL, signed like a webhook
//! (the `Plain-Request-Signature` header; there is no timestamp, so only the
//! signature is checked). The service answers within
//! [`CUSTOMER_CARD_TIMEOUT`] with a [`CustomerCardResponse`]: one
//! [`CustomerCard`] per requested key, each a list of UI components built
//! with [`crate::ui`] (all twelve kinds, containers included).
//!
//! ```
//! use plain_sdk::cards::{CustomerCard, CustomerCardRequest, CustomerCardResponse};
//! use plain_sdk::ui;
//! use plain_sdk::webhooks::{sign, Verifier};
//! use std::time::Duration;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let body = br#"{"cardKeys":["plan"],"customer":{"id":"c_01","email":"ada@example.com"},"thread":null}"#;
//! let signature = sign("secret", body); // Plain sends this header
//!
//! let request = Verifier::new("secret").verify_customer_card_request(body, &signature)?;
//! let mut cards = Vec::new();
//! if request.wants("plan") {
//!     cards.push(
//!         CustomerCard::new(
//!             "plan",
//!             [ui::row(
//!                 [ui::plain_text("Plan").color(ui::PlainTextColor::Muted).into()],
//!                 [ui::badge("Enterprise").color(ui::BadgeColor::Blue).into()],
//!             )
//!             .into()],
//!         )?
//!         .time_to_live(Duration::from_secs(3600)),
//!     );
//! }
//! let json = serde_json::to_string(&CustomerCardResponse::new(cards))?;
//! assert!(json.starts_with(r#"{"cards":[{"key":"plan","timeToLiveSeconds":3600,"components":[{"componentRow""#));
//! # Ok(()) }
//! ```

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::operations::ComponentInput;
use crate::ui::{self, UiError};
use crate::webhooks::{Verifier, WebhookError};

/// How long Plain waits for a service to answer a card request.
pub const CUSTOMER_CARD_TIMEOUT: Duration = Duration::from_secs(15);

/// What Plain asks a service for: the cards to show for a customer, and the
/// thread the agent is looking at, if any. Fields Plain adds later are
/// accepted and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CustomerCardRequest {
    /// The keys of the cards wanted, as configured in Plain.
    #[serde(rename = "cardKeys")]
    pub card_keys: Vec<String>,
    /// The customer the cards are for.
    pub customer: CardCustomer,
    /// The thread being viewed; `None` outside a thread.
    #[serde(default)]
    pub thread: Option<CardThread>,
}

/// The customer a card request is about.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CardCustomer {
    /// Plain's customer id.
    pub id: String,
    /// The customer's email address.
    pub email: String,
    /// Your id for the customer, if one was set in Plain.
    #[serde(
        default,
        rename = "externalId",
        skip_serializing_if = "Option::is_none"
    )]
    pub external_id: Option<String>,
}

/// The thread a card request is made from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CardThread {
    /// Plain's thread id.
    pub id: String,
    /// Your id for the thread, if one was set.
    #[serde(
        default,
        rename = "externalId",
        skip_serializing_if = "Option::is_none"
    )]
    pub external_id: Option<String>,
}

impl CustomerCardRequest {
    /// Decodes a card request body without verifying it (for bodies already
    /// verified, or tests): use
    /// [`Verifier::verify_customer_card_request`] for requests from the
    /// network.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Payload`], naming the path that failed.
    pub fn parse(body: &[u8]) -> Result<Self, WebhookError> {
        crate::webhooks::from_slice(body).map_err(|e| WebhookError::Payload(e.into()))
    }

    /// Whether the card with `key` was asked for.
    pub fn wants(&self, key: &str) -> bool {
        self.card_keys.iter().any(|k| k == key)
    }
}

impl Verifier {
    /// Checks a customer-card request's signature (there is no timestamp to
    /// check) and decodes it.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Signature`] first, then [`WebhookError::Payload`].
    pub fn verify_customer_card_request(
        &self,
        body: &[u8],
        signature: &str,
    ) -> Result<CustomerCardRequest, WebhookError> {
        self.verify_signature(body, signature)?;
        CustomerCardRequest::parse(body)
    }
}

/// A service's answer to a card request: `{"cards": [..]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CustomerCardResponse {
    /// One card per requested key the service can answer.
    pub cards: Vec<CustomerCard>,
}

impl CustomerCardResponse {
    /// A response with `cards`.
    pub fn new(cards: impl IntoIterator<Item = CustomerCard>) -> Self {
        CustomerCardResponse {
            cards: cards.into_iter().collect(),
        }
    }
}

/// One card: its key, how long Plain may cache it, and its components.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CustomerCard {
    /// The requested key this card answers.
    pub key: String,
    /// How long Plain may cache the card; Plain's default when `None`.
    #[serde(rename = "timeToLiveSeconds", skip_serializing_if = "Option::is_none")]
    pub time_to_live_seconds: Option<u64>,
    /// What the card shows, validated by [`ui::card_components`].
    pub components: Vec<ComponentInput>,
}

impl CustomerCard {
    /// A card for `key` showing `components` (any of the twelve kinds, see
    /// [`ui::Component`]).
    ///
    /// # Errors
    ///
    /// A [`UiError`] naming the first component that breaks one of Plain's
    /// limits, e.g. `components[0].containerContent[1].badgeLabel`.
    pub fn new(
        key: impl Into<String>,
        components: impl IntoIterator<Item = ui::Component>,
    ) -> Result<Self, UiError> {
        Ok(CustomerCard {
            key: key.into(),
            time_to_live_seconds: None,
            components: ui::card_components(components)?,
        })
    }

    /// Lets Plain cache the card for `ttl` (whole seconds).
    pub fn time_to_live(mut self, ttl: Duration) -> Self {
        self.time_to_live_seconds = Some(ttl.as_secs());
        self
    }
}
