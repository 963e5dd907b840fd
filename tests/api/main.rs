//! Integration tests: a real Steward server on 127.0.0.1:0 driven over HTTP and
//! WebSocket, each test once on SQLite and once on PostgreSQL (`TEST_DATABASE_URL`).

mod fixtures;
mod helpers;

mod activities;
mod auth;
mod browser;
mod categories;
mod cli;
mod console;
mod demo;
mod discovery;
mod errors;
mod exports;
mod fides;
mod identity;
mod jobs;
mod load;
mod messy;
mod read_cache;
mod scans;
mod subscriptions;
mod systems;
mod tour;
