//! [`MockPlain`](super::MockPlain)'s workspace in memory, for
//! [`MockPlainBuilder::stateful`](super::MockPlainBuilder::stateful): what
//! a mutation creates is kept and answered as Plain answers it, with ids
//! shaped like Plain's ([`ids`]).
//!
//! Kept: customers ([`customers`]), threads ([`threads`]), thread events
//! (`createThreadEvent`: the components as sent, `createdBy` the API key's
//! machine user, an `externalId` that makes the create happen once), label
//! types and labels ([`labels`]), users and assignment ([`people`]), notes
//! and customer events ([`notes`]), tenants ([`tenants`]), webhook targets
//! and the deliveries each change makes for them ([`webhooks`]); the whole
//! of it as one document ([`snapshot`]); lists page as Plain's do
//! ([`pages`]). Every other operation is answered from the schema, as
//! without state.
//!
//! Pure decisions over the store; the server asks [`Workspace::answer`]
//! when no expectation took the request.

mod components;
mod customers;
pub(crate) mod ids;
mod labels;
mod notes;
mod pages;
mod people;
mod snapshot;
mod tenants;
mod threads;
mod webhooks;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use apollo_compiler::ast;
use apollo_compiler::executable::Selection;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::answer::MutationFailure;
use super::check::Accepted;
use ids::{Ids, Kind};
use pages::PageArgs;
use threads::{ThreadLookup, Transition};
#[cfg(feature = "webhooks")]
pub(crate) use webhooks::Pending;
use webhooks::{Change, Outbox};

/// The most entities of each kind (customers, threads, thread events, label
/// types) a workspace keeps: a test that loops without end gets a clear
/// mutation error, not a machine out of memory.
pub(crate) const MAX_ENTITIES: usize = 100_000;

/// Plain's refusal of an id that names nothing: a `MutationError` whose
/// field error is `NOT_FOUND`.
pub(super) fn not_found(what: &str, field: &str, id: &str) -> MutationFailure {
    MutationFailure::validation(
        "input_validation",
        &format!("{what} with id {id} not found"),
    )
    .field_of_type(field, &format!("{what} not found"), "NOT_FOUND")
}

/// The refusal when a store is full ([`MAX_ENTITIES`]).
pub(super) fn limit_refusal(what: &str) -> MutationFailure {
    MutationFailure::validation(
        "mock_plain_limit",
        &format!("MockPlain keeps at most {MAX_ENTITIES} {what}"),
    )
}

/// What a workspace starts with (JSON: `{"threads": [{"id": "th_…",
/// "customerId": "c_…", "title": "…"}]}`; every key optional but a
/// thread's `id`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Seed {
    /// Threads that exist from the start.
    #[serde(default)]
    pub threads: Vec<SeedThread>,
    /// Users of the workspace (the ones `assignThread` can name).
    #[serde(default)]
    pub users: Vec<SeedUser>,
}

/// A user a [`Seed`] starts with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedUser {
    /// Its id (`u_…`).
    pub id: String,
    /// Its full name.
    pub full_name: String,
    /// Its email address.
    pub email: String,
}

/// A thread a [`Seed`] starts with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedThread {
    /// Its id (`th_…`).
    pub id: String,
    /// Its customer's id (`c_…`); one is made when absent. A customer the
    /// workspace does not have yet is made with this id.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Default)]
struct Store {
    /// Customers as Plain's `Customer` JSON, by id.
    customers: BTreeMap<String, Map<String, Value>>,
    /// Threads as Plain's `Thread` JSON, by id (ids sort in the order made).
    threads: BTreeMap<String, Map<String, Value>>,
    /// The last thread's `ref` number.
    last_ref: u64,
    /// `(customer id, external id)` → thread id.
    thread_external_ids: HashMap<(String, String), String>,
    /// Thread events as Plain's `ThreadEvent` JSON, in the order made.
    thread_events: Vec<Map<String, Value>>,
    /// `(thread id, external id)` of the thread events created with one.
    event_external_ids: HashSet<(String, String)>,
    /// Label types as Plain's `LabelType` JSON, by id.
    label_types: BTreeMap<String, Map<String, Value>>,
    /// Users as Plain's `User` JSON, by id.
    users: BTreeMap<String, Map<String, Value>>,
    /// Tenants as Plain's `Tenant` JSON, by id.
    tenants: BTreeMap<String, Map<String, Value>>,
    /// Notes and customer events.
    writings: notes::Writings,
    /// Webhook targets as Plain's `WebhookTarget` JSON, by id.
    webhook_targets: BTreeMap<String, Map<String, Value>>,
    /// Webhook deliveries waiting to be sent.
    outbox: Outbox,
    /// Ids of webhook events.
    event_ids: Ids,
    /// The workspace's id (`w_…`), as webhooks carry it.
    workspace_id: String,
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
    /// A query Plain would refuse (a bad cursor, a page over 100): a
    /// GraphQL error with this message.
    Refused(String),
}

impl From<MutationFailure> for Outcome {
    fn from(failure: MutationFailure) -> Outcome {
        Outcome::Failed(failure)
    }
}

impl From<String> for Outcome {
    fn from(problem: String) -> Outcome {
        Outcome::Refused(problem)
    }
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
        let machine_user_id = ids.make(Kind::MachineUser, now);
        let workspace = Workspace {
            store: Mutex::new(Store {
                workspace_id: ids.make(Kind::Workspace, now),
                ..Store::default()
            }),
            ids,
            machine_user_id,
        };
        if seed.threads.len() > MAX_ENTITIES {
            return Err(format!(
                "the seed has {} threads; a workspace keeps at most {MAX_ENTITIES}",
                seed.threads.len()
            ));
        }
        let at = date_time(now);
        let actor = workspace.actor();
        let mut store = workspace.store();
        if seed.users.len() > MAX_ENTITIES {
            return Err(format!(
                "the seed has {} users; a workspace keeps at most {MAX_ENTITIES}",
                seed.users.len()
            ));
        }
        for user in &seed.users {
            if !user.id.starts_with("u_") {
                return Err(format!("seed user id {:?} is not a user id (u_…)", user.id));
            }
            let kept = workspace.seed_user(&user.id, &user.full_name, &user.email, &at);
            if store.users.insert(user.id.clone(), kept).is_some() {
                return Err(format!("seed user id {:?} is given twice", user.id));
            }
        }
        for thread in &seed.threads {
            if !thread.id.starts_with("th_") {
                return Err(format!(
                    "seed thread id {:?} is not a thread id (th_…)",
                    thread.id
                ));
            }
            if store.threads.contains_key(&thread.id) {
                return Err(format!("seed thread id {:?} is given twice", thread.id));
            }
            let customer_id = thread
                .customer_id
                .clone()
                .unwrap_or_else(|| workspace.ids.make(Kind::Customer, now));
            if !store.customers.contains_key(&customer_id) {
                let customer = workspace.seed_customer(&customer_id, &at);
                store.customers.insert(customer_id.clone(), customer);
            }
            let title = thread.title.as_deref().unwrap_or("Seeded thread");
            let stored = store.new_thread(thread.id.clone(), &customer_id, title, &at, &actor);
            store.threads.insert(thread.id.clone(), stored);
        }
        drop(store);
        Ok(workspace)
    }

    /// The answer to `request` when the workspace keeps the state of its
    /// one root field; `None` for everything else.
    pub(crate) fn answer(&self, request: &Accepted) -> Option<Outcome> {
        let operation = request.operation()?;
        let [Selection::Field(field)] = operation.selection_set.selections.as_slice() else {
            return None;
        };
        let argument = |name: &str| {
            field
                .arguments
                .iter()
                .find(|a| a.name == name)
                .map(|a| to_json(&a.value, &request.variables))
        };
        let value = match operation.operation_type {
            ast::OperationType::Mutation => {
                let input = argument("input").unwrap_or(Value::Null);
                self.mutate(field.name.as_str(), &input, SystemTime::now())?
            }
            ast::OperationType::Query => self.query(field.name.as_str(), &argument)?,
            ast::OperationType::Subscription => return None,
        };
        Some(match value {
            Ok(value) => {
                let mut data = Map::new();
                data.insert(field.response_key().to_string(), value);
                Outcome::Data(data)
            }
            Err(outcome) => outcome,
        })
    }

    /// A mutation's output, when the workspace keeps its state.
    fn mutate(&self, name: &str, input: &Value, now: SystemTime) -> Option<Result<Value, Outcome>> {
        // The output holding one entity under `key`, or the refusal.
        let entity = |key: &str, result: Result<Map<String, Value>, MutationFailure>| {
            result
                .map(|e| json!({ key: e, "error": null }))
                .map_err(Outcome::from)
        };
        let thread = |result| entity("thread", result);
        Some(match name {
            "createThreadEvent" => entity("threadEvent", self.create_thread_event(input, now)),
            "upsertCustomer" => self
                .upsert_customer(input, now)
                .map(|(result, customer)| {
                    json!({ "result": result, "customer": customer, "error": null })
                })
                .map_err(Outcome::from),
            "deleteCustomer" => self
                .delete_customer(input)
                .map(|()| json!({ "error": null }))
                .map_err(Outcome::from),
            "createThread" => thread(self.create_thread(input, now)),
            "snoozeThread" => thread(self.transition(input, Transition::Snooze, now)),
            "markThreadAsDone" => thread(self.transition(input, Transition::Done, now)),
            "markThreadAsTodo" => thread(self.transition(input, Transition::Todo, now)),
            "changeThreadPriority" => thread(self.change_priority(input, now)),
            "assignThread" => thread(self.assign_thread(input, now)),
            "unassignThread" => thread(self.unassign_thread(input, now)),
            "updateThreadTenant" => thread(self.update_thread_tenant(input, now)),
            "createNote" => entity("note", self.create_note(input, now)),
            "createCustomerEvent" => entity("customerEvent", self.create_customer_event(input, now)),
            "upsertTenant" => self
                .upsert_tenant(input, now)
                .map(|(result, t)| json!({ "result": result, "tenant": t, "error": null }))
                .map_err(Outcome::from),
            "removeLabels" => thread(self.remove_labels(input, now)),
            "addLabels" => self
                .add_labels(input, now)
                .map(|(labels, t)| json!({ "labels": labels, "thread": t, "error": null }))
                .map_err(Outcome::from),
            "createLabelType" => entity("labelType", self.create_label_type(input, now)),
            "archiveLabelType" => entity("labelType", self.archive_label_type(input, now)),
            "createWebhookTarget" => entity("webhookTarget", self.create_webhook_target(input, now)),
            "updateWebhookTarget" => entity("webhookTarget", self.update_webhook_target(input, now)),
            "deleteWebhookTarget" => self
                .delete_webhook_target(input)
                .map(|()| json!({ "error": null }))
                .map_err(Outcome::from),
            _ => return None,
        })
    }

    /// A query's value, when the workspace keeps its state.
    fn query(
        &self,
        name: &str,
        argument: &dyn Fn(&str) -> Option<Value>,
    ) -> Option<Result<Value, Outcome>> {
        let text = |name: &str| argument(name).and_then(|v| v.as_str().map(str::to_owned));
        let page = || PageArgs::from_arguments(argument);
        let filters = || argument("filters").unwrap_or(Value::Null);
        let found = |value: Value| Ok(value);
        Some(match name {
            "customer" => found(self.customer(customers::Lookup::Id(&text("customerId")?))),
            "customerByEmail" => found(self.customer(customers::Lookup::Email(&text("email")?))),
            "customerByExternalId" => {
                found(self.customer(customers::Lookup::ExternalId(&text("externalId")?)))
            }
            "thread" => found(self.thread(ThreadLookup::Id(&text("threadId")?))),
            "threadByRef" => found(self.thread(ThreadLookup::Ref(&text("ref")?))),
            "threadByExternalId" => found(self.thread(ThreadLookup::ExternalId {
                customer_id: &text("customerId")?,
                external_id: &text("externalId")?,
            })),
            "threads" => self.threads(&filters(), &page()).map_err(Outcome::from),
            "labelType" => found(self.label_type(&text("labelTypeId")?)),
            "labelTypes" => self.label_types(&filters(), &page()).map_err(Outcome::from),
            "webhookTarget" => found(self.webhook_target(&text("webhookTargetId")?)),
            "customers" => self.customers(&filters(), &page()).map_err(Outcome::from),
            "tenant" => found(self.tenant(&text("tenantId")?)),
            "tenants" => self.tenants(&filters(), &page()).map_err(Outcome::from),
            "myWorkspace" => found(self.my_workspace()),
            "webhookTargets" => self.webhook_targets(&page()).map_err(Outcome::from),
            _ => return None,
        })
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
        let Some(customer_id) = store
            .threads
            .get(thread_id)
            .map(|t| t["customer"]["id"].clone())
        else {
            return Err(not_found("Thread", "threadId", thread_id));
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
        event.insert("customerId".into(), customer_id);
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
        // Not a field of Plain's ThreadEvent, but of the timeline entry webhooks show.
        event.insert("externalId".into(), json!(external_id));
        if let Some(external_id) = external_id {
            store
                .event_external_ids
                .insert((thread_id.to_owned(), external_id));
        }
        store.thread_events.push(event.clone());
        store.record(Change::TimelineEntryAdded(event.clone()));
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

    /// A customer the seed names by id only.
    fn seed_customer(&self, id: &str, at: &Value) -> Map<String, Value> {
        self.stamped(
            json!({
            "id": id,
            "externalId": null,
            "fullName": "Seeded customer",
            "shortName": null,
            "email": { "email": format!("{}@example.com", id.to_ascii_lowercase()), "isVerified": false },
            "isAnonymous": false,
            "identities": [],
            }),
            at,
        )
    }

    /// `fields` (a JSON object) as made by the API key at `at`: `createdAt`
    /// and `updatedAt` then, `createdBy` and `updatedBy` its machine user.
    fn stamped(&self, fields: Value, at: &Value) -> Map<String, Value> {
        let mut entity = match fields {
            Value::Object(entity) => entity,
            _ => Map::new(),
        };
        for key in ["createdAt", "updatedAt"] {
            entity.insert(key.into(), at.clone());
        }
        for key in ["createdBy", "updatedBy"] {
            entity.insert(key.into(), self.actor());
        }
        entity
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
