//! Typed builders for Plain's UI components.
//!
//! Plain renders thread events, customer events and customer cards from a
//! list of *components*. This module builds those lists and turns them into
//! the generated GraphQL input types of [`crate::operations`], checking the
//! limits that Plain documents in its schema on the way.
//!
//! Each of the twelve component kinds has a builder type made by a short
//! function: [`text`], [`plain_text`], [`divider`], [`link_button`],
//! [`workflow_button_by_id`] / [`workflow_button_by_key`], [`spacer`],
//! [`badge`], [`copy_button`], [`date_time`], [`user_by_id`] /
//! [`user_by_email`], [`row`] and [`container`]. Optional fields have chained
//! setters (`.size(..)`, `.color(..)`, `.tooltip(..)`, ...) that never fail.
//!
//! Where a component may appear is encoded in four wrapper types, each with
//! `From` impls only for the kinds Plain's schema allows there. The build
//! reads them from the schema's inputs, so they follow it when Plain changes
//! them; each wrapper's page lists what it takes today:
//!
//! | wrapper              | used for                        | read from                        |
//! |----------------------|---------------------------------|----------------------------------|
//! | [`EventComponent`]   | thread and customer events      | `EventComponentInput`            |
//! | [`Component`]        | customer cards                  | `ComponentInput`                 |
//! | [`RowContent`]       | the two sides of a [`Row`]      | `ComponentRowContentInput`       |
//! | [`ContainerContent`] | the content of a [`Container`]  | `ComponentContainerContentInput` |
//!
//! Validation happens once, when the wrappers are turned into generated
//! inputs: by [`event_components`], [`card_components`] or the `TryFrom`
//! impls. Errors are [`UiError`]s that name the offending field with a path
//! such as `components[2].linkButtonLabel`.
//!
//! # Example
//!
//! Plain's canonical thread event: some markdown text, a spacer and a link
//! button.
//!
//! ```
//! use plain_sdk::operations::CreateThreadEventInput;
//! use plain_sdk::ui;
//!
//! # fn main() -> Result<(), ui::UiError> {
//! let components = ui::event_components([
//!     ui::text(
//!         "New API key was added with the fingerprint **3b7896975ee9fd15eeb7** \
//!          with 4 associated roles.",
//!     )
//!     .into(),
//!     ui::spacer(ui::SpacerSize::M).into(),
//!     ui::link_button("View in admin", "https://admin.your-app.com").into(),
//! ])?;
//!
//! let input = CreateThreadEventInput::new("th_01H8H46YPB2S4MAJM382FG9423", "API key added", components);
//! assert_eq!(input.components.len(), 3);
//! # Ok(())
//! # }
//! ```
//!
//! Nested layouts, for a customer card:
//!
//! ```
//! use plain_sdk::ui;
//!
//! # fn main() -> Result<(), ui::UiError> {
//! let card = ui::card_components([
//!     ui::container([
//!         ui::row(
//!             [ui::plain_text("Plan").color(ui::PlainTextColor::Muted).into()],
//!             [ui::badge("Enterprise").color(ui::BadgeColor::Blue).into()],
//!         )
//!         .into(),
//!         ui::divider().into(),
//!         ui::copy_button("cus_123").tooltip("Copy customer id").into(),
//!     ])
//!     .into(),
//! ])?;
//! assert_eq!(card.len(), 1);
//! # Ok(())
//! # }
//! ```
//!
//! Pass every item of a list through `.into()`: the list functions take the
//! wrapper type itself, so mixed lists and empty lists (`[]`) need no type
//! annotations.

use std::fmt;

use crate::operations::{
    ComponentBadgeInput, ComponentContainerContentInput, ComponentContainerInput,
    ComponentCopyButtonInput, ComponentDateTimeInput, ComponentDividerInput, ComponentInput,
    ComponentLinkButtonInput, ComponentPlainTextInput, ComponentRowContentInput, ComponentRowInput,
    ComponentSpacerInput, ComponentTextInput, ComponentUserInput, ComponentWorkflowButtonInput,
    ComponentWorkflowButtonWorkflowIdentifierInput, EventComponentInput, UserIdentifierInput,
};
use crate::path::At;

/// Size of a [`Text`] component (`ComponentTextSize`).
pub use crate::operations::ComponentTextSize as TextSize;

/// Colour of a [`Text`] component (`ComponentTextColor`).
pub use crate::operations::ComponentTextColor as TextColor;

/// Size of a [`PlainText`] component (`ComponentPlainTextSize`).
pub use crate::operations::ComponentPlainTextSize as PlainTextSize;

/// Colour of a [`PlainText`] component (`ComponentPlainTextColor`).
pub use crate::operations::ComponentPlainTextColor as PlainTextColor;

/// Size of a [`Spacer`] component (`ComponentSpacerSize`).
pub use crate::operations::ComponentSpacerSize as SpacerSize;

/// Colour of a [`Badge`] component (`ComponentBadgeColor`).
pub use crate::operations::ComponentBadgeColor as BadgeColor;

/// Spacing around a [`Divider`] component (`ComponentDividerSpacingSize`).
pub use crate::operations::ComponentDividerSpacingSize as DividerSpacingSize;

/// The most characters each text field of a component may hold, as Plain's
/// schema describes them: the builders refuse longer texts with a
/// [`UiError`], so truncate to these first when a text comes from elsewhere.
///
/// ```
/// use plain_sdk::ui::{event_components, max_chars, text};
///
/// let long = "a".repeat(20_000);
/// let shown: String = long.chars().take(max_chars::TEXT).collect();
/// assert!(event_components([text(shown).into()]).is_ok());
/// assert!(event_components([text(long).into()]).is_err());
/// assert_eq!(max_chars::of("linkButtonLabel"), Some(max_chars::LINK_BUTTON_LABEL));
/// ```
// Written by the build from `codegen/src/facts.rs`, which a test holds
// against the schema's descriptions.
pub mod max_chars {
    include!(concat!(env!("OUT_DIR"), "/ui_limits.rs"));
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// A component that breaks one of the limits in Plain's schema.
///
/// [`path`](Self::path) says where, using the schema's GraphQL field names
/// (for example `components[0].rowMainContent[1].text`), and
/// [`kind`](Self::kind) says what is wrong. It displays as
/// `components[2].linkButtonLabel: must be at most 500 characters, got 612`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UiError {
    path: String,
    kind: UiErrorKind,
}

impl UiError {
    /// Where the error is, e.g. `components[2].linkButtonLabel`.
    ///
    /// Paths of errors from the `TryFrom` impls on a single component start
    /// at that component's fields, e.g. `linkButtonLabel`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> &UiErrorKind {
        &self.kind
    }
}

impl fmt::Display for UiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

impl std::error::Error for UiError {}

/// What is wrong with a component; see [`UiError::kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UiErrorKind {
    /// A required string is empty (or, for identifiers, only whitespace).
    Empty,
    /// A string is longer than Plain allows. Lengths are in characters
    /// (Unicode scalar values), not bytes.
    TooLong {
        /// The maximum number of characters.
        max: usize,
        /// The number of characters given.
        actual: usize,
    },
    /// A link button URL that is not an absolute URL.
    InvalidUrl {
        /// Why the URL was rejected.
        reason: String,
    },
    /// A user email address without an `@` between two non-empty parts.
    InvalidEmail,
    /// A date-time that is not in ISO 8601 / RFC 3339 form, such as
    /// `2024-10-28T18:30:00Z`.
    InvalidDateTime,
    /// A row's main content or a container's content has no components.
    NoComponents,
}

impl fmt::Display for UiErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("must not be empty"),
            Self::TooLong { max, actual } => {
                write!(f, "must be at most {max} characters, got {actual}")
            }
            Self::InvalidUrl { reason } => write!(f, "must be an absolute URL ({reason})"),
            Self::InvalidEmail => f.write_str("must be an email address containing '@'"),
            Self::InvalidDateTime => {
                f.write_str("must be an ISO 8601 date-time such as 2024-10-28T18:30:00Z")
            }
            Self::NoComponents => f.write_str("must contain at least one component"),
        }
    }
}

/// What `ui` checks at a location of the component tree.
impl At<'_> {
    /// The error of the value here.
    fn invalid(&self, kind: UiErrorKind) -> UiError {
        UiError {
            path: self.render(),
            kind,
        }
    }

    /// Checks `value` (the field `name` of this location) for length.
    fn check_len(
        &self,
        name: &str,
        value: &str,
        non_empty: bool,
        max: usize,
    ) -> Result<(), UiError> {
        if non_empty && value.is_empty() {
            return Err(self.key(name).invalid(UiErrorKind::Empty));
        }
        let actual = value.chars().count();
        if actual > max {
            return Err(self.key(name).invalid(UiErrorKind::TooLong { max, actual }));
        }
        Ok(())
    }

    /// Checks that an identifier is not empty or only whitespace.
    fn check_id(&self, name: &str, value: &str) -> Result<(), UiError> {
        if value.trim().is_empty() {
            return Err(self.key(name).invalid(UiErrorKind::Empty));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------

/// Turns a builder into its generated input, validating it at `loc`.
trait Build {
    type Input;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError>;
}

/// Builds every item of a list, at `loc[i]`.
fn build_list<T: Build>(
    items: impl IntoIterator<Item = T>,
    loc: &At<'_>,
) -> Result<Vec<T::Input>, UiError> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| item.build(&loc.index(i)))
        .collect()
}

/// Markdown text (`componentText`). Made by [`text`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct Text {
    text: String,
    size: Option<TextSize>,
    color: Option<TextColor>,
}

/// Markdown text; 1 to [`max_chars::TEXT`] characters.
pub fn text(text: impl Into<String>) -> Text {
    Text {
        text: text.into(),
        size: None,
        color: None,
    }
}

impl Text {
    /// Sets the text size (`textSize`).
    pub fn size(mut self, size: TextSize) -> Self {
        self.size = Some(size);
        self
    }

    /// Sets the text colour (`textColor`).
    pub fn color(mut self, color: TextColor) -> Self {
        self.color = Some(color);
        self
    }
}

impl Build for Text {
    type Input = ComponentTextInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        loc.check_len("text", &self.text, true, max_chars::TEXT)?;
        let mut input = ComponentTextInput::new(self.text);
        input.text_size = self.size;
        input.text_color = self.color;
        Ok(input)
    }
}

/// Text shown as is, without markdown (`componentPlainText`). Made by
/// [`plain_text`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct PlainText {
    text: String,
    size: Option<PlainTextSize>,
    color: Option<PlainTextColor>,
}

/// Text without markdown; 1 to [`max_chars::PLAIN_TEXT`] characters.
pub fn plain_text(text: impl Into<String>) -> PlainText {
    PlainText {
        text: text.into(),
        size: None,
        color: None,
    }
}

impl PlainText {
    /// Sets the text size (`plainTextSize`).
    pub fn size(mut self, size: PlainTextSize) -> Self {
        self.size = Some(size);
        self
    }

    /// Sets the text colour (`plainTextColor`).
    pub fn color(mut self, color: PlainTextColor) -> Self {
        self.color = Some(color);
        self
    }
}

impl Build for PlainText {
    type Input = ComponentPlainTextInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        loc.check_len("plainText", &self.text, true, max_chars::PLAIN_TEXT)?;
        let mut input = ComponentPlainTextInput::new(self.text);
        input.plain_text_size = self.size;
        input.plain_text_color = self.color;
        Ok(input)
    }
}

/// A horizontal line (`componentDivider`). Made by [`divider`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct Divider {
    spacing: Option<DividerSpacingSize>,
}

/// A horizontal line.
pub const fn divider() -> Divider {
    Divider { spacing: None }
}

impl Divider {
    /// Sets the space around the line (`dividerSpacingSize`).
    pub fn spacing(mut self, spacing: DividerSpacingSize) -> Self {
        self.spacing = Some(spacing);
        self
    }
}

impl Build for Divider {
    type Input = ComponentDividerInput;
    fn build(self, _loc: &At<'_>) -> Result<Self::Input, UiError> {
        let mut input = ComponentDividerInput::new();
        input.divider_spacing_size = self.spacing;
        Ok(input)
    }
}

/// A button that opens a URL (`componentLinkButton`). Made by
/// [`link_button`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct LinkButton {
    label: String,
    url: String,
}

/// A button labelled `label` (at most [`max_chars::LINK_BUTTON_LABEL`]
/// characters) that opens `url`
/// (an absolute URL such as `https://example.com/page`).
pub fn link_button(label: impl Into<String>, url: impl Into<String>) -> LinkButton {
    LinkButton {
        label: label.into(),
        url: url.into(),
    }
}

impl Build for LinkButton {
    type Input = ComponentLinkButtonInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        check_url(&loc.key("linkButtonUrl"), &self.url)?;
        loc.check_len(
            "linkButtonLabel",
            &self.label,
            false,
            max_chars::LINK_BUTTON_LABEL,
        )?;
        Ok(ComponentLinkButtonInput::new()
            .link_button_url(self.url)
            .link_button_label(self.label))
    }
}

fn check_url(loc: &At<'_>, url: &str) -> Result<(), UiError> {
    let invalid = |reason: String| loc.invalid(UiErrorKind::InvalidUrl { reason });
    if url.is_empty() {
        return Err(loc.invalid(UiErrorKind::Empty));
    }
    if url.trim() != url {
        return Err(invalid("leading or trailing whitespace".to_owned()));
    }
    match reqwest::Url::parse(url) {
        Ok(_) => Ok(()),
        Err(e) => Err(invalid(e.to_string())),
    }
}

/// A button that runs a Plain workflow (`componentWorkflowButton`). Made by
/// [`workflow_button_by_id`] or [`workflow_button_by_key`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct WorkflowButton {
    label: String,
    workflow: WorkflowRef,
}

#[derive(Debug, Clone, PartialEq)]
enum WorkflowRef {
    Id(String),
    Key(String),
}

/// A button labelled `label` (at most [`max_chars::WORKFLOW_BUTTON_LABEL`]
/// characters) that runs the workflow with id `workflow_id`.
pub fn workflow_button_by_id(
    label: impl Into<String>,
    workflow_id: impl Into<String>,
) -> WorkflowButton {
    WorkflowButton {
        label: label.into(),
        workflow: WorkflowRef::Id(workflow_id.into()),
    }
}

/// A button labelled `label` (at most [`max_chars::WORKFLOW_BUTTON_LABEL`]
/// characters) that runs the
/// workflow with key `workflow_key`.
pub fn workflow_button_by_key(
    label: impl Into<String>,
    workflow_key: impl Into<String>,
) -> WorkflowButton {
    WorkflowButton {
        label: label.into(),
        workflow: WorkflowRef::Key(workflow_key.into()),
    }
}

impl Build for WorkflowButton {
    type Input = ComponentWorkflowButtonInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        let ident = loc.key("workflowButtonWorkflowIdentifier");
        let identifier = match self.workflow {
            WorkflowRef::Id(id) => {
                ident.check_id("workflowId", &id)?;
                ComponentWorkflowButtonWorkflowIdentifierInput::new().workflow_id(id)
            }
            WorkflowRef::Key(key) => {
                ident.check_id("workflowKey", &key)?;
                ComponentWorkflowButtonWorkflowIdentifierInput::new().workflow_key(key)
            }
        };
        loc.check_len(
            "workflowButtonLabel",
            &self.label,
            false,
            max_chars::WORKFLOW_BUTTON_LABEL,
        )?;
        Ok(ComponentWorkflowButtonInput::new(identifier, self.label))
    }
}

/// Vertical space (`componentSpacer`). Made by [`spacer`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct Spacer {
    size: SpacerSize,
}

/// Vertical space of the given size (`spacerSize`).
pub const fn spacer(size: SpacerSize) -> Spacer {
    Spacer { size }
}

impl Build for Spacer {
    type Input = ComponentSpacerInput;
    fn build(self, _loc: &At<'_>) -> Result<Self::Input, UiError> {
        Ok(ComponentSpacerInput::new().spacer_size(self.size))
    }
}

/// A small coloured label (`componentBadge`). Made by [`badge`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct Badge {
    label: String,
    color: Option<BadgeColor>,
}

/// A badge labelled `label` (at most [`max_chars::BADGE_LABEL`] characters).
pub fn badge(label: impl Into<String>) -> Badge {
    Badge {
        label: label.into(),
        color: None,
    }
}

impl Badge {
    /// Sets the badge colour (`badgeColor`).
    pub fn color(mut self, color: BadgeColor) -> Self {
        self.color = Some(color);
        self
    }
}

impl Build for Badge {
    type Input = ComponentBadgeInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        loc.check_len("badgeLabel", &self.label, false, max_chars::BADGE_LABEL)?;
        let mut input = ComponentBadgeInput::new(self.label);
        input.badge_color = self.color;
        Ok(input)
    }
}

/// A button that copies a value to the clipboard (`componentCopyButton`).
/// Made by [`copy_button`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct CopyButton {
    value: String,
    tooltip: Option<String>,
}

/// A button that copies `value` (1 to [`max_chars::COPY_BUTTON_VALUE`]
/// characters).
pub fn copy_button(value: impl Into<String>) -> CopyButton {
    CopyButton {
        value: value.into(),
        tooltip: None,
    }
}

impl CopyButton {
    /// Sets the tooltip (`copyButtonTooltipLabel`, at most
    /// [`max_chars::COPY_BUTTON_TOOLTIP_LABEL`] characters).
    pub fn tooltip(mut self, tooltip: impl Into<String>) -> Self {
        self.tooltip = Some(tooltip.into());
        self
    }
}

impl Build for CopyButton {
    type Input = ComponentCopyButtonInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        loc.check_len(
            "copyButtonValue",
            &self.value,
            true,
            max_chars::COPY_BUTTON_VALUE,
        )?;
        if let Some(tooltip) = &self.tooltip {
            loc.check_len(
                "copyButtonTooltipLabel",
                tooltip,
                false,
                max_chars::COPY_BUTTON_TOOLTIP_LABEL,
            )?;
        }
        let mut input = ComponentCopyButtonInput::new(self.value);
        input.copy_button_tooltip_label = self.tooltip;
        Ok(input)
    }
}

/// A date-time, shown in the viewer's time zone (`componentDateTime`).
/// Made by [`date_time`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct DateTime {
    iso8601: String,
}

/// A date-time given as an ISO 8601 / RFC 3339 string
/// (`YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM]`), e.g.
/// `2024-10-28T18:30:00Z`.
pub fn date_time(iso8601: impl Into<String>) -> DateTime {
    DateTime {
        iso8601: iso8601.into(),
    }
}

impl Build for DateTime {
    type Input = ComponentDateTimeInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        let here = loc.key("dateTimeIso8601");
        if self.iso8601.is_empty() {
            return Err(here.invalid(UiErrorKind::Empty));
        }
        if crate::time::parse(&self.iso8601, &crate::time::Syntax::COMPONENT).is_none() {
            return Err(here.invalid(UiErrorKind::InvalidDateTime));
        }
        Ok(ComponentDateTimeInput::new(self.iso8601))
    }
}

/// A Plain user (`componentUser`). Made by [`user_by_id`] or
/// [`user_by_email`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct User {
    who: UserRef,
}

#[derive(Debug, Clone, PartialEq)]
enum UserRef {
    Id(String),
    Email(String),
}

/// The Plain user with id `user_id` (non-empty).
pub fn user_by_id(user_id: impl Into<String>) -> User {
    User {
        who: UserRef::Id(user_id.into()),
    }
}

/// The Plain user with email address `email` (must contain `@`).
pub fn user_by_email(email: impl Into<String>) -> User {
    User {
        who: UserRef::Email(email.into()),
    }
}

impl Build for User {
    type Input = ComponentUserInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        let ident = loc.key("userIdentifier");
        let user_identifier = match self.who {
            UserRef::Id(id) => {
                ident.check_id("userId", &id)?;
                UserIdentifierInput::new().user_id(id)
            }
            UserRef::Email(email) => {
                ident.check_id("emailAddress", &email)?;
                let valid = email
                    .split_once('@')
                    .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty());
                if !valid {
                    return Err(ident.key("emailAddress").invalid(UiErrorKind::InvalidEmail));
                }
                UserIdentifierInput::new().email_address(email)
            }
        };
        Ok(ComponentUserInput::new(user_identifier))
    }
}

/// Two columns side by side (`componentRow`). Made by [`row`].
///
/// Where a row may go is what Plain's schema says: see the wrappers'
/// `From` impls ([`RowContent`] takes no row).
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct Row {
    main: Vec<RowContent>,
    aside: Vec<RowContent>,
}

/// A row with `main` content (at least one component) on the left and
/// `aside` content (possibly none) on the right.
///
/// ```
/// use plain_sdk::ui;
///
/// let plan = ui::row(
///     [ui::text("Plan").into()],
///     [ui::badge("Pro").color(ui::BadgeColor::Green).into()],
/// );
/// let note = ui::row([ui::plain_text("No aside").into()], []);
/// # let _ = (plan, note);
/// ```
pub fn row(
    main: impl IntoIterator<Item = RowContent>,
    aside: impl IntoIterator<Item = RowContent>,
) -> Row {
    Row {
        main: main.into_iter().collect(),
        aside: aside.into_iter().collect(),
    }
}

impl Build for Row {
    type Input = ComponentRowInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        let main = loc.key("rowMainContent");
        if self.main.is_empty() {
            return Err(main.invalid(UiErrorKind::NoComponents));
        }
        Ok(ComponentRowInput::new(
            build_list(self.main, &main)?,
            build_list(self.aside, &loc.key("rowAsideContent"))?,
        ))
    }
}

/// A box around other components (`componentContainer`). Made by
/// [`container`]. Where it may go is what Plain's schema says: see the
/// wrappers' `From` impls.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a component does nothing until it is added to a list"]
pub struct Container {
    content: Vec<ContainerContent>,
}

/// A container around `content` (at least one component; no containers).
pub fn container(content: impl IntoIterator<Item = ContainerContent>) -> Container {
    Container {
        content: content.into_iter().collect(),
    }
}

impl Build for Container {
    type Input = ComponentContainerInput;
    fn build(self, loc: &At<'_>) -> Result<Self::Input, UiError> {
        let content = loc.key("containerContent");
        if self.content.is_empty() {
            return Err(content.invalid(UiErrorKind::NoComponents));
        }
        Ok(ComponentContainerInput::new(build_list(
            self.content,
            &content,
        )?))
    }
}

// ---------------------------------------------------------------------------
// Where components may go
// ---------------------------------------------------------------------------

/// Defines a wrapper type over a private enum of the kinds it accepts, with
/// `From<Kind>` for each, and its conversion into the generated input.
macro_rules! placement {
    (
        $(#[$attr:meta])*
        $name:ident($inner:ident) => $input:ident {
            $($kind:ident => $field:ident,)*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq)]
        #[must_use = "a component does nothing until it is added to a list"]
        pub struct $name($inner);

        #[derive(Debug, Clone, PartialEq)]
        enum $inner {
            $($kind($kind),)*
        }

        $(
            impl From<$kind> for $name {
                fn from(component: $kind) -> Self {
                    Self($inner::$kind(component))
                }
            }
        )*

        impl Build for $name {
            type Input = $input;
            fn build(self, loc: &At<'_>) -> Result<$input, UiError> {
                let mut out = $input::default();
                match self.0 {
                    $($inner::$kind(c) => out.$field = Some(c.build(loc)?),)*
                }
                Ok(out)
            }
        }

        impl TryFrom<$name> for $input {
            type Error = UiError;

            /// Validates the component. Error paths start at its fields,
            /// e.g. `linkButtonLabel`.
            fn try_from(component: $name) -> Result<Self, UiError> {
                component.build(&At::ROOT)
            }
        }
    };
}

// The four wrappers, with a `From` impl for each kind Plain's schema lets
// them hold (written by the build from `EventComponentInput`,
// `ComponentInput`, `ComponentRowContentInput` and
// `ComponentContainerContentInput`: codegen/src/emit/placements.rs).
include!(concat!(env!("OUT_DIR"), "/ui_placements.rs"));

/// Validates the components of a thread or customer event and converts them
/// into the `components` of `CreateThreadEventInput` /
/// `CreateCustomerEventInput`.
///
/// # Errors
///
/// The first component, in document order, that breaks a limit; its path
/// starts at `components`, e.g. `components[2].linkButtonLabel`.
pub fn event_components(
    components: impl IntoIterator<Item = EventComponent>,
) -> Result<Vec<EventComponentInput>, UiError> {
    build_list(components, &At::ROOT.key("components"))
}

/// Validates the components of a customer card and converts them into
/// generated `ComponentInput`s (serialize them as the card's `components`).
///
/// # Errors
///
/// The first component, in document order, that breaks a limit; its path
/// starts at `components`, e.g.
/// `components[0].containerContent[1].badgeLabel`.
pub fn card_components(
    components: impl IntoIterator<Item = Component>,
) -> Result<Vec<ComponentInput>, UiError> {
    build_list(components, &At::ROOT.key("components"))
}
