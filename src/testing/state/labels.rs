//! Label types (`createLabelType`, `archiveLabelType`, `labelType`,
//! `labelTypes`) and the labels they put on threads (`addLabels` by label
//! type id, once per type on a thread; `removeLabels` by label id). An
//! archived label type cannot be added.

use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::ids::Kind;
use super::pages::{self, PageArgs};
use super::threads::strings;
use super::webhooks::Change;
use super::{date_time, limit_refusal, not_found, Store, Workspace, MAX_ENTITIES};
use crate::testing::answer::MutationFailure;

impl Workspace {
    /// New labels of `label_type_ids` (checked to exist), made at `now`.
    pub(super) fn labels(
        &self,
        store: &Store,
        label_type_ids: &[&str],
        now: SystemTime,
    ) -> Vec<Value> {
        let at = date_time(now);
        label_type_ids
            .iter()
            .filter_map(|id| store.label_types.get(*id))
            .map(|label_type| {
                let label = json!({
                    "id": self.ids.make(Kind::Label, now),
                    "labelType": label_type,
                });
                Value::Object(self.stamped(label, &at))
            })
            .collect()
    }

    /// `createLabelType`.
    pub(super) fn create_label_type(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let name = input["name"].as_str().unwrap_or_default();
        if name.trim().is_empty() {
            return Err(MutationFailure::validation(
                "input_validation",
                "A label type needs a name",
            )
            .field_of_type("name", "Required", "REQUIRED"));
        }
        let mut store = self.store();
        if let Some(parent) = input["parentLabelTypeId"].as_str() {
            if !store.label_types.contains_key(parent) {
                return Err(not_found("Label type", "parentLabelTypeId", parent));
            }
        }
        if let Some(external_id) = input["externalId"].as_str() {
            if store
                .label_types
                .values()
                .any(|t| t["externalId"].as_str() == Some(external_id))
            {
                return Err(MutationFailure::validation(
                    "input_validation",
                    &format!("A label type with externalId {external_id} already exists"),
                )
                .field(
                    "externalId",
                    "A label type with this externalId already exists",
                ));
            }
        }
        if store.label_types.len() >= MAX_ENTITIES {
            return Err(limit_refusal("label types"));
        }
        let id = self.ids.make(Kind::LabelType, now);
        let at = date_time(now);
        let label_type = json!({
            "id": id,
            "name": name,
            "description": input["description"],
            "icon": input["icon"],
            "color": input["color"],
            "type": input["type"].as_str().unwrap_or("DEFAULT"),
            // A string that sorts in the order made, as Plain's positions sort.
            "position": format!("{:08}", store.label_types.len()),
            "externalId": input["externalId"],
            "parentLabelType": input["parentLabelTypeId"].as_str().map(|id| json!({ "id": id })),
            "isExcludedFromAi": input["isExcludedFromAi"].as_bool().unwrap_or(false),
            "isArchived": false,
            "archivedAt": null,
            "archivedBy": null,
        });
        let label_type = self.stamped(label_type, &at);
        store.label_types.insert(id, label_type.clone());
        Ok(label_type)
    }

    /// `archiveLabelType`: kept, but no longer added to threads.
    pub(super) fn archive_label_type(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let id = input["labelTypeId"].as_str().unwrap_or_default();
        let mut store = self.store();
        let Some(label_type) = store.label_types.get_mut(id) else {
            return Err(not_found("Label type", "labelTypeId", id));
        };
        if label_type["isArchived"] != true {
            let at = date_time(now);
            label_type.insert("isArchived".into(), json!(true));
            label_type.insert("archivedAt".into(), at.clone());
            label_type.insert("archivedBy".into(), self.actor());
            label_type.insert("updatedAt".into(), at);
        }
        Ok(label_type.clone())
    }

    /// A label type, or null.
    pub(super) fn label_type(&self, id: &str) -> Value {
        self.store()
            .label_types
            .get(id)
            .cloned()
            .map_or(Value::Null, Value::Object)
    }

    /// `labelTypes`, filtered by `isArchived` when given.
    pub(super) fn label_types(&self, filters: &Value, args: &PageArgs) -> Result<Value, String> {
        let archived = filters.get("isArchived").and_then(Value::as_bool);
        let store = self.store();
        let kept = store
            .label_types
            .iter()
            .filter(|(_, t)| archived.is_none_or(|a| t["isArchived"] == a));
        pages::page(pages::items(kept), args)
    }

    /// `addLabels`: the labels made (a label type the thread has already is
    /// skipped) and the thread.
    pub(super) fn add_labels(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<(Vec<Value>, Map<String, Value>), MutationFailure> {
        let wanted = strings(&input["labelTypeIds"]);
        if wanted.is_empty() {
            return Err(MutationFailure::validation(
                "input_validation",
                "addLabels needs at least one label type id",
            )
            .field_of_type("labelTypeIds", "Required", "REQUIRED"));
        }
        let (usable, new_labels) = {
            let store = self.store();
            let usable = store.label_type_ids_usable(&wanted);
            let thread = input["threadId"]
                .as_str()
                .and_then(|id| store.threads.get(id));
            let has: Vec<&Value> = thread
                .and_then(|t| t["labels"].as_array())
                .into_iter()
                .flatten()
                .map(|l| &l["labelType"]["id"])
                .collect();
            let missing: Vec<&str> = wanted
                .iter()
                .copied()
                .filter(|id| !has.iter().any(|h| h.as_str() == Some(*id)))
                .collect();
            (usable, self.labels(&store, &missing, now))
        };
        usable?;
        let added = new_labels.clone();
        let thread = self.change_thread(input, now, move |thread| {
            if new_labels.is_empty() {
                return Ok(None);
            }
            if let Some(Value::Array(labels)) = thread.get_mut("labels") {
                labels.extend(new_labels);
            }
            Ok(Some(Change::ThreadLabelsAdded))
        })?;
        Ok((added, thread))
    }

    /// `removeLabels`: every label id must be on one thread that exists.
    pub(super) fn remove_labels(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let label_ids = strings(&input["labelIds"]);
        let thread_id = {
            let store = self.store();
            let owners: Vec<Option<&String>> = label_ids
                .iter()
                .map(|label| {
                    store.threads.iter().find_map(|(id, t)| {
                        t["labels"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .any(|l| l["id"].as_str() == Some(*label))
                            .then_some(id)
                    })
                })
                .collect();
            if let Some(position) = owners.iter().position(Option::is_none) {
                return Err(not_found("Label", "labelIds", label_ids[position]));
            }
            let mut owners: Vec<&String> = owners.into_iter().flatten().collect();
            owners.dedup();
            match owners.as_slice() {
                [one] => (*one).clone(),
                [] => {
                    return Err(MutationFailure::validation(
                        "input_validation",
                        "removeLabels needs at least one label id",
                    )
                    .field_of_type("labelIds", "Required", "REQUIRED"))
                }
                _ => {
                    return Err(MutationFailure::validation(
                        "input_validation",
                        "The labels are on different threads",
                    )
                    .field("labelIds", "Give labels of one thread"))
                }
            }
        };
        let request = json!({ "threadId": thread_id });
        self.change_thread(&request, now, |thread| {
            if let Some(Value::Array(labels)) = thread.get_mut("labels") {
                labels.retain(|l| !label_ids.iter().any(|id| l["id"].as_str() == Some(*id)));
            }
            Ok(Some(Change::ThreadLabelsRemoved))
        })
    }
}
