//! UI component builders (being written; this stub is replaced wholesale).
/// Stub.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("stub")]
pub struct UiError;
