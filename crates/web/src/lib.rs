//! Storyline web stage.
