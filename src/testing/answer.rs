//! What [`MockPlain`](super::MockPlain) answers a request with.

use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Map, Value};

/// An answer to one request: data, a mutation's error, a GraphQL error, or a
/// fault (a rate limit, a 5xx, a dropped connection), optionally after a
/// delay.
///
/// Data is checked against the request's selection set before it is sent:
/// an answer Plain could never send (a missing field, a null where the
/// schema says non-null, a wrong enum value, a union member that does not
/// belong, a field nobody selected) is answered with HTTP 500 and fails the
/// test when the [`MockPlain`](super::MockPlain) is dropped or
/// [verified](super::MockPlain::verify), naming the JSON path.
#[derive(Debug, Clone)]
pub struct Answer {
    pub(crate) kind: AnswerKind,
    pub(crate) delay: Option<Duration>,
}

#[derive(Debug, Clone)]
pub(crate) enum AnswerKind {
    Generated,
    GeneratedExcept(Map<String, Value>),
    /// What the stateful workspace keeps (`state::Outcome::Data`).
    State(Map<String, Value>),
    Data(Map<String, Value>),
    /// Data that could not be made into a JSON object: why.
    Unusable(String),
    MutationError(Map<String, Value>),
    GraphQlErrors(Vec<Value>),
    RateLimited {
        reset_in: Duration,
    },
    Status(u16),
    DropConnection,
}

impl Answer {
    fn of(kind: AnswerKind) -> Answer {
        Answer { kind, delay: None }
    }

    /// Schema-valid data made up from the selection set: what an operation
    /// without an expectation gets. Ids and text name their type and field
    /// (`thread_1`, `"Thread title"`), enums take their first value, lists
    /// hold one element (one per member for a list of a union), Booleans are
    /// `false`, a mutation's `error` is null.
    pub fn generated() -> Answer {
        Answer::of(AnswerKind::Generated)
    }

    /// Generated data, except the values `partial` gives: JSON in the shape
    /// of the response's `data` with only the fields you care about. Its
    /// objects are completed with generated fields; its other values (lists
    /// included) are taken as they are, and checked.
    ///
    /// ```
    /// use plain_sdk::testing::Answer;
    /// use serde_json::json;
    ///
    /// let answer = Answer::generated_except(json!({
    ///     "createThreadEvent": { "threadEvent": { "title": "API key generated" } }
    /// }));
    /// # let _ = answer;
    /// ```
    pub fn generated_except(partial: impl Serialize) -> Answer {
        Answer::of(match object(partial) {
            Ok(data) => AnswerKind::GeneratedExcept(data),
            Err(problem) => AnswerKind::Unusable(problem),
        })
    }

    /// The response's `data`: an operation's `ResponseData`, or JSON of the
    /// same shape (keyed by the fields' names or aliases, `__typename` on
    /// every union or interface value).
    ///
    /// ```
    /// use plain_sdk::testing::Answer;
    /// use serde_json::json;
    ///
    /// let answer = Answer::data(json!({ "myWorkspace": null }));
    /// # let _ = answer;
    /// ```
    pub fn data(data: impl Serialize) -> Answer {
        Answer::of(match object(data) {
            Ok(data) => AnswerKind::Data(data),
            Err(problem) => AnswerKind::Unusable(problem),
        })
    }

    /// The mutation's `error`: the output carries it and no entity, and the
    /// client returns an error of kind `ErrorKind::Mutation`.
    pub fn mutation_error(error: MutationFailure) -> Answer {
        Answer::of(AnswerKind::MutationError(error.into_json()))
    }

    /// HTTP 200 with `data: null` and one GraphQL error with this
    /// `extensions.code` (`"FORBIDDEN"`, `"NOT_FOUND"` …).
    pub fn graphql_error(code: &str, message: &str) -> Answer {
        Answer::of(AnswerKind::GraphQlErrors(vec![
            json!({ "message": message, "extensions": { "code": code } }),
        ]))
    }

    /// The stateful workspace's data for the request.
    pub(crate) fn state(data: Map<String, Value>) -> Answer {
        Answer::of(AnswerKind::State(data))
    }

    /// HTTP 429 as Plain sends it: `x-ratelimit-limit`,
    /// `x-ratelimit-remaining: 0` and `x-ratelimit-reset` this far ahead.
    pub fn rate_limited(reset_in: Duration) -> Answer {
        Answer::of(AnswerKind::RateLimited { reset_in })
    }

    /// An HTTP error status (a 5xx, or any 4xx) with a GraphQL error body.
    pub fn status(status: u16) -> Answer {
        Answer::of(AnswerKind::Status(status))
    }

    /// Closes the connection without an answer, as a crashed server or a
    /// network failure does.
    pub fn drop_connection() -> Answer {
        Answer::of(AnswerKind::DropConnection)
    }

    /// Answers only after `delay` (to run into the client's timeout, for
    /// example).
    pub fn after(mut self, delay: Duration) -> Answer {
        self.delay = Some(delay);
        self
    }
}

/// `data` as a JSON object, or why it is not one.
fn object(data: impl Serialize) -> Result<Map<String, Value>, String> {
    match serde_json::to_value(data) {
        Ok(Value::Object(data)) => Ok(data),
        Ok(other) => Err(format!(
            "the data of an answer must be a JSON object, not {}",
            super::truncate(&other.to_string(), 200)
        )),
        Err(e) => Err(format!("the data of an answer did not serialize: {e}")),
    }
}

/// A `MutationError`, for [`Answer::mutation_error`].
///
/// ```
/// use plain_sdk::testing::MutationFailure;
///
/// let failure = MutationFailure::validation("input_validation", "A thread event with this external ID exists")
///     .field("externalId", "already used");
/// # let _ = failure;
/// ```
#[derive(Debug, Clone)]
pub struct MutationFailure {
    error_type: String,
    code: String,
    message: String,
    fields: Vec<(String, String, String)>,
}

impl MutationFailure {
    /// An error of `type` (a `MutationErrorType` value: `VALIDATION`,
    /// `FORBIDDEN`, `INTERNAL`) with Plain's error `code`.
    pub fn new(error_type: &str, code: &str, message: &str) -> MutationFailure {
        MutationFailure {
            error_type: error_type.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
            fields: Vec::new(),
        }
    }

    /// A `VALIDATION` error.
    pub fn validation(code: &str, message: &str) -> MutationFailure {
        MutationFailure::new("VALIDATION", code, message)
    }

    /// A `FORBIDDEN` error (code `forbidden`): the key lacks a permission.
    pub fn forbidden(message: &str) -> MutationFailure {
        MutationFailure::new("FORBIDDEN", "forbidden", message)
    }

    /// A problem with one input field (type `VALIDATION`).
    pub fn field(self, field: &str, message: &str) -> MutationFailure {
        self.field_of_type(field, message, "VALIDATION")
    }

    /// A problem with one input field, of `type` (a
    /// `MutationFieldErrorType` value: `VALIDATION`, `REQUIRED`, `NOT_FOUND`).
    pub fn field_of_type(
        mut self,
        field: &str,
        message: &str,
        error_type: &str,
    ) -> MutationFailure {
        self.fields
            .push((field.to_owned(), message.to_owned(), error_type.to_owned()));
        self
    }

    pub(crate) fn into_json(self) -> Map<String, Value> {
        let fields: Vec<Value> = self
            .fields
            .into_iter()
            .map(|(field, message, error_type)| {
                json!({ "__typename": "MutationFieldError", "field": field, "message": message, "type": error_type })
            })
            .collect();
        let error = json!({
            "__typename": "MutationError",
            "message": self.message,
            "type": self.error_type,
            "code": self.code,
            "fields": fields,
        });
        match error {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}
