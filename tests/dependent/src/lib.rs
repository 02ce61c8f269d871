//! What a service using plain-sdk writes, against the API as it is today:
//! the README's usage, the UI builders, inputs made with their
//! constructors, a `match` on an enum and on a union, a pagination stream.
//! `scripts/schema-round-trip` regenerates plain-sdk from a schema with
//! Plain's kinds of additive change and builds and tests this crate
//! against it, unchanged.
//!
//! [`uses`] holds one use per line of items that the round trip's
//! *breaking* schema removes or changes; each line names its item, so the
//! script can check that the build fails exactly there.

pub mod uses;

use plain_sdk::operations::{
    get_customers, ComponentSpacerSize, CreateThreadEventInput, EventComponentParts, GetCustomers,
    UserIdentifierInput,
};
use plain_sdk::StreamExt;
use plain_sdk::{ui, PlainClient};

/// Plain's documented thread event, as the README builds it.
pub fn docs_input() -> Result<CreateThreadEventInput, ui::UiError> {
    let components = ui::event_components([
        ui::text("New API key was added with the fingerprint **3b7896975ee9fd15eeb7** with 4 associated roles.").into(),
        ui::spacer(ui::SpacerSize::M).into(),
        ui::link_button("View in admin", "https://admin.your-app.com").into(),
        ui::row(
            [ui::user_by_email("ada@example.com").into()],
            [ui::badge("VIP").color(ui::BadgeColor::Blue).into()],
        )
        .into(),
    ])?;
    Ok(CreateThreadEventInput::new(
        "th_01HB924RWAW8H3Q8KZDFWYBJHZ",
        "API key generated",
        components,
    )
    .external_id("ex-id-1"))
}

/// A user identifier made with its constructor and a setter.
pub fn user(email: &str) -> UserIdentifierInput {
    UserIdentifierInput::new().email_address(email)
}

/// Creates the README's thread event.
pub async fn create(client: &PlainClient) -> plain_sdk::Result<String> {
    let event = client.create_thread_event(docs_input()?).await?;
    Ok(event.id)
}

/// A `match` on a generated enum.
pub fn spacer_name(size: &ComponentSpacerSize) -> String {
    match size {
        ComponentSpacerSize::S => "small".into(),
        ComponentSpacerSize::M => "medium".into(),
        ComponentSpacerSize::L => "large".into(),
        ComponentSpacerSize::Other(value) => format!("unknown {value}"),
        _ => "another".into(),
    }
}

/// A `match` on a generated union.
pub fn component_kind(component: &EventComponentParts) -> &'static str {
    match component {
        EventComponentParts::ComponentText(_) => "text",
        EventComponentParts::ComponentSpacer(_) => "spacer",
        EventComponentParts::ComponentLinkButton(_) => "link button",
        EventComponentParts::Unknown => "unknown",
        _ => "another",
    }
}

/// Every customer's id, page by page.
pub async fn customer_ids(client: &PlainClient) -> Vec<plain_sdk::Result<String>> {
    client
        .nodes::<GetCustomers>(get_customers::Variables::default(), 50)
        .map(|customer| customer.map(|c| c.id))
        .collect()
        .await
}

/// An operation of the service's own, derived through plain-sdk alone.
#[derive(plain_sdk::GraphQLQuery)]
#[graphql(
    schema_path = "../../graphql/schema.graphql",
    query_path = "../../examples/my_workspace.graphql",
    serde_crate = "plain_sdk::serde",
    response_derives = "Debug"
)]
pub struct MyWorkspace;

// The derive's generated code refers to `graphql_client`.
use plain_sdk::graphql_client;

/// The workspace's name, through the service's own operation.
pub async fn workspace_name(client: &PlainClient) -> plain_sdk::Result<Option<String>> {
    let data = client
        .execute::<MyWorkspace>(my_workspace::Variables)
        .await?;
    Ok(data.my_workspace.map(|w| w.name))
}
