//! One use per line of what the round trip's breaking schema takes away,
//! each line naming the Rust item it uses (`uses: ITEM`), as
//! `plain-opgen diff --items` names it.

use plain_sdk::operations::{CreateSnippetInput, SnippetParts};
use plain_sdk::{ui, PlainClient};

/// A method of a root field the breaking schema removes.
pub async fn snippet(client: &PlainClient) -> bool {
    client.snippet("s_1").await.is_ok() // uses: PlainClient::snippet
}

/// An input that gains a required field.
pub fn new_snippet() -> CreateSnippetInput {
    CreateSnippetInput::new("Greeting", "Hello!") // uses: operations::CreateSnippetInput::new
}

/// A field the breaking schema removes.
pub fn snippet_path(snippet: &SnippetParts) -> Option<&str> {
    snippet.path.as_deref() // uses: SnippetParts.path
}

/// An enum value the breaking schema removes.
pub fn smallest_spacer() -> ui::SpacerSize {
    ui::SpacerSize::Xs // uses: operations::ComponentSpacerSize::Xs
}
