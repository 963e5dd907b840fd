//! Fides interop: the inventory written as fideslang resources, checked against
//! fideslang's own models (the `fideslang` package from PyPI, which `.ci/run`
//! installs and names in `STEWARD_FIDESLANG_PYTHON`).

use crate::both_stores;
use crate::helpers::TestApp;
use serde_json::json;
use std::process::Command;
use steward::fides::model::Document;

both_stores!(the_inventory_is_written_as_fideslang_resources);

/// Validates a fideslang file with the fideslang package; `None` when it is not
/// installed (never under `CI`).
fn fideslang_accepts(path: &std::path::Path) -> Option<Result<String, String>> {
    let python = match std::env::var("STEWARD_FIDESLANG_PYTHON") {
        Ok(p) if !p.is_empty() => p,
        _ if std::env::var_os("CI").is_some() => {
            panic!("STEWARD_FIDESLANG_PYTHON must name a Python with fideslang under CI")
        }
        _ => {
            eprintln!("SKIP: STEWARD_FIDESLANG_PYTHON not set, fideslang validation not run");
            return None;
        }
    };
    let script = r#"
import sys, yaml
from fideslang.models import Taxonomy
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
t = Taxonomy.model_validate(doc)
print(len(t.organization), len(t.system), len(t.dataset), sum(len(s.privacy_declarations) for s in t.system))
"#;
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .unwrap();
    Some(if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

async fn the_inventory_is_written_as_fideslang_resources(app: TestApp) {
    let store = sea_orm::Database::connect(&app.database_url).await.unwrap();
    steward::demo::load(&store).await.unwrap();
    // The demo shop, scanned, its findings confirmed, one reference declared.
    let dir = tempfile::tempdir().unwrap();
    let shop = dir.path().join("butikk æøå.db");
    steward::demo::shop::write(&shop).await.unwrap();
    let system = app.create_system("Nettbutikk: Ørsta; 🛒").await;
    let data = app
        .gql(
            &app.admin,
            "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"Butikk-DB\", url: $u}) { id } }",
            json!({ "s": system, "u": format!("sqlite://{}", shop.display()) }),
        )
        .await;
    let source = data["createDataSource"]["id"].as_str().unwrap().to_owned();
    let scan = app
        .gql(
            &app.dpo,
            "mutation($s: ID!) { startScan(input: {sourceId: $s, mode: FULL}) { id } }",
            json!({ "s": source }),
        )
        .await["startScan"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    crate::scans::wait_for_scan(&app, &scan).await;
    let links = app
        .gql(
            &app.viewer,
            "query($id: ID!) { scan(id: $id) { findings { link { id } } } }",
            json!({ "id": scan }),
        )
        .await;
    for f in links["scan"]["findings"].as_array().unwrap() {
        app.gql(
            &app.dpo,
            "mutation($id: ID!) { confirmSystemCategoryLink(id: $id) { id } }",
            json!({ "id": f["link"]["id"] }),
        )
        .await;
    }
    app.gql(
        &app.dpo,
        "mutation($s: ID!) { declareReference(sourceId: $s, from: \"tickets.customer_ref\", to: \"customers.id\") { from } }",
        json!({ "s": source }),
    )
    .await;

    // From the command line, and the same text from the API.
    let file = dir.path().join("inventory.yml");
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["fides", "export", "--out"])
        .arg(&file)
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = std::fs::read_to_string(&file).unwrap();
    let api = app.gql(&app.viewer, "{ fidesExport }", json!({})).await;
    assert_eq!(
        api["fidesExport"].as_str().unwrap(),
        yaml,
        "the API and the CLI write the same document"
    );
    assert!(
        yaml.contains("country: \"NO\""),
        "Norway stays a country code for YAML 1.1 readers"
    );

    let doc: Document = serde_saphyr::from_str(&yaml).expect("the document reads back");
    let ropa = app
        .gql(&app.viewer, "{ recordOfProcessing { sections { organisation { name } controllerActivities { name systems { name } } processorActivities { name systems { name } } } } }", json!({}))
        .await;
    // Every organisation; every activity once per system it uses, or under its
    // organisation when it uses none.
    let sections = ropa["recordOfProcessing"]["sections"].as_array().unwrap();
    let names: Vec<&str> = doc
        .organization
        .iter()
        .filter_map(|o| o.name.as_deref())
        .collect();
    for s in sections {
        if let Some(org) = s["organisation"]["name"].as_str() {
            assert!(names.contains(&org), "{org}");
        }
        for a in s["controllerActivities"]
            .as_array()
            .unwrap()
            .iter()
            .chain(s["processorActivities"].as_array().unwrap())
        {
            let name = a["name"].as_str().unwrap();
            let systems: Vec<&str> = a["systems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["name"].as_str().unwrap())
                .collect();
            let carried_by: Vec<&str> = doc
                .system
                .iter()
                .filter(|s| {
                    s.privacy_declarations
                        .iter()
                        .any(|d| d.name.as_deref() == Some(name))
                })
                .map(|s| s.name.as_deref().unwrap())
                .collect();
            let mut expected = systems.clone();
            expected.sort();
            let mut got = carried_by.clone();
            got.sort();
            assert_eq!(got, expected, "{name}");
            if systems.is_empty() {
                assert!(
                    doc.organization
                        .iter()
                        .any(|o| o.steward.as_ref().is_some_and(|x| x
                            .activities_without_system
                            .iter()
                            .any(|d| d.name.as_deref() == Some(name)))),
                    "{name}"
                );
            }
        }
    }
    // What fideslang has no field for is kept in `steward`.
    let stats = doc
        .system
        .iter()
        .flat_map(|s| &s.privacy_declarations)
        .find(|d| d.name.as_deref() == Some("Plaato: online statistics and marketing"))
        .unwrap();
    assert_eq!(stats.legal_basis_for_processing.as_deref(), Some("Consent"));
    let ext = stats.steward.as_ref().unwrap();
    assert_eq!(ext.transfers[0].country, "US");
    assert_eq!(
        ext.transfers[0].recipient.as_deref(),
        Some("Google Analytics")
    );
    assert!(ext
        .recipients
        .iter()
        .any(|r| r.name == "Facebook Pixel (Meta)" && r.purpose.is_some()));
    assert_eq!(
        ext.retention.as_ref().unwrap().trigger.as_deref(),
        Some("AFTER_CONSENT_WITHDRAWAL")
    );
    let plaato_site = doc
        .system
        .iter()
        .find(|s| s.name.as_deref() == Some("Plaato website"))
        .unwrap();
    assert!(plaato_site.does_international_transfers);

    // The shop's source as a dataset: confirmed columns with their categories, the
    // declared reference pointing from the ticket to the customer.
    let shop_system = doc
        .system
        .iter()
        .find(|s| s.name.as_deref() == Some("Nettbutikk: Ørsta; 🛒"))
        .unwrap();
    assert_eq!(shop_system.fides_key, "nettbutikk_orsta");
    assert_eq!(shop_system.dataset_references, ["butikk_db"]);
    let dataset = doc
        .dataset
        .iter()
        .find(|d| d.fides_key == "butikk_db")
        .expect("a dataset for the source");
    let field = |table: &str, column: &str| {
        dataset
            .collections
            .iter()
            .find(|c| c.name.ends_with(table))
            .and_then(|c| c.fields.iter().find(|f| f.name == column))
            .unwrap_or_else(|| panic!("{table}.{column} in {dataset:?}"))
    };
    assert_eq!(
        field("customers", "email").data_categories,
        ["user.contact.email"]
    );
    let reference = &field("tickets", "customer_ref")
        .fides_meta
        .as_ref()
        .unwrap()
        .references[0];
    // `collection.field`, the collection named as in the dataset.
    assert!(
        dataset
            .collections
            .iter()
            .any(|c| reference.field == format!("{}.id", c.name)),
        "{reference:?}"
    );
    assert!(reference.field.ends_with("customers.id"));
    assert_eq!(reference.direction.as_deref(), Some("to"));

    // fideslang's own models accept it.
    if let Some(outcome) = fideslang_accepts(&file) {
        let counts = outcome.unwrap_or_else(|e| panic!("fideslang rejects the export: {e}"));
        let declarations: usize = doc
            .system
            .iter()
            .map(|s| s.privacy_declarations.len())
            .sum();
        assert_eq!(
            counts,
            format!(
                "{} {} {} {declarations}",
                doc.organization.len(),
                doc.system.len(),
                doc.dataset.len()
            )
        );
    }
}

both_stores!(
    fides_files_round_trip_and_import_idempotently,
    a_bad_fides_file_is_rejected_whole_with_its_place_named,
);

fn steward(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env(
            "STEWARD_SECRET_KEY",
            "fides-test-secret-key-0123456789abcdef",
        )
        .output()
        .unwrap()
}

/// A second, empty store of the same backend as `app`'s.
async fn empty_store(app: &TestApp) -> (TestApp, String) {
    let backend = if app.database_url.starts_with("sqlite") {
        crate::helpers::Backend::Sqlite
    } else {
        crate::helpers::Backend::Postgres
    };
    let other = crate::helpers::process_store(backend).await.unwrap();
    let url = other.database_url.clone();
    (other, url)
}

async fn fides_files_round_trip_and_import_idempotently(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let out = steward(&app.database_url, &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = dir.path().join("demo.yml");
    let out = steward(
        &app.database_url,
        &["fides", "export", "--out", first.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = std::fs::read_to_string(&first).unwrap();

    // Into an empty store, and out again: the same document.
    let (_empty, url) = empty_store(&app).await;
    let out = steward(&url, &["fides", "import", first.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.contains(r#""organisations":5"#) && said.contains(r#""activities":31"#),
        "{said}"
    );
    let second = dir.path().join("again.yml");
    let out = steward(
        &url,
        &["fides", "export", "--out", second.to_str().unwrap()],
    );
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(&second).unwrap(),
        yaml,
        "demo → export → import → export changed the document"
    );

    // The demo's own files are fideslang too.
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    for file in steward::fides::files(&[demo]).unwrap() {
        if let Some(outcome) = fideslang_accepts(&file) {
            outcome.unwrap_or_else(|e| panic!("fideslang rejects {}: {e}", file.display()));
        }
    }

    // A second import (of a folder holding the file) changes nothing.
    let folder = dir.path().join("resources");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&first, folder.join("inventory.yaml")).unwrap();
    std::fs::write(folder.join("notes.txt"), "not a resource file").unwrap();
    let out = steward(&url, &["fides", "import", folder.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.contains(
            r#""organisations":0,"systems":0,"activities":0,"categories":0,"subjects":0,"links":0"#
        ),
        "{said}"
    );
    assert_eq!(
        said.lines().count(),
        1,
        "only the YAML file is read: {said}"
    );

    // Over GraphQL, on the first store: the same file is already there.
    let done = app
        .gql(&app.dpo, "mutation($y: String!) { importFides(yaml: $y) { organisations systems activities links skipped } }", json!({ "y": yaml }))
        .await;
    assert_eq!(done["importFides"]["activities"], 0, "{done}");
    assert_eq!(done["importFides"]["systems"], 0, "{done}");
    let (code, message) = app
        .gql_err(
            &app.viewer,
            "mutation($y: String!) { importFides(yaml: $y) { activities } }",
            json!({ "y": yaml }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN", "{message}");

    // Plain fideslang, as a Fides user writes it: no `steward` fields.
    let plain = r#"
organization:
- fides_key: fjordkraft_demo
  name: Fjordkraft Demo AS
  controller: {name: Fjordkraft Demo AS, email: "personvern@fjordkraft.example", address: "Folke Bernadottes vei 38; 5147 Fyllingsdalen"}
system:
- fides_key: kundeportal
  name: "Kundeportal: Min side"
  organization_fides_key: fjordkraft_demo
  system_type: Application
  privacy_declarations:
  - name: Kundeforhold og fakturering
    data_categories: [user.contact.email, user.contact.address, user.financial.bank_account]
    data_use: essential.service.payment_processing
    data_subjects: [customer]
    legal_basis_for_processing: Contract
    retention_period: "5 år etter regnskapsårets slutt (bokføringsloven § 13)"
data_subject:
- fides_key: stromkunde
  name: Strømkunde ⚡
"#;
    let done = app
        .gql(&app.dpo, "mutation($y: String!) { importFides(yaml: $y) { organisations systems activities subjects } }", json!({ "y": plain }))
        .await;
    assert_eq!(
        done["importFides"],
        json!({ "organisations": 1, "systems": 1, "activities": 1, "subjects": 1 })
    );
    let data = app
        .gql(&app.viewer, r#"{ processingActivities(first: 100, filter: {categoryKey: "user.financial"}) { edges { node { name purpose legalBases { basis } retention { summary } systems { name } organisation { name } data { category { key } subject { key } source } } } } }"#, json!({}))
        .await;
    let node = data["processingActivities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|n| n["name"] == "Kundeforhold og fakturering")
        .expect("the declaration became an activity");
    assert_eq!(node["legalBases"][0]["basis"], "CONTRACT");
    assert_eq!(node["systems"][0]["name"], "Kundeportal: Min side");
    assert!(node["purpose"]
        .as_str()
        .unwrap()
        .contains("essential.service.payment_processing"));
    assert_eq!(node["data"].as_array().unwrap().len(), 3);
    assert!(node["retention"]["summary"]
        .as_str()
        .unwrap()
        .contains("bokføringsloven"));
}

async fn a_bad_fides_file_is_rejected_whole_with_its_place_named(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad æøå.yml");
    std::fs::write(
        &bad,
        r#"
organization:
- fides_key: ok_org
  name: "Helt grei: organisasjon"
system:
- fides_key: crm
  name: CRM
  organization_fides_key: ok_org
  system_type: Service
  privacy_declarations: []
  steward: {kind: SAAS, hosting_country: Norge}
"#,
    )
    .unwrap();
    let out = steward(
        &app.database_url,
        &["fides", "import", bad.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains("bad æøå.yml")
            && err.contains(r#"system "crm""#)
            && err.contains("hostingCountry"),
        "{err}"
    );
    assert!(err.contains("nothing of this file was imported"), "{err}");
    let data = app
        .gql(
            &app.viewer,
            "{ organisations { totalCount } systems { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["organisations"]["totalCount"], 0,
        "the organisation before the bad system was not kept"
    );
    assert_eq!(data["systems"]["totalCount"], 0);

    // Not YAML, or not fideslang: said so, with where.
    std::fs::write(&bad, "system:\n- fides_key: [unclosed\n").unwrap();
    let out = steward(
        &app.database_url,
        &["fides", "import", bad.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a fideslang YAML document"));
    let (code, message) = app
        .gql_err(
            &app.dpo,
            "mutation { importFides(yaml: \"system:\\n- name: no key\\n\") { systems } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION", "{message}");
    assert!(message.contains("fides_key"), "{message}");
    // A declaration naming an unknown category: the declaration is named.
    let unknown = "system:\n- fides_key: s1\n  name: S1\n  system_type: Service\n  privacy_declarations:\n  - name: Markedsføring\n    data_categories: [user.nope]\n    data_use: marketing\n    data_subjects: [customer]\n    legal_basis_for_processing: Consent\n";
    let (_, message) = app
        .gql_err(
            &app.dpo,
            "mutation($y: String!) { importFides(yaml: $y) { systems } }",
            json!({ "y": unknown }),
        )
        .await;
    assert!(
        message.contains(r#"system "s1".privacy_declarations[0]"#) && message.contains("user.nope"),
        "{message}"
    );
    let data = app
        .gql(&app.viewer, "{ systems { totalCount } }", json!({}))
        .await;
    assert_eq!(data["systems"]["totalCount"], 0);
}
