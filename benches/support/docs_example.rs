//! Plain's docs example for createThreadEvent, built with the UI builders:
//! the input every benchmark of a call sends (Criterion's and the peer
//! benchmark's drivers include this one file).

use plain_sdk::operations::CreateThreadEventInput;
use plain_sdk::ui;

/// The docs example's input, as a user would build it.
pub fn docs_example_input() -> Result<CreateThreadEventInput, ui::UiError> {
    let components = ui::event_components([
        ui::text(
            "New API key was added with the fingerprint **3b7896975ee9fd15eeb7** \
             with 4 associated roles.",
        )
        .into(),
        ui::spacer(ui::SpacerSize::M).into(),
        ui::link_button("View in admin", "https://admin.your-app.com").into(),
    ])?;
    Ok(CreateThreadEventInput::new(
        "th_01HB924RWAW8H3Q8KZDFWYBJHZ",
        "API key generated",
        components,
    )
    .external_id("ex-id-1"))
}
