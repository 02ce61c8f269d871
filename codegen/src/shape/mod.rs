//! Stage 2, shaping the types: graphql_client's codegen run per operation
//! ([`generate`]), its output made to survive additive schema changes
//! ([`evolve`]), identical types hoisted to one copy ([`hoist`]), each
//! traced to the GraphQL type it stands for ([`origins`]), given the name a
//! person would write ([`rename`]) and documented from the schema
//! ([`describe`]); [`resolve`] names any of them from outside its module.

pub mod describe;
pub mod evolve;
pub mod generate;
pub mod hoist;
pub mod origins;
pub mod rename;
pub mod resolve;
