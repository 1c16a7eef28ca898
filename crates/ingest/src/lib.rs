//! Storyline ingest stage.
