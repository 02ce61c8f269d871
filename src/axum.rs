//! axum extractors for Plain's webhooks and customer-card requests (feature
//! `axum`).
//!
//! [`PlainWebhook`] reads the raw body, checks its signature and timestamp
//! with the [`Verifier`] from the router's state and yields the typed
//! [`WebhookRequest`]; [`PlainCardRequest`] does the same for customer-card
//! requests (signature only). Anything else is refused with a
//! [`PlainRejection`]: 401 for a bad signature or an expired delivery, 400
//! for a malformed body, 422 for a body of another webhook version, 413 for
//! a body over axum's limit (2 MB unless changed with `DefaultBodyLimit`).
//! [`CustomerCardResponse`] is a response.
//!
//! ```no_run
//! use axum::{routing::post, Router};
//! use plain_sdk::axum::PlainWebhook;
//! use plain_sdk::webhooks::{Event, Verifier};
//!
//! async fn webhook(PlainWebhook(request): PlainWebhook) -> &'static str {
//!     if let Event::ThreadCreated(created) = &request.event {
//!         println!("new thread: {}", created.thread.title);
//!     }
//!     "ok"
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! let verifier = Verifier::new(std::env::var("PLAIN_REQUEST_SIGNING_SECRET").unwrap_or_default());
//! let app = Router::new().route("/plain/webhooks", post(webhook)).with_state(verifier);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await
//! # }
//! ```
//!
//! The state may be a larger struct: implement `FromRef<YourState> for
//! Verifier`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::cards::{CustomerCardRequest, CustomerCardResponse};
use crate::webhooks::{SignatureError, Verifier, WebhookError, WebhookRequest, SIGNATURE_HEADER};

/// A verified, typed webhook delivery.
#[derive(Debug, Clone)]
pub struct PlainWebhook(pub WebhookRequest);

/// A verified customer-card request.
#[derive(Debug, Clone)]
pub struct PlainCardRequest(pub CustomerCardRequest);

/// Why a request was refused; answers with a 4xx (or 500 when no secret is
/// configured) and a one-line reason.
#[derive(Debug)]
#[non_exhaustive]
pub enum PlainRejection {
    /// Signature, timestamp or body refused: see [`WebhookError`].
    Invalid(WebhookError),
    /// The body could not be read (too large, or the connection failed).
    Body(BytesRejection),
}

impl PlainRejection {
    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            PlainRejection::Invalid(e) => {
                StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST)
            }
            PlainRejection::Body(e) => e.status(),
        }
    }
}

impl From<WebhookError> for PlainRejection {
    fn from(e: WebhookError) -> Self {
        PlainRejection::Invalid(e)
    }
}

impl IntoResponse for PlainRejection {
    fn into_response(self) -> Response {
        let status = self.status();
        match self {
            PlainRejection::Invalid(e) => {
                tracing::warn!(
                    kind = e.kind(),
                    status = status.as_u16(),
                    "refused a request from Plain: {e}"
                );
                (status, format!("{e}\n")).into_response()
            }
            PlainRejection::Body(e) => e.into_response(),
        }
    }
}

/// The signature header (empty when absent) and the raw body.
async fn signed_body<S: Send + Sync>(
    req: Request,
    state: &S,
) -> Result<(String, Bytes), PlainRejection> {
    let signature = match req.headers().get(SIGNATURE_HEADER) {
        None => String::new(),
        Some(value) => value
            .to_str()
            .map_err(|_| WebhookError::Signature(SignatureError::Malformed))?
            .to_owned(),
    };
    let body = Bytes::from_request(req, state)
        .await
        .map_err(PlainRejection::Body)?;
    Ok((signature, body))
}

impl<S> FromRequest<S> for PlainWebhook
where
    S: Send + Sync,
    Verifier: FromRef<S>,
{
    type Rejection = PlainRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        let (signature, body) = signed_body(req, state).await?;
        Ok(PlainWebhook(verifier.verify_and_parse(&body, &signature)?))
    }
}

impl<S> FromRequest<S> for PlainCardRequest
where
    S: Send + Sync,
    Verifier: FromRef<S>,
{
    type Rejection = PlainRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        let (signature, body) = signed_body(req, state).await?;
        Ok(PlainCardRequest(
            verifier.verify_customer_card_request(&body, &signature)?,
        ))
    }
}

impl IntoResponse for CustomerCardResponse {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self) {
            Ok(json) => (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                json,
            )
                .into_response(),
            Err(e) => {
                tracing::error!("could not serialize a customer card response: {e}");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}
