//! A workspace as one JSON document, to write to a file and start from
//! again (`plain-mock --state FILE`): every entity as the workspace keeps
//! it (Plain's GraphQL JSON: customers, threads, thread events, label
//! types, users, tenants, notes, customer events, webhook targets), and the
//! ids of the workspace and its machine user. The indexes (external ids) are rebuilt from the entities.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::{json, Map, Value};

use super::ids::Ids;
use super::{Store, Workspace, MAX_ENTITIES};

/// The snapshot format's version: a file of another one is refused.
const VERSION: u64 = 1;

impl Workspace {
    /// The whole workspace as JSON.
    pub(crate) fn snapshot(&self) -> Value {
        let store = self.store();
        let values = |map: &BTreeMap<String, Map<String, Value>>| {
            map.values().cloned().map(Value::Object).collect::<Vec<_>>()
        };
        json!({
            "version": VERSION,
            "workspaceId": store.workspace_id,
            "machineUserId": self.machine_user_id,
            "lastRef": store.last_ref,
            "customers": values(&store.customers),
            "threads": values(&store.threads),
            "threadEvents": store.thread_events,
            "labelTypes": values(&store.label_types),
            "users": values(&store.users),
            "tenants": values(&store.tenants),
            "notes": store.writings.notes,
            "customerEvents": store.writings.customer_events,
            "webhookTargets": values(&store.webhook_targets),
        })
    }

    /// The workspace a [`Workspace::snapshot`] describes, or what is wrong
    /// with it (the key and the position of the first entity at fault).
    pub(crate) fn from_snapshot(snapshot: &Value) -> Result<Workspace, String> {
        let Some(version) = snapshot.get("version").and_then(Value::as_u64) else {
            return Err("not a workspace snapshot: no \"version\"".to_owned());
        };
        if version != VERSION {
            return Err(format!(
                "a workspace snapshot of version {version}; this MockPlain reads version {VERSION}"
            ));
        }
        let text = |key: &str| {
            snapshot
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("the snapshot's \"{key}\" is not a string"))
        };
        let entities = |key: &str| -> Result<BTreeMap<String, Map<String, Value>>, String> {
            let list = match snapshot.get(key) {
                None | Some(Value::Null) => return Ok(BTreeMap::new()),
                Some(Value::Array(list)) => list,
                Some(_) => return Err(format!("the snapshot's \"{key}\" is not a list")),
            };
            if list.len() > MAX_ENTITIES {
                return Err(format!(
                    "the snapshot's \"{key}\" has {} entries; a workspace keeps at most {MAX_ENTITIES}",
                    list.len()
                ));
            }
            let mut out = BTreeMap::new();
            for (i, entity) in list.iter().enumerate() {
                let id = entity.get("id").and_then(Value::as_str);
                match (entity, id) {
                    (Value::Object(object), Some(id)) => {
                        if out.insert(id.to_owned(), object.clone()).is_some() {
                            return Err(format!("{key}[{i}]: id {id:?} is given twice"));
                        }
                    }
                    _ => return Err(format!("{key}[{i}] is not an object with a string \"id\"")),
                }
            }
            Ok(out)
        };
        let thread_events: Vec<Map<String, Value>> =
            entities("threadEvents")?.into_values().collect();
        let notes: Vec<Map<String, Value>> = entities("notes")?.into_values().collect();
        let customer_events: Vec<Map<String, Value>> =
            entities("customerEvents")?.into_values().collect();
        let mut store = Store {
            customers: entities("customers")?,
            threads: entities("threads")?,
            last_ref: snapshot["lastRef"].as_u64().unwrap_or(0),
            thread_events,
            label_types: entities("labelTypes")?,
            users: entities("users")?,
            tenants: entities("tenants")?,
            webhook_targets: entities("webhookTargets")?,
            workspace_id: text("workspaceId")?,
            ..Store::default()
        };
        for (id, thread) in &store.threads {
            if let (Some(customer), Some(external_id)) = (
                thread["customer"]["id"].as_str(),
                thread["externalId"].as_str(),
            ) {
                store
                    .thread_external_ids
                    .insert((customer.to_owned(), external_id.to_owned()), id.clone());
            }
        }
        for event in &customer_events {
            if let (Some(customer), Some(external_id)) =
                (event["customerId"].as_str(), event["externalId"].as_str())
            {
                store
                    .writings
                    .customer_event_external_ids
                    .insert((customer.to_owned(), external_id.to_owned()));
            }
        }
        store.writings.notes = notes;
        store.writings.customer_events = customer_events;
        for event in &store.thread_events {
            if let (Some(thread), Some(external_id)) =
                (event["threadId"].as_str(), event["externalId"].as_str())
            {
                store
                    .event_external_ids
                    .insert((thread.to_owned(), external_id.to_owned()));
            }
        }
        Ok(Workspace {
            store: Mutex::new(store),
            ids: Ids::new(),
            machine_user_id: text("machineUserId")?,
        })
    }
}
