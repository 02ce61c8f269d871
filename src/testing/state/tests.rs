use super::*;
use crate::testing::answer::MutationFailure;

fn workspace(threads: &[&str]) -> Workspace {
    let seed = Seed {
        threads: threads
            .iter()
            .map(|id| SeedThread {
                id: (*id).to_owned(),
                customer_id: Some("c_01HB924RWAW8H3Q8KZDFWYBJHZ".to_owned()),
                title: None,
            })
            .collect(),
        users: vec![SeedUser {
            id: "u_01HB924RWAW8H3Q8KZDFWYBJHZ".to_owned(),
            full_name: "Grace Hopper".to_owned(),
            email: "grace@example.com".to_owned(),
        }],
    };
    Workspace::new(&seed).expect("a valid seed")
}

fn event_input(thread_id: &str, external_id: Option<&str>) -> Value {
    json!({
        "threadId": thread_id,
        "title": "API key generated",
        "externalId": external_id,
        "components": [{ "componentText": { "text": "hi" } }],
    })
}

#[test]
fn a_thread_event_is_created_once_per_external_id_on_a_thread_that_exists() {
    let ws = workspace(&["th_1", "th_2"]);
    let now = SystemTime::now();
    let created = ws
        .create_thread_event(&event_input("th_1", Some("ex-id-1")), now)
        .expect("created");
    assert!(created["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("tev_")));
    assert_eq!(created["customerId"], "c_01HB924RWAW8H3Q8KZDFWYBJHZ");
    assert_eq!(created["createdBy"]["__typename"], "MachineUserActor");
    assert_eq!(created["components"][0]["__typename"], "ComponentText");

    #[rustfmt::skip]
    let cases: [(&str, Option<&str>, Option<&str>); 4] = [
        ("th_1", Some("ex-id-1"), Some("externalId")), // the same external id again
        ("th_2", Some("ex-id-1"), None),               // on another thread
        ("th_1", None, None),                          // no external id: every time
        ("th_9", None, Some("threadId")),              // no such thread
    ];
    for (thread, external_id, refused_field) in cases {
        let result = ws.create_thread_event(&event_input(thread, external_id), now);
        match (result, refused_field) {
            (Ok(_), None) => {}
            (Err(failure), Some(field)) => {
                let json = failure.into_json();
                assert_eq!(
                    json["fields"][0]["field"], field,
                    "{thread} {external_id:?}"
                );
                assert_eq!(json["type"], "VALIDATION");
            }
            (other, _) => panic!("{thread} {external_id:?}: {other:?}"),
        }
    }
    assert_eq!(ws.thread_events().len(), 3);
}

#[test]
fn seeds_are_checked() {
    let seed = |json: Value| {
        serde_json::from_value::<Seed>(json)
            .map_err(|e| e.to_string())
            .and_then(|seed| Workspace::new(&seed).map(|_| ()))
    };
    assert!(seed(json!({ "threads": [{ "id": "th_1" }] })).is_ok());
    for (json, problem) in [
        (json!({ "threads": [{ "id": "c_1" }] }), "not a thread id"),
        (
            json!({ "threads": [{ "id": "th_1" }, { "id": "th_1" }] }),
            "twice",
        ),
        (json!({ "thread": [] }), "unknown field"),
    ] {
        let error = seed(json).expect_err("refused");
        assert!(error.contains(problem), "{error}");
    }
}

fn upsert(identifier: Value, on_update: Value) -> Value {
    json!({
        "identifier": identifier,
        "onCreate": {
            "fullName": "Ada Lovelace",
            "email": { "email": "ada@example.com", "isVerified": true },
            "externalId": "ada",
        },
        "onUpdate": on_update,
    })
}

#[test]
fn upserts_create_then_update_or_change_nothing_and_keep_emails_and_external_ids_unique() {
    let ws = workspace(&[]);
    let now = SystemTime::now();
    let (result, created) = ws
        .upsert_customer(
            &upsert(json!({ "emailAddress": "ada@example.com" }), json!({})),
            now,
        )
        .expect("created");
    assert_eq!(result, "CREATED");
    let id = created["id"].as_str().expect("an id").to_owned();
    assert!(id.starts_with("c_") && id.len() == 28, "{id}");

    #[rustfmt::skip]
    let cases: [(Value, Value, Result<&str, &str>); 7] = [
        (json!({ "emailAddress": "ADA@example.com" }), json!({}), Ok("NOOP")),
        (json!({ "externalId": "ada" }), json!({ "fullName": { "value": "Ada Lovelace" } }), Ok("NOOP")),
        (json!({ "customerId": id }), json!({ "fullName": { "value": "Ada King" } }), Ok("UPDATED")),
        (json!({ "externalId": "ada" }), json!({ "shortName": { "value": null } }), Ok("NOOP")),
        (json!({ "customerId": "c_404" }), json!({}), Err("identifier.customerId")),
        (json!({}), json!({}), Err("identifier")),
        (json!({ "emailAddress": "a@x", "externalId": "ada" }), json!({}), Err("identifier")),
    ];
    for (identifier, on_update, expected) in cases {
        let got = ws
            .upsert_customer(&upsert(identifier.clone(), on_update), now)
            .map(|(result, _)| result)
            .map_err(|failure| failure.into_json()["fields"][0]["field"].clone());
        match (got, expected) {
            (Ok(result), Ok(want)) => assert_eq!(result, want, "{identifier}"),
            (Err(field), Err(want)) => assert_eq!(field, want, "{identifier}"),
            (got, want) => panic!("{identifier}: {got:?}, expected {want:?}"),
        }
    }
    assert_eq!(
        ws.customer(customers::Lookup::Id(&id))["fullName"],
        "Ada King"
    );

    // Another customer may not take Ada's email or external id.
    let grace = |on_create_email: &str, external_id: &str| {
        json!({
            "identifier": { "externalId": external_id },
            "onCreate": {
                "fullName": "Grace Hopper",
                "email": { "email": on_create_email, "isVerified": false },
                "externalId": external_id,
            },
            "onUpdate": {},
        })
    };
    let taken = ws
        .upsert_customer(&grace("ada@example.com", "grace"), now)
        .expect_err("email taken");
    assert_eq!(taken.into_json()["fields"][0]["field"], "email");
    let (result, grace_created) = ws
        .upsert_customer(&grace("grace@example.com", "grace"), now)
        .expect("created");
    assert_eq!(result, "CREATED");
    let moved = ws.upsert_customer(
        &json!({
            "identifier": { "externalId": "grace" },
            "onCreate": { "fullName": "x", "email": { "email": "x@x", "isVerified": false } },
            "onUpdate": { "externalId": { "value": "ada" } },
        }),
        now,
    );
    assert_eq!(
        moved.expect_err("external id taken").into_json()["fields"][0]["field"],
        "externalId"
    );
    assert_eq!(
        ws.customer(customers::Lookup::Email("grace@example.com"))["id"],
        grace_created["id"]
    );
    assert_eq!(
        ws.customer(customers::Lookup::ExternalId("nobody")),
        Value::Null
    );
}

/// The field of a refusal's first field error.
fn refused_field(failure: MutationFailure) -> Value {
    failure.into_json()["fields"][0]["field"].clone()
}

#[test]
fn threads_need_a_customer_a_title_and_usable_label_types() {
    let ws = workspace(&["th_seeded"]);
    let now = SystemTime::now();
    let (_, customer) = ws
        .upsert_customer(
            &upsert(json!({ "emailAddress": "ada@example.com" }), json!({})),
            now,
        )
        .expect("a customer");
    let archived = ws
        .create_label_type(&json!({ "name": "Old" }), now)
        .expect("a label type");
    ws.archive_label_type(&json!({ "labelTypeId": archived["id"] }), now)
        .expect("archived");
    let open = |customer: Value, extra: Value| {
        let mut input = json!({ "customerIdentifier": customer, "title": "Help" });
        if let (Value::Object(input), Value::Object(extra)) = (&mut input, extra) {
            input.extend(extra);
        }
        input
    };
    let made = ws
        .create_thread(
            &open(
                json!({ "externalId": "ada" }),
                json!({ "externalId": "t1" }),
            ),
            now,
        )
        .expect("a thread");
    assert_eq!(made["customer"]["id"], customer["id"]);
    assert_eq!(made["ref"], "T-2", "after the seeded thread's T-1");

    #[rustfmt::skip]
    let cases = [
        (open(json!({ "customerId": "c_404" }), json!({})), "customerIdentifier"),
        (open(json!({ "customerId": customer["id"], "externalId": "ada" }), json!({})), "customerIdentifier"),
        (open(json!({ "emailAddress": "ada@example.com" }), json!({ "title": " " })), "title"),
        (open(json!({ "emailAddress": "ada@example.com" }), json!({ "priority": 4 })), "priority"),
        (open(json!({ "emailAddress": "ada@example.com" }), json!({ "externalId": "t1" })), "externalId"),
        (open(json!({ "emailAddress": "ada@example.com" }), json!({ "labelTypeIds": [archived["id"]] })), "labelTypeIds"),
        (open(json!({ "emailAddress": "ada@example.com" }), json!({ "labelTypeIds": ["lt_404"] })), "labelTypeIds"),
    ];
    for (input, field) in cases {
        let refused = ws.create_thread(&input, now).expect_err("refused");
        assert_eq!(refused_field(refused), field, "{input}");
    }
    let id = made["id"].as_str().expect("an id");
    assert_eq!(ws.thread(ThreadLookup::Ref("T-2"))["id"], id);
    let by_external_id = ThreadLookup::ExternalId {
        customer_id: customer["id"].as_str().expect("an id"),
        external_id: "t1",
    };
    assert_eq!(ws.thread(by_external_id)["id"], id);
    assert_eq!(ws.thread(ThreadLookup::Id("th_404")), Value::Null);
}

#[test]
fn status_transitions_set_their_status_details() {
    let ws = workspace(&["th_1"]);
    let now = SystemTime::now();
    #[rustfmt::skip]
    let cases = [
        (Transition::Snooze, json!({ "durationSeconds": 60 }), "SNOOZED", "ThreadStatusDetailWaitingForDuration"),
        (Transition::Snooze, json!({}), "SNOOZED", "ThreadStatusDetailWaitingIndefinitely"),
        (Transition::Snooze, json!({ "statusDetail": "WAITING_FOR_CUSTOMER" }), "SNOOZED", "ThreadStatusDetailWaitingForCustomer"),
        (Transition::Done, json!({}), "DONE", "ThreadStatusDetailDoneManuallySet"),
        (Transition::Done, json!({ "statusDetail": "IGNORED" }), "DONE", "ThreadStatusDetailIgnored"),
        (Transition::Done, json!({ "statusDetail": "TIMER_EXPIRED" }), "DONE", "ThreadStatusDetailDoneAutomaticallySet"),
        (Transition::Todo, json!({}), "TODO", "ThreadStatusDetailInProgress"),
        (Transition::Todo, json!({ "statusDetail": "NEW_REPLY" }), "TODO", "ThreadStatusDetailNewReply"),
    ];
    for (to, extra, status, detail) in cases {
        let mut input = json!({ "threadId": "th_1" });
        if let (Value::Object(input), Value::Object(extra)) = (&mut input, extra.clone()) {
            input.extend(extra);
        }
        let thread = ws.transition(&input, to, now).expect("changed");
        assert_eq!(thread["status"], status, "{to:?} {extra}");
        assert_eq!(
            thread["statusDetail"]["__typename"], detail,
            "{to:?} {extra}"
        );
    }
    #[rustfmt::skip]
    let refusals = [
        (json!({ "threadId": "th_404" }), "threadId"),
        (json!({ "threadId": "th_1", "statusDetail": "WAITING_FOR_DURATION" }), "durationSeconds"),
    ];
    for (input, field) in refusals {
        let refused = ws
            .transition(&input, Transition::Snooze, now)
            .expect_err("refused");
        assert_eq!(refused_field(refused), field, "{input}");
    }
    let refused = ws
        .change_priority(&json!({ "threadId": "th_1", "priority": 9 }), now)
        .expect_err("refused");
    assert_eq!(refused_field(refused), "priority");
}

#[test]
fn labels_are_added_once_per_type_and_removed_by_id() {
    let ws = workspace(&["th_1", "th_2"]);
    let now = SystemTime::now();
    let bug = ws
        .create_label_type(&json!({ "name": "Bug" }), now)
        .expect("made");
    let add = |thread: &str| json!({ "threadId": thread, "labelTypeIds": [bug["id"]] });
    let (labels, thread) = ws.add_labels(&add("th_1"), now).expect("added");
    assert_eq!(
        (labels.len(), thread["labels"].as_array().map(Vec::len)),
        (1, Some(1))
    );
    let (again, thread) = ws.add_labels(&add("th_1"), now).expect("no change");
    assert_eq!(
        (again.len(), thread["labels"].as_array().map(Vec::len)),
        (0, Some(1))
    );
    let (other, _) = ws.add_labels(&add("th_2"), now).expect("added");

    let label = |labels: &[Value]| labels[0]["id"].clone();
    #[rustfmt::skip]
    let refusals = [
        (json!({ "labelIds": ["l_404"] }), "labelIds"),
        (json!({ "labelIds": [] }), "labelIds"),
        (json!({ "labelIds": [label(&labels), label(&other)] }), "labelIds"),
    ];
    for (input, field) in refusals {
        let refused = ws.remove_labels(&input, now).expect_err("refused");
        assert_eq!(refused_field(refused), field, "{input}");
    }
    let thread = ws
        .remove_labels(&json!({ "labelIds": [label(&labels)] }), now)
        .expect("removed");
    assert_eq!(thread["labels"], json!([]));
    let name = ws
        .create_label_type(&json!({ "name": "" }), now)
        .expect_err("refused");
    assert_eq!(refused_field(name), "name");
}

#[test]
fn threads_are_assigned_to_people_who_exist() {
    let ws = workspace(&["th_1"]);
    let now = SystemTime::now();
    let user = "u_01HB924RWAW8H3Q8KZDFWYBJHZ";
    let assigned = ws
        .assign_thread(&json!({ "threadId": "th_1", "userId": user }), now)
        .expect("assigned");
    assert_eq!(assigned["assignedTo"]["__typename"], "User");
    assert_eq!(assigned["assignedTo"]["id"], user);
    let machine_user = ws.machine_user_id.clone();
    let to_key = ws
        .assign_thread(
            &json!({ "threadId": "th_1", "machineUserId": machine_user }),
            now,
        )
        .expect("assigned");
    assert_eq!(to_key["assignedTo"]["__typename"], "MachineUser");
    #[rustfmt::skip]
    let refusals = [
        (json!({ "threadId": "th_1", "userId": "u_404" }), "userId"),
        (json!({ "threadId": "th_1", "machineUserId": "mu_404" }), "machineUserId"),
        (json!({ "threadId": "th_1" }), "userId"),
        (json!({ "threadId": "th_404", "userId": user }), "threadId"),
    ];
    for (input, field) in refusals {
        let refused = ws.assign_thread(&input, now).expect_err("refused");
        assert_eq!(refused_field(refused), field, "{input}");
    }
    let unassigned = ws
        .unassign_thread(&json!({ "threadId": "th_1" }), now)
        .expect("unassigned");
    assert_eq!(unassigned["assignedTo"], Value::Null);
}

#[test]
fn notes_customer_events_and_tenants_follow_plains_rules() {
    let ws = workspace(&["th_1"]);
    let now = SystemTime::now();
    let customer = "c_01HB924RWAW8H3Q8KZDFWYBJHZ";
    let note = ws
        .create_note(
            &json!({ "customerId": customer, "threadId": "th_1", "text": "Called back" }),
            now,
        )
        .expect("a note");
    assert!(note["id"].as_str().is_some_and(|id| id.starts_with("n_")));
    #[rustfmt::skip]
    let refusals = [
        (json!({ "customerId": "c_404", "text": "x" }), "customerId"),
        (json!({ "customerId": customer, "threadId": "th_404", "text": "x" }), "threadId"),
        (json!({ "customerId": customer, "text": " " }), "text"),
    ];
    for (input, field) in refusals {
        let refused = ws.create_note(&input, now).expect_err("refused");
        assert_eq!(refused_field(refused), field, "{input}");
    }

    let event = |external_id: &str| {
        json!({
            "customerIdentifier": { "customerId": customer },
            "title": "Signed up",
            "externalId": external_id,
            "components": [{ "componentText": { "text": "hi" } }],
        })
    };
    let made = ws
        .create_customer_event(&event("e1"), now)
        .expect("an event");
    assert_eq!(made["components"][0]["__typename"], "ComponentText");
    let again = ws
        .create_customer_event(&event("e1"), now)
        .expect_err("refused");
    assert_eq!(refused_field(again), "externalId");

    let upsert = |name: &str| json!({ "identifier": { "externalId": "acme" }, "name": name, "externalId": "acme" });
    let (result, tenant) = ws.upsert_tenant(&upsert("Acme"), now).expect("created");
    assert_eq!(result, "CREATED");
    assert_eq!(
        ws.upsert_tenant(&upsert("Acme"), now).expect("same").0,
        "NOOP"
    );
    assert_eq!(
        ws.upsert_tenant(&upsert("Acme Inc"), now)
            .expect("renamed")
            .0,
        "UPDATED"
    );
    let moved = ws
        .update_thread_tenant(
            &json!({ "threadId": "th_1", "tenantIdentifier": { "externalId": "acme" } }),
            now,
        )
        .expect("moved");
    assert_eq!(moved["tenant"]["id"], tenant["id"]);
    let missing = ws
        .update_thread_tenant(
            &json!({ "threadId": "th_1", "tenantIdentifier": { "tenantId": "tn_404" } }),
            now,
        )
        .expect_err("refused");
    assert_eq!(refused_field(missing), "tenantIdentifier");
}
