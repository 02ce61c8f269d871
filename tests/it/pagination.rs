//! Pagination streams against a local mock server that serves several pages.

use std::sync::{Arc, Mutex};

use futures_util::{StreamExt, TryStreamExt};
use plain_sdk::operations::{get_label_types, GetLabelTypes};
use plain_sdk::{Error, ErrorKind, PlainClient};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Serves label types in pages, following `after`, and records every request's variables.
struct Pages {
    /// `(node ids, hasNextPage, endCursor)` per page, in order; the page asked
    /// for is found by `after`: no cursor → page 0, cursor `cN` → page N.
    pages: Vec<(Vec<&'static str>, bool, Option<&'static str>)>,
    /// The page index that answers HTTP 500, if any.
    fail_on: Option<usize>,
    seen: Arc<Mutex<Vec<Value>>>,
}

fn label_type(id: &str) -> Value {
    let at = json!({ "iso8601": "2026-11-24T10:00:00.000Z", "unixTimestamp": "1795515600000" });
    let actor = json!({ "__typename": "MachineUserActor", "machineUserId": "mu_1" });
    json!({
        "id": id, "name": format!("label {id}"), "description": null, "icon": null, "color": null,
        "type": "BUG", "position": "a0", "externalId": null, "parentLabelType": null,
        "isExcludedFromAi": false, "isArchived": false, "archivedAt": null, "archivedBy": null,
        "createdAt": at, "createdBy": actor, "updatedAt": at, "updatedBy": actor,
    })
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let variables = body["variables"].clone();
        self.seen.lock().unwrap().push(variables.clone());
        let index = match variables["after"].as_str() {
            None => 0,
            Some(cursor) => cursor.trim_start_matches('c').parse().unwrap_or(usize::MAX),
        };
        if Some(index) == self.fail_on {
            return ResponseTemplate::new(500).set_body_string("<html>oops</html>");
        }
        let Some((ids, has_next, end)) = self.pages.get(index) else {
            return ResponseTemplate::new(400)
                .set_body_json(json!({"errors": [{"message": "bad cursor"}]}));
        };
        let edges: Vec<Value> = ids
            .iter()
            .map(|id| json!({ "cursor": format!("cur-{id}"), "node": label_type(id) }))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "data": { "labelTypes": {
            "edges": edges,
            "pageInfo": { "hasNextPage": has_next, "hasPreviousPage": index > 0,
                          "startCursor": null, "endCursor": end },
        } } }))
    }
}

async fn serve(
    pages: Vec<(Vec<&'static str>, bool, Option<&'static str>)>,
    fail_on: Option<usize>,
) -> (MockServer, PlainClient, Arc<Mutex<Vec<Value>>>) {
    let server = MockServer::start().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Pages {
            pages,
            fail_on,
            seen: Arc::clone(&seen),
        })
        .mount(&server)
        .await;
    let client = PlainClient::builder("test-key")
        .base_url(format!("{}/graphql/v1", server.uri()))
        // One request per page, so the counts below are exact.
        .retry_policy(plain_sdk::RetryPolicy::none())
        .build()
        .unwrap();
    (server, client, seen)
}

fn ids(nodes: &[plain_sdk::operations::LabelTypeParts]) -> Vec<&str> {
    nodes.iter().map(|n| n.id.as_str()).collect()
}

#[tokio::test]
async fn follows_end_cursor_until_has_next_page_is_false() {
    let (_server, client, seen) = serve(
        vec![
            (vec!["l1", "l2"], true, Some("c1")),
            (vec!["l3", "l4"], true, Some("c2")),
            (vec!["l5"], false, Some("c3")),
        ],
        None,
    )
    .await;
    let nodes: Vec<_> = client
        .nodes::<GetLabelTypes>(get_label_types::Variables::default(), 2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&nodes), ["l1", "l2", "l3", "l4", "l5"]);

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3, "one request per page, none after the last");
    let afters: Vec<Value> = seen
        .iter()
        .map(|v| v.get("after").cloned().unwrap_or(Value::Null))
        .collect();
    assert_eq!(afters, [Value::Null, json!("c1"), json!("c2")]);
    for variables in seen.iter() {
        assert_eq!(variables["first"], json!(2));
        assert!(
            variables.get("last").is_none(),
            "never mixes in last: {variables}"
        );
        assert!(
            variables.get("before").is_none(),
            "never mixes in before: {variables}"
        );
    }
}

#[tokio::test]
async fn clears_last_and_before_given_by_the_caller() {
    let (_server, client, seen) = serve(vec![(vec!["l1"], false, None)], None).await;
    let variables = get_label_types::Variables::new().last(5).before("zzz");
    let pages: Vec<_> = client
        .pages::<GetLabelTypes>(variables, 10)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    let seen = seen.lock().unwrap();
    assert!(seen[0].get("last").is_none() && seen[0].get("before").is_none());
}

#[tokio::test]
async fn page_size_is_clamped_to_plains_limits() {
    for (asked, sent) in [(500, 100), (100, 100), (0, 1), (7, 7)] {
        let (_server, client, seen) = serve(vec![(vec!["l1"], false, None)], None).await;
        let _: Vec<_> = client
            .nodes::<GetLabelTypes>(Default::default(), asked)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(
            seen.lock().unwrap()[0]["first"],
            json!(sent),
            "page size {asked}"
        );
    }
}

#[tokio::test]
async fn stops_when_the_cursor_is_missing() {
    let (_server, client, seen) = serve(
        vec![(vec!["l1"], true, None), (vec!["never"], false, None)],
        None,
    )
    .await;
    let pages: Vec<_> = client
        .pages::<GetLabelTypes>(Default::default(), 50)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].has_next_page && pages[0].end_cursor.is_none());
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_error_is_an_item_and_ends_the_stream() {
    let (_server, client, seen) = serve(
        vec![
            (vec!["l1", "l2"], true, Some("c1")),
            (vec!["l3"], true, Some("c2")),
            (vec!["l4"], false, None),
        ],
        Some(1),
    )
    .await;
    let items: Vec<_> = client
        .nodes::<GetLabelTypes>(Default::default(), 2)
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two nodes, then the error, then nothing");
    assert_eq!(items[0].as_ref().unwrap().id, "l1");
    assert_eq!(items[1].as_ref().unwrap().id, "l2");
    assert!(matches!(
        items[2].as_ref().map_err(Error::kind),
        Err(ErrorKind::Server { status: 500, .. })
    ));
    // The stream ended at the error: page 2 was never asked for.
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_cursor_that_does_not_advance_is_an_error_not_a_loop() {
    let (_server, client, seen) = serve(vec![(vec!["l1"], true, Some("c0"))], None).await;
    let items: Vec<_> = client
        .pages::<GetLabelTypes>(Default::default(), 10)
        .collect()
        .await;
    // Page 0 (no cursor) says endCursor c0, which maps back to page 0: the
    // second answer repeats the cursor it was asked with. Both pages are
    // yielded, then the error, then the end.
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok() && items[1].is_ok());
    assert!(matches!(
        items[2].as_ref().map_err(Error::kind),
        Err(ErrorKind::Decode { .. })
    ));
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn streams_are_lazy() {
    let (_server, client, seen) = serve(vec![(vec!["l1"], false, None)], None).await;
    let stream = client.nodes::<GetLabelTypes>(Default::default(), 10);
    tokio::task::yield_now().await;
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing is sent before the stream is polled"
    );
    let first: Vec<_> = stream.take(1).try_collect().await.unwrap();
    assert_eq!(ids(&first), ["l1"]);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_cursor_seen_earlier_in_the_stream_ends_it() {
    // c1 → page 1 (endCursor c2) → page 2 (endCursor c1 again): A, B, A, B …
    let (_server, client, seen) = serve(
        vec![
            (vec!["l1"], true, Some("c1")),
            (vec!["l2"], true, Some("c2")),
            (vec!["l3"], true, Some("c1")),
        ],
        None,
    )
    .await;
    let items: Vec<_> = client
        .pages::<GetLabelTypes>(Default::default(), 10)
        .take(50)
        .collect()
        .await;
    assert_eq!(items.len(), 4, "three pages, then the error: {items:?}");
    assert!(items[..3].iter().all(Result::is_ok));
    let Err(error) = &items[3] else {
        panic!("{items:?}")
    };
    assert_eq!(error.kind_name(), "decode");
    assert!(error.to_string().contains("\"c1\""), "{error}");
    assert_eq!(seen.lock().unwrap().len(), 3);
}
