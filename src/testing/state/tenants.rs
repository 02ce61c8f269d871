//! Tenants: `upsertTenant` (found by id or external id; `CREATED`,
//! `UPDATED` or `NOOP`; external ids unique), `tenant`, `tenants`, and a
//! thread's tenant (`updateThreadTenant`).

use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::ids::Kind;
use super::pages::{self, PageArgs};
use super::webhooks::Change;
use super::{date_time, limit_refusal, not_found, Store, Workspace, MAX_ENTITIES};
use crate::testing::answer::MutationFailure;

impl Store {
    /// The id of the tenant a `TenantIdentifierInput` names.
    fn find_tenant(&self, identifier: &Value) -> Result<Option<String>, MutationFailure> {
        match (
            identifier["tenantId"].as_str(),
            identifier["externalId"].as_str(),
        ) {
            (Some(id), None) => Ok(self.tenants.contains_key(id).then(|| id.to_owned())),
            (None, Some(external_id)) => Ok(self
                .tenants
                .values()
                .find(|t| t["externalId"].as_str() == Some(external_id))
                .and_then(|t| t["id"].as_str().map(str::to_owned))),
            _ => Err(MutationFailure::validation(
                "input_validation",
                "Exactly one of tenantId and externalId identifies the tenant",
            )
            .field("identifier", "Give exactly one of tenantId, externalId")),
        }
    }
}

impl Workspace {
    /// `upsertTenant`: the result and the tenant.
    pub(super) fn upsert_tenant(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<(&'static str, Map<String, Value>), MutationFailure> {
        let name = input["name"].as_str().unwrap_or_default();
        let external_id = input["externalId"].as_str().unwrap_or_default();
        if name.trim().is_empty() || external_id.is_empty() {
            let field = if name.trim().is_empty() {
                "name"
            } else {
                "externalId"
            };
            return Err(MutationFailure::validation(
                "input_validation",
                "A tenant needs a name and an externalId",
            )
            .field_of_type(field, "Required", "REQUIRED"));
        }
        let mut store = self.store();
        let found = store.find_tenant(&input["identifier"])?;
        let owner = store
            .tenants
            .values()
            .find(|t| t["externalId"].as_str() == Some(external_id))
            .and_then(|t| t["id"].as_str().map(str::to_owned));
        if owner.is_some() && owner != found {
            return Err(MutationFailure::validation(
                "input_validation",
                &format!("A tenant with externalId {external_id} already exists"),
            )
            .field("externalId", "Another tenant has this externalId"));
        }
        let at = date_time(now);
        let Some(id) = found else {
            if let Some(id) = input["identifier"]["tenantId"].as_str() {
                return Err(not_found("Tenant", "identifier.tenantId", id));
            }
            if store.tenants.len() >= MAX_ENTITIES {
                return Err(limit_refusal("tenants"));
            }
            let id = self.ids.make(Kind::Tenant, now);
            let tenant = json!({
                "id": id,
                "name": name,
                "externalId": external_id,
                "url": input["url"]["value"],
                "primaryDomain": input["primaryDomain"]["value"],
                "alternateDomains": input["alternateDomains"]["value"].as_array().cloned().unwrap_or_default(),
                "isDomainAutoJoinEnabled": input["isDomainAutoJoinEnabled"]["value"].as_bool().unwrap_or(false),
                "logoUrl": null,
                "tier": null,
                "tenantFields": [],
            });
            let tenant = self.stamped(tenant, &at);
            store.tenants.insert(id, tenant.clone());
            return Ok(("CREATED", tenant));
        };
        let Some(tenant) = store.tenants.get_mut(&id) else {
            return Err(not_found("Tenant", "identifier", &id));
        };
        let before = tenant.clone();
        tenant.insert("name".into(), json!(name));
        tenant.insert("externalId".into(), json!(external_id));
        for key in [
            "url",
            "primaryDomain",
            "alternateDomains",
            "isDomainAutoJoinEnabled",
        ] {
            if let Some(value) = input[key].get("value") {
                tenant.insert(key.into(), value.clone());
            }
        }
        if *tenant == before {
            return Ok(("NOOP", tenant.clone()));
        }
        tenant.insert("updatedAt".into(), at);
        tenant.insert("updatedBy".into(), self.actor());
        Ok(("UPDATED", tenant.clone()))
    }

    /// A tenant, or null.
    pub(super) fn tenant(&self, id: &str) -> Value {
        self.store()
            .tenants
            .get(id)
            .cloned()
            .map_or(Value::Null, Value::Object)
    }

    /// `tenants` (no filter is applied: a filter given is refused).
    pub(super) fn tenants(&self, filters: &Value, args: &PageArgs) -> Result<Value, String> {
        pages::no_filters(filters, "tenants")?;
        pages::page(pages::items(&self.store().tenants), args)
    }

    /// `updateThreadTenant`: the tenant named, or none when not given.
    pub(super) fn update_thread_tenant(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let tenant = match &input["tenantIdentifier"] {
            Value::Null => Value::Null,
            identifier => {
                let store = self.store();
                match store.find_tenant(identifier)? {
                    Some(id) => json!({ "id": id }),
                    None => {
                        return Err(MutationFailure::validation(
                            "input_validation",
                            "No such tenant",
                        )
                        .field_of_type(
                            "tenantIdentifier",
                            "Tenant not found",
                            "NOT_FOUND",
                        ))
                    }
                }
            }
        };
        self.change_thread(input, now, |thread| {
            if thread["tenant"] == tenant {
                return Ok(None);
            }
            thread.insert("tenant".into(), tenant.clone());
            Ok(Some(Change::Unreported))
        })
    }
}
