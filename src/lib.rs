//! Storyline as a library: the pieces the `storyline` binary glues together, exposed so that
//! integration tests drive exactly what users run.
//!
//! - [`config`]: the one configuration (file + flags + environment);
//! - [`pipeline`]: sources → articles → stories → digests, over the stage crates;
//! - [`origin`]: the demo corpus served as nine fictional outlets on 127.0.0.1;
//! - [`desk`]: opening the store, choosing the digest engine, serving the web front.

pub mod config;
pub mod desk;
pub mod origin;
pub mod pipeline;
pub mod related;
