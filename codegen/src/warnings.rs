//! What a build reports besides the code: facts it could not apply, for a
//! maintainer to review. Every stage may add to it; none reads it.

/// The warnings of one build, in the order they were found.
#[derive(Debug, Default)]
pub struct Warnings(pub Vec<String>);
