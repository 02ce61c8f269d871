//! Webhooks: signature and freshness checks, typed events for every event type
//! (fixtures built from Plain's webhook schema), errors, and fuzzing.

use crate::webhook_schema;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use plain_sdk::webhooks::payloads::{self, Actor};
use plain_sdk::webhooks::{
    self, parse, sign, Event, SignatureError, Verifier, WebhookError, WebhookRequest,
    DEFAULT_TOLERANCE, EVENT_TYPES, WEBHOOK_TARGET_VERSION,
};
use serde_json::{json, Value};
use webhook_schema::{Mode, Schema};

const SECRET: &str = "whsec-test-3c1b0e7d";
const SENT_AT: &str = "2026-04-21T10:15:30.123Z";

fn sent_at() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(1_776_766_530_123)
}

fn verifier() -> Verifier {
    Verifier::new(SECRET).clock(sent_at)
}

fn body(event_type: &str, mode: Mode) -> Vec<u8> {
    serde_json::to_vec(&Schema::load().body(event_type, mode, SENT_AT)).unwrap()
}

fn thread_created() -> Vec<u8> {
    body("thread.thread_created", Mode::Full)
}

fn signature_error(result: Result<impl std::fmt::Debug, WebhookError>) -> SignatureError {
    match result {
        Err(WebhookError::Signature(e)) => e,
        other => panic!("expected a signature error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Signatures
// ---------------------------------------------------------------------------

mod signature {
    use super::*;

    #[test]
    fn a_valid_signature_verifies() {
        let body = thread_created();
        let signature = sign(SECRET, &body);
        assert!(verifier().verify_signature(&body, &signature).is_ok());
        assert!(verifier().verify(&body, &signature).is_ok());
        let request = verifier().verify_and_parse(&body, &signature).unwrap();
        assert!(matches!(request.event, Event::ThreadCreated(_)));
    }

    #[test]
    fn uppercase_hex_and_surrounding_blanks_are_accepted() {
        let body = thread_created();
        let signature = format!(" {} ", sign(SECRET, &body).to_uppercase());
        assert!(verifier().verify(&body, &signature).is_ok());
    }

    #[test]
    fn a_tampered_body_is_refused() {
        let body = thread_created();
        let signature = sign(SECRET, &body);
        let mut tampered = body.clone();
        let at = tampered.len() / 2;
        tampered[at] ^= 0x01;
        assert_eq!(
            signature_error(verifier().verify(&tampered, &signature)),
            SignatureError::Mismatch
        );
        // One byte more or less.
        let mut longer = body.clone();
        longer.push(b' ');
        assert_eq!(
            signature_error(verifier().verify(&longer, &signature)),
            SignatureError::Mismatch
        );
        assert_eq!(
            signature_error(verifier().verify(&body[..body.len() - 1], &signature)),
            SignatureError::Mismatch
        );
    }

    #[test]
    fn a_tampered_signature_is_refused() {
        let body = thread_created();
        let signature = sign(SECRET, &body);
        for at in [0, 31, 63] {
            let mut chars: Vec<char> = signature.chars().collect();
            chars[at] = if chars[at] == '0' { '1' } else { '0' };
            let tampered: String = chars.into_iter().collect();
            assert_eq!(
                signature_error(verifier().verify(&body, &tampered)),
                SignatureError::Mismatch
            );
        }
    }

    #[test]
    fn a_wrong_secret_is_refused() {
        let body = thread_created();
        let signature = sign("another workspace's secret", &body);
        let error = verifier().verify_and_parse(&body, &signature).unwrap_err();
        assert_eq!(error.kind(), "signature");
        assert_eq!(error.http_status(), 401);
        assert!(matches!(
            error,
            WebhookError::Signature(SignatureError::Mismatch)
        ));
    }

    #[test]
    fn rotated_secrets_are_all_accepted() {
        let body = thread_created();
        let old = sign("old-secret", &body);
        let new = sign("new-secret", &body);
        let rotating = Verifier::with_secrets(["new-secret", "old-secret"]).clock(sent_at);
        assert!(rotating.verify(&body, &old).is_ok());
        assert!(rotating.verify(&body, &new).is_ok());

        let rotated = Verifier::with_secrets(vec!["new-secret".to_owned()]).clock(sent_at);
        assert!(rotated.verify(&body, &new).is_ok());
        assert_eq!(
            signature_error(rotated.verify(&body, &old)),
            SignatureError::Mismatch
        );
    }

    #[test]
    fn secrets_may_be_bytes() {
        let body = thread_created();
        let key: &[u8] = &[0, 159, 146, 150, 255];
        let verifier = Verifier::new(key).clock(sent_at);
        assert!(verifier.verify(&body, &sign(key, &body)).is_ok());
    }

    #[test]
    fn empty_inputs_are_errors_not_passes() {
        let body = thread_created();
        let signature = sign(SECRET, &body);
        assert_eq!(
            signature_error(verifier().verify(b"", &sign(SECRET, b""))),
            SignatureError::EmptyBody
        );
        assert_eq!(
            signature_error(verifier().verify(&body, "")),
            SignatureError::Missing
        );
        assert_eq!(
            signature_error(verifier().verify(&body, "   ")),
            SignatureError::Missing
        );
        // An empty secret signs nothing: even a signature made with it fails.
        let empty = Verifier::new("").clock(sent_at);
        let error = empty.verify(&body, &sign("", &body)).unwrap_err();
        assert!(matches!(
            error,
            WebhookError::Signature(SignatureError::NoSecret)
        ));
        assert_eq!(error.http_status(), 500);
        assert_eq!(
            signature_error(Verifier::with_secrets(Vec::<String>::new()).verify(&body, &signature)),
            SignatureError::NoSecret
        );
        // One empty secret among good ones is a misconfiguration too.
        assert_eq!(
            signature_error(Verifier::with_secrets([SECRET, ""]).verify(&body, &signature)),
            SignatureError::NoSecret
        );
    }

    #[test]
    fn malformed_signatures_are_refused() {
        let body = thread_created();
        let good = sign(SECRET, &body);
        for bad in [
            "abc".to_owned(),
            format!("sha256={good}"),
            format!("{good}00"),
            good[..63].to_owned(),
            format!("{}g", &good[..63]),
            "é".repeat(32),
        ] {
            assert_eq!(
                signature_error(verifier().verify(&body, &bad)),
                SignatureError::Malformed,
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_output_holds_no_secret() {
        let verifier = Verifier::with_secrets([SECRET, "second-secret"]);
        let debug = format!("{verifier:?}");
        assert!(!debug.contains(SECRET) && !debug.contains("second-secret"));
        assert!(debug.contains("2 redacted"), "{debug}");
    }
}

// ---------------------------------------------------------------------------
// Freshness
// ---------------------------------------------------------------------------

mod freshness {
    use super::*;

    fn at(now: SystemTime) -> Result<WebhookRequest, WebhookError> {
        let body = thread_created();
        Verifier::new(SECRET).verify_and_parse_at(&body, &sign(SECRET, &body), now)
    }

    #[test]
    fn within_the_tolerance_either_way_passes() {
        assert_eq!(DEFAULT_TOLERANCE, Duration::from_secs(300));
        assert!(at(sent_at()).is_ok());
        assert!(at(sent_at() + DEFAULT_TOLERANCE).is_ok());
        assert!(at(sent_at() - DEFAULT_TOLERANCE).is_ok());
    }

    #[test]
    fn an_expired_delivery_is_refused() {
        let error = at(sent_at() + Duration::from_secs(301)).unwrap_err();
        assert_eq!(error.kind(), "expired");
        assert_eq!(error.http_status(), 401);
        match &error {
            WebhookError::Expired {
                timestamp,
                skew,
                in_future,
                tolerance,
            } => {
                assert_eq!(timestamp, SENT_AT);
                assert_eq!(*skew, Duration::from_secs(301));
                assert!(!in_future);
                assert_eq!(*tolerance, DEFAULT_TOLERANCE);
            }
            other => panic!("{other:?}"),
        }
        assert!(error.to_string().contains("301 s behind now"), "{error}");
    }

    #[test]
    fn a_delivery_from_the_future_is_refused() {
        let error = at(sent_at() - Duration::from_secs(301)).unwrap_err();
        assert!(matches!(
            error,
            WebhookError::Expired {
                in_future: true,
                ..
            }
        ));
        assert!(error.to_string().contains("ahead of now"), "{error}");
    }

    #[test]
    fn the_tolerance_and_the_clock_are_configurable() {
        let body = thread_created();
        let signature = sign(SECRET, &body);
        let late = sent_at() + Duration::from_secs(60);
        let strict = Verifier::new(SECRET)
            .tolerance(Duration::from_secs(30))
            .clock(move || late);
        assert_eq!(strict.tolerance_in_force(), Duration::from_secs(30));
        assert_eq!(
            strict.verify(&body, &signature).unwrap_err().kind(),
            "expired"
        );
        let lenient = strict.tolerance(Duration::from_secs(90));
        assert!(lenient.verify(&body, &signature).is_ok());
    }

    #[test]
    fn the_system_clock_is_the_default() {
        // A delivery stamped a year ago is refused by the real clock.
        let body = thread_created();
        let error = Verifier::new(SECRET)
            .verify(&body, &sign(SECRET, &body))
            .unwrap_err();
        assert!(matches!(
            error,
            WebhookError::Expired {
                in_future: false,
                ..
            }
        ));
    }

    #[test]
    fn freshness_is_checked_before_the_payload() {
        let mut value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        value["payload"]["thread"] = json!(null);
        let body = serde_json::to_vec(&value).unwrap();
        let late = sent_at() + Duration::from_secs(3600);
        let error = Verifier::new(SECRET)
            .verify_and_parse_at(&body, &sign(SECRET, &body), late)
            .unwrap_err();
        assert_eq!(error.kind(), "expired");
    }

    #[test]
    fn a_signed_body_without_a_readable_timestamp_is_a_payload_error() {
        for metadata in [
            json!({}),
            json!({"webhookDeliveryAttemptTimestamp": 5}),
            json!({"webhookDeliveryAttemptTimestamp": "last tuesday"}),
        ] {
            let mut value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
            value["webhookMetadata"] = metadata;
            let body = serde_json::to_vec(&value).unwrap();
            let error = verifier().verify(&body, &sign(SECRET, &body)).unwrap_err();
            assert_eq!(error.kind(), "payload", "{error}");
            assert!(
                error
                    .path()
                    .is_some_and(|p| p.starts_with("webhookMetadata")),
                "{error}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Typed events
// ---------------------------------------------------------------------------

mod events {
    use super::*;

    type Check = fn(&Event) -> bool;

    /// Every event type and the variant it must decode to.
    const VARIANTS: [(&str, Check); 30] = [
        ("thread.thread_created", |e| {
            matches!(e, Event::ThreadCreated(_))
        }),
        ("thread.thread_status_transitioned", |e| {
            matches!(e, Event::ThreadStatusTransitioned(_))
        }),
        ("thread.thread_assignment_transitioned", |e| {
            matches!(e, Event::ThreadAssignmentTransitioned(_))
        }),
        ("thread.email_received", |e| {
            matches!(e, Event::EmailReceived(_))
        }),
        ("thread.email_sent", |e| matches!(e, Event::EmailSent(_))),
        ("thread.slack_message_received", |e| {
            matches!(e, Event::SlackMessageReceived(_))
        }),
        ("thread.slack_message_sent", |e| {
            matches!(e, Event::SlackMessageSent(_))
        }),
        ("thread.slack_message_updated", |e| {
            matches!(e, Event::SlackMessageUpdated(_))
        }),
        ("thread.discord_message_received", |e| {
            matches!(e, Event::DiscordMessageReceived(_))
        }),
        ("thread.discord_message_sent", |e| {
            matches!(e, Event::DiscordMessageSent(_))
        }),
        ("thread.discord_message_updated", |e| {
            matches!(e, Event::DiscordMessageUpdated(_))
        }),
        ("thread.ms_teams_message_sent", |e| {
            matches!(e, Event::MsTeamsMessageSent(_))
        }),
        ("thread.ms_teams_message_received", |e| {
            matches!(e, Event::MsTeamsMessageReceived(_))
        }),
        ("thread.chat_sent", |e| matches!(e, Event::ChatSent(_))),
        ("thread.chat_received", |e| {
            matches!(e, Event::ChatReceived(_))
        }),
        ("thread.note_created", |e| {
            matches!(e, Event::NoteCreated(_))
        }),
        ("thread.thread_labels_changed", |e| {
            matches!(e, Event::ThreadLabelsChanged(_))
        }),
        ("thread.thread_priority_changed", |e| {
            matches!(e, Event::ThreadPriorityChanged(_))
        }),
        ("thread.thread_field_created", |e| {
            matches!(e, Event::ThreadFieldCreated(_))
        }),
        ("thread.thread_field_updated", |e| {
            matches!(e, Event::ThreadFieldUpdated(_))
        }),
        ("thread.thread_field_deleted", |e| {
            matches!(e, Event::ThreadFieldDeleted(_))
        }),
        ("thread.service_level_agreement_status_transitioned", |e| {
            matches!(e, Event::ServiceLevelAgreementStatusTransitioned(_))
        }),
        ("thread.thread_tenant_updated", |e| {
            matches!(e, Event::ThreadTenantUpdated(_))
        }),
        ("customer.customer_created", |e| {
            matches!(e, Event::CustomerCreated(_))
        }),
        ("customer.customer_updated", |e| {
            matches!(e, Event::CustomerUpdated(_))
        }),
        ("customer.customer_deleted", |e| {
            matches!(e, Event::CustomerDeleted(_))
        }),
        ("customer.customer_changed", |e| {
            matches!(e, Event::CustomerChanged(_))
        }),
        ("customer.customer_group_changed", |e| {
            matches!(e, Event::CustomerGroupChanged(_))
        }),
        ("customer.customer_group_memberships_changed", |e| {
            matches!(e, Event::CustomerGroupMembershipsChanged(_))
        }),
        ("timeline.timeline_entry_changed", |e| {
            matches!(e, Event::TimelineEntryChanged(_))
        }),
    ];

    #[test]
    fn the_sdk_knows_every_event_type_in_the_schema() {
        let schema = Schema::load();
        let mut from_schema = schema.event_types();
        let mut from_sdk: Vec<String> = EVENT_TYPES.iter().map(|t| t.to_string()).collect();
        let mut from_table: Vec<String> = VARIANTS.iter().map(|(t, _)| t.to_string()).collect();
        from_schema.sort();
        from_sdk.sort();
        from_table.sort();
        assert_eq!(from_schema.len(), 30);
        assert_eq!(from_sdk, from_schema);
        assert_eq!(from_table, from_schema);
        assert_eq!(WEBHOOK_TARGET_VERSION, schema.version());
    }

    #[test]
    fn the_fixtures_are_valid_instances_of_the_schema() {
        let schema = Schema::load();
        for (event_type, _) in VARIANTS {
            for mode in [Mode::Minimal, Mode::Full] {
                let body = schema.body(event_type, mode, SENT_AT);
                schema
                    .check_body(&body)
                    .unwrap_or_else(|e| panic!("{event_type} {mode:?}: {e}"));
            }
        }
    }

    #[test]
    fn every_event_type_decodes_to_its_variant() {
        for (event_type, is_variant) in VARIANTS {
            for mode in [Mode::Minimal, Mode::Full] {
                let body = body(event_type, mode);
                let request = verifier()
                    .verify_and_parse(&body, &sign(SECRET, &body))
                    .unwrap_or_else(|e| panic!("{event_type} {mode:?}: {e}"));
                assert!(
                    is_variant(&request.event),
                    "{event_type} {mode:?}: {:?}",
                    request.event
                );
                assert_eq!(request.event.event_type(), event_type);
                assert_eq!(request.event_type, event_type);
                assert!(!request.event.is_unknown());
                assert_eq!(request.target_version(), WEBHOOK_TARGET_VERSION);
                assert!(request.is_current_version());
            }
        }
    }

    #[test]
    fn decoded_events_serialize_back_to_the_same_event() {
        for (event_type, _) in VARIANTS {
            let first = parse(&body(event_type, Mode::Full)).unwrap();
            let again = parse(&serde_json::to_vec(&first).unwrap()).unwrap();
            assert_eq!(first, again, "{event_type}");
        }
    }

    #[test]
    fn full_fixtures_serialize_to_exactly_what_was_sent() {
        // Full fixtures set every property, so nothing is dropped or added.
        let schema = Schema::load();
        for (event_type, _) in VARIANTS {
            let sent = schema.body(event_type, Mode::Full, SENT_AT);
            let request = parse(&serde_json::to_vec(&sent).unwrap()).unwrap();
            assert_eq!(
                numbers_as_f64(serde_json::to_value(&request).unwrap()),
                numbers_as_f64(sent),
                "{event_type}"
            );
        }
    }

    /// JSON Schema `number`s decode to `f64`, which writes `2` as `2.0`.
    fn numbers_as_f64(value: Value) -> Value {
        match value {
            Value::Number(n) => json!(n.as_f64().unwrap()),
            Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_f64).collect()),
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, numbers_as_f64(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    #[test]
    fn fields_are_typed() {
        let mut value = Schema::load().body("thread.email_received", Mode::Full, SENT_AT);
        value["payload"]["thread"]["title"] = json!("Cannot log in");
        value["payload"]["thread"]["createdBy"] =
            json!({"actorType": "user", "userId": "u_01JS7F3Q2K8V6W4X9Y5Z0ABCDE"});
        value["payload"]["thread"]["status"] = json!("SNOOZED");
        value["payload"]["email"]["subject"] = json!("Help");
        let request = parse(&serde_json::to_vec(&value).unwrap()).unwrap();
        let Event::EmailReceived(received) = &request.event else {
            panic!("{:?}", request.event)
        };
        assert_eq!(received.thread.title, "Cannot log in");
        assert_eq!(received.email.subject.as_deref(), Some("Help"));
        assert_eq!(received.thread.status, payloads::ThreadStatus::Snoozed);
        match &received.thread.created_by {
            Actor::User(user) => assert_eq!(user.user_id, "u_01JS7F3Q2K8V6W4X9Y5Z0ABCDE"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            request.webhook_metadata.webhook_delivery_attempt_timestamp,
            SENT_AT
        );
    }

    #[test]
    fn an_unknown_event_type_keeps_its_payload() {
        let mut value = Schema::load().body("thread.thread_created", Mode::Minimal, SENT_AT);
        value["type"] = json!("thread.thread_teleported");
        value["payload"] = json!({"eventType": "thread.thread_teleported", "where": ["mars", 1]});
        let body = serde_json::to_vec(&value).unwrap();
        let request = verifier()
            .verify_and_parse(&body, &sign(SECRET, &body))
            .unwrap();
        match &request.event {
            Event::Unknown(unknown) => {
                assert_eq!(unknown.event_type, "thread.thread_teleported");
                assert_eq!(unknown.payload, value["payload"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(request.event.is_unknown());
        assert_eq!(request.event.event_type(), "thread.thread_teleported");
        assert_eq!(
            serde_json::to_value(&request).unwrap()["payload"],
            value["payload"]
        );
    }

    #[test]
    fn unknown_members_values_and_fields_are_tolerated() {
        let mut value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        let robot = json!({"actorType": "robot", "robotId": "r_1", "model": 7});
        value["payload"]["thread"]["createdBy"] = robot.clone();
        value["payload"]["thread"]["status"] = json!("ON_FIRE");
        value["payload"]["thread"]["aNewField"] = json!({"nested": [1, 2]});
        value["brandNewTopLevelField"] = json!(true);
        value["webhookMetadata"]["newMetadata"] = json!("x");
        let request = parse(&serde_json::to_vec(&value).unwrap()).unwrap();
        let Event::ThreadCreated(created) = &request.event else {
            panic!()
        };
        match &created.thread.created_by {
            Actor::Unknown(object) => assert_eq!(Value::Object(object.clone()), robot),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            created.thread.status,
            payloads::ThreadStatus::Other("ON_FIRE".into())
        );
        assert_eq!(created.thread.status.as_str(), "ON_FIRE");
        // Plain's own UNKNOWN member is the fallback too.
        value["payload"]["thread"]["createdBy"] = json!({"actorType": "UNKNOWN"});
        let request = parse(&serde_json::to_vec(&value).unwrap()).unwrap();
        let Event::ThreadCreated(created) = &request.event else {
            panic!()
        };
        assert!(matches!(created.thread.created_by, Actor::Unknown(_)));
    }

    #[test]
    fn another_version_that_decodes_is_accepted() {
        let mut value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        value["webhookMetadata"]["webhookTargetVersion"] = json!("2099-01-01");
        let request = parse(&serde_json::to_vec(&value).unwrap()).unwrap();
        assert_eq!(request.target_version(), "2099-01-01");
        assert!(!request.is_current_version());
    }

    #[test]
    fn another_version_that_does_not_decode_is_a_version_mismatch() {
        let mut value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        value["webhookMetadata"]["webhookTargetVersion"] = json!("2099-01-01");
        value["payload"]["thread"]["title"] = json!({"rich": "text"});
        let body = serde_json::to_vec(&value).unwrap();
        let error = verifier()
            .verify_and_parse(&body, &sign(SECRET, &body))
            .unwrap_err();
        assert_eq!(error.kind(), "version_mismatch");
        assert_eq!(error.http_status(), 422);
        match &error {
            WebhookError::VersionMismatch {
                expected,
                found,
                error,
            } => {
                assert_eq!(*expected, WEBHOOK_TARGET_VERSION);
                assert_eq!(found.as_deref(), Some("2099-01-01"));
                assert_eq!(error.path(), "payload.thread.title");
            }
            other => panic!("{other:?}"),
        }
        assert!(error.to_string().contains("2099-01-01"), "{error}");

        // The same body at the SDK's version is a payload error.
        value["webhookMetadata"]["webhookTargetVersion"] = json!(WEBHOOK_TARGET_VERSION);
        let error = parse(&serde_json::to_vec(&value).unwrap()).unwrap_err();
        assert_eq!(error.kind(), "payload");
    }

    #[test]
    fn a_body_without_a_version_that_does_not_decode_is_a_version_mismatch() {
        let mut value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        value["webhookMetadata"]
            .as_object_mut()
            .unwrap()
            .remove("webhookTargetVersion");
        value["payload"]["thread"]["title"] = json!({"rich": "text"});
        let body = serde_json::to_vec(&value).unwrap();
        let error = verifier()
            .verify_and_parse(&body, &sign(SECRET, &body))
            .unwrap_err();
        assert_eq!(error.kind(), "version_mismatch", "{error}");
        assert_eq!(error.http_status(), 422);
        let WebhookError::VersionMismatch { found, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(*found, None);
        let shown = error.to_string();
        assert!(
            shown.contains("without a webhookMetadata.webhookTargetVersion"),
            "{shown}"
        );
        assert!(shown.contains("align them"), "{shown}");
    }

    #[test]
    fn an_envelope_of_another_version_that_does_not_decode_is_a_version_mismatch() {
        let mut value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        value["webhookMetadata"]["webhookTargetVersion"] = json!("2099-01-01");
        value["workspaceId"] = json!(42);
        let error = parse(&serde_json::to_vec(&value).unwrap()).unwrap_err();
        assert_eq!(error.kind(), "version_mismatch", "{error}");
        assert_eq!(error.path(), Some("workspaceId"));
    }

    /// A payload error for `value` after `edit`.
    fn payload_error(event_type: &str, edit: impl FnOnce(&mut Value)) -> WebhookError {
        let mut value = Schema::load().body(event_type, Mode::Full, SENT_AT);
        edit(&mut value);
        let body = serde_json::to_vec(&value).unwrap();
        let error = verifier()
            .verify_and_parse(&body, &sign(SECRET, &body))
            .unwrap_err();
        assert_eq!(error.kind(), "payload", "{error}");
        assert_eq!(error.http_status(), 400);
        error
    }

    type Edit = Box<dyn FnOnce(&mut Value)>;

    #[test]
    fn a_malformed_payload_names_the_path_that_failed() {
        let cases: Vec<(&str, Edit, &str)> = vec![
            (
                "thread.thread_created",
                Box::new(|v| v["payload"]["thread"]["customer"]["fullName"] = json!(5)),
                "payload.thread.customer.fullName",
            ),
            (
                "thread.thread_created",
                Box::new(|v| {
                    v["payload"]["thread"]["createdBy"] = json!({"actorType": "user", "userId": 5})
                }),
                "payload.thread.createdBy.userId",
            ),
            (
                "thread.thread_created",
                Box::new(|v| v["payload"]["thread"]["labels"] = json!([{}])),
                "payload.thread.labels[0].id",
            ),
            (
                "thread.thread_created",
                Box::new(|v| v["payload"]["thread"]["createdBy"] = json!({"actorType": ["user"]})),
                "payload.thread.createdBy.actorType",
            ),
            (
                "thread.email_received",
                Box::new(|v| v["payload"]["email"]["attachments"] = json!("none")),
                "payload.email.attachments",
            ),
            (
                "thread.thread_created",
                Box::new(|v| v["webhookMetadata"]["webhookDeliveryAttemptNumber"] = json!(-1)),
                "webhookMetadata.webhookDeliveryAttemptNumber",
            ),
            (
                "thread.thread_created",
                Box::new(|v| v["id"] = json!(null)),
                "id",
            ),
            (
                // An untagged union (threadAssignee) that matches no member
                // reports its first member's error.
                "thread.thread_created",
                Box::new(|v| v["payload"]["thread"]["assignee"] = json!({"name": "x"})),
                "payload.thread.assignee.id",
            ),
        ];
        for (event_type, edit, path) in cases {
            let error = payload_error(event_type, edit);
            assert_eq!(error.path(), Some(path), "{error}");
            assert!(error.to_string().contains(path), "{error}");
        }
    }

    #[test]
    fn paths_go_through_nested_unions() {
        // timelineEntry.entry (union) → custom entry → components[0] (union)
        // → row → rowMainContent[0] (union) → text.
        let error = payload_error("timeline.timeline_entry_changed", |v| {
            v["payload"]["timelineEntry"] = json!({
                "id": "te_01JS7F3Q2K8V6W4X9Y5Z0ABCDE",
                "customerId": "c_01JS7F3Q2K8V6W4X9Y5Z0ABCDE",
                "timestamp": SENT_AT,
                "actor": {"actorType": "system", "system": "api"},
                "entry": {
                    "entryType": "custom",
                    "externalId": null,
                    "title": "Order shipped",
                    "type": null,
                    "attachments": [],
                    "components": [{
                        "type": "row",
                        "rowAsideContent": [],
                        "rowMainContent": [{"type": "text", "textSize": null, "textColor": null, "text": false}]
                    }]
                }
            });
        });
        assert_eq!(
            error.path(),
            Some("payload.timelineEntry.entry.components[0].rowMainContent[0].text"),
            "{error}"
        );
    }

    #[test]
    fn payload_types_also_decode_with_serde() {
        let value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        let thread: payloads::Thread =
            serde_json::from_value(value["payload"]["thread"].clone()).unwrap();
        assert_eq!(json!(thread.id), value["payload"]["thread"]["id"]);
        let mut broken = value["payload"]["thread"].clone();
        broken["customer"]["email"]["isVerified"] = json!("yes");
        let error = serde_json::from_value::<payloads::Thread>(broken).unwrap_err();
        assert_eq!(
            error.to_string(),
            "at customer.email.isVerified: invalid type: string \"yes\", expected a boolean"
        );
    }

    #[test]
    fn a_missing_field_is_named() {
        let error = payload_error("thread.thread_created", |v| {
            v["payload"]["thread"]
                .as_object_mut()
                .unwrap()
                .remove("title");
        });
        assert_eq!(error.path(), Some("payload.thread.title"));
        assert_eq!(
            error.to_string(),
            "payload: at payload.thread.title: missing"
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_a_payload_error() {
        for body in [
            &b"not json"[..],
            b"{",
            b"[]",
            b"null",
            b"{\"id\": 1",
            &[0xff, 0xfe, 0x00],
        ] {
            let error = verifier()
                .verify_and_parse(body, &sign(SECRET, body))
                .unwrap_err();
            assert_eq!(error.kind(), "payload", "{body:?}: {error}");
        }
        let mut trailing = thread_created();
        trailing.extend_from_slice(b" {}");
        let error = parse(&trailing).unwrap_err();
        assert_eq!(error.kind(), "payload", "{error}");
    }

    #[test]
    fn the_bundled_example_payloads_are_valid_and_decode() {
        let schema = Schema::load();
        for (file, event_type) in [
            ("thread_created.json", "thread.thread_created"),
            ("email_received.json", "thread.email_received"),
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples/support")
                .join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            let value: Value = serde_json::from_str(&text).unwrap();
            schema
                .check_body(&value)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let request = parse(text.as_bytes()).unwrap();
            assert_eq!(request.event.event_type(), event_type);
        }
    }

    #[test]
    fn errors_display_on_one_line_with_their_kind() {
        let error = payload_error("thread.thread_created", |v| {
            v["payload"]["thread"]["customer"]["fullName"] = json!(5)
        });
        let text = error.to_string();
        assert!(
            text.starts_with("payload: at payload.thread.customer.fullName: invalid type"),
            "{text}"
        );
        assert!(!text.contains('\n') && !text.contains('\u{1f}'), "{text:?}");
    }

    #[test]
    fn webhook_module_reexports_are_usable() {
        let _: fn(&[u8]) -> Result<WebhookRequest, WebhookError> = webhooks::parse;
        assert_eq!(webhooks::SIGNATURE_HEADER, "Plain-Request-Signature");
    }
}

// ---------------------------------------------------------------------------
// Fuzzing: the verifier and the parser never panic
// ---------------------------------------------------------------------------

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn fixtures() -> Vec<Vec<u8>> {
        [
            "thread.thread_created",
            "thread.email_received",
            "timeline.timeline_entry_changed",
        ]
        .iter()
        .map(|t| body(t, Mode::Full))
        .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

        #[test]
        fn arbitrary_inputs_never_panic(
            body in proptest::collection::vec(any::<u8>(), 0..512),
            signature in ".{0,80}",
            secret in proptest::collection::vec(any::<u8>(), 0..40),
            skew in -1_000_000i64..1_000_000,
        ) {
            let now = if skew >= 0 {
                sent_at() + Duration::from_secs(skew as u64)
            } else {
                sent_at() - Duration::from_secs(skew.unsigned_abs())
            };
            let verifier = Verifier::new(&secret);
            let _ = verifier.verify_signature(&body, &signature);
            let _ = verifier.verify_at(&body, &signature, now);
            let _ = verifier.verify_and_parse_at(&body, &signature, now);
            let _ = verifier.verify_customer_card_request(&body, &signature);
            // Correctly signed garbage gets past the signature and into the parser.
            let signed = sign(&secret, &body);
            let result = verifier.verify_and_parse_at(&body, &signed, now);
            if !secret.is_empty() && !body.is_empty() {
                prop_assert!(!matches!(result, Err(WebhookError::Signature(_))));
            }
            let _ = parse(&body);
        }

        #[test]
        fn mutated_payloads_never_panic(
            which in 0usize..3,
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        ) {
            let mut body = fixtures()[which].clone();
            for (at, byte, op) in edits {
                if body.is_empty() {
                    break;
                }
                let i = at.index(body.len());
                match op {
                    0 => body[i] = byte,
                    1 => { body.remove(i); }
                    _ => body.insert(i, byte),
                }
            }
            let signature = sign(SECRET, &body);
            let result = verifier().verify_and_parse(&body, &signature);
            if let Err(e) = &result {
                prop_assert!(["expired", "payload", "version_mismatch"].contains(&e.kind()), "{e}");
            }
        }

        #[test]
        fn anything_signed_with_a_configured_secret_verifies(
            body in proptest::collection::vec(any::<u8>(), 1..256),
            secret in "[ -~]{1,40}",
        ) {
            let verifier = Verifier::with_secrets(["some-other-secret", secret.as_str()]);
            prop_assert!(verifier.verify_signature(&body, &sign(&secret, &body)).is_ok());
        }
    }

    #[test]
    fn deeply_nested_json_is_an_error_not_a_crash() {
        let mut value = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        value["payload"]["thread"]["customer"]["fullName"] = json!("PLACEHOLDER");
        let text = serde_json::to_string(&value)
            .unwrap()
            .replace("\"PLACEHOLDER\"", &deep);
        let error = parse(text.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), "payload");
    }
}

// ---------------------------------------------------------------------------
// The example program `examples/verify_webhook.rs`
// ---------------------------------------------------------------------------

#[allow(dead_code)]
#[path = "../../examples/verify_webhook.rs"]
mod verify_webhook_example;

mod example_program {
    use super::verify_webhook_example::{run, Outcome};
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn verify(body: &[u8], signature: &str, now: SystemTime) -> Outcome {
        run(
            &args(&["--secret", SECRET, "--signature", signature]),
            body,
            now,
        )
    }

    #[test]
    fn prints_type_and_id_on_success() {
        let body = thread_created();
        let out = verify(&body, &sign(SECRET, &body), sent_at());
        assert_eq!(out.code, 0, "{}", out.stderr);
        let printed: Value = serde_json::from_str(&out.stdout).unwrap();
        let request = parse(&body).unwrap();
        assert_eq!(
            printed,
            json!({"type": "thread.thread_created", "id": request.id})
        );
    }

    #[test]
    fn prints_the_error_kind_and_exits_1() {
        let body = thread_created();
        let signature = sign(SECRET, &body);
        let late = sent_at() + Duration::from_secs(400);
        let mut mismatched = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        mismatched["webhookMetadata"]["webhookTargetVersion"] = json!("2099-01-01");
        mismatched["payload"]["thread"] = json!(7);
        let mismatched = serde_json::to_vec(&mismatched).unwrap();
        let mut malformed = Schema::load().body("thread.thread_created", Mode::Full, SENT_AT);
        malformed["payload"]["thread"] = json!(7);
        let malformed = serde_json::to_vec(&malformed).unwrap();

        let cases: Vec<(Outcome, &str)> = vec![
            (verify(&body, &sign("wrong", &body), sent_at()), "signature"),
            (verify(&body, "", sent_at()), "signature"),
            (verify(b"", &signature, sent_at()), "signature"),
            (verify(&body, &signature, late), "expired"),
            (
                verify(&mismatched, &sign(SECRET, &mismatched), sent_at()),
                "version_mismatch",
            ),
            (
                verify(&malformed, &sign(SECRET, &malformed), sent_at()),
                "payload",
            ),
        ];
        for (out, kind) in cases {
            assert_eq!(out.code, 1);
            assert_eq!(out.stdout, format!("{kind}\n"));
            let human = kind.replace('_', " ");
            assert!(
                out.stderr.starts_with(&format!("error: {human}")),
                "{}",
                out.stderr
            );
        }
    }

    #[test]
    fn signs_and_takes_a_tolerance() {
        let body = thread_created();
        let signed = run(&args(&["--sign", "--secret", SECRET]), &body, sent_at());
        assert_eq!(signed.code, 0);
        assert_eq!(signed.stdout.trim(), sign(SECRET, &body));
        let much_later = sent_at() + Duration::from_secs(86_400);
        let out = run(
            &args(&[
                "--secret",
                "old",
                "--secret",
                SECRET,
                "--signature",
                signed.stdout.trim(),
                "--tolerance",
                "90000",
            ]),
            &body,
            much_later,
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
    }

    #[test]
    fn wrong_arguments_exit_2() {
        for list in [
            &[][..],
            &["--secret", SECRET][..],
            &["--signature", "ab"][..],
            &["--secret"][..],
            &[
                "--secret",
                SECRET,
                "--signature",
                "ab",
                "--tolerance",
                "soon",
            ][..],
            &["--secret", SECRET, "--signature", "ab", "--verbose"][..],
        ] {
            let out = run(&args(list), b"{}", sent_at());
            assert_eq!(out.code, 2, "{list:?}");
            assert!(out.stderr.contains("usage:"), "{}", out.stderr);
        }
    }
}
