//! Storyline store stage.
