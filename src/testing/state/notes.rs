//! What is written about a customer: notes (`createNote`, on the customer
//! or on one of the customer's threads) and customer events
//! (`createCustomerEvent`, once per external id of the customer).

use std::collections::HashSet;
use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::components;
use super::customers::{identifier_lookup, Lookup};
use super::ids::Kind;
use super::webhooks::Change;
use super::{date_time, limit_refusal, not_found, Workspace, MAX_ENTITIES};
use crate::testing::answer::MutationFailure;

/// Notes and customer events kept, and the customer events' external ids.
#[derive(Debug, Default)]
pub(super) struct Writings {
    pub notes: Vec<Map<String, Value>>,
    pub customer_events: Vec<Map<String, Value>>,
    /// `(customer id, external id)` of the customer events made with one.
    pub customer_event_external_ids: HashSet<(String, String)>,
}

impl Workspace {
    /// `createNote`.
    pub(super) fn create_note(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let customer_id = input["customerId"].as_str().unwrap_or_default();
        let text = input["text"].as_str().unwrap_or_default();
        if text.trim().is_empty() {
            return Err(
                MutationFailure::validation("input_validation", "A note needs text")
                    .field_of_type("text", "Required", "REQUIRED"),
            );
        }
        let mut store = self.store();
        if store.find_customer(Lookup::Id(customer_id)).is_none() {
            return Err(not_found("Customer", "customerId", customer_id));
        }
        let thread = match input["threadId"].as_str() {
            None => None,
            Some(thread_id) => match store.threads.get(thread_id) {
                Some(thread) if thread["customer"]["id"] == customer_id => Some(thread.clone()),
                Some(_) => {
                    return Err(MutationFailure::validation(
                        "input_validation",
                        &format!("Thread {thread_id} is not a thread of customer {customer_id}"),
                    )
                    .field("threadId", "The thread belongs to another customer"))
                }
                None => return Err(not_found("Thread", "threadId", thread_id)),
            },
        };
        if store.writings.notes.len() >= MAX_ENTITIES {
            return Err(limit_refusal("notes"));
        }
        let at = date_time(now);
        let note = json!({
            "id": self.ids.make(Kind::Note, now),
            "text": text,
            "markdown": input["markdown"],
            "externalId": null,
            "customer": { "id": customer_id },
            "attachments": [],
            "isEdited": false,
            "editedAt": null,
            "editedBy": null,
            "isDeleted": false,
            "deletedAt": null,
            "deletedBy": null,
        });
        let note = self.stamped(note, &at);
        store.writings.notes.push(note.clone());
        if let Some(thread) = thread {
            store.record(Change::NoteCreated(thread, note.clone()));
        }
        Ok(note)
    }

    /// `createCustomerEvent`.
    pub(super) fn create_customer_event(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let lookup = identifier_lookup(&input["customerIdentifier"], "customerIdentifier")?;
        let mut store = self.store();
        let customer_id = store.customer_for(lookup)?;
        let external_id = input["externalId"].as_str();
        if let Some(external_id) = external_id {
            let key = (customer_id.clone(), external_id.to_owned());
            if store.writings.customer_event_external_ids.contains(&key) {
                return Err(MutationFailure::validation(
                    "input_validation",
                    &format!("A customer event with externalId {external_id} already exists for this customer"),
                )
                .field("externalId", "A customer event with this externalId already exists"));
            }
        }
        if store.writings.customer_events.len() >= MAX_ENTITIES {
            return Err(limit_refusal("customer events"));
        }
        let at = date_time(now);
        let event = json!({
            "id": self.ids.make(Kind::CustomerEvent, now),
            "customerId": customer_id,
            "title": input["title"],
            "isCollapsed": input["isCollapsed"].as_bool().unwrap_or(false),
            "components": components::as_output(&input["components"]),
            "externalId": external_id,
        });
        let event = self.stamped(event, &at);
        if let Some(external_id) = external_id {
            store
                .writings
                .customer_event_external_ids
                .insert((customer_id, external_id.to_owned()));
        }
        store.writings.customer_events.push(event.clone());
        Ok(event)
    }
}
