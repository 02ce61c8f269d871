//! The dependent crate's own tests: no network, so they run anywhere.

use plain_sdk::operations::{create_thread_event, EventComponentParts};
use plain_sdk::{PlainClient, RetryPolicy};
use plain_sdk_dependent::{component_kind, customer_ids, docs_input, spacer_name, user};

#[test]
fn inputs_serialize_as_plain_expects() {
    let json = serde_json::to_value(docs_input().unwrap()).unwrap();
    assert_eq!(json["threadId"], "th_01HB924RWAW8H3Q8KZDFWYBJHZ");
    assert_eq!(json["externalId"], "ex-id-1");
    assert_eq!(json["components"].as_array().unwrap().len(), 4);
    let user = serde_json::to_value(user("ada@example.com")).unwrap();
    assert_eq!(user["emailAddress"], "ada@example.com");
}

#[test]
fn responses_decode_and_match() {
    let data: create_thread_event::ResponseData = serde_json::from_value(serde_json::json!({
        "createThreadEvent": {
            "threadEvent": {
                "__typename": "ThreadEvent", "id": "tev_1", "customerId": "c_1", "threadId": "th_1",
                "title": "t", "externalId": null, "isCollapsed": false,
                "components": [
                    { "__typename": "ComponentSpacer", "spacerSize": "M" },
                    { "__typename": "ComponentHologram" }
                ],
                "createdAt": { "iso8601": "2026-01-01T00:00:00.000Z", "unixTimestamp": "1767225600000" },
                "createdBy": { "__typename": "MachineUserActor", "machineUserId": "mu_1" },
                "updatedAt": { "iso8601": "2026-01-01T00:00:00.000Z", "unixTimestamp": "1767225600000" },
                "updatedBy": { "__typename": "MachineUserActor", "machineUserId": "mu_1" }
            },
            "error": null
        }
    }))
    .unwrap();
    let event = data.create_thread_event.thread_event.unwrap();
    assert_eq!(component_kind(&event.components[0]), "spacer");
    assert_eq!(component_kind(&event.components[1]), "unknown");
    let EventComponentParts::ComponentSpacer(spacer) = &event.components[0] else {
        panic!("{:?}", event.components[0])
    };
    assert_eq!(spacer_name(&spacer.spacer_size), "medium");
}

#[tokio::test]
async fn a_pagination_stream_ends_with_its_error() {
    // Nothing listens on port 1 of loopback: the first page fails, once.
    let client = PlainClient::builder("plainApiKey_dependent")
        .base_url("http://127.0.0.1:1/graphql/v1")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let ids = customer_ids(&client).await;
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0].as_ref().unwrap_err().kind_name(), "transport");
}
