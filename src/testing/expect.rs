//! Expectations and what was received: which answer a request gets, and
//! what a test is told when requests and expectations do not meet. Pure
//! bookkeeping, no I/O.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::answer::Answer;
use super::{truncate, Received};

/// Requests kept for [`MockPlain::requests`](super::MockPlain::requests):
/// a mock serving for long keeps the latest ones.
pub(crate) const MAX_RECEIVED: usize = 10_000;
/// Failures kept for the report; more are counted.
const MAX_FAILURES: usize = 100;

pub(crate) type Matcher = Arc<dyn Fn(&Map<String, Value>) -> Result<bool, String> + Send + Sync>;
pub(crate) type Respond = Arc<dyn Fn(&Map<String, Value>) -> Result<Answer, String> + Send + Sync>;

pub(crate) enum Responder {
    Always(Answer),
    /// The n-th call gets the n-th answer; the last one repeats.
    InOrder(Vec<Answer>),
    With(Respond),
}

pub(crate) struct Expectation {
    /// The operation name it is for; `None`: every operation.
    pub(crate) operation: Option<String>,
    pub(crate) matcher: Option<Matcher>,
    pub(crate) responder: Responder,
    pub(crate) times: Option<usize>,
    pub(crate) calls: usize,
}

impl Expectation {
    fn label(&self, index: usize) -> String {
        let operation = self.operation.as_deref().unwrap_or("any operation");
        let matching = if self.matcher.is_some() {
            " (with a matcher)"
        } else {
            ""
        };
        format!("expectation #{} for {operation}{matching}", index + 1)
    }
}

/// What the registry decided for one request.
pub(crate) enum Decision {
    /// Answer with this (from expectation `index`, if any).
    Answer(Answer),
    /// The responder must be called, outside the lock.
    Call(Respond),
    /// No expectation matched and the mock is strict: the report.
    Unmatched(String),
    /// No expectation matched: the workspace's answer, else generated data.
    Default,
}

#[derive(Default)]
pub(crate) struct Registry {
    pub(crate) expectations: Vec<Expectation>,
    pub(crate) strict: bool,
    pub(crate) received: VecDeque<Received>,
    pub(crate) received_total: usize,
    failures: Vec<String>,
    failures_total: usize,
}

impl Registry {
    pub(crate) fn new(strict: bool) -> Registry {
        Registry {
            strict,
            ..Registry::default()
        }
    }

    pub(crate) fn record(&mut self, received: Received) {
        if self.received.len() == MAX_RECEIVED {
            self.received.pop_front();
        }
        self.received.push_back(received);
        self.received_total += 1;
    }

    pub(crate) fn fail(&mut self, failure: String) {
        // A retried request fails the same way again: say it once.
        if self.failures.contains(&failure) {
            return;
        }
        if self.failures.len() < MAX_FAILURES {
            self.failures.push(failure);
        }
        self.failures_total += 1;
    }

    /// The answer for a request of `operation` with `variables`: the first
    /// expectation (in the order they were set) for it whose matcher agrees.
    pub(crate) fn decide(
        &mut self,
        operation: Option<&str>,
        variables: &Map<String, Value>,
    ) -> Decision {
        let mut problems = Vec::new();
        let mut chosen = None;
        for (index, expectation) in self.expectations.iter().enumerate() {
            if expectation.operation.is_some() && expectation.operation.as_deref() != operation {
                continue;
            }
            let matches = match &expectation.matcher {
                None => true,
                Some(matcher) => match matcher(variables) {
                    Ok(matches) => matches,
                    Err(problem) => {
                        problems.push(format!("{}: {problem}", expectation.label(index)));
                        false
                    }
                },
            };
            if matches {
                chosen = Some(index);
                break;
            }
        }
        for problem in problems {
            self.fail(problem);
        }
        let Some(index) = chosen else {
            if !self.strict {
                return Decision::Default;
            }
            let report = self.unmatched_report(operation, variables);
            self.fail(report.clone());
            return Decision::Unmatched(report);
        };
        let expectation = &mut self.expectations[index];
        let call = expectation.calls;
        expectation.calls += 1;
        match &expectation.responder {
            Responder::Always(answer) => Decision::Answer(answer.clone()),
            Responder::InOrder(answers) => Decision::Answer(
                answers
                    .get(call)
                    .or(answers.last())
                    .cloned()
                    .unwrap_or_else(Answer::generated),
            ),
            Responder::With(respond) => Decision::Call(Arc::clone(respond)),
        }
    }

    /// Names the request and the expectation nearest to it.
    fn unmatched_report(&self, operation: Option<&str>, variables: &Map<String, Value>) -> String {
        let name = operation.unwrap_or("an unnamed operation");
        let mut report = format!(
            "MockPlain: no expectation matched {name} with variables {}",
            truncate(&Value::Object(variables.clone()).to_string(), 300)
        );
        let nearest = self.expectations.iter().enumerate().min_by_key(|(_, e)| {
            match (&e.operation, operation) {
                (None, _) => 0,
                (Some(want), Some(got)) => edit_distance(want, got),
                (Some(want), None) => want.len(),
            }
        });
        match nearest {
            Some((index, e)) if e.operation.as_deref() == operation || e.operation.is_none() => {
                let _ = write!(
                    report,
                    "; nearest: {}, whose matcher refused it",
                    e.label(index)
                );
            }
            Some((index, e)) => {
                let _ = write!(report, "; nearest: {}", e.label(index));
            }
            None => report.push_str("; no expectations are set"),
        }
        report
    }

    /// Everything that did not go as the test said, or `None`.
    pub(crate) fn report(&self) -> Option<String> {
        let mut lines: Vec<String> = self.failures.clone();
        if self.failures_total > self.failures.len() {
            lines.push(format!(
                "… and {} more",
                self.failures_total - self.failures.len()
            ));
        }
        for (index, e) in self.expectations.iter().enumerate() {
            if let Some(times) = e.times {
                if e.calls != times {
                    lines.push(format!(
                        "{} was to be called {times} time(s); it was called {}",
                        e.label(index),
                        e.calls
                    ));
                }
            }
        }
        if lines.is_empty() {
            None
        } else {
            Some(format!("MockPlain:\n- {}", lines.join("\n- ")))
        }
    }
}

/// Levenshtein distance, for "nearest expectation" (names are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expectation(
        operation: Option<&str>,
        answers: Vec<Answer>,
        times: Option<usize>,
    ) -> Expectation {
        Expectation {
            operation: operation.map(str::to_owned),
            matcher: None,
            responder: Responder::InOrder(answers),
            times,
            calls: 0,
        }
    }

    fn status_of(decision: Decision) -> Option<u16> {
        match decision {
            Decision::Answer(Answer {
                kind: super::super::answer::AnswerKind::Status(s),
                ..
            }) => Some(s),
            _ => None,
        }
    }

    #[test]
    fn answers_in_order_then_repeat_the_last() {
        let mut registry = Registry::default();
        registry.expectations.push(expectation(
            Some("GetThread"),
            vec![Answer::status(503), Answer::status(500)],
            Some(3),
        ));
        let none = Map::new();
        let got: Vec<_> = (0..3)
            .map(|_| status_of(registry.decide(Some("GetThread"), &none)))
            .collect();
        assert_eq!(got, [Some(503), Some(500), Some(500)]);
        assert!(registry.report().is_none());
    }

    #[test]
    fn counts_that_differ_and_unmatched_requests_are_reported() {
        let mut registry = Registry::new(true);
        registry.expectations.push(expectation(
            Some("CreateThreadEvent"),
            vec![Answer::generated()],
            Some(1),
        ));
        let none = Map::new();
        assert!(matches!(
            registry.decide(Some("CreateThreadEvnt"), &none),
            Decision::Unmatched(_)
        ));
        let report = registry.report().expect("a report");
        assert!(
            report.contains("no expectation matched CreateThreadEvnt"),
            "{report}"
        );
        assert!(
            report.contains("nearest: expectation #1 for CreateThreadEvent"),
            "{report}"
        );
        assert!(
            report.contains("to be called 1 time(s); it was called 0"),
            "{report}"
        );
    }

    #[test]
    fn without_strictness_unmatched_requests_get_the_default_answer() {
        let mut registry = Registry::default();
        assert!(matches!(
            registry.decide(Some("Anything"), &Map::new()),
            Decision::Default
        ));
        assert!(registry.report().is_none());
    }

    #[test]
    fn edit_distances() {
        for (a, b, d) in [
            ("", "", 0),
            ("abc", "abc", 0),
            ("abc", "abd", 1),
            ("", "ab", 2),
            ("kitten", "sitting", 3),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} {b}");
        }
    }
}
