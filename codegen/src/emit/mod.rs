//! Stage 3, emitting the files the crate `include!`s: the client's methods
//! and each operation's `Operation` impl ([`methods`]), the index of
//! operations by area ([`index`]), where UI components may go and the
//! lengths their texts may have ([`placements`]), and sample variables for
//! the tests ([`samples`]). The operation types themselves are written by
//! [`crate::shape::hoist::Hoisted::render_operations`].

pub mod index;
pub mod methods;
pub mod placements;
pub mod samples;
