//! The server over real HTTP, on SQLite by default or on PostgreSQL when
//! `BRYGGAN_TEST_DATABASE_URL` names a server (a fresh database per test either way).

mod api;
pub mod app;
mod journey;
mod quiz_input;
mod registry;
mod tokens;
