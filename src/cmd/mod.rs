//! Subcommands whose logic lives mostly in one stage crate: thin glue, one file each.

pub mod bench;
pub mod cluster;
pub mod desk;
pub mod eval;
pub mod extract;
pub mod newsletter;
pub mod summarize;
