use super::*;

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
