//! Bryggan's one integration-test binary: the CLI and the shipped courses, tested from the
//! outside.

mod cli;
mod helpers;
mod sample_courses;
