//! Schema migrations for Steward's own store (SQLite or PostgreSQL).
//!
//! Never edit a migration once merged: add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_inventory;
mod m20261123_000002_default_taxonomy;
mod m20261123_000003_discovery;
mod m20261123_000004_dsar;
mod m20261130_000005_match_decisions;
mod m20261201_000006_jobs;
mod m20261201_000007_console_sessions;
mod m20261202_000008_reference_direction;
mod m20261203_000009_data_uses_and_flows;
mod m20261204_000010_fides_keys;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_inventory::Migration),
            Box::new(m20261123_000002_default_taxonomy::Migration),
            Box::new(m20261123_000003_discovery::Migration),
            Box::new(m20261123_000004_dsar::Migration),
            Box::new(m20261130_000005_match_decisions::Migration),
            Box::new(m20261201_000006_jobs::Migration),
            Box::new(m20261201_000007_console_sessions::Migration),
            Box::new(m20261202_000008_reference_direction::Migration),
            Box::new(m20261203_000009_data_uses_and_flows::Migration),
            Box::new(m20261204_000010_fides_keys::Migration),
        ]
    }
}
