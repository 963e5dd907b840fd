//! The demo inventory: one organisation per privacy policy studied in `shared/policies/`,
//! with the systems, data, purposes, legal bases, retention, recipients and transfers
//! each policy states. Where a policy is silent on something the model needs (a legal
//! basis, a safeguard), the entry says so in its note instead of inventing it.
//!
//! The inventory is data: `demo/*.yml`, fideslang resources with Steward's `steward`
//! extensions, loaded through the same import as `steward fides import`.

use crate::fides::import;
use anyhow::Context;
use entity::{organisation, processing_activity, recipient, system};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, TransactionTrait};

/// True when the store holds no organisations, systems or activities.
pub async fn store_is_empty(db: &impl ConnectionTrait) -> anyhow::Result<bool> {
    Ok(organisation::Entity::find().count(db).await? == 0
        && system::Entity::find().count(db).await? == 0
        && processing_activity::Entity::find().count(db).await? == 0)
}

const MARKER: &str = "Pixotope Technologies AS";

/// The demo's files, in the order they are loaded.
const FILES: [(&str, &str); 5] = [
    ("demo/pixotope.yml", include_str!("../demo/pixotope.yml")),
    ("demo/pexip.yml", include_str!("../demo/pexip.yml")),
    ("demo/ixt.yml", include_str!("../demo/ixt.yml")),
    ("demo/plaato.yml", include_str!("../demo/plaato.yml")),
    ("demo/sikom.yml", include_str!("../demo/sikom.yml")),
];

/// Loads the demo inventory in one transaction; does nothing when it is already there.
pub async fn load<C: ConnectionTrait + TransactionTrait>(db: &C) -> anyhow::Result<String> {
    if organisation::Entity::find()
        .all(db)
        .await?
        .iter()
        .any(|o| o.name == MARKER)
    {
        return Ok("the demo inventory is already loaded".into());
    }
    let txn = db.begin().await?;
    let (mut systems, mut activities) = (0, 0);
    for (name, text) in FILES {
        let doc =
            import::read(text).map_err(|e| anyhow::anyhow!("{name}: {}", e.public_message()))?;
        let done = import::import(&txn, &doc)
            .await
            .map_err(|e| anyhow::anyhow!("{name}: {}", e.public_message()))
            .context("demo")?;
        systems += done.systems;
        activities += done.activities;
    }
    let recipients = recipient::Entity::find().count(&txn).await?;
    txn.commit().await?;
    Ok(format!(
        "demo inventory loaded: 5 organisations, {systems} systems, {recipients} recipients, {activities} processing activities"
    ))
}

/// The demo shop: a small SQLite database of a webshop's customers, orders and support
/// tickets (Norwegian names and text, a shared family mailbox), written beside the
/// store and registered as a data source of a demo system, so the README's tour can
/// scan it, review the findings and export one customer's data on the reader's machine.
pub mod shop {
    use crate::discovery::sources::{self, NewSource};
    use crate::inventory::organisations;
    use crate::inventory::systems::{self, NewSystem};
    use crate::secret::SecretKey;
    use anyhow::Context;
    use sea_orm::{
        ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
        TransactionTrait,
    };
    use std::path::{Path, PathBuf};

    /// The source's name in the inventory.
    pub const SOURCE: &str = "demo-shop";
    const SYSTEM: &str = "Plaato webshop database (demo shop)";

    const CUSTOMERS: &[(&str, &str, &str, &str)] = &[
        (
            "Ola Nordmann",
            "ola.nordmann@example.no",
            "+47 912 34 567",
            "Storgata 1, 0155 Oslo",
        ),
        (
            "Kari Nordmann",
            "kari.nordmann@example.no",
            "+47 913 45 678",
            "Storgata 1, 0155 Oslo",
        ),
        (
            "Åse Bø",
            "ase.bo@blåbær.no",
            "+47 404 11 223",
            "Bryggen 3, 5003 Bergen",
        ),
        (
            "Per Ødegård",
            "per@odegard.no",
            "+47 922 55 010",
            "Kongens gate 7, 7011 Trondheim",
        ),
        (
            "Siri Lie",
            "post@lie-familien.no",
            "+47 458 77 120",
            "Løkkeveien 12, 4008 Stavanger",
        ),
        (
            "Jon Lie",
            "post@lie-familien.no",
            "+47 458 77 121",
            "Løkkeveien 12, 4008 Stavanger",
        ),
        (
            "Ingrid Haugen",
            "ingrid.haugen@example.com",
            "+46 70 123 45 67",
            "Drottninggatan 5, 111 51 Stockholm",
        ),
        (
            "Mats Berg",
            "mats.berg@example.no",
            "+47 934 00 881",
            "Tollbugata 2, 8006 Bodø",
        ),
    ];

    /// Where the shop is written: beside a SQLite store, else in the working directory.
    pub fn path_beside(store: Option<&Path>) -> PathBuf {
        store
            .and_then(Path::parent)
            .map(|d| d.join("demo-shop.db"))
            .unwrap_or_else(|| PathBuf::from("demo-shop.db"))
    }

    /// Writes the shop database file at `path`.
    pub async fn write(path: &Path) -> anyhow::Result<()> {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = sea_orm::Database::connect(&url)
            .await
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut sql = vec![
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT, address TEXT, created_at TEXT)".to_owned(),
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), total NUMERIC, delivery_note TEXT, ordered_at TEXT)".to_owned(),
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_ref INTEGER, subject TEXT, body TEXT, client_ip TEXT)".to_owned(),
        ];
        let q = |s: &str| s.replace('\'', "''");
        for (i, (name, email, phone, address)) in CUSTOMERS.iter().enumerate() {
            let id = i + 1;
            sql.push(format!(
                "INSERT INTO customers VALUES ({id}, '{}', '{}', '{}', '{}', '2025-0{}-1{} 10:00:00')",
                q(name),
                q(email),
                q(phone),
                q(address),
                1 + i % 9,
                i % 10
            ));
            for o in 0..2 {
                sql.push(format!(
                    "INSERT INTO orders VALUES ({}, {id}, {}.50, 'Levering: ring på døra; kode 12:30 🙂', '2026-0{}-0{} 12:00:00')",
                    id * 10 + o,
                    199 + 100 * o + id,
                    1 + o,
                    1 + i % 9
                ));
            }
            sql.push(format!(
                "INSERT INTO tickets VALUES ({id}, {id}, 'Spørsmål om ordre {}', 'Hei! Jeg lurer på leveringen; nås på {} eller {} etter kl. 16:00. Mvh {}', '81.{}.{}.{}')",
                id * 10,
                q(phone),
                q(email),
                q(name),
                10 + i,
                20 + i,
                30 + i
            ));
        }
        for s in sql {
            db.execute_unprepared(&s).await?;
        }
        db.close().await?;
        Ok(())
    }

    /// Writes the shop (unless the file is there) and registers it as a source of a
    /// demo system (unless it is registered). Says what it did.
    pub async fn install(
        db: &DatabaseConnection,
        key: &SecretKey,
        path: &Path,
    ) -> anyhow::Result<String> {
        let registered = entity::data_source::Entity::find()
            .filter(entity::data_source::Column::Name.eq(SOURCE))
            .one(db)
            .await?;
        if registered.is_some() {
            return Ok("the demo shop is already registered".into());
        }
        if !path.exists() {
            write(path).await?;
        }
        let org = organisations::all(db)
            .await?
            .into_iter()
            .find(|o| o.name == "Plaato Technologies AS")
            .map(|o| o.id);
        // The system and its source are stored together or not at all.
        let txn = db.begin().await?;
        let system = systems::create(
            &txn,
            NewSystem {
                organisation_id: org,
                description: Some(
                    "The demo shop's customers, orders and support tickets (SQLite).".into(),
                ),
                hosting_country: Some("NO".into()),
                kind: crate::domain::SystemKind::Database,
                ..NewSystem::named(SYSTEM)
            },
        )
        .await?;
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        sources::create(
            &txn,
            key,
            NewSource {
                system_id: system.id,
                name: SOURCE.into(),
                url: format!("sqlite:{}", path.display()),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(format!(
            "demo shop {} registered as data source {SOURCE:?} of {SYSTEM:?}",
            path.display()
        ))
    }
}
