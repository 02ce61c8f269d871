//! Sends the stateful workspace's webhook deliveries, off the request
//! path: one task takes them in the order of the changes, fills in
//! `webhookMetadata` for each attempt, signs the body with the workspace's
//! request-signing secret as Plain does (`Plain-Request-Signature`) and
//! POSTs it. A delivery that gets no 2xx is tried again after a growing
//! wait, at most [`MAX_ATTEMPTS`] times; every outcome is logged for the
//! test ([`SentWebhook`]), the newest [`MAX_LOGGED`] of them.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};

use super::state::ids::{Ids, Kind};
use super::state::{Pending, Workspace};
use crate::webhooks::{sign, SIGNATURE_HEADER, WEBHOOK_TARGET_VERSION};

/// Attempts per delivery (the first and three retries).
pub(crate) const MAX_ATTEMPTS: u32 = 4;
/// The wait before the first retry; each further one doubles it.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// How long one attempt may take: a slow receiver delays later deliveries,
/// never a request to the mock.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often an idle deliverer looks for new deliveries.
const IDLE_POLL: Duration = Duration::from_millis(10);
/// The most outcomes kept for [`super::MockPlain::webhooks_sent`].
pub(crate) const MAX_LOGGED: usize = 10_000;

/// One webhook delivery the stateful mock made: what it sent last and how
/// the receiver answered.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SentWebhook {
    /// The webhook target's id (`wt_…`).
    pub target_id: String,
    /// Where it went.
    pub url: String,
    /// The event type (`thread.thread_created` …).
    pub event_type: String,
    /// The body of the last attempt, as sent.
    pub body: Value,
    /// The `Plain-Request-Signature` of the last attempt.
    pub signature: String,
    /// Attempts made (1 when the first one was answered 2xx).
    pub attempts: u32,
    /// The last attempt's HTTP status; `None` when it got no answer.
    pub status: Option<u16>,
    /// Whether an attempt was answered 2xx.
    pub delivered: bool,
}

/// The outcomes so far, newest last.
#[derive(Debug, Default)]
pub(crate) struct SentLog {
    sent: Mutex<VecDeque<SentWebhook>>,
}

impl SentLog {
    fn lock(&self) -> MutexGuard<'_, VecDeque<SentWebhook>> {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, sent: SentWebhook) {
        let mut log = self.lock();
        if log.len() == MAX_LOGGED {
            log.pop_front();
        }
        log.push_back(sent);
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    pub(crate) fn all(&self) -> Vec<SentWebhook> {
        self.lock().iter().cloned().collect()
    }
}

/// Sends `workspace`'s deliveries until the task is aborted.
pub(crate) async fn run(workspace: Arc<Workspace>, secret: String, log: Arc<SentLog>) {
    let client = reqwest::Client::new();
    let attempt_ids = Ids::new();
    loop {
        let Some(pending) = workspace.next_delivery() else {
            tokio::time::sleep(IDLE_POLL).await;
            continue;
        };
        let sent = deliver(&client, &attempt_ids, &secret, pending).await;
        log.push(sent);
    }
}

async fn deliver(
    client: &reqwest::Client,
    attempt_ids: &Ids,
    secret: &str,
    pending: Pending,
) -> SentWebhook {
    let event_type = pending.body["type"].as_str().unwrap_or_default().to_owned();
    let mut backoff = FIRST_BACKOFF;
    let mut sent = SentWebhook {
        target_id: pending.target_id.clone(),
        url: pending.url.clone(),
        event_type,
        body: Value::Null,
        signature: String::new(),
        attempts: 0,
        status: None,
        delivered: false,
    };
    for attempt in 1..=MAX_ATTEMPTS {
        let now = SystemTime::now();
        let mut body = Value::Object(pending.body.clone());
        body["webhookMetadata"] = json!({
            "webhookTargetId": pending.target_id,
            "webhookTargetVersion": WEBHOOK_TARGET_VERSION,
            "webhookDeliveryAttemptId": attempt_ids.make(Kind::WebhookAttempt, now),
            "webhookDeliveryAttemptNumber": attempt,
            "webhookDeliveryAttemptTimestamp": crate::time::format_rfc3339(now),
        });
        super::webhook::conform(&mut body);
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let signature = sign(secret, &bytes);
        let answer = client
            .post(&pending.url)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, &signature)
            .timeout(ATTEMPT_TIMEOUT)
            .body(bytes)
            .send()
            .await;
        sent.body = body;
        sent.signature = signature;
        sent.attempts = attempt;
        sent.status = answer.as_ref().ok().map(|r| r.status().as_u16());
        sent.delivered = answer.is_ok_and(|r| r.status().is_success());
        if sent.delivered {
            break;
        }
        if attempt < MAX_ATTEMPTS {
            tokio::time::sleep(backoff).await;
            backoff *= 2;
        }
    }
    sent
}
