//! The console in a real headless Chromium driven over WebDriver (Debian's `chromium`
//! and `chromium-driver`; `.ci/run` installs them): a DPO's day from sign-in to a
//! downloaded export, a viewer who sees no write controls, a forged form refused,
//! GraphiQL working offline with the session. Screenshots of every page go to
//! `target/console-screenshots/` for review.

use crate::helpers::{spawn_app, Backend, TestApp};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Browser {
    client: Client,
    driver: Child,
    shots: PathBuf,
    base: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn find_program(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// A headless Chromium at 1280×900, or `None` to skip (never under `CI`).
async fn browser(app: &TestApp) -> Option<Browser> {
    let driver = find_program("CHROMEDRIVER", &["/usr/bin/chromedriver"]);
    let chromium = find_program(
        "CHROMIUM",
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
    );
    let (Some(driver), Some(chromium)) = (driver, chromium) else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium and chromedriver are needed for the browser tests under CI (apt-get install chromium chromium-driver)");
        }
        eprintln!("SKIP: chromium/chromedriver not installed, browser tests not run");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=en"],
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut client = None;
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let client = client.expect("chromedriver did not start a session within 10 s");
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/console-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    Some(Browser {
        client,
        driver: child,
        shots,
        base: app.url(""),
    })
}

impl Browser {
    async fn go(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base.trim_end_matches('/')))
            .await
            .unwrap();
    }

    async fn shot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }

    async fn fill(&self, css: &str, text: &str) {
        let e = self.client.find(Locator::Css(css)).await.unwrap();
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    async fn select(&self, css: &str, value: &str) {
        let e = self.client.find(Locator::Css(css)).await.unwrap();
        e.select_by_value(value).await.unwrap();
    }

    /// Clicks something that stays on the page (a checkbox, a disclosure).
    async fn toggle(&self, css: &str) {
        let e = self.client.find(Locator::Css(css)).await.unwrap();
        e.click().await.unwrap();
    }

    /// Clicks what submits a form or follows a link, and waits for the next page.
    async fn click(&self, css: &str) {
        let e = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        self.navigating(e).await;
    }

    async fn navigating(&self, e: fantoccini::elements::Element) {
        self.client
            .execute("window.__old_page = true;", vec![])
            .await
            .unwrap();
        e.click().await.unwrap();
        for _ in 0..600 {
            let r = self
                .client
                .execute(
                    "return document.readyState === 'complete' && !window.__old_page;",
                    vec![],
                )
                .await;
            if matches!(r, Ok(v) if v == json!(true)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new page within 30 s");
    }

    async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.unwrap().len()
    }

    async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    /// Waits (the page reloads itself while work runs) until `css` is on the page.
    async fn wait_for(&self, css: &str, seconds: u64) {
        self.client
            .wait()
            .at_most(Duration::from_secs(seconds))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear within {seconds} s: {e}"));
    }

    async fn sign_in(&self, token: &str) {
        self.go("/login").await;
        self.fill("#token", token).await;
        self.click("button[type=submit]").await;
        let landed = self.path().await;
        let page = self.client.source().await.unwrap();
        assert_eq!(landed, "/map", "{page}");
    }

    async fn sign_out(&self) {
        self.click("header form button").await;
        assert_eq!(self.path().await, "/login");
    }

    /// Nothing on the page is wider than the window.
    async fn fits(&self) -> bool {
        let r = self
            .client
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
                vec![],
            )
            .await
            .unwrap();
        r == json!(true)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dpo_works_a_day_in_the_console() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(b) = browser(&app).await else {
        return;
    };
    let shop_dir = tempfile::tempdir().unwrap();
    let shop = shop_dir.path().join("nettbutikk.db");
    steward::demo::shop::write(&shop).await.unwrap();

    // Sign in (as an admin: sources need it).
    b.go("/login").await;
    b.shot("01-login").await;
    b.sign_in(&app.admin).await;

    // A system: a bad country is explained next to its field, the rest kept.
    let name = "Nettbutikk: kunder; ordre 🛒 (æøå)";
    b.go("/systems/new").await;
    b.fill("#f-name", name).await;
    b.select("#f-kind", "DATABASE").await;
    b.fill("#f-hostingCountry", "Norge").await;
    b.click("main form button[type=submit]").await;
    let error = b.text("#f-hostingCountry-error").await;
    assert!(error.contains("ISO 3166"), "{error}");
    let kept = b
        .client
        .find(Locator::Css("#f-name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some(name));
    b.shot("02-system-form-error").await;
    b.fill("#f-hostingCountry", "NO").await;
    b.click("main form button[type=submit]").await;
    let system_path = b.path().await;
    assert!(
        system_path.starts_with("/systems/"),
        "{}",
        b.text("main").await
    );
    assert_eq!(b.text("h1").await, name);

    // Link a category by hand.
    b.select("#category", "user.contact.address").await;
    b.click("form[action$='/links'] button[type=submit]").await;
    let table = b.text("main table").await;
    assert!(
        table.contains("user.contact.address") && table.contains("confirmed"),
        "{table}"
    );
    b.shot("03-system").await;

    // Register the shop as an SQLite source of that system, and test it.
    b.go("/sources").await;
    b.fill("#f-name", "nettbutikk").await;
    b.client
        .find(Locator::Css("#f-systemId"))
        .await
        .unwrap()
        .select_by_label(name)
        .await
        .unwrap();
    b.fill("#f-url", &format!("sqlite://{}", shop.display()))
        .await;
    b.click("form[action='/sources'] button[type=submit]").await;
    assert!(b.path().await.starts_with("/sources/"));
    b.click("form[action$='/test'] button").await;
    assert!(b.text("main dl").await.contains("connected"));
    assert!(
        !b.client.source().await.unwrap().contains("sqlite://"),
        "the URL is never shown"
    );

    // Scan it and watch it finish (the page refreshes itself).
    b.click("form[action$='/scans'] button[type=submit]").await;
    assert!(b.path().await.starts_with("/scans/"));
    b.wait_for("dd .status.completed", 60).await;
    b.shot("04-scan").await;
    let findings = b.text("main table").await;
    assert!(findings.contains("customers.email"), "{findings}");
    assert!(
        !findings.contains("per@odegard.no"),
        "examples are masked: {findings}"
    );
    let coverage = b.client.source().await.unwrap();
    assert!(coverage.contains("Coverage certificate") && coverage.contains("main.customers"));

    // Confirm the email finding, then reject the rest in bulk.
    let email_row = "//tr[td/code[contains(., 'customers.email')]]//button[@name='confirm']";
    let confirm = b
        .client
        .find(Locator::XPath(email_row))
        .await
        .expect("a Confirm button on the email link");
    b.navigating(confirm).await;
    assert!(b.path().await.starts_with("/scans/"));
    let left = b.count("input[name=link]").await;
    if left > 1 {
        for e in b
            .client
            .find_all(Locator::Css("input[name=link]"))
            .await
            .unwrap()
        {
            e.click().await.unwrap();
        }
        b.click("button[name=bulk][value=reject]").await;
        assert_eq!(
            b.count("input[name=link]").await,
            0,
            "every ticked link was decided"
        );
    }
    b.shot("05-scan-reviewed").await;
    let links = b
        .client
        .find(Locator::XPath(
            "//table[contains(@class,'links')]//tr[td/code[contains(., 'customers.email')]]",
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(links.contains("confirmed"), "{links}");

    // The data map shows the system; a click on it shows its details.
    b.go("/map").await;
    b.shot("06-map").await;
    let node = b
        .client
        .find(Locator::XPath(&format!("//*[local-name()='a'][contains(@class,'system')][*[local-name()='title'][starts-with(., '{}')]]", "Nettbutikk")))
        .await
        .expect("the new system is on the map");
    b.navigating(node).await;
    assert_eq!(b.text("#details-title").await, name);
    b.go("/map?category=user.contact.email").await;
    assert!(b.client.source().await.unwrap().contains("Nettbutikk"));
    b.go("/categories").await;
    b.shot("07-categories").await;
    b.go("/record").await;
    b.shot("08-record").await;

    // A request: create it, verify the identifier, export, and download through a link.
    b.go("/requests/new").await;
    b.select("#f-kind0", "EMAIL").await;
    b.fill("#f-value0", "per@odegard.no").await;
    b.click("main form button[type=submit]").await;
    let request_path = b.path().await;
    assert!(request_path.starts_with("/requests/"), "{request_path}");
    let page = b.client.source().await.unwrap();
    assert!(
        !page.contains("per@odegard.no"),
        "identifiers are shown masked"
    );
    b.fill("input[name=method]", "svar fra kundens e-post; signert ✔")
        .await;
    b.click("form[action$='/verify'] button").await;
    assert!(b
        .text("main table")
        .await
        .contains("by svar fra kundens e-post"));

    // A forged form (its token removed) is refused and changes nothing.
    b.client
        .execute(
            "document.querySelector(\"form[action$='/reject'] input[name=csrf]\").remove();",
            vec![],
        )
        .await
        .unwrap();
    b.toggle("details summary").await;
    b.fill("#reject-reason", "forged").await;
    b.click("form[action$='/reject'] button").await;
    assert_eq!(b.text("h1").await, "Refused");
    b.go(&request_path).await;
    assert!(!b.text("main dl").await.contains("rejected"));

    b.click("form[action$='/export'] button").await;
    b.wait_for("form[action*='/exports/'] button", 60).await;
    b.shot("09-request").await;
    b.click("form[action*='/exports/'] button").await;
    let link = b.text("#link").await;
    b.shot("10-download-link").await;
    let response = reqwest::get(&link).await.unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP package");
    let data: serde_json::Value =
        serde_json::from_reader(zip.by_name("data.json").expect("data.json")).unwrap();
    let text = data.to_string();
    assert!(
        text.contains("per@odegard.no") && text.contains("Ødegård"),
        "the person's row is in the export"
    );
    assert!(!text.contains("ola.nordmann@example.no"), "nobody else's");

    // GraphiQL runs offline, with the session instead of a pasted token.
    b.go("/graphiql").await;
    b.wait_for(".graphiql-container", 20).await;
    b.toggle(".graphiql-execute-button").await;
    b.client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(
            "//*[contains(@class,'result-window')][contains(., 'totalCount')]",
        ))
        .await
        .expect("GraphiQL ran the default query as the signed-in user");
    b.shot("11-graphiql").await;

    // A viewer reads everything and can change nothing.
    b.go("/map").await;
    b.sign_out().await;
    b.sign_in(&app.viewer).await;
    for path in [
        system_path.as_str(),
        "/sources",
        "/systems",
        "/map",
        "/categories",
    ] {
        b.go(path).await;
        assert_eq!(
            b.count("main form[method=post]").await,
            0,
            "{path} shows a viewer a write form"
        );
        assert_eq!(b.count("a[href='/systems/new']").await, 0);
    }
    b.go(&system_path).await;
    b.shot("12-viewer-system").await;
    b.go("/requests").await;
    assert_eq!(b.text("h1").await, "Not allowed");

    // Readable on a phone: nothing wider than 390 px but the map, which scrolls in place.
    b.client.set_window_size(390, 844).await.unwrap();
    for (n, path) in [
        "/systems",
        system_path.as_str(),
        "/sources",
        "/categories",
        "/map",
    ]
    .into_iter()
    .enumerate()
    {
        b.go(path).await;
        b.shot(&format!("13-phone-{n}")).await;
        assert!(b.fits().await, "{path} is wider than 390 px");
    }
    b.client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_data_map_reads_in_a_browser() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(b) = browser(&app).await else {
        return;
    };
    let store = sea_orm::Database::connect(&app.database_url).await.unwrap();
    steward::demo::load(&store).await.unwrap();
    b.sign_in(&app.dpo).await;
    b.go("/map").await;
    let drawn = b.count("svg a.node").await;
    assert!(
        drawn > 40,
        "the five demo organisations' map has {drawn} nodes"
    );
    assert!(b.count("svg path.edge.transfer").await > 0);
    b.shot("demo-map").await;
    // Filtered to what goes to the US; a click shows a recipient's details.
    b.go("/map?country=US").await;
    let recipient = b
        .client
        .find(Locator::Css("svg a.node.recipient.transfer"))
        .await
        .expect("a recipient in the US");
    b.navigating(recipient).await;
    assert!(b.text("#details").await.contains("third-country transfer"));
    b.shot("demo-map-us").await;
    for path in ["/activities", "/record", "/categories"] {
        b.go(path).await;
        b.shot(&format!("demo{}", path.replace('/', "-"))).await;
    }

    // Every demo activity saved unchanged from its edit form leaves the record as it was:
    // the form carries every part (legal bases with notes, data with their own
    // retention, recipients, transfers).
    let record = || async {
        app.gql(&app.viewer, "{ recordOfProcessing { sections { organisation { name } controllerActivities { name purpose role controllerName legalBases { basis article note } data { category { key } subject { key } source sourceDetail retention { summary } } systems { name } recipients { recipient { name } purpose } transfers { country safeguard safeguardDetail recipient { name } } retention { summary } securityMeasures automatedDecisionMaking specialCategoryCondition } processorActivities { name controllerName } } } }", json!({}))
            .await
    };
    /// Systems and recipients are sets: the form lists them by name, the store in the
    /// order they were added.
    fn as_sets(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    as_sets(x);
                    if let (true, serde_json::Value::Array(a)) =
                        (k == "systems" || k == "recipients", x)
                    {
                        a.sort_by_key(|e| e.to_string());
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(as_sets),
            _ => {}
        }
    }
    let mut before = record().await;
    as_sets(&mut before);
    let ids: Vec<String> = {
        b.go("/activities?q=").await;
        let mut ids = Vec::new();
        for page in 0..3 {
            b.go(&format!("/activities?page={page}")).await;
            for a in b
                .client
                .find_all(Locator::Css("main table a"))
                .await
                .unwrap()
            {
                ids.push(a.attr("href").await.unwrap().unwrap());
            }
        }
        ids
    };
    assert!(ids.len() > 25, "paged through {} activities", ids.len());
    for href in &ids {
        b.go(href).await;
        b.toggle("details summary").await;
        b.click("details form button[type=submit]").await;
        assert_eq!(b.path().await, *href, "{}", b.text("main").await);
    }
    let mut after = record().await;
    as_sets(&mut after);
    if after != before {
        let write = |name: &str, v: &serde_json::Value| {
            std::fs::write(b.shots.join(name), serde_json::to_string_pretty(v).unwrap()).unwrap()
        };
        write("record-before.json", &before);
        write("record-after.json", &after);
        panic!(
            "an unchanged form changed the record (see record-before.json and record-after.json)"
        );
    }

    // A new activity from the form; a missing purpose is explained next to the field.
    b.go("/activities/new").await;
    b.fill("#f-name", "Kundeklubb: bursdagshilsen 🎂").await;
    b.toggle("input[name=basis][value=CONSENT]").await;
    b.select("#f-cat0", "user.contact.email").await;
    b.select("#f-dataUse", "marketing.communications.email")
        .await;
    b.fill(
        "#f-purpose",
        "Send birthday greetings; members asked for them",
    )
    .await;
    b.fill("#f-retentionPeriod", "fem år").await;
    b.click("main form button[type=submit]").await;
    let error = b.text("#f-retentionPeriod-error").await;
    assert!(error.contains("ISO-8601"), "{error}");
    b.fill("#f-retentionPeriod", "P2Y").await;
    b.select("#f-retentionTrigger", "AFTER_CONSENT_WITHDRAWAL")
        .await;
    b.click("main form button[type=submit]").await;
    let errors: Vec<String> = {
        let mut v = Vec::new();
        for e in b.client.find_all(Locator::Css("p.error")).await.unwrap() {
            v.push(e.text().await.unwrap());
        }
        v
    };
    assert_eq!(
        b.text("h1").await,
        "Kundeklubb: bursdagshilsen 🎂",
        "{errors:?}"
    );
    let entry = b.text("dl.record").await;
    assert!(
        entry.contains("user.contact.email")
            && entry.contains("Art. 6(1)(a)")
            && entry.contains("marketing.communications.email"),
        "{entry}"
    );
    b.shot("demo-activity").await;
    b.client.clone().close().await.unwrap();
}
