//! Steward: a personal-data inventory (GDPR Art. 30 record of processing), discovery
//! of personal data in databases, and subject-access / portability exports.

pub mod auth;
pub mod bench;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod discovery;
pub mod domain;
pub mod dsar;
pub mod error;
pub mod fides;
pub mod graphql;
pub mod http;
pub mod inventory;
pub mod jobs;
pub mod node;
pub mod secret;
pub mod tasks;
