//! Threads: `createThread` (for a customer that exists, once per external
//! id of that customer, `ref`s numbered `T-1`, `T-2` …), the status
//! transitions (`snoozeThread`, `markThreadAsDone`, `markThreadAsTodo`,
//! each with its status detail), `changeThreadPriority`, and the look-ups
//! by id, ref and external id and the `threads` list with its filters.

use std::time::{Duration, SystemTime};

use serde_json::{json, Map, Value};

use super::customers::identifier_lookup;
use super::ids::Kind;
use super::pages::{self, PageArgs};
use super::webhooks::Change;
use super::{date_time, limit_refusal, not_found, Store, Workspace, MAX_ENTITIES};
use crate::testing::answer::MutationFailure;

/// Plain's thread priorities: 0 (urgent) to 3 (low); 2 when not given.
const PRIORITIES: std::ops::RangeInclusive<i64> = 0..=3;
const DEFAULT_PRIORITY: i64 = 2;
/// The filters of `ThreadsFilter` the workspace applies; any other one is
/// refused, never ignored.
const THREAD_FILTERS: [&str; 6] = [
    "threadIds",
    "refs",
    "labelTypeIds",
    "priorities",
    "customerIds",
    "statuses",
];

/// A thread look-up.
#[derive(Debug, Clone, Copy)]
pub(super) enum ThreadLookup<'a> {
    Id(&'a str),
    Ref(&'a str),
    ExternalId {
        customer_id: &'a str,
        external_id: &'a str,
    },
}

/// Where a status change takes a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Transition {
    Snooze,
    Done,
    Todo,
}

fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

impl Store {
    pub(super) fn find_thread(&self, lookup: ThreadLookup<'_>) -> Option<&Map<String, Value>> {
        match lookup {
            ThreadLookup::Id(id) => self.threads.get(id),
            ThreadLookup::Ref(reference) => self
                .threads
                .values()
                .find(|t| t["ref"].as_str() == Some(reference)),
            ThreadLookup::ExternalId {
                customer_id,
                external_id,
            } => self
                .thread_external_ids
                .get(&(customer_id.to_owned(), external_id.to_owned()))
                .and_then(|id| self.threads.get(id)),
        }
    }

    /// A thread as Plain's `Thread` JSON, ready to keep.
    pub(super) fn new_thread(
        &mut self,
        id: String,
        customer_id: &str,
        title: &str,
        at: &Value,
        actor: &Value,
    ) -> Map<String, Value> {
        self.last_ref += 1;
        let thread = json!({
            "id": id,
            "ref": format!("T-{}", self.last_ref),
            "externalId": null,
            "customer": { "id": customer_id },
            "title": title,
            "description": null,
            "previewText": null,
            "priority": DEFAULT_PRIORITY,
            "channel": "API",
            "status": "TODO",
            "statusChangedAt": at,
            "statusChangedBy": actor,
            "statusDetail": {
                "__typename": "ThreadStatusDetailCreated",
                "statusChangedAt": at,
                "createdAt": at,
            },
            "assignedTo": null,
            "assignedAt": null,
            "additionalAssignees": [],
            "labels": [],
            "threadFields": [],
            "tenant": null,
            "tier": null,
            "supportEmailAddresses": [],
            "createdAt": at,
            "createdBy": actor,
            "updatedAt": at,
            "updatedBy": actor,
        });
        match thread {
            Value::Object(thread) => thread,
            _ => Map::new(),
        }
    }

    pub(super) fn label_type_ids_usable(&self, ids: &[&str]) -> Result<(), MutationFailure> {
        for id in ids {
            match self.label_types.get(*id) {
                None => return Err(not_found("Label type", "labelTypeIds", id)),
                Some(label_type) if label_type["isArchived"] == true => {
                    return Err(MutationFailure::validation(
                        "input_validation",
                        &format!("Label type {id} is archived"),
                    )
                    .field("labelTypeIds", "The label type is archived"))
                }
                Some(_) => {}
            }
        }
        Ok(())
    }
}

/// The strings of a list argument (absent or null: empty).
pub(super) fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

impl Workspace {
    /// `createThread`.
    pub(super) fn create_thread(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let lookup = identifier_lookup(&input["customerIdentifier"], "customerIdentifier")?;
        let title = text(input, "title").unwrap_or_default();
        if title.trim().is_empty() {
            return Err(
                MutationFailure::validation("input_validation", "A thread needs a title")
                    .field_of_type("title", "Required", "REQUIRED"),
            );
        }
        let priority = input["priority"].as_i64().unwrap_or(DEFAULT_PRIORITY);
        if !PRIORITIES.contains(&priority) {
            return Err(priority_refusal(priority));
        }
        let label_type_ids = strings(&input["labelTypeIds"]);
        let mut store = self.store();
        let customer_id = store.customer_for(lookup)?;
        let external_id = text(input, "externalId");
        if let Some(external_id) = external_id {
            if store
                .thread_external_ids
                .contains_key(&(customer_id.clone(), external_id.to_owned()))
            {
                return Err(MutationFailure::validation(
                    "input_validation",
                    &format!(
                        "A thread with externalId {external_id} already exists for this customer"
                    ),
                )
                .field("externalId", "A thread with this externalId already exists"));
            }
        }
        store.label_type_ids_usable(&label_type_ids)?;
        if store.threads.len() >= MAX_ENTITIES {
            return Err(limit_refusal("threads"));
        }
        let id = self.ids.make(Kind::Thread, now);
        let at = date_time(now);
        let actor = self.actor();
        let mut thread = store.new_thread(id.clone(), &customer_id, title, &at, &actor);
        thread.insert("externalId".into(), json!(external_id));
        thread.insert("priority".into(), json!(priority));
        thread.insert("description".into(), input["description"].clone());
        thread.insert(
            "labels".into(),
            Value::Array(self.labels(&store, &label_type_ids, now)),
        );
        if let Some(external_id) = external_id {
            store
                .thread_external_ids
                .insert((customer_id, external_id.to_owned()), id.clone());
        }
        store.threads.insert(id, thread.clone());
        store.record(Change::ThreadCreated(thread.clone()));
        Ok(thread)
    }

    /// A thread, or null.
    pub(super) fn thread(&self, lookup: ThreadLookup<'_>) -> Value {
        self.store()
            .find_thread(lookup)
            .cloned()
            .map_or(Value::Null, Value::Object)
    }

    /// `threads`: the ones `filters` keeps, paged.
    pub(super) fn threads(&self, filters: &Value, args: &PageArgs) -> Result<Value, String> {
        let filters = filters.as_object().cloned().unwrap_or_default();
        if let Some(other) = filters
            .iter()
            .find(|(key, value)| !value.is_null() && !THREAD_FILTERS.contains(&key.as_str()))
        {
            return Err(format!(
                "MockPlain's threads filter by {} only, not by {}",
                THREAD_FILTERS.join(", "),
                other.0
            ));
        }
        let store = self.store();
        let keeps = |thread: &Map<String, Value>| {
            let among = |key: &str, value: &Value| match filters.get(key) {
                Some(Value::Array(allowed)) => allowed.contains(value),
                _ => true,
            };
            let labelled = match filters.get("labelTypeIds") {
                Some(Value::Array(wanted)) => thread["labels"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|label| wanted.contains(&label["labelType"]["id"])),
                _ => true,
            };
            among("threadIds", &thread["id"])
                && among("refs", &thread["ref"])
                && among("priorities", &thread["priority"])
                && among("customerIds", &thread["customer"]["id"])
                && among("statuses", &thread["status"])
                && labelled
        };
        let kept = store.threads.iter().filter(|(_, thread)| keeps(thread));
        pages::page(pages::items(kept), args)
    }

    /// `snoozeThread`, `markThreadAsDone`, `markThreadAsTodo`.
    pub(super) fn transition(
        &self,
        input: &Value,
        to: Transition,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let detail = text(input, "statusDetail");
        let (status, detail) = match to {
            Transition::Snooze => {
                let default = if input["durationSeconds"].is_null() {
                    "WAITING_INDEFINITELY"
                } else {
                    "WAITING_FOR_DURATION"
                };
                ("SNOOZED", detail.unwrap_or(default))
            }
            Transition::Done => (
                "DONE",
                match detail {
                    Some("TIMER_EXPIRED") => "DONE_AUTOMATICALLY_SET",
                    other => other.unwrap_or("DONE_MANUALLY_SET"),
                },
            ),
            Transition::Todo => ("TODO", detail.unwrap_or("IN_PROGRESS")),
        };
        let at = date_time(now);
        let mut status_detail = json!({
            "__typename": format!("ThreadStatusDetail{}", pascal_case(detail)),
            "statusChangedAt": at,
        });
        match detail {
            "WAITING_FOR_DURATION" => {
                let Some(seconds) = input["durationSeconds"].as_u64().filter(|s| *s > 0) else {
                    return Err(MutationFailure::validation(
                        "input_validation",
                        "Snoozing for a duration needs durationSeconds above 0",
                    )
                    .field("durationSeconds", "Give a positive number of seconds"));
                };
                status_detail["waitingUntil"] = date_time(now + Duration::from_secs(seconds));
                // Kept for the webhook's statusDetail (the GraphQL type has no such field).
                status_detail["durationSeconds"] = json!(seconds);
            }
            "CREATED" => status_detail["createdAt"] = at.clone(),
            _ => {}
        }
        self.change_thread(input, now, |thread| {
            thread.insert("status".into(), json!(status));
            thread.insert("statusChangedAt".into(), at.clone());
            thread.insert("statusChangedBy".into(), self.actor());
            thread.insert("statusDetail".into(), status_detail.clone());
            Ok(Some(Change::ThreadStatusTransitioned))
        })
    }

    /// `changeThreadPriority`.
    pub(super) fn change_priority(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let priority = input["priority"].as_i64().unwrap_or(-1);
        if !PRIORITIES.contains(&priority) {
            return Err(priority_refusal(priority));
        }
        self.change_thread(input, now, |thread| {
            let changed = thread["priority"] != priority;
            thread.insert("priority".into(), json!(priority));
            Ok(changed.then_some(Change::ThreadPriorityChanged))
        })
    }

    /// Changes the thread `input.threadId` names with `change` (which says
    /// what it was, for webhooks, or `None` when nothing changed) and keeps it.
    pub(super) fn change_thread(
        &self,
        input: &Value,
        now: SystemTime,
        change: impl FnOnce(
            &mut Map<String, Value>,
        ) -> Result<
            Option<fn(Map<String, Value>, Map<String, Value>) -> Change>,
            MutationFailure,
        >,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let thread_id = text(input, "threadId").unwrap_or_default();
        let mut store = self.store();
        let Some(before) = store.threads.get(thread_id).cloned() else {
            return Err(not_found("Thread", "threadId", thread_id));
        };
        let mut thread = before.clone();
        let Some(kind) = change(&mut thread)? else {
            return Ok(thread);
        };
        thread.insert("updatedAt".into(), date_time(now));
        thread.insert("updatedBy".into(), self.actor());
        store.threads.insert(thread_id.to_owned(), thread.clone());
        store.record(kind(before, thread.clone()));
        Ok(thread)
    }
}

fn priority_refusal(priority: i64) -> MutationFailure {
    MutationFailure::validation(
        "input_validation",
        &format!("Priority {priority} is not one of 0, 1, 2, 3"),
    )
    .field("priority", "Priority must be 0, 1, 2 or 3")
}

/// `WAITING_FOR_DURATION` → `WaitingForDuration`.
pub(super) fn pascal_case(screaming: &str) -> String {
    screaming
        .split('_')
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
