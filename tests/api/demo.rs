use crate::both_stores;
use crate::helpers::TestApp;
use serde_json::{json, Value};
use std::process::Command;

both_stores!(demo_inventory_states_the_policies_facts);

fn activity<'a>(ropa: &'a Value, name: &str) -> &'a Value {
    ropa["recordOfProcessing"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["controllerActivities"]
                .as_array()
                .unwrap()
                .iter()
                .chain(s["processorActivities"].as_array().unwrap())
        })
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no activity {name:?}"))
}

async fn demo_inventory_states_the_policies_facts(app: TestApp) {
    // Loaded through the CLI, as a newcomer would.
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("demo")
        .env("DATABASE_URL", &app.database_url)
        .env(
            "STEWARD_SECRET_KEY",
            "demo-test-secret-key-0123456789abcdef",
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 organisations"));

    let ropa = app
        .gql(
            &app.viewer,
            r#"{ recordOfProcessing { sections {
                 organisation { name registrationNumber }
                 controllerActivities { ...A } processorActivities { ...A } } } }
               fragment A on ProcessingActivity {
                 name controllerName
                 legalBases { basis }
                 retention { period trigger statute }
                 data { category { key } source retention { period trigger description } }
                 recipients { recipient { name country } }
                 transfers { country recipient { name } } }"#,
            json!({}),
        )
        .await;
    let orgs: Vec<&str> = ropa["recordOfProcessing"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["organisation"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        orgs,
        [
            "IXT AS",
            "Pexip AS",
            "Pixotope Technologies AS",
            "Plaato Technologies AS",
            "Sikom Connect AS"
        ]
    );

    // Pixotope: erased no later than 6 months after the account is deactivated.
    let director = activity(&ropa, "Pixotope: Director accounts and service delivery");
    assert_eq!(director["retention"]["period"], "P6M");
    assert_eq!(director["retention"]["trigger"], "AFTER_ACCOUNT_CLOSURE");
    assert_eq!(director["legalBases"], json!([{ "basis": "CONTRACT" }]));

    // Pexip: call history kept two years; payments through Stripe in the US.
    let pexip = activity(&ropa, "Pexip: accounts and service delivery");
    let calls = pexip["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["category"]["key"] == "user.telemetry")
        .unwrap();
    assert_eq!(
        calls["retention"],
        json!({ "period": "P2Y", "trigger": "AFTER_COLLECTION", "description": "Call history" })
    );
    let payments = activity(&ropa, "Pexip: eCommerce payments");
    assert_eq!(
        payments["recipients"],
        json!([{ "recipient": { "name": "Stripe", "country": "US" } }])
    );
    assert_eq!(
        payments["transfers"],
        json!([{ "country": "US", "recipient": { "name": "Stripe" } }])
    );
    let partners = activity(&ropa, "Pexip: service delivery for partners' customers");
    assert_eq!(
        partners["controllerName"],
        "Pexip affiliated partners (authorised resellers)"
    );

    // Plaato: inactive accounts deleted after 12 months; invoices kept 5 years.
    let accounts = activity(&ropa, "Plaato: ordering and user accounts");
    assert_eq!(accounts["retention"]["period"], "P12M");
    assert_eq!(accounts["retention"]["trigger"], "AFTER_LAST_ACTIVITY");
    let invoices = activity(&ropa, "Plaato: invoicing and bookkeeping");
    assert_eq!(invoices["retention"]["period"], "P5Y");
    assert!(invoices["retention"]["statute"]
        .as_str()
        .unwrap()
        .contains("Bookkeeping Act"));
    let stats = activity(&ropa, "Plaato: user statistics and personalised services");
    assert!(stats["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["source"] == "INFERRED"));

    // IXT: the security activity rests on two legal bases.
    let ixt = activity(
        &ropa,
        "IXT: fault rectification, misuse prevention and security",
    );
    assert_eq!(
        ixt["legalBases"],
        json!([{ "basis": "LEGAL_OBLIGATION" }, { "basis": "LEGITIMATE_INTERESTS" }])
    );

    // The CRM holds contact data.
    let crm = app
        .gql(&app.viewer, r#"{ systems(filter: {holdsCategory: "user.contact", nameContains: "CRM"}) { edges { node { name vendor hostingCountry } } } }"#, json!({}))
        .await;
    assert_eq!(
        crm["systems"]["edges"],
        json!([{ "node": { "name": "Pexip Salesforce CRM", "vendor": "Salesforce", "hostingCountry": "US" } }])
    );

    // The same facts through `steward ropa`.
    let ropa_cli = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_steward"))
            .args(["ropa", "--format", format])
            .env("DATABASE_URL", &app.database_url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let records: Vec<Value> = serde_json::from_str(&ropa_cli("json")).unwrap();
    assert_eq!(records.len(), 31);
    let plaato = records
        .iter()
        .find(|r| r["activity"] == "Plaato: invoicing and bookkeeping")
        .unwrap();
    assert_eq!(plaato["organisation"], "Plaato Technologies AS");
    assert!(plaato["retention"]
        .as_str()
        .unwrap()
        .starts_with("P5Y after the end of the financial year"));
    assert_eq!(plaato["legal_bases"][1]["article"], "Art. 6(1)(c)");
    let pexip = records
        .iter()
        .find(|r| r["activity"] == "Pexip: eCommerce payments")
        .unwrap();
    assert_eq!(pexip["recipients"][0]["name"], "Stripe");
    assert_eq!(pexip["transfers"][0]["country"], "US");

    let csv_text = ropa_cli("csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 31);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let director = rows
        .iter()
        .find(|r| &r[col("activity")] == "Pixotope: Director accounts and service delivery")
        .unwrap();
    assert!(director[col("retention")].starts_with("P6M after the account is closed"));
    assert_eq!(&director[col("organisation")], "Pixotope Technologies AS");
    let processor = rows
        .iter()
        .find(|r| &r[col("activity")] == "Sikom: operating the service for customers")
        .unwrap();
    assert_eq!(&processor[col("role")], "PROCESSOR");
    assert_eq!(
        &processor[col("controller")],
        "Sikom's customers (the service owners)"
    );

    // Loading twice changes nothing.
    let again = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("demo")
        .env("DATABASE_URL", &app.database_url)
        .env(
            "STEWARD_SECRET_KEY",
            "demo-test-secret-key-0123456789abcdef",
        )
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "the second load failed: {}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(app.count("processingActivities").await, 31);
}

both_stores!(the_record_is_a_spreadsheet_a_dpo_can_hand_over);

/// The strings of a sheet of an xlsx file, row by row (cells joined by a tab).
fn sheet_rows(xlsx: &[u8], sheet: usize) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an xlsx is a ZIP");
    let mut text = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    let shared: Vec<String> = text("xl/sharedStrings.xml")
        .split("<si>")
        .skip(1)
        .map(|si| {
            let t = si.split("<t").nth(1).unwrap_or_default();
            let t = t.split_once('>').map(|x| x.1).unwrap_or_default();
            unescape(t.split("</t>").next().unwrap_or_default())
        })
        .collect();
    text(&format!("xl/worksheets/sheet{sheet}.xml"))
        .split("<row ")
        .skip(1)
        .map(|row| {
            row.split("<c ")
                .skip(1)
                .filter_map(|c| {
                    let v = c.split("<v>").nth(1)?.split("</v>").next()?;
                    shared.get(v.parse::<usize>().ok()?).cloned()
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

async fn the_record_is_a_spreadsheet_a_dpo_can_hand_over(app: TestApp) {
    let store = sea_orm::Database::connect(&app.database_url).await.unwrap();
    steward::demo::load(&store).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ropa æøå; 2026.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["ropa", "--format", "xlsx", "--out"])
        .arg(&file)
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the record is readable by its owner only"
        );
    }
    let xlsx = std::fs::read(&file).unwrap();
    let workbook = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&xlsx)).unwrap();
        let mut s = String::new();
        zip.by_name("xl/workbook.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(
        workbook.contains("Controller (Art. 30(1))") && workbook.contains("Processor (Art. 30(2))"),
        "{workbook}"
    );

    // One row per activity under a heading row, every Art. 30(1) point a column.
    let controller = sheet_rows(&xlsx, 1);
    for point in [
        "(a) Controller",
        "(b) Purpose",
        "(c) Personal data",
        "(d) Recipients",
        "(e) Third-country transfers",
        "(f) Retention",
        "(g) Security measures",
    ] {
        assert!(
            controller[0].contains(point),
            "{point} in {}",
            controller[0]
        );
    }
    let ropa = app
        .gql(&app.viewer, "{ recordOfProcessing { sections { controllerActivities { name } processorActivities { name controllerName } } } }", json!({}))
        .await;
    let sections = ropa["recordOfProcessing"]["sections"].as_array().unwrap();
    let names = |kind: &str| -> Vec<String> {
        sections
            .iter()
            .flat_map(|s| s[kind].as_array().unwrap())
            .map(|a| a["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (controllers, processors) = (names("controllerActivities"), names("processorActivities"));
    assert_eq!(controller.len() - 1, controllers.len());
    for name in &controllers {
        assert!(
            controller.iter().any(|row| row.contains(name.as_str())),
            "{name}"
        );
    }
    let plaato = controller
        .iter()
        .find(|r| r.contains("Plaato: online statistics and marketing"))
        .unwrap();
    assert!(
        plaato.contains("Google Analytics") && plaato.contains("US: OTHER"),
        "{plaato}"
    );
    let processor = sheet_rows(&xlsx, 2);
    assert_eq!(processor.len() - 1, processors.len());
    assert!(processor[0].contains("(b) Categories of processing"));
    assert!(processor
        .iter()
        .any(|r| r.contains("Sikom's customers (the service owners)")));

    // The same file from the API, for any token; none without one.
    let r = app
        .client
        .get(app.url("/ropa.xlsx"))
        .bearer_auth(&app.viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let from_api = r.bytes().await.unwrap();
    assert_eq!(sheet_rows(&from_api, 1), controller);
    let r = app.client.get(app.url("/ropa.csv")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    // A spreadsheet is not written to a terminal; a CSV still goes to standard output.
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["ropa", "--format", "csv"])
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("organisation,activity,"));
}
