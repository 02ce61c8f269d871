//! Receiving Plain's webhooks: verified, then typed.
//!
//! Plain signs every delivery: the `Plain-Request-Signature` header is the
//! hex HMAC-SHA256 of the raw body, keyed with the workspace's
//! request-signing secret. A [`Verifier`] checks that signature in constant
//! time against one or more secrets, rejects a delivery whose
//! `webhookMetadata.webhookDeliveryAttemptTimestamp` is more than a
//! tolerance (five minutes by default) from now, and decodes the body into a
//! [`WebhookRequest`] whose [`Event`] has one variant per event type.
//!
//! ```
//! use plain_sdk::webhooks::{self, Event, Verifier};
//!
//! fn on_webhook(verifier: &Verifier, body: &[u8], signature: &str) -> Result<(), webhooks::WebhookError> {
//!     let request = verifier.verify_and_parse(body, signature)?;
//!     match &request.event {
//!         Event::ThreadCreated(created) => {
//!             println!("thread {} opened by {}", created.thread.id, created.thread.customer.full_name);
//!         }
//!         Event::EmailReceived(received) => {
//!             println!("email {:?} on thread {}", received.email.subject, received.thread.id);
//!         }
//!         Event::Unknown(unknown) => println!("new kind of event: {}", unknown.event_type),
//!         other => println!("{} not handled", other.event_type()),
//!     }
//!     Ok(())
//! }
//! ```
//!
//! [`Verifier::verify_and_parse`] checks, in this order:
//!
//! 1. the `Plain-Request-Signature` header is the hex HMAC-SHA256 of the raw
//!    body under one of the secrets, compared in constant time (an empty
//!    body, signature or secret is an error, never a pass);
//! 2. `webhookMetadata.webhookDeliveryAttemptTimestamp` is within the
//!    tolerance of now, either way ([`Verifier::tolerance`]);
//! 3. the body decodes into a [`WebhookRequest`].
//!
//! [`Verifier::verify_signature`] does step 1 alone, [`Verifier::verify`]
//! steps 1 and 2, and [`parse`] step 3 alone, for bodies already verified.
//! Every refusal is a [`WebhookError`], whose
//! [`http_status`](WebhookError::http_status) is the answer to give Plain.
//!
//! A value Plain adds later decodes: an event type the crate does not know
//! is [`Event::Unknown`], with its payload as JSON, and inside payloads
//! unknown enum values, union members and fields are kept or dropped as
//! [`payloads`] says.
//!
//! The payload types in [`payloads`] are generated at build time from Plain's
//! webhook JSON Schema (version [`WEBHOOK_TARGET_VERSION`]); a new schema
//! version is a regeneration. A body for another version that does not
//! decode is a [`WebhookError::VersionMismatch`]; a malformed body is a
//! [`WebhookError::Payload`] that names the path that failed.
//!
//! For your own tests, [`sign`] signs a body as Plain does, and
//! [`Verifier::clock`] fixes the time.

mod de;
pub mod dedup;
mod error;
mod event;
pub mod payloads;
mod verify;

pub use dedup::{Deduplicator, InProcessSeen, SeenStore};
pub use error::{PayloadError, SignatureError, WebhookError};
pub use event::{parse, Event, UnknownEvent, WebhookRequest, EVENT_TYPES, WEBHOOK_TARGET_VERSION};
pub use verify::{sign, Verifier, DEFAULT_TOLERANCE, SIGNATURE_HEADER};

pub(crate) use de::from_slice;
