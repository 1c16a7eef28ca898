//! Storyline llm stage.
