//! [`MockPlain`](super::MockPlain)'s workspace in memory, for
//! [`MockPlainBuilder::stateful`](super::MockPlainBuilder::stateful): what
//! a mutation creates is kept and answered as Plain answers it, with ids
//! shaped like Plain's ([`ids`]).
//!
//! Kept so far: customers (`upsertCustomer` and the look-ups by id, email
//! and external id: [`customers`]), threads (seeded, [`Seed`]) and their
//! thread events (`createThreadEvent`: the components as sent, `createdBy`
//! the API key's machine user, an `externalId` that makes the create happen
//! once). Every other operation is answered from the schema, as without
//! state.
//!
//! Pure decisions over the store; the server asks [`Workspace::answer`]
//! when no expectation took the request.

mod components;
mod customers;
pub(crate) mod ids;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use apollo_compiler::ast;
use apollo_compiler::executable::Selection;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::answer::MutationFailure;
use super::check::Accepted;
use ids::{Ids, Kind};

/// The most thread events (and threads) a workspace keeps: a test that
/// loops without end gets a clear mutation error, not a machine out of
/// memory.
pub(crate) const MAX_ENTITIES: usize = 100_000;

/// What a workspace starts with (JSON: `{"threads": [{"id": "th_…",
/// "customerId": "c_…", "title": "…"}]}`; every key optional but a
/// thread's `id`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Seed {
    /// Threads that exist from the start.
    #[serde(default)]
    pub threads: Vec<SeedThread>,
}

/// A thread a [`Seed`] starts with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedThread {
    /// Its id (`th_…`).
    pub id: String,
    /// Its customer's id (`c_…`); one is made when absent.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
}

/// A stored thread: what a thread event needs of it.
#[derive(Debug, Clone)]
struct Thread {
    customer_id: String,
}

#[derive(Debug, Default)]
struct Store {
    /// Customers as Plain's `Customer` JSON, by id.
    customers: BTreeMap<String, Map<String, Value>>,
    threads: BTreeMap<String, Thread>,
    /// Thread events as Plain's `ThreadEvent` JSON, in the order made.
    thread_events: Vec<Map<String, Value>>,
    /// `(thread id, external id)` of the thread events created with one.
    event_external_ids: HashSet<(String, String)>,
}

/// What the workspace answers a request with.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// The root fields' values (by response key), as Plain's JSON; fields
    /// the store does not keep are generated, nullable ones it leaves out
    /// are null.
    Data(Map<String, Value>),
    /// The mutation's `MutationError`.
    Failed(MutationFailure),
}

/// A workspace in memory.
#[derive(Debug)]
pub(crate) struct Workspace {
    store: Mutex<Store>,
    ids: Ids,
    /// The machine user the API key belongs to: every change's actor.
    machine_user_id: String,
}

impl Workspace {
    /// A workspace holding what `seed` says.
    pub(crate) fn new(seed: &Seed) -> Result<Workspace, String> {
        let ids = Ids::new();
        let now = SystemTime::now();
        let mut store = Store::default();
        if seed.threads.len() > MAX_ENTITIES {
            return Err(format!(
                "the seed has {} threads; a workspace keeps at most {MAX_ENTITIES}",
                seed.threads.len()
            ));
        }
        for thread in &seed.threads {
            if !thread.id.starts_with("th_") {
                return Err(format!(
                    "seed thread id {:?} is not a thread id (th_…)",
                    thread.id
                ));
            }
            let customer_id = thread
                .customer_id
                .clone()
                .unwrap_or_else(|| ids.make(Kind::Customer, now));
            if store
                .threads
                .insert(thread.id.clone(), Thread { customer_id })
                .is_some()
            {
                return Err(format!("seed thread id {:?} is given twice", thread.id));
            }
        }
        let machine_user_id = ids.make(Kind::MachineUser, now);
        Ok(Workspace {
            store: Mutex::new(store),
            ids,
            machine_user_id,
        })
    }

    /// The answer to `request` when the workspace keeps the state of its
    /// one root field; `None` for everything else.
    pub(crate) fn answer(&self, request: &Accepted) -> Option<Outcome> {
        let operation = request.operation()?;
        let [Selection::Field(field)] = operation.selection_set.selections.as_slice() else {
            return None;
        };
        let arguments = |name: &str| {
            field
                .arguments
                .iter()
                .find(|a| a.name == name)
                .map(|a| to_json(&a.value, &request.variables))
        };
        let value = match (operation.operation_type, field.name.as_str()) {
            (ast::OperationType::Mutation, "createThreadEvent") => {
                let input = arguments("input")?;
                match self.create_thread_event(&input, SystemTime::now()) {
                    Ok(event) => json!({ "threadEvent": event, "error": null }),
                    Err(failure) => return Some(Outcome::Failed(failure)),
                }
            }
            (ast::OperationType::Mutation, "upsertCustomer") => {
                let input = arguments("input")?;
                match self.upsert_customer(&input, SystemTime::now()) {
                    Ok((result, customer)) => {
                        json!({ "result": result, "customer": customer, "error": null })
                    }
                    Err(failure) => return Some(Outcome::Failed(failure)),
                }
            }
            (ast::OperationType::Query, "customer") => {
                let id = arguments("customerId")?;
                self.customer(customers::Lookup::Id(id.as_str()?))
            }
            (ast::OperationType::Query, "customerByEmail") => {
                let email = arguments("email")?;
                self.customer(customers::Lookup::Email(email.as_str()?))
            }
            (ast::OperationType::Query, "customerByExternalId") => {
                let external_id = arguments("externalId")?;
                self.customer(customers::Lookup::ExternalId(external_id.as_str()?))
            }
            _ => return None,
        };
        let mut data = Map::new();
        data.insert(field.response_key().to_string(), value);
        Some(Outcome::Data(data))
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while the lock was held left whole entries behind.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `createThreadEvent`: on an existing thread, once per external id.
    fn create_thread_event(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let text = |key: &str| input.get(key).and_then(Value::as_str);
        let thread_id = text("threadId").unwrap_or_default();
        let mut store = self.store();
        let Some(thread) = store.threads.get(thread_id).cloned() else {
            return Err(MutationFailure::validation(
                "input_validation",
                &format!("Thread with id {thread_id} not found"),
            )
            .field("threadId", "Thread not found"));
        };
        let external_id = text("externalId").map(str::to_owned);
        if let Some(external_id) = &external_id {
            if store
                .event_external_ids
                .contains(&(thread_id.to_owned(), external_id.clone()))
            {
                return Err(MutationFailure::validation(
                    "input_validation",
                    &format!("A thread event with externalId {external_id} already exists on this thread"),
                )
                .field("externalId", "A thread event with this externalId already exists"));
            }
        }
        if store.thread_events.len() >= MAX_ENTITIES {
            return Err(MutationFailure::validation(
                "mock_plain_limit",
                &format!("MockPlain keeps at most {MAX_ENTITIES} thread events"),
            ));
        }
        let components = components::as_output(input.get("components").unwrap_or(&Value::Null));
        let id = self.ids.make(Kind::ThreadEvent, now);
        let at = date_time(now);
        let actor = self.actor();
        let mut event = Map::new();
        event.insert("id".into(), json!(id));
        event.insert("threadId".into(), json!(thread_id));
        event.insert("customerId".into(), json!(thread.customer_id));
        event.insert(
            "title".into(),
            input.get("title").cloned().unwrap_or(Value::Null),
        );
        event.insert("components".into(), components);
        event.insert(
            "isCollapsed".into(),
            json!(input
                .get("isCollapsed")
                .and_then(Value::as_bool)
                .unwrap_or(false)),
        );
        event.insert("createdAt".into(), at.clone());
        event.insert("updatedAt".into(), at);
        event.insert("createdBy".into(), actor.clone());
        event.insert("updatedBy".into(), actor);
        if let Some(external_id) = external_id {
            store
                .event_external_ids
                .insert((thread_id.to_owned(), external_id));
        }
        store.thread_events.push(event.clone());
        Ok(event)
    }

    /// The API key's machine user, as an `Actor`.
    fn actor(&self) -> Value {
        json!({
            "__typename": "MachineUserActor",
            "machineUserId": self.machine_user_id,
            "machineUser": { "id": self.machine_user_id },
        })
    }

    /// The thread events made so far, oldest first.
    pub(crate) fn thread_events(&self) -> Vec<Map<String, Value>> {
        self.store().thread_events.clone()
    }
}

/// Plain's `DateTime` for `at`.
fn date_time(at: SystemTime) -> Value {
    let ms = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    json!({
        "iso8601": crate::time::format_rfc3339(at),
        "unixTimestamp": ms.to_string(),
    })
}

/// A literal or a variable of the request, as JSON (variables were coerced
/// already).
fn to_json(value: &ast::Value, variables: &Map<String, Value>) -> Value {
    match value {
        ast::Value::Null => Value::Null,
        ast::Value::Variable(name) => variables.get(name.as_str()).cloned().unwrap_or(Value::Null),
        ast::Value::Enum(name) => Value::String(name.to_string()),
        ast::Value::String(text) => Value::String(text.clone()),
        ast::Value::Boolean(b) => Value::Bool(*b),
        ast::Value::Int(i) => i.try_to_i32().map_or(Value::Null, Value::from),
        ast::Value::Float(f) => f.try_to_f64().map_or(Value::Null, Value::from),
        ast::Value::List(items) => items.iter().map(|v| to_json(v, variables)).collect(),
        ast::Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, v)| (name.to_string(), to_json(v, variables)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests;
