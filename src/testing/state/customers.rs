//! Customers: `upsertCustomer` (found by its identifier, created from
//! `onCreate` or changed by `onUpdate`: `CREATED`, `UPDATED` or `NOOP`),
//! and the look-ups by id, email and external id. Emails and external ids
//! belong to one customer each, as in Plain.

use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::ids::Kind;
use super::pages::{self, PageArgs};
use super::webhooks::Change;
use super::{date_time, not_found, Store, Workspace, MAX_ENTITIES};
use crate::testing::answer::MutationFailure;

/// A customer look-up: by which key, and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lookup<'a> {
    Id(&'a str),
    Email(&'a str),
    ExternalId(&'a str),
}

/// The customer a `CustomerIdentifierInput` names: exactly one of its keys.
pub(super) fn identifier_lookup<'v>(
    identifier: &'v Value,
    field: &str,
) -> Result<Lookup<'v>, MutationFailure> {
    match (
        identifier["customerId"].as_str(),
        identifier["emailAddress"].as_str(),
        identifier["externalId"].as_str(),
    ) {
        (Some(id), None, None) => Ok(Lookup::Id(id)),
        (None, Some(email), None) => Ok(Lookup::Email(email)),
        (None, None, Some(external_id)) => Ok(Lookup::ExternalId(external_id)),
        _ => Err(MutationFailure::validation(
            "input_validation",
            "Exactly one of customerId, emailAddress and externalId identifies the customer",
        )
        .field(
            field,
            "Give exactly one of customerId, emailAddress, externalId",
        )),
    }
}

impl Store {
    /// The id of the customer `lookup` finds, or Plain's refusal naming
    /// `customerIdentifier`.
    pub(super) fn customer_for(&self, lookup: Lookup<'_>) -> Result<String, MutationFailure> {
        self.find_customer(lookup).ok_or_else(|| {
            MutationFailure::validation(
                "input_validation",
                &format!("No customer matches {lookup:?}; upsert the customer first"),
            )
            .field_of_type("customerIdentifier", "Customer not found", "NOT_FOUND")
        })
    }

    /// The id of the customer `lookup` finds (emails match in any case).
    pub(super) fn find_customer(&self, lookup: Lookup<'_>) -> Option<String> {
        match lookup {
            Lookup::Id(id) => self.customers.contains_key(id).then(|| id.to_owned()),
            Lookup::Email(email) => self
                .customers
                .iter()
                .find(|(_, c)| {
                    c["email"]["email"]
                        .as_str()
                        .is_some_and(|e| e.eq_ignore_ascii_case(email))
                })
                .map(|(id, _)| id.clone()),
            Lookup::ExternalId(external_id) => self
                .customers
                .iter()
                .find(|(_, c)| c["externalId"].as_str() == Some(external_id))
                .map(|(id, _)| id.clone()),
        }
    }

    /// A refusal when another customer than `id` has `email` or `external_id`.
    fn taken(
        &self,
        id: Option<&str>,
        email: Option<&str>,
        external_id: Option<&str>,
    ) -> Option<MutationFailure> {
        let keys = [
            ("email", email.map(Lookup::Email)),
            ("externalId", external_id.map(Lookup::ExternalId)),
        ];
        keys.into_iter().find_map(|(field, lookup)| {
            let (Lookup::Email(value) | Lookup::ExternalId(value) | Lookup::Id(value)) = lookup?;
            let owner = self.find_customer(lookup?)?;
            (Some(owner.as_str()) != id).then(|| {
                MutationFailure::validation(
                    "input_validation",
                    &format!("A customer with {field} {value} already exists"),
                )
                .field(field, &format!("Another customer has this {field}"))
            })
        })
    }
}

impl Workspace {
    /// The customer `lookup` finds, as Plain's `Customer` JSON, or null.
    pub(super) fn customer(&self, lookup: Lookup<'_>) -> Value {
        let store = self.store();
        store
            .find_customer(lookup)
            .and_then(|id| store.customers.get(&id).cloned())
            .map_or(Value::Null, Value::Object)
    }

    /// `upsertCustomer`: the result (`CREATED`, `UPDATED`, `NOOP`) and the customer.
    pub(super) fn upsert_customer(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<(&'static str, Map<String, Value>), MutationFailure> {
        let text = |value: &Value| value.as_str().map(str::to_owned);
        let lookup = identifier_lookup(&input["identifier"], "identifier")?;
        let mut store = self.store();
        let Some(id) = store.find_customer(lookup) else {
            if let Lookup::Id(id) = lookup {
                return Err(not_found("Customer", "identifier.customerId", id));
            }
            let on_create = &input["onCreate"];
            let email = text(&on_create["email"]["email"]);
            let external_id = text(&on_create["externalId"]);
            if let Some(refusal) = store.taken(None, email.as_deref(), external_id.as_deref()) {
                return Err(refusal);
            }
            if store.customers.len() >= MAX_ENTITIES {
                return Err(MutationFailure::validation(
                    "mock_plain_limit",
                    &format!("MockPlain keeps at most {MAX_ENTITIES} customers"),
                ));
            }
            let id = self.ids.make(Kind::Customer, now);
            let at = date_time(now);
            let customer = self.stamped(
                json!({
                "id": id,
                "externalId": external_id,
                "fullName": on_create["fullName"],
                "shortName": on_create["shortName"],
                "email": {
                    "email": email,
                    "isVerified": on_create["email"]["isVerified"].as_bool().unwrap_or(false),
                },
                "isAnonymous": false,
                "identities": [],
                }),
                &at,
            );
            store.customers.insert(id, customer.clone());
            store.record(Change::CustomerCreated(customer.clone()));
            return Ok(("CREATED", customer));
        };

        let on_update = &input["onUpdate"];
        let mut customer = store.customers[&id].clone();
        let before = customer.clone();
        if let Some(full_name) = on_update["fullName"]["value"].as_str() {
            customer.insert("fullName".into(), json!(full_name));
        }
        for key in ["shortName", "externalId"] {
            if let Some(change) = on_update[key].as_object() {
                customer.insert(
                    key.into(),
                    change.get("value").cloned().unwrap_or(Value::Null),
                );
            }
        }
        if let Some(email) = on_update["email"].as_object() {
            customer.insert(
                "email".into(),
                json!({ "email": email.get("email"), "isVerified": email.get("isVerified") }),
            );
        }
        if customer == before {
            return Ok(("NOOP", customer));
        }
        if let Some(refusal) = store.taken(
            Some(&id),
            customer["email"]["email"].as_str(),
            customer["externalId"].as_str(),
        ) {
            return Err(refusal);
        }
        customer.insert("updatedAt".into(), date_time(now));
        customer.insert("updatedBy".into(), self.actor());
        store.customers.insert(id, customer.clone());
        store.record(Change::CustomerUpdated(before, customer.clone()));
        Ok(("UPDATED", customer))
    }

    /// `customers` (no filter is applied: a filter given is refused).
    pub(super) fn customers(&self, filters: &Value, args: &PageArgs) -> Result<Value, String> {
        pages::no_filters(filters, "customers")?;
        pages::page(pages::items(&self.store().customers), args)
    }

    /// `deleteCustomer`: the customer goes, and with it its email and
    /// external id (free for another customer); its threads stay.
    pub(super) fn delete_customer(&self, input: &Value) -> Result<(), MutationFailure> {
        let id = input["customerId"].as_str().unwrap_or_default();
        let mut store = self.store();
        let Some(customer) = store.customers.remove(id) else {
            return Err(not_found("Customer", "customerId", id));
        };
        store.record(Change::CustomerDeleted(customer));
        Ok(())
    }
}
