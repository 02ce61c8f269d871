//! The report `plain-opgen diff` and `check` print, and whether it fails.

use std::collections::BTreeSet;
use std::path::Path;

use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;

use crate::diff::{diff, Change, Severity};
use crate::validate::{newly_invalid, Documents, InvalidDocument};

/// What going from `old` to `new` does to the documents: the schema changes
/// that matter to generated code, and the documents that stop validating
/// (apart from those already invalid against `old`). What `diff` and
/// `check` both report.
pub struct Comparison {
    pub changes: Vec<Change>,
    /// Invalid against `old` already: not counted as broken by `new`.
    pub already_invalid: Vec<InvalidDocument>,
    pub newly_invalid: Vec<InvalidDocument>,
}

impl Comparison {
    /// Compares the schemas, and validates `documents` against each.
    pub fn of(old: &Valid<Schema>, new: &Valid<Schema>, documents: &Path) -> Result<Self, String> {
        let documents = Documents::read(documents)?;
        let already_invalid = documents.invalid_against(old);
        let after = documents.invalid_against(new);
        Ok(Comparison {
            changes: diff(old, new),
            newly_invalid: newly_invalid(&already_invalid, &after),
            already_invalid,
        })
    }

    /// Whether the report should fail (see [`is_breaking`]).
    pub fn is_breaking(&self) -> bool {
        is_breaking(&self.changes, &self.newly_invalid)
    }

    /// Whether users' code breaks: the wire does ([`Self::is_breaking`]), or
    /// a change safe on the wire removes or changes a Rust item code names (a
    /// field Plain deprecates leaves generated fragments). What `plain-opgen
    /// diff` and `check` exit 1 on, and what makes a release breaking.
    pub fn breaks_code(&self, api: &crate::rust::Api) -> bool {
        self.is_breaking() || !crate::rust::breaking_items(api, &self.changes).is_empty()
    }

    /// The readable report (see [`render`]).
    pub fn render(&self) -> String {
        render(&self.changes, &self.newly_invalid)
    }
}

/// Whether the report should fail: a breaking change, or an invalid document.
pub fn is_breaking(changes: &[Change], invalid: &[InvalidDocument]) -> bool {
    !invalid.is_empty() || changes.iter().any(|c| c.severity() == Severity::Breaking)
}

/// The readable report: changes grouped by severity, then the documents that
/// become invalid.
pub fn render(changes: &[Change], invalid: &[InvalidDocument]) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str("No changes that matter to generated code.\n");
    }
    for severity in [Severity::Breaking, Severity::Dangerous, Severity::Safe] {
        let group: Vec<&Change> = changes
            .iter()
            .filter(|c| c.severity() == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let title = match severity {
            Severity::Breaking => "Breaking",
            Severity::Dangerous => "Dangerous",
            Severity::Safe => "Safe (notable)",
        };
        out.push_str(&format!("{title} ({}):\n", group.len()));
        for change in group {
            out.push_str(&format!("  - {change}\n"));
        }
    }
    let files: BTreeSet<&str> = invalid.iter().map(|d| d.file.as_str()).collect();
    if files.is_empty() {
        out.push_str("No operation document becomes invalid.\n");
    } else {
        out.push_str(&format!(
            "Operation documents that become invalid ({}):\n",
            files.len()
        ));
        for file in files {
            out.push_str(&format!("  {file}\n"));
            for document in invalid.iter().filter(|d| d.file == file) {
                out.push_str(&format!("    - {}\n", document.reason));
            }
        }
    }
    out
}
