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
    data_uses_and_flows_come_in_from_fideslang_and_go_back_out,
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
        said.contains(r#""organisations":5"#)
            && said.contains(r#""activities":31"#)
            && said.contains(r#""data_uses":1"#)
            && said.contains(r#""flows":4"#),
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
            r#""organisations":0,"systems":0,"activities":0,"categories":0,"subjects":0,"links":0,"references":0,"data_uses":0,"flows":0"#
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
        .gql(&app.viewer, r#"{ processingActivities(first: 100, filter: {categoryKey: "user.financial"}) { edges { node { name purpose dataUse { key custom } legalBases { basis } retention { summary } systems { name } organisation { name } data { category { key } subject { key } source } } } } }"#, json!({}))
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
    // The data use is stored, and names the purpose when the file states none.
    assert_eq!(node["purpose"], "Essential for Payment Processing");
    assert_eq!(
        node["dataUse"],
        json!({ "key": "essential.service.payment_processing", "custom": false })
    );
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

/// Fides' public sample database, in its shape: no foreign keys; relations are declared
/// in the dataset file. Two customers (and an employee) share nothing but the catalogue.
fn fides_sample(pg: bool) -> Vec<String> {
    let serial = "INTEGER PRIMARY KEY";
    let ts = if pg { "TIMESTAMP" } else { "TEXT" };
    let mut sql = vec![
        format!("CREATE TABLE address (id {serial}, house INTEGER, street TEXT, city TEXT, state TEXT, zip TEXT)"),
        format!("CREATE TABLE customer (id {serial}, email TEXT, name TEXT, created {ts}, address_id INTEGER)"),
        format!("CREATE TABLE employee (id {serial}, email TEXT, name TEXT, address_id INTEGER)"),
        format!("CREATE TABLE product (id {serial}, name TEXT, price NUMERIC)"),
        format!("CREATE TABLE orders (id {serial}, customer_id INTEGER, shipping_address_id INTEGER)"),
        format!("CREATE TABLE order_item (id {serial}, order_id INTEGER, item_no INTEGER, product_id INTEGER, quantity INTEGER)"),
        format!("CREATE TABLE payment_card (id {serial}, name TEXT, ccn TEXT, code TEXT, preferred BOOLEAN, customer_id INTEGER, billing_address_id INTEGER)"),
        format!("CREATE TABLE login (id {serial}, customer_id INTEGER, time {ts})"),
        format!("CREATE TABLE service_request (id {serial}, email TEXT, alt_email TEXT, opened TEXT, closed TEXT, employee_id INTEGER)"),
        format!("CREATE TABLE visit (id {serial}, email TEXT, last_visit {ts})"),
    ];
    let t = if pg { "TRUE" } else { "1" };
    sql.extend([
        "INSERT INTO address VALUES (1, 123, 'Kongens gate: 4; 2. etg', 'Trondheim', 'Trøndelag', '7011'), (2, 4, 'Løkkeveien', 'Stavanger', 'Rogaland', '4008'), (3, 555, 'Personalveien', 'Bergen', 'Vestland', '5003'), (4, 9, 'Strandkaien', 'Stavanger', 'Rogaland', '4005'), (5, 77, 'Fakturagata', 'Trondheim', 'Trøndelag', '7010')".to_owned(),
        "INSERT INTO customer VALUES (1, 'jane.ødegård@example.no', 'Jane Ødegård 🌿', '2024-01-01 10:00:00', 1), (2, 'ola@example.no', 'Ola Nordmann', '2024-02-01 10:00:00', 2)".to_owned(),
        "INSERT INTO employee VALUES (1, 'kundeservice@example.no', 'Kari Kundeservice', 3)".to_owned(),
        "INSERT INTO product VALUES (1, 'Kaffekopp', 99.50), (2, 'Termos', 249.00)".to_owned(),
        "INSERT INTO orders VALUES (10, 1, 4), (11, 2, 2)".to_owned(),
        "INSERT INTO order_item VALUES (100, 10, 1, 1, 2), (101, 11, 1, 2, 1)".to_owned(),
        format!("INSERT INTO payment_card VALUES (1, 'Jane Ø', '4111111111111111', '123', {t}, 1, 5), (2, 'Ola N', '5555555555554444', '321', {t}, 2, 2)"),
        "INSERT INTO login VALUES (1, 1, '2024-03-01 08:00:00'), (2, 2, '2024-03-02 08:00:00'), (3, 1, '2024-03-03 08:00:00')".to_owned(),
        "INSERT INTO service_request VALUES (1, 'jane.ødegård@example.no', 'jane@jobb.example', '2024-03-04', NULL, 1), (2, 'ola@example.no', NULL, '2024-03-05', NULL, 1)".to_owned(),
        "INSERT INTO visit VALUES (1, 'jane.ødegård@example.no', '2024-03-06 12:00:00'), (2, 'ola@example.no', '2024-03-06 13:00:00')".to_owned(),
    ]);
    sql
}

/// Fides' dataset for the sample, abridged: categories, the identity, and every
/// relation as a reference with its direction.
const FIDES_SAMPLE_DATASET: &str = r#"
dataset:
- fides_key: sample_db
  name: Fides sample database
  collections:
  - name: address
    fields:
    - {name: id, data_categories: [system.operations]}
    - {name: house, data_categories: [user.contact.address.street]}
    - {name: street, data_categories: [user.contact.address.street]}
    - {name: city, data_categories: [user.contact.address.city]}
    - {name: zip, data_categories: [user.contact.address.postal_code]}
  - name: customer
    fields:
    - name: email
      data_categories: [user.contact.email]
      fides_meta: {identity: email}
    - {name: name, data_categories: [user.name]}
    - name: address_id
      fides_meta:
        references: [{dataset: sample_db, field: address.id, direction: to}]
    - {name: id, data_categories: [user.unique_id]}
  - name: employee
    fields:
    - {name: email, data_categories: [user.contact.email]}
    - name: address_id
      fides_meta:
        references: [{dataset: sample_db, field: address.id, direction: to}]
  - name: login
    fields:
    - name: customer_id
      fides_meta:
        references: [{dataset: sample_db, field: customer.id, direction: from}]
  - name: orders
    fields:
    - name: customer_id
      fides_meta:
        references: [{dataset: sample_db, field: customer.id, direction: from}]
    - name: shipping_address_id
      fides_meta:
        references: [{dataset: sample_db, field: address.id, direction: to}]
  - name: payment_card
    fields:
    - {name: ccn, data_categories: [user.financial.bank_account]}
    - name: customer_id
      fides_meta:
        references: [{dataset: sample_db, field: customer.id, direction: from}]
    - name: billing_address_id
      fides_meta:
        references: [{dataset: sample_db, field: address.id, direction: to}]
  - name: service_request
    fields:
    - name: email
      data_categories: [user.contact.email]
      fides_meta: {identity: email}
    - {name: alt_email, data_categories: [user.contact.email]}
  - name: visit
    fields:
    - name: email
      data_categories: [user.contact.email]
      fides_meta: {identity: email}
"#;

/// The sample dataset with its `address` collection moved to a second dataset of the
/// same source (`name: sample_db`, the source's name), referenced across.
fn addresses_apart(yaml: &str) -> String {
    let start = yaml.find("  - name: address\n").unwrap();
    let end = yaml.find("  - name: customer\n").unwrap();
    let rest = format!("{}{}", &yaml[..start], &yaml[end..]).replace(
        "{dataset: sample_db, field: address.id",
        "{dataset: sample_db_addresses, field: address.id",
    );
    format!(
        "{rest}- fides_key: sample_db_addresses\n  name: sample_db\n  collections:\n{}",
        &yaml[start..end]
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fides_dataset_drives_an_export_in_its_declared_directions() {
    let mut sources = vec![(
        "sqlite",
        crate::discovery::sqlite_db(fides_sample(false)).await,
    )];
    if let Some(pg) = crate::discovery::postgres_db(fides_sample(true)).await {
        sources.push(("postgres", pg));
    }
    for (engine, src) in sources {
        let dir = tempfile::tempdir().unwrap();
        let dataset = dir.path().join("sample_db.yml");
        std::fs::write(&dataset, FIDES_SAMPLE_DATASET).unwrap();
        let out = dir.path().join("jane.zip");
        let args = [
            "--identifier",
            "email=Jane.Ødegård@example.no",
            "--fides-dataset",
            dataset.to_str().unwrap(),
        ];
        let output = crate::exports::steward_export(&src.url, &args, &out, dir.path());
        assert!(
            output.status.success(),
            "{engine}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let files = crate::exports::unzip(&std::fs::read(&out).unwrap());
        let data: serde_json::Value = serde_json::from_slice(&files["data.json"]).unwrap();
        let rows = crate::exports::rows_by_table(&data);
        let ids = |table: &str| -> Vec<i64> {
            rows.iter()
                .find(|(t, _)| t.ends_with(table) && t.rsplit('.').next() == Some(table))
                .map(|(_, ids)| ids.iter().copied().collect())
                .unwrap_or_default()
        };
        // Her rows, found by email or pointing at her customer row…
        assert_eq!(ids("customer"), [1], "{engine}: {rows:?}");
        assert_eq!(ids("login"), [1, 3], "{engine}");
        assert_eq!(ids("orders"), [10], "{engine}");
        assert_eq!(ids("payment_card"), [1], "{engine}");
        assert_eq!(ids("service_request"), [1], "{engine}");
        assert_eq!(ids("visit"), [1], "{engine}");
        // …and the rows hers point at, as the dataset's `to` says: home, shipping and
        // billing addresses; never Ola's (2) or the employee's (3).
        assert_eq!(ids("address"), [1, 4, 5], "{engine}: {rows:?}");
        assert!(
            ids("customer").iter().all(|i| *i == 1),
            "nobody else's customer row"
        );
        let text = String::from_utf8_lossy(&files["data.json"]);
        assert!(
            !text.contains("ola@example.no") && !text.contains("Løkkeveien"),
            "{engine}: Ola's data"
        );
        assert!(
            !text.contains("Personalveien"),
            "{engine}: the employee's address"
        );

        // Without the dataset nothing says how the tables relate: only the rows that
        // hold her email are found.
        let bare = dir.path().join("bare.zip");
        let output = crate::exports::steward_export(&src.url, &args[..2], &bare, dir.path());
        assert!(
            output.status.success(),
            "{engine}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let files = crate::exports::unzip(&std::fs::read(&bare).unwrap());
        let data: serde_json::Value = serde_json::from_slice(&files["data.json"]).unwrap();
        let bare_rows = crate::exports::rows_by_table(&data);
        assert!(
            !bare_rows
                .keys()
                .any(|t| t.ends_with("address") || t.ends_with("login")),
            "{engine}: {bare_rows:?}"
        );
    }
}

both_stores!(a_dataset_imported_for_a_registered_source_drives_its_exports);

/// The same dataset imported for a registered source: its fields become confirmed
/// links, its references declared ones that walk as the dataset says, and the server's
/// exports follow them.
async fn a_dataset_imported_for_a_registered_source_drives_its_exports(app: TestApp) {
    let src = crate::discovery::sqlite_db(fides_sample(false)).await;
    let system = app.create_system("Fides-eksempel: butikk").await;
    let source = app
        .gql(
            &app.admin,
            "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"sample_db\", url: $u}) { id } }",
            json!({ "s": system, "u": src.url }),
        )
        .await["createDataSource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The addresses in a dataset of their own, bound to the same source by its name:
    // references across the two are followed like the dataset's own.
    let split = addresses_apart(FIDES_SAMPLE_DATASET);
    // Importing before the source was ever scanned: its columns are unknown, said so.
    let (code, message) = app
        .gql_err(
            &app.dpo,
            "mutation($y: String!) { importFides(yaml: $y) { links } }",
            json!({ "y": split }),
        )
        .await;
    assert_eq!(code, "VALIDATION", "{message}");
    assert!(
        message.contains(r#"dataset "sample_db""#) && message.contains("scan it first"),
        "{message}"
    );
    let scan = app
        .gql(
            &app.dpo,
            "mutation($s: ID!) { startScan(input: {sourceId: $s}) { id } }",
            json!({ "s": source }),
        )
        .await["startScan"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    crate::scans::wait_for_scan(&app, &scan).await;
    let q = "mutation($y: String!) { importFides(yaml: $y) { links references skipped } }";
    let done = app.gql(&app.dpo, q, json!({ "y": split })).await;
    assert_eq!(done["importFides"]["references"], 7, "{done}");
    assert!(
        !done["importFides"]["skipped"]
            .to_string()
            .contains("another source"),
        "{done}"
    );
    assert!(
        done["importFides"]["links"].as_i64().unwrap() >= 12,
        "{done}"
    );
    // The links the import confirmed or made are the importing caller's decisions, as
    // the change feed says.
    let held = app
        .gql(
            &app.viewer,
            "query($s: ID!) { system(id: $s) { categories(statuses: [CONFIRMED]) { decidedBy note } } }",
            json!({ "s": system }),
        )
        .await;
    let held = held["system"]["categories"].as_array().unwrap();
    assert!(held.len() >= 12, "{held:?}");
    assert!(
        held.iter().all(|l| l["decidedBy"] == "test-dpo"),
        "{held:?}"
    );
    let again = app
        .gql(&app.dpo, q, json!({ "y": FIDES_SAMPLE_DATASET }))
        .await;

    assert_eq!(again["importFides"]["links"], 0, "{again}");
    assert_eq!(again["importFides"]["references"], 0, "{again}");
    // Exported again, the references keep their direction.
    let (_, doc) = exported(&app).await;
    let ds = doc
        .dataset
        .iter()
        .find(|d| d.fides_key == "sample_db")
        .unwrap();
    let direction = |table: &str, field: &str| {
        ds.collections
            .iter()
            .find(|c| c.name.ends_with(table))
            .and_then(|c| c.fields.iter().find(|f| f.name == field))
            .and_then(|f| f.fides_meta.as_ref())
            .map(|m| m.references[0].direction.clone().unwrap())
            .unwrap()
    };
    assert_eq!(direction("orders", "customer_id"), "from");
    assert_eq!(direction("orders", "shipping_address_id"), "to");

    // Jane's request: her rows and the addresses hers name; nobody else's.
    let created = app
        .gql(
            &app.dpo,
            r#"mutation($i: CreateRequestInput!) { createRequest(input: $i) { id identifiers { id } } }"#,
            json!({ "i": { "kinds": ["ACCESS"], "receivedOn": "2026-11-29", "identifiers": [{ "kind": "EMAIL", "value": "Jane.Ødegård@example.no" }] } }),
        )
        .await;
    let request = &created["createRequest"];
    for i in request["identifiers"].as_array().unwrap() {
        app.gql(
            &app.dpo,
            r#"mutation($id: ID!) { verifyIdentifier(id: $id, method: "BankID") { verified } }"#,
            json!({ "id": i["id"] }),
        )
        .await;
    }
    let export = app
        .gql(
            &app.dpo,
            "mutation($r: ID!) { startExport(requestId: $r) { id } }",
            json!({ "r": request["id"] }),
        )
        .await["startExport"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = crate::exports::wait_for_export(&app, &export).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    let (url, _) = crate::exports::link(&app, &export, None).await;
    let (status, bytes) = crate::exports::get(&app, &url).await;
    assert_eq!(status, 200);
    let files = crate::exports::unzip(&bytes);
    let data: serde_json::Value = serde_json::from_slice(&files["data.json"]).unwrap();
    let rows = crate::exports::rows_by_table(&data);
    let ids = |table: &str| -> Vec<i64> {
        rows.iter()
            .find(|(t, _)| t.rsplit('.').next() == Some(table))
            .map(|(_, ids)| ids.iter().copied().collect())
            .unwrap_or_default()
    };
    assert_eq!(ids("customer"), [1], "{rows:?}");
    assert_eq!(ids("orders"), [10], "{rows:?}");
    assert_eq!(ids("login"), [1, 3], "{rows:?}");
    assert_eq!(ids("address"), [1, 4, 5], "{rows:?}");
    let text = String::from_utf8_lossy(&files["data.json"]);
    assert!(
        !text.contains("ola@example.no") && !text.contains("Personalveien"),
        "nobody else's"
    );
}

/// The inventory as `fidesExport` gives it: the YAML and the document it reads as.
async fn exported(app: &TestApp) -> (String, Document) {
    let yaml = app.gql(&app.viewer, "{ fidesExport }", json!({})).await["fidesExport"]
        .as_str()
        .unwrap()
        .to_owned();
    let doc = serde_saphyr::from_str(&yaml).unwrap();
    (yaml, doc)
}

/// A Fides user's file: data uses (one of its own), flows between systems written at
/// either end, and egress to a party the inventory does not hold.
const FLOWS: &str = r#"
organization:
- fides_key: lysglimt
  name: "Lysglimt AS"
system:
- fides_key: app
  name: "Lysglimt-appen 💡"
  organization_fides_key: lysglimt
  system_type: Application
  egress:
  - {fides_key: crm, type: system, data_categories: [user.contact.email]}
  - {fides_key: klarna_payments, type: system, data_categories: [user.financial]}
  - {fides_key: user, type: user}
  ingress:
  - {fides_key: user, type: user, data_categories: [user.contact.email]}
  privacy_declarations:
  - name: "Betaling: kort og faktura"
    data_categories: [user.financial]
    data_use: essential.service.payment_processing
    data_subjects: [customer]
    legal_basis_for_processing: Contract
    egress: [klarna_payments]
  - name: "Kundeklubb; nyhetsbrev på e-post"
    data_categories: [user.contact.email]
    data_use: marketing.communications.kundeklubb
    data_subjects: [customer]
    legal_basis_for_processing: Consent
- fides_key: crm
  name: "CRM (Bærum)"
  organization_fides_key: lysglimt
  system_type: Service
  does_international_transfers: true
  legal_basis_for_transfers: [SCCs]
  ingress:
  - {fides_key: app, type: system, data_categories: [user.name]}
  privacy_declarations: []
data_use:
- fides_key: marketing.communications.kundeklubb
  name: "Kundeklubb: medlemstilbud"
  description: "Offers to members of the customer club; æøå and 🎁 included."
  parent_key: marketing.communications
"#;

async fn data_uses_and_flows_come_in_from_fideslang_and_go_back_out(app: TestApp) {
    let import = "mutation($y: String!) { importFides(yaml: $y) { systems activities dataUses flows skipped } }";
    let mut feed = crate::subscriptions::subscribe(
        &app,
        &app.viewer,
        "subscription { inventoryChanges { change entity actor } }",
        json!({}),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let done = app.gql(&app.dpo, import, json!({ "y": FLOWS })).await;
    assert_eq!(
        done["importFides"],
        json!({ "systems": 2, "activities": 2, "dataUses": 1, "flows": 1, "skipped": [
            "system \"crm\": transfers data outside the EEA (SCCs), but fideslang names no country; record the transfers (country and safeguard) on its activities"
        ] }),
        "app → CRM is one flow, said at both ends"
    );
    // Subscribers hear of every resource the import wrote, as the importer's doing.
    let mut heard = Vec::new();
    while heard.len() < 8 {
        let event = crate::subscriptions::next_json(&mut feed)
            .await
            .unwrap_or_else(|| panic!("the feed went quiet after {heard:?}"));
        let e = &event["payload"]["data"]["inventoryChanges"];
        assert_eq!(e["actor"], "test-dpo", "{event}");
        heard.push(format!(
            "{} {}",
            e["change"].as_str().unwrap(),
            e["entity"].as_str().unwrap()
        ));
    }
    heard.sort();
    assert_eq!(
        heard,
        [
            "CREATED DATA_USE",
            "CREATED ORGANISATION",
            "CREATED PROCESSING_ACTIVITY",
            "CREATED PROCESSING_ACTIVITY",
            "CREATED RECIPIENT",
            "CREATED SYSTEM",
            "CREATED SYSTEM",
            "UPDATED SYSTEM_FLOW",
        ]
    );
    let again = app.gql(&app.dpo, import, json!({ "y": FLOWS })).await;
    let more = tokio::time::timeout(
        std::time::Duration::from_millis(1500),
        crate::subscriptions::next_json(&mut feed),
    )
    .await;
    assert!(
        more.is_err(),
        "an unchanged file told of a change: {more:?}"
    );

    // Renamed in the file, same key: the same system, renamed (never a second one).
    let renamed = FLOWS.replace(
        "name: \"Lysglimt-appen 💡\"",
        "name: \"Lysglimt-appen 2.0\"",
    );
    let done = app.gql(&app.dpo, import, json!({ "y": renamed })).await;
    assert_eq!(done["importFides"]["systems"], 1, "{done}");
    let names = app
        .gql(
            &app.viewer,
            "{ systems(first: 10) { edges { node { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        names["systems"]["edges"],
        json!([{ "node": { "name": "Lysglimt-appen 2.0" } }, { "node": { "name": "CRM (Bærum)" } }])
    );
    app.gql(&app.dpo, import, json!({ "y": FLOWS })).await;
    for _ in 0..2 {
        crate::subscriptions::next_json(&mut feed)
            .await
            .expect("the renames are told");
    }
    assert_eq!(again["importFides"]["systems"], 0, "{again}");
    assert_eq!(again["importFides"]["activities"], 0, "{again}");
    assert_eq!(again["importFides"]["dataUses"], 0, "{again}");
    assert_eq!(again["importFides"]["flows"], 0, "{again}");

    // The flow, with the categories both ends name.
    let data = app
        .gql(
            &app.viewer,
            r#"{ systems(first: 10) { edges { node { name fidesKey sendsTo { to { name } categories } receivesFrom { from { name } categories } } } } }"#,
            json!({}),
        )
        .await;
    let systems: Vec<&serde_json::Value> = data["systems"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .collect();
    let app_node = systems
        .iter()
        .find(|n| n["name"] == "Lysglimt-appen 💡")
        .unwrap();
    assert_eq!(
        app_node["sendsTo"],
        json!([{ "to": { "name": "CRM (Bærum)" }, "categories": ["user.contact.email", "user.name"] }])
    );
    assert_eq!(app_node["receivesFrom"], json!([]));
    assert_eq!(
        app_node["fidesKey"], "app",
        "the file's key, not one from the name"
    );
    let crm = systems.iter().find(|n| n["name"] == "CRM (Bærum)").unwrap();
    assert_eq!(
        crm["receivesFrom"],
        json!([{ "from": { "name": "Lysglimt-appen 💡" }, "categories": ["user.contact.email", "user.name"] }])
    );

    // Data uses on the activities; the party outside the inventory is a recipient of
    // the declaration whose egress names it, and of no other.
    let data = app
        .gql(
            &app.viewer,
            r#"{ processingActivities(first: 10) { edges { node { name purpose dataUse { key name parentKey custom } recipients { recipient { name role } } } } }
                 dataUses { key custom } }"#,
            json!({}),
        )
        .await;
    let acts: Vec<&serde_json::Value> = data["processingActivities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .collect();
    let pay = acts
        .iter()
        .find(|n| n["name"] == "Betaling: kort og faktura")
        .unwrap();
    assert_eq!(
        pay["dataUse"]["key"],
        "essential.service.payment_processing"
    );
    assert_eq!(
        pay["recipients"],
        json!([{ "recipient": { "name": "klarna_payments", "role": "OTHER" } }])
    );
    let club = acts
        .iter()
        .find(|n| n["name"] == "Kundeklubb; nyhetsbrev på e-post")
        .unwrap();
    assert_eq!(
        club["dataUse"],
        json!({ "key": "marketing.communications.kundeklubb", "name": "Kundeklubb: medlemstilbud", "parentKey": "marketing.communications", "custom": true })
    );
    assert_eq!(club["purpose"], "Kundeklubb: medlemstilbud");
    assert_eq!(club["recipients"], json!([]));
    let uses = data["dataUses"].as_array().unwrap();
    assert!(
        uses.len() > 50,
        "fideslang's defaults are there: {}",
        uses.len()
    );
    assert_eq!(
        uses.iter().filter(|u| u["custom"] == true).count(),
        1,
        "{uses:?}"
    );

    // Out again: egress and ingress at both ends, the stated data uses, the custom use;
    // and fideslang's own models accept it.
    let (yaml, doc) = exported(&app).await;
    let app_sys = doc
        .system
        .iter()
        .find(|s| s.fides_key == "app")
        .expect("the file's keys are kept");
    assert_eq!(app_sys.egress.len(), 1, "{yaml}");
    assert_eq!(app_sys.egress[0].fides_key, "crm");
    assert_eq!(
        app_sys.egress[0].data_categories,
        Some(vec![
            "user.contact.email".to_owned(),
            "user.name".to_owned()
        ])
    );
    let crm_sys = doc.system.iter().find(|s| s.fides_key == "crm").unwrap();
    assert_eq!(crm_sys.ingress[0].fides_key, "app");
    let club_decl = app_sys
        .privacy_declarations
        .iter()
        .find(|d| d.data_use == "marketing.communications.kundeklubb")
        .expect("the stated data use is written");
    assert!(club_decl.steward.as_ref().unwrap().data_use_stated);
    assert_eq!(doc.data_use.len(), 1);
    assert_eq!(
        doc.data_use[0].parent_key.as_deref(),
        Some("marketing.communications")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lysglimt.yml");
    std::fs::write(&file, &yaml).unwrap();
    if let Some(outcome) = fideslang_accepts(&file) {
        outcome.unwrap_or_else(|e| panic!("fideslang rejects the export: {e}\n{yaml}"));
    }

    // A flow of an unknown type, or an unknown data use: the place is named and nothing
    // of the file is kept.
    let before = app
        .gql(
            &app.viewer,
            "{ systems { totalCount } dataUses { key } }",
            json!({}),
        )
        .await;
    for (bad, place) in [
        (
            FLOWS.replace("type: user}\n  ingress", "type: queue}\n  ingress"),
            r#"system "app".egress[2]"#,
        ),
        (
            FLOWS.replace(
                "data_use: essential.service.payment_processing",
                "data_use: essential.spam",
            ),
            r#"system "app".privacy_declarations[0].data_use"#,
        ),
        (
            FLOWS.replace(
                "{fides_key: app, type: system",
                "{fides_key: crm, type: system",
            ),
            r#"system "crm".ingress[0]"#,
        ),
        (
            FLOWS.replace("- fides_key: crm\n", "- fides_key: \"crm: Bærum\"\n"),
            r#"system "crm: Bærum".fides_key"#,
        ),
    ] {
        let bad = bad.replace("Lysglimt AS", "Lysglimt Endret AS");
        let (code, message) = app.gql_err(&app.dpo, import, json!({ "y": bad })).await;
        assert_eq!(code, "VALIDATION", "{message}");
        assert!(message.contains(place), "{place}: {message}");
    }
    let after = app
        .gql(
            &app.viewer,
            "{ systems { totalCount } dataUses { key } organisations { edges { node { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(after["systems"], before["systems"]);
    assert_eq!(after["dataUses"], before["dataUses"]);
    assert_eq!(
        after["organisations"]["edges"][0]["node"]["name"],
        "Lysglimt AS"
    );
    let told = tokio::time::timeout(
        std::time::Duration::from_millis(1500),
        crate::subscriptions::next_json(&mut feed),
    )
    .await;
    assert!(told.is_err(), "a refused file told of a change: {told:?}");

    // A system made over the API has a key from its name, kept when it is renamed.
    let id = app.create_system("Lager: Ålesund").await;
    let key_now = || async {
        let (_, doc) = exported(&app).await;
        doc.system
            .iter()
            .find(|s| s.name.as_deref().is_some_and(|n| n.starts_with("Lager")))
            .map(|s| s.fides_key.clone())
            .unwrap()
    };
    assert_eq!(key_now().await, "lager_alesund");
    app.gql(
        &app.dpo,
        r#"mutation($id: ID!) { updateSystem(input: {id: $id, name: "Lagerstyring"}) { id } }"#,
        json!({ "id": id }),
    )
    .await;
    assert_eq!(key_now().await, "lager_alesund");

    // Rows from before keys were stored get one when Steward starts: from the name,
    // clear of the keys others have.
    use sea_orm::ConnectionTrait;
    let store = sea_orm::Database::connect(&app.database_url).await.unwrap();
    store
        .execute_unprepared(
            "UPDATE systems SET name = 'CRM!', fides_key = NULL WHERE name = 'Lagerstyring'",
        )
        .await
        .unwrap();
    store
        .execute_unprepared(
            "UPDATE systems SET name = 'App', fides_key = NULL WHERE fides_key = 'app'",
        )
        .await
        .unwrap();
    store
        .execute_unprepared("UPDATE systems SET name = 'Crm' WHERE fides_key = 'crm'")
        .await
        .unwrap();
    steward::db::migrate(&store).await.unwrap();
    let (_, doc) = exported(&app).await;
    let mut keys: Vec<(String, String)> = doc
        .system
        .iter()
        .map(|s| (s.name.clone().unwrap(), s.fides_key.clone()))
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            ("App".to_owned(), "app".to_owned()),
            ("CRM!".to_owned(), "crm_2".to_owned()),
            ("Crm".to_owned(), "crm".to_owned()),
        ]
    );
}

both_stores!(a_reimport_that_adds_a_recipient_midway_compares_every_activity);

/// Re-importing compares each stored activity with the file's; a recipient the file
/// names for a later declaration is made midway, and that declaration is still compared
/// and updated (the names declarations use are read again once one is made).
async fn a_reimport_that_adds_a_recipient_midway_compares_every_activity(app: TestApp) {
    let file = |service_use: &str, egress: bool| {
        let system_egress = if egress {
            "  egress:\n  - fides_key: ekstern_partner\n    type: system\n"
        } else {
            ""
        };
        let declaration_egress = if egress {
            "    egress: [ekstern_partner]\n"
        } else {
            ""
        };
        format!(
            "system:\n- fides_key: crm_x\n  name: \"CRM: kunder æøå\"\n  system_type: Application\n{system_egress}  privacy_declarations:\n  - name: Kundeservice\n    data_categories: [user.contact.email]\n    data_use: {service_use}\n    data_subjects: [customer]\n    legal_basis_for_processing: Contract\n    data_shared_with_third_parties: true\n    third_parties: \"Visma Software AS; Posten Norge AS: pakker 📦;  \"\n  - name: Markedsføring\n    data_categories: [user.contact.email]\n    data_use: marketing.advertising\n    data_subjects: [customer]\n    legal_basis_for_processing: Consent\n{declaration_egress}"
        )
    };
    let q = "mutation($y: String!) { importFides(yaml: $y) { activities skipped } }";
    let done = app
        .gql(
            &app.dpo,
            q,
            json!({ "y": file("essential.service", false) }),
        )
        .await;
    assert_eq!(done["importFides"]["activities"], 2, "{done}");
    assert_eq!(done["importFides"]["skipped"], json!([]), "{done}");
    let done = app
        .gql(
            &app.dpo,
            q,
            json!({ "y": file("essential.service.operations", true) }),
        )
        .await;
    assert_eq!(done["importFides"]["activities"], 2, "both changed: {done}");
    let acts = app
        .gql(
            &app.viewer,
            "{ processingActivities(first: 10) { edges { node { name dataUse { key } recipients { recipient { name } } } } } }",
            json!({}),
        )
        .await;
    let acts = acts["processingActivities"]["edges"].as_array().unwrap();
    let node = |name: &str| {
        &acts
            .iter()
            .find(|e| e["node"]["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {acts:?}"))["node"]
    };
    assert_eq!(
        node("Kundeservice")["dataUse"]["key"],
        "essential.service.operations"
    );
    // `third_parties` names recipients, as Steward writes them.
    let names: Vec<&str> = node("Kundeservice")["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["recipient"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Visma Software AS") && names.contains(&"Posten Norge AS: pakker 📦"));
    // Sharing stated but nobody named: said, not guessed.
    let vague = "system:\n- fides_key: vag\n  name: Vag\n  system_type: Service\n  privacy_declarations:\n  - name: Deling\n    data_categories: [user.contact.email]\n    data_use: marketing.advertising\n    data_subjects: [customer]\n    legal_basis_for_processing: Consent\n    data_shared_with_third_parties: true\n";
    let done = app.gql(&app.dpo, q, json!({ "y": vague })).await;
    assert!(
        done["importFides"]["skipped"][0]
            .as_str()
            .unwrap()
            .contains("shares data with third parties but names none"),
        "{done}"
    );
    assert_eq!(
        node("Markedsføring")["recipients"][0]["recipient"]["name"],
        "ekstern_partner",
        "{acts:?}"
    );
}
