//! A whole support workflow through `PlainClient` against the stateful
//! `MockPlain`, as a user's integration test would run it: the answers,
//! and the signed webhooks a local receiver got for every change.

use crate::webhook_schema;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use plain_sdk::operations::{
    get_threads, ActorParts, AddLabelsInput, AssignThreadInput, ChangeThreadPriorityInput,
    CreateLabelTypeInput, CreateNoteInput, CreateThreadEventInput, CreateThreadInput,
    CustomerIdentifierInput, DeleteCustomerInput, EmailAddressInput, GetThreads,
    MarkThreadAsDoneInput, MarkThreadAsTodoInput, RemoveLabelsInput, SnoozeThreadInput,
    StringInput, ThreadStatus, ThreadsFilter, UpsertCustomerIdentifierInput, UpsertCustomerInput,
    UpsertCustomerOnCreateInput, UpsertCustomerOnUpdateInput, UpsertResult,
    WebhookTargetEventSubscriptionInput,
};
use plain_sdk::testing::{MockPlain, Seed};
use plain_sdk::webhooks::{Event, Verifier};
use plain_sdk::{ui, Error};
use tokio::net::TcpListener;

const SECRET: &str = "scenario-signing-secret";
/// The receiver answers this many requests at most, then stops.
const MAX_RECEIVED: usize = 500;
const RECEIVER_LIFETIME: Duration = Duration::from_secs(60);

/// What the receiver got: each request's body and signature.
type Received = Arc<Mutex<Vec<(Vec<u8>, String)>>>;

/// A webhook receiver on 127.0.0.1 that answers its first request 503
/// (so that the mock retries it) and every later one 200.
async fn receiver() -> (String, Received, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!(
        "http://{}/webhooks/plain",
        listener.local_addr().expect("an address")
    );
    let received: Received = Arc::default();
    let log = Arc::clone(&received);
    let task = tokio::spawn(async move {
        let deadline = tokio::time::Instant::now() + RECEIVER_LIFETIME;
        while log.lock().expect("unpoisoned").len() < MAX_RECEIVED {
            let Ok(Ok((stream, _))) = tokio::time::timeout_at(deadline, listener.accept()).await
            else {
                return;
            };
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                    let log = Arc::clone(&log);
                    async move {
                        let signature = request
                            .headers()
                            .get("plain-request-signature")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        let body = request
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes().to_vec())
                            .unwrap_or_default();
                        let first = {
                            let mut log = log.lock().expect("unpoisoned");
                            log.push((body, signature));
                            log.len() == 1
                        };
                        let status = if first { 503 } else { 200 };
                        let mut response = Response::new(Full::new(Bytes::from_static(b"ok")));
                        *response.status_mut() =
                            hyper::StatusCode::from_u16(status).expect("a status");
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = tokio::time::timeout(
                    RECEIVER_LIFETIME,
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service),
                )
                .await;
            });
        }
    });
    (url, received, task)
}

fn mutation_field(error: &Error) -> Option<String> {
    let error = error.mutation_error()?;
    error.fields.first().map(|f| f.field.clone())
}

#[tokio::test]
async fn a_support_workflow_runs_against_the_stateful_mock_with_signed_webhooks() {
    let (url, received, receiver_task) = receiver().await;
    let mock = MockPlain::builder()
        .stateful(Seed::default())
        .signing_secret(SECRET)
        .start()
        .await
        .expect("starts");
    let client = mock.client();

    // A webhook target for every change the workflow makes.
    let event_types = [
        "customer.customer_created",
        "customer.customer_updated",
        "customer.customer_deleted",
        "thread.thread_created",
        "thread.thread_status_transitioned",
        "thread.thread_labels_changed",
        "thread.thread_priority_changed",
        "thread.thread_assignment_transitioned",
        "thread.note_created",
        "timeline.timeline_entry_changed",
    ];
    let target = client
        .create_webhook_target(plain_sdk::operations::CreateWebhookTargetInput::new(
            url.clone(),
            event_types
                .iter()
                .map(|t| WebhookTargetEventSubscriptionInput::new(*t))
                .collect::<Vec<_>>(),
            true,
            "scenario",
        ))
        .await
        .expect("a webhook target");
    assert!(target.id.starts_with("wt_"), "{}", target.id);

    // The customer, upserted twice: created, then updated.
    let upsert = |full_name: &str| {
        UpsertCustomerInput::new(
            UpsertCustomerIdentifierInput::new().email_address("grace@example.com"),
            UpsertCustomerOnCreateInput::new(
                full_name,
                EmailAddressInput::new("grace@example.com", true),
            ),
            UpsertCustomerOnUpdateInput::new().full_name(StringInput::new(full_name)),
        )
    };
    let created = client
        .upsert_customer(upsert("Grace"))
        .await
        .expect("upserted");
    assert_eq!(created.result, Some(UpsertResult::Created));
    let customer_id = created.customer.expect("a customer").id;
    let updated = client
        .upsert_customer(upsert("Grace Hopper"))
        .await
        .expect("upserted");
    assert_eq!(updated.result, Some(UpsertResult::Updated));

    // A thread, once per external id.
    let open = |external_id: &str| {
        CreateThreadInput::new(CustomerIdentifierInput::new().customer_id(customer_id.clone()))
            .title("Cannot log in")
            .external_id(external_id)
    };
    let thread = client
        .create_thread(open("ticket-1"))
        .await
        .expect("a thread");
    assert!(thread.id.starts_with("th_"), "{}", thread.id);
    assert_eq!((thread.status, thread.priority), (ThreadStatus::Todo, 2));
    let again = client
        .create_thread(open("ticket-1"))
        .await
        .expect_err("refused");
    assert_eq!(
        mutation_field(&again).as_deref(),
        Some("externalId"),
        "{again}"
    );
    let by_ref = client
        .get_thread_by_ref(thread.ref_.clone())
        .await
        .expect("answered")
        .expect("found");
    assert_eq!(by_ref.id, thread.id);

    // An event with an external id, twice: the second is refused.
    let event = || -> plain_sdk::Result<CreateThreadEventInput> {
        let components = ui::event_components([ui::text("Password reset sent").into()])?;
        Ok(
            CreateThreadEventInput::new(thread.id.clone(), "Password reset", components)
                .external_id("reset-1"),
        )
    };
    let made = client
        .create_thread_event(event().expect("an input"))
        .await
        .expect("an event");
    assert!(made.id.starts_with("tev_"), "{}", made.id);
    let twice = client
        .create_thread_event(event().expect("an input"))
        .await
        .expect_err("refused");
    assert_eq!(
        mutation_field(&twice).as_deref(),
        Some("externalId"),
        "{twice}"
    );

    // Label, snooze, close, reopen, reprioritise.
    let label_type = client
        .create_label_type(CreateLabelTypeInput::new("Login"))
        .await
        .expect("a label type");
    let labelled = client
        .add_labels(AddLabelsInput::new(
            vec![label_type.id.clone()],
            thread.id.clone(),
        ))
        .await
        .expect("labelled");
    let label_id = labelled.labels.first().expect("one label").id.clone();
    assert_eq!(labelled.thread.expect("the thread").labels.len(), 1);
    let snoozed = client
        .snooze_thread(SnoozeThreadInput::new(thread.id.clone()).duration_seconds(3600))
        .await
        .expect("snoozed");
    assert_eq!(snoozed.status, ThreadStatus::Snoozed);
    let done = client
        .mark_thread_as_done(MarkThreadAsDoneInput::new(thread.id.clone()))
        .await
        .expect("done");
    assert_eq!(done.status, ThreadStatus::Done);
    let reopened = client
        .mark_thread_as_todo(MarkThreadAsTodoInput::new(thread.id.clone()))
        .await
        .expect("todo");
    assert_eq!(reopened.status, ThreadStatus::Todo);
    let urgent = client
        .change_thread_priority(ChangeThreadPriorityInput::new(thread.id.clone(), 0))
        .await
        .expect("reprioritised");
    assert_eq!(urgent.priority, 0);
    // Assigned to the API key's machine user (the thread's author), with a note.
    let machine_user_id = match &thread.created_by {
        ActorParts::MachineUserActor(actor) => actor.machine_user_id.clone(),
        other => panic!("created by {other:?}"),
    };
    let assigned = client
        .assign_thread(AssignThreadInput::new(thread.id.clone()).machine_user_id(machine_user_id))
        .await
        .expect("assigned");
    assert!(assigned.assigned_to.is_some());
    let note = client
        .create_note(
            CreateNoteInput::new(customer_id.clone(), "Reset link resent")
                .thread_id(thread.id.clone()),
        )
        .await
        .expect("a note");
    assert!(note.id.starts_with("n_"), "{}", note.id);
    let unlabelled = client
        .remove_labels(RemoveLabelsInput::new(vec![label_id]))
        .await
        .expect("unlabelled");
    assert!(unlabelled.labels.is_empty());

    // More threads than a page holds, paged through in the order made.
    for n in 2..=31 {
        client
            .create_thread(open(&format!("ticket-{n}")))
            .await
            .expect("a thread");
    }
    let filter = get_threads::Variables::new().filters(
        ThreadsFilter::new(
            None::<Vec<ThreadsFilter>>,
            None::<Vec<ThreadsFilter>>,
            None::<ThreadsFilter>,
        )
        .customer_ids(vec![customer_id.clone()]),
    );
    let pages: Vec<_> = client
        .pages::<GetThreads>(filter, 10)
        .try_collect()
        .await
        .expect("pages");
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|page| page.nodes.iter().map(|t| t.id.clone()))
        .collect();
    assert_eq!((pages.len(), ids.len()), (4, 31));
    assert_eq!(ids[0], thread.id);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in the order made");

    // The customer goes; a second delete finds nothing.
    client
        .delete_customer(DeleteCustomerInput::new(customer_id.clone()))
        .await
        .expect("deleted");
    assert!(client
        .get_customer_by_id(customer_id.clone())
        .await
        .expect("answered")
        .is_none());
    let gone = client
        .delete_customer(DeleteCustomerInput::new(customer_id.clone()))
        .await
        .expect_err("not found");
    assert_eq!(
        mutation_field(&gone).as_deref(),
        Some("customerId"),
        "{gone}"
    );

    // Every change reached the receiver, signed, in order, valid against
    // Plain's webhook schema; the first after one retry.
    let expected: Vec<&str> = [
        "customer.customer_created",
        "customer.customer_updated",
        "thread.thread_created",
        "timeline.timeline_entry_changed",
        "thread.thread_labels_changed",
        "thread.thread_status_transitioned",
        "thread.thread_status_transitioned",
        "thread.thread_status_transitioned",
        "thread.thread_priority_changed",
        "thread.thread_assignment_transitioned",
        "thread.note_created",
        "thread.thread_labels_changed",
    ]
    .into_iter()
    .chain(std::iter::repeat_n("thread.thread_created", 30))
    .chain(["customer.customer_deleted"])
    .collect();
    let sent = mock
        .wait_for_webhooks(expected.len(), Duration::from_secs(30))
        .await
        .expect("every delivery");
    let types: Vec<&str> = sent.iter().map(|s| s.event_type.as_str()).collect();
    assert_eq!(types, expected);
    assert!(sent.iter().all(|s| s.delivered && s.target_id == target.id));
    assert_eq!(sent[0].attempts, 2, "the 503 was retried");

    let schema = webhook_schema::Schema::load();
    let verifier = Verifier::new(SECRET);
    let received = received.lock().expect("unpoisoned").clone();
    assert_eq!(received.len(), expected.len() + 1);
    let mut events = Vec::new();
    for (body, signature) in &received[1..] {
        let json: serde_json::Value = serde_json::from_slice(body).expect("JSON");
        schema
            .check_body(&json)
            .unwrap_or_else(|problem| panic!("{problem}\n{json:#}"));
        let request = verifier
            .verify_and_parse(body, signature)
            .unwrap_or_else(|e| panic!("{e}\n{json:#}"));
        events.push(request.event);
    }
    match &events[2] {
        Event::ThreadCreated(created) => {
            assert_eq!(created.thread.id, thread.id);
            assert_eq!(created.thread.customer.id, customer_id);
        }
        other => panic!("not thread_created: {other:?}"),
    }
    receiver_task.abort();
}
