//! Webhook targets (`createWebhookTarget`, `updateWebhookTarget`,
//! `deleteWebhookTarget`, `webhookTarget`, `webhookTargets`) and the
//! changes they subscribe to: each change of the workspace becomes, for
//! every enabled target subscribed to its event type, a [`Pending`]
//! delivery whose payload has the shape of Plain's webhook JSON schema
//! (times as RFC 3339 strings, actors with `actorType`, components with
//! `type`). Sending them is the server's (`testing::deliver`).

use std::collections::VecDeque;
use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::components;
use super::ids::Kind;
use super::pages::{self, PageArgs};
use super::{date_time, limit_refusal, not_found, Store, Workspace, MAX_ENTITIES};
use crate::testing::answer::MutationFailure;

/// The most deliveries waiting to be sent; a change beyond it is counted
/// as dropped ([`Store::dropped_deliveries`]), never kept without bound.
pub(crate) const MAX_PENDING: usize = 10_000;
/// The most webhook targets a workspace keeps.
const MAX_TARGETS: usize = 100;
/// The webhook version targets get when they name none.
const DEFAULT_VERSION: &str = "2026-04-21";

/// A change of the workspace that webhooks may report, with the entities
/// as stored (GraphQL JSON): before and after where Plain sends both.
#[derive(Debug, Clone)]
pub(super) enum Change {
    CustomerCreated(Map<String, Value>),
    CustomerUpdated(Map<String, Value>, Map<String, Value>),
    CustomerDeleted(Map<String, Value>),
    ThreadCreated(Map<String, Value>),
    ThreadStatusTransitioned(Map<String, Value>, Map<String, Value>),
    ThreadPriorityChanged(Map<String, Value>, Map<String, Value>),
    ThreadLabelsAdded(Map<String, Value>, Map<String, Value>),
    ThreadLabelsRemoved(Map<String, Value>, Map<String, Value>),
    ThreadAssignmentTransitioned(Map<String, Value>, Map<String, Value>),
    /// A note on a thread: the thread, and the note.
    NoteCreated(Map<String, Value>, Map<String, Value>),
    /// A change of a thread no webhook reports (its tenant, say): before
    /// and after, as every thread change is built.
    #[allow(dead_code)]
    Unreported(Map<String, Value>, Map<String, Value>),
    /// A thread event, added to its thread's timeline.
    TimelineEntryAdded(Map<String, Value>),
}

impl Change {
    pub(super) fn event_type(&self) -> &'static str {
        match self {
            Change::CustomerCreated(_) => "customer.customer_created",
            Change::CustomerUpdated(..) => "customer.customer_updated",
            Change::CustomerDeleted(_) => "customer.customer_deleted",
            Change::ThreadCreated(_) => "thread.thread_created",
            Change::ThreadStatusTransitioned(..) => "thread.thread_status_transitioned",
            Change::ThreadPriorityChanged(..) => "thread.thread_priority_changed",
            Change::ThreadLabelsAdded(..) | Change::ThreadLabelsRemoved(..) => {
                "thread.thread_labels_changed"
            }
            Change::ThreadAssignmentTransitioned(..) => "thread.thread_assignment_transitioned",
            Change::NoteCreated(..) => "thread.note_created",
            Change::TimelineEntryAdded(_) => "timeline.timeline_entry_changed",
            Change::Unreported(..) => "",
        }
    }
}

/// A delivery waiting to be sent: the webhook body but for
/// `webhookMetadata`, which each attempt fills in.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "webhooks"), allow(dead_code))]
pub(crate) struct Pending {
    /// The target's id and URL.
    pub target_id: String,
    pub url: String,
    /// `{"id", "type", "timestamp", "workspaceId", "payload"}`.
    pub body: Map<String, Value>,
}

/// The deliveries waiting, in the order of the changes.
#[derive(Debug, Default)]
pub(super) struct Outbox {
    pub pending: VecDeque<Pending>,
    pub dropped: u64,
}

impl Store {
    /// Queues `change` for every enabled target subscribed to its type.
    pub(super) fn record(&mut self, change: Change) {
        // Without the `webhooks` feature nothing sends them.
        if cfg!(not(feature = "webhooks")) || matches!(change, Change::Unreported(..)) {
            return;
        }
        let event_type = change.event_type();
        let targets: Vec<(String, String)> = self
            .webhook_targets
            .values()
            .filter(|t| t["isEnabled"] == true)
            .filter(|t| {
                t["eventSubscriptions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|s| s["eventType"] == event_type)
            })
            .map(|t| {
                (
                    t["id"].as_str().unwrap_or_default().to_owned(),
                    t["url"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        if targets.is_empty() {
            return;
        }
        let payload = self.payload(&change);
        let now = SystemTime::now();
        for (target_id, url) in targets {
            if self.outbox.pending.len() >= MAX_PENDING {
                self.outbox.dropped += 1;
                continue;
            }
            let body = json!({
                "id": self.event_ids.make(Kind::WebhookEvent, now),
                "type": event_type,
                "timestamp": crate::time::format_rfc3339(now),
                "workspaceId": self.workspace_id,
                "payload": payload,
            });
            if let Value::Object(body) = body {
                self.outbox.pending.push_back(Pending {
                    target_id,
                    url,
                    body,
                });
            }
        }
    }

    /// The webhook payload of `change`.
    fn payload(&self, change: &Change) -> Value {
        let event_type = change.event_type();
        match change {
            Change::CustomerCreated(customer) => {
                json!({ "eventType": event_type, "customer": self.webhook_customer(customer) })
            }
            Change::CustomerUpdated(before, after) => json!({
                "eventType": event_type,
                "customer": self.webhook_customer(after),
                "previousCustomer": self.webhook_customer(before),
            }),
            Change::CustomerDeleted(customer) => {
                json!({ "eventType": event_type, "previousCustomer": self.webhook_customer(customer) })
            }
            Change::ThreadCreated(thread) => {
                json!({ "eventType": event_type, "thread": self.webhook_thread(thread) })
            }
            Change::NoteCreated(thread, note) => json!({
                "eventType": event_type,
                "thread": self.webhook_thread(thread),
                "note": {
                    "timelineEntryId": note["id"],
                    "id": note["id"],
                    "text": note["text"],
                    "markdown": note["markdown"],
                    "createdAt": time(&note["createdAt"]),
                    "createdBy": actor(&note["createdBy"]),
                    "updatedAt": time(&note["updatedAt"]),
                    "updatedBy": actor(&note["updatedBy"]),
                    "deletedAt": null,
                    "deletedBy": null,
                },
            }),
            Change::ThreadStatusTransitioned(before, after)
            | Change::ThreadAssignmentTransitioned(before, after)
            | Change::ThreadPriorityChanged(before, after) => json!({
                "eventType": event_type,
                "thread": self.webhook_thread(after),
                "previousThread": self.webhook_thread(before),
            }),
            Change::ThreadLabelsAdded(before, after)
            | Change::ThreadLabelsRemoved(before, after) => {
                let change_type = if matches!(change, Change::ThreadLabelsAdded(..)) {
                    "ADDED"
                } else {
                    "REMOVED"
                };
                json!({
                    "eventType": event_type,
                    "changeType": change_type,
                    "thread": self.webhook_thread(after),
                    "previousThread": self.webhook_thread(before),
                })
            }
            Change::Unreported(..) => Value::Null,
            Change::TimelineEntryAdded(event) => json!({
                "eventType": event_type,
                "changeType": "ADDED",
                "previousTimelineEntry": null,
                "timelineEntry": {
                    "id": event["id"],
                    "customerId": event["customerId"],
                    "threadId": event["threadId"],
                    "timestamp": time(&event["createdAt"]),
                    "actor": actor(&event["createdBy"]),
                    "entry": {
                        "entryType": "custom",
                        "externalId": event.get("externalId").cloned().unwrap_or(Value::Null),
                        "title": event["title"],
                        "type": null,
                        "components": components::as_webhook(&event["components"]),
                        "attachments": [],
                    },
                },
            }),
        }
    }

    /// A customer as webhooks show it.
    fn webhook_customer(&self, customer: &Map<String, Value>) -> Value {
        json!({
            "id": customer["id"],
            "email": {
                "email": customer["email"]["email"],
                "isVerified": customer["email"]["isVerified"].as_bool().unwrap_or(false),
                "verifiedAt": null,
            },
            "externalId": customer.get("externalId").cloned().unwrap_or(Value::Null),
            "fullName": customer["fullName"],
            "shortName": customer.get("shortName").cloned().unwrap_or(Value::Null),
            "markedAsSpamAt": null,
            "markedAsSpamBy": null,
            "customerGroupMemberships": [],
            "createdAt": time(&customer["createdAt"]),
            "createdBy": actor(&customer["createdBy"]),
            "updatedAt": time(&customer["updatedAt"]),
            "updatedBy": actor(&customer["updatedBy"]),
        })
    }

    /// A thread as webhooks show it, with its customer.
    fn webhook_thread(&self, thread: &Map<String, Value>) -> Value {
        let customer_id = thread["customer"]["id"].as_str().unwrap_or_default();
        let customer = self.customers.get(customer_id).map_or_else(
            || json!({ "id": customer_id }),
            |c| self.webhook_customer(c),
        );
        let labels: Vec<Value> = thread["labels"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|label| {
                let label_type = &label["labelType"];
                json!({
                    "id": label["id"],
                    "labelType": {
                        "id": label_type["id"],
                        "name": label_type["name"],
                        "icon": label_type["icon"],
                        "isArchived": label_type["isArchived"],
                        "archivedAt": time(&label_type["archivedAt"]),
                        "archivedBy": actor(&label_type["archivedBy"]),
                        "externalId": label_type["externalId"],
                        "isExcludedFromAi": label_type["isExcludedFromAi"],
                        "createdAt": time(&label_type["createdAt"]),
                        "createdBy": actor(&label_type["createdBy"]),
                        "updatedAt": time(&label_type["updatedAt"]),
                        "updatedBy": actor(&label_type["updatedBy"]),
                    },
                    "createdAt": time(&label["createdAt"]),
                    "createdBy": actor(&label["createdBy"]),
                    "updatedAt": time(&label["updatedAt"]),
                    "updatedBy": actor(&label["updatedBy"]),
                })
            })
            .collect();
        let detail = &thread["statusDetail"];
        let detail_type = detail["__typename"]
            .as_str()
            .and_then(|name| name.strip_prefix("ThreadStatusDetail"))
            .map_or_else(|| "UNKNOWN".to_owned(), screaming_snake_case);
        let mut status_detail = json!({ "type": detail_type });
        for key in ["createdAt", "waitingUntil"] {
            if detail.get(key).is_some() {
                status_detail[key] = time(&detail[key]);
            }
        }
        if let Some(seconds) = detail.get("durationSeconds") {
            status_detail["durationSeconds"] = seconds.clone();
        }
        json!({
            "id": thread["id"],
            "customer": customer,
            "title": thread["title"],
            "previewText": thread["previewText"],
            "priority": thread["priority"],
            "externalId": thread["externalId"],
            "status": thread["status"],
            "statusChangedAt": time(&thread["statusChangedAt"]),
            "statusChangedBy": actor(&thread["statusChangedBy"]),
            "statusDetail": status_detail,
            "assignee": assignee(&thread["assignedTo"]),
            "assignedAt": time(&thread["assignedAt"]),
            "additionalAssignees": [],
            "labels": labels,
            "firstInboundMessageInfo": null,
            "firstOutboundMessageInfo": null,
            "lastInboundMessageInfo": null,
            "lastOutboundMessageInfo": null,
            "supportEmailAddresses": [],
            "createdAt": time(&thread["createdAt"]),
            "createdBy": actor(&thread["createdBy"]),
            "updatedAt": time(&thread["updatedAt"]),
            "updatedBy": actor(&thread["updatedBy"]),
        })
    }
}

/// A stored assignee (`User` or `MachineUser`) as webhooks write it.
fn assignee(value: &Value) -> Value {
    if value.is_null() {
        return Value::Null;
    }
    let mut out = json!({
        "id": value["id"],
        "fullName": value["fullName"],
        "publicName": value["publicName"],
        "createdAt": time(&value["createdAt"]),
        "createdBy": actor(&value["createdBy"]),
        "updatedAt": time(&value["updatedAt"]),
        "updatedBy": actor(&value["updatedBy"]),
        "deletedAt": null,
        "deletedBy": null,
    });
    if value["__typename"] == "User" {
        out["email"] = value["email"].clone();
        out["status"] = value["status"].clone();
        out["statusChangedAt"] = time(&value["statusChangedAt"]);
    } else {
        out["description"] = value["description"].clone();
    }
    out
}

/// A stored `DateTime` as webhooks write it (RFC 3339), null stays null.
fn time(value: &Value) -> Value {
    value.get("iso8601").cloned().unwrap_or(Value::Null)
}

/// A stored `Actor` as webhooks write it.
fn actor(value: &Value) -> Value {
    match value["__typename"].as_str() {
        Some("MachineUserActor") => {
            json!({ "actorType": "machineUser", "machineUserId": value["machineUserId"] })
        }
        Some(_) => json!({ "actorType": "UNKNOWN" }),
        None => Value::Null,
    }
}

/// `WaitingForDuration` → `WAITING_FOR_DURATION`.
fn screaming_snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

impl Workspace {
    /// `createWebhookTarget`.
    pub(super) fn create_webhook_target(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let url = input["url"].as_str().unwrap_or_default();
        check_url(url)?;
        let subscriptions = subscriptions(&input["eventSubscriptions"])?;
        let mut store = self.store();
        if store.webhook_targets.len() >= MAX_TARGETS.min(MAX_ENTITIES) {
            return Err(limit_refusal("webhook targets"));
        }
        let id = self.ids.make(Kind::WebhookTarget, now);
        let at = date_time(now);
        let target = json!({
            "id": id,
            "url": url,
            "description": input["description"].as_str().unwrap_or_default(),
            "version": input["version"].as_str().unwrap_or(DEFAULT_VERSION),
            "isEnabled": input["isEnabled"].as_bool().unwrap_or(true),
            "eventSubscriptions": subscriptions,
        });
        let target = self.stamped(target, &at);
        store.webhook_targets.insert(id, target.clone());
        Ok(target)
    }

    /// `updateWebhookTarget`: each `StringInput`/`BooleanInput` given replaces.
    pub(super) fn update_webhook_target(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let id = input["webhookTargetId"].as_str().unwrap_or_default();
        if let Some(url) = input["url"]["value"].as_str() {
            check_url(url)?;
        }
        let subscriptions = match &input["eventSubscriptions"] {
            Value::Null => None,
            given => Some(subscriptions(given)?),
        };
        let mut store = self.store();
        let Some(target) = store.webhook_targets.get_mut(id) else {
            return Err(not_found("Webhook target", "webhookTargetId", id));
        };
        for key in ["url", "isEnabled", "description", "version"] {
            if let Some(value) = input[key].get("value") {
                target.insert(key.into(), value.clone());
            }
        }
        if let Some(subscriptions) = subscriptions {
            target.insert("eventSubscriptions".into(), subscriptions);
        }
        target.insert("updatedAt".into(), date_time(now));
        Ok(target.clone())
    }

    /// `deleteWebhookTarget`.
    pub(super) fn delete_webhook_target(&self, input: &Value) -> Result<(), MutationFailure> {
        let id = input["webhookTargetId"].as_str().unwrap_or_default();
        let mut store = self.store();
        store
            .webhook_targets
            .remove(id)
            .map(|_| ())
            .ok_or_else(|| not_found("Webhook target", "webhookTargetId", id))
    }

    /// A webhook target, or null.
    pub(super) fn webhook_target(&self, id: &str) -> Value {
        self.store()
            .webhook_targets
            .get(id)
            .cloned()
            .map_or(Value::Null, Value::Object)
    }

    /// `webhookTargets`.
    pub(super) fn webhook_targets(&self, args: &PageArgs) -> Result<Value, String> {
        pages::page(pages::items(&self.store().webhook_targets), args)
    }

    /// The next delivery to send, oldest first.
    #[cfg(feature = "webhooks")]
    pub(crate) fn next_delivery(&self) -> Option<Pending> {
        self.store().outbox.pending.pop_front()
    }

    /// Deliveries dropped because [`MAX_PENDING`] were waiting.
    #[cfg(feature = "webhooks")]
    pub(crate) fn dropped_deliveries(&self) -> u64 {
        self.store().outbox.dropped
    }
}

fn check_url(url: &str) -> Result<(), MutationFailure> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(()),
        _ => Err(MutationFailure::validation(
            "input_validation",
            "A webhook target's url must be an http(s) URL",
        )
        .field("url", "Not an http(s) URL")),
    }
}

/// The event subscriptions given, checked against the event types Plain
/// sends (with the `webhooks` feature, which knows them).
fn subscriptions(given: &Value) -> Result<Value, MutationFailure> {
    let mut out = Vec::new();
    for subscription in given.as_array().into_iter().flatten() {
        let event_type = subscription["eventType"].as_str().unwrap_or_default();
        #[cfg(feature = "webhooks")]
        if !crate::webhooks::EVENT_TYPES.contains(&event_type) {
            return Err(MutationFailure::validation(
                "input_validation",
                &format!("{event_type:?} is not an event type Plain sends"),
            )
            .field("eventSubscriptions", "Unknown event type"));
        }
        out.push(json!({ "eventType": event_type }));
    }
    Ok(Value::Array(out))
}
