//! The DPO console over HTTP: sign-in with a token, the session cookie, the request
//! queue with its deadlines, form tokens, roles and revocation.

use crate::both_stores;
use crate::helpers::TestApp;
use chrono::{Duration, Months, Utc};
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::json;

both_stores!(the_console_signs_in_with_a_token_and_shows_the_request_queue);

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Signs in with `token`; the session cookie (`name=value`).
async fn sign_in(app: &TestApp, token: &str) -> String {
    let r = browser()
        .post(app.url("/login"))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains(token), "the cookie is not the token");
    cookie.split(';').next().unwrap().to_owned()
}

async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    browser()
        .post(app.url(path))
        .header("Cookie", cookie)
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    browser()
        .get(app.url(path))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
}

async fn the_console_signs_in_with_a_token_and_shows_the_request_queue(app: TestApp) {
    // Not signed in: to the sign-in form, which is framed by nobody and runs no script.
    let r = browser().get(app.url("/requests")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/login");
    let r = browser().get(app.url("/login")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csp = r.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    assert!(r.text().await.unwrap().contains(r#"name="token""#));
    let r = browser()
        .post(app.url("/login"))
        .form(&[("token", "stw_not-a-token")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("not valid"));
    // A sign-in form posted from another site is refused.
    let r = browser()
        .post(app.url("/login"))
        .header("Origin", "https://evil.example")
        .form(&[("token", app.dpo.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Three requests: one overdue, one due in three days, one due in a month.
    let today = Utc::now().date_naive();
    let mut created = Vec::new();
    for (received, email) in [
        (today - Duration::days(40), "ola.nordmann@example.no"),
        (
            today.checked_sub_months(Months::new(1)).unwrap() + Duration::days(3),
            "kari.nordmann@example.no",
        ),
        (today, "åse.bø@blåbær.no"),
    ] {
        let r = app.gql(
            &app.dpo,
            "mutation($i: CreateRequestInput!) { createRequest(input: $i) { id identifiers { id } } }",
            json!({ "i": { "kinds": ["ACCESS"], "receivedOn": received.to_string(), "identifiers": [{ "kind": "EMAIL", "value": email }] } }),
        )
        .await;
        created.push((
            r["createRequest"]["id"].as_str().unwrap().to_owned(),
            r["createRequest"]["identifiers"][0]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        ));
    }

    let dpo = sign_in(&app, &app.dpo).await;
    let r = page(&app, &dpo, "/requests").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CACHE_CONTROL], "no-store");
    let html = r.text().await.unwrap();
    let overdue = html.find("overdue").expect("the overdue request is marked");
    let soon = html
        .find("due this week")
        .expect("the one due soon is marked");
    assert!(overdue < soon, "soonest deadline first");
    assert_eq!(html.matches("tag overdue").count(), 1, "{html}");
    assert_eq!(html.matches("tag soon").count(), 1, "{html}");
    for raw in ["ola.nordmann", "kari.nordmann", "blåbær"] {
        assert!(!html.contains(raw), "{raw} shown in the console");
    }

    let csrf = html
        .split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    // One request: verify its identifier, export, hand over a link.
    let (rid, identifier) = &created[0];
    let verify = format!("/requests/{rid}/verify");
    let forged = post(
        &app,
        &dpo,
        &verify,
        &[
            ("csrf", "forged"),
            ("identifier", identifier),
            ("method", "x"),
        ],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let foreign = post(
        &app,
        &dpo,
        &verify,
        &[
            ("csrf", &csrf),
            ("identifier", &created[1].1),
            ("method", "x"),
        ],
    )
    .await;
    assert_eq!(
        foreign.status(),
        StatusCode::NOT_FOUND,
        "another request's identifier"
    );
    let ok = post(
        &app,
        &dpo,
        &verify,
        &[
            ("csrf", &csrf),
            ("identifier", identifier),
            ("method", "signed-in session"),
        ],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let detail = page(&app, &dpo, &format!("/requests/{rid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(detail.contains("by signed-in session"), "{detail}");
    assert!(
        detail.contains("o***@e***.no") && !detail.contains("ola.nordmann"),
        "{detail}"
    );
    let started = post(
        &app,
        &dpo,
        &format!("/requests/{rid}/export"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let mut export = None;
    for _ in 0..100 {
        let detail = page(&app, &dpo, &format!("/requests/{rid}"))
            .await
            .text()
            .await
            .unwrap();
        if let Some(rest) = detail.split(&format!("/requests/{rid}/exports/")).nth(1) {
            export = rest.split('/').next().map(str::to_owned);
            assert!(
                detail.contains("export started"),
                "the audit trail: {detail}"
            );
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let export = export.expect("the export finished with a package");
    let link = post(
        &app,
        &dpo,
        &format!("/requests/{rid}/exports/{export}/link"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(link.status(), StatusCode::OK);
    let text = link.text().await.unwrap();
    let url = text
        .split("<code id=\"link\">")
        .nth(1)
        .and_then(|r| r.split("</code>").next())
        .unwrap()
        .replace("&amp;", "&");
    let zip = browser().get(&url).send().await.unwrap();
    assert_eq!(zip.status(), StatusCode::OK, "{url}");

    // Signing out needs the page's form token.
    let forged = browser()
        .post(app.url("/logout"))
        .header("Cookie", &dpo)
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(page(&app, &dpo, "/requests").await.status(), StatusCode::OK);
    let out = browser()
        .post(app.url("/logout"))
        .header("Cookie", &dpo)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        page(&app, &dpo, "/requests").await.status(),
        StatusCode::SEE_OTHER
    );

    // A viewer's session shows no queue; revoking the token ends the session.
    let viewer = sign_in(&app, &app.viewer).await;
    let r = page(&app, &viewer, "/requests").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("DPO role"));
    app.gql(
        &app.admin,
        r#"mutation { revokeApiToken(name: "test-viewer") { name } }"#,
        json!({}),
    )
    .await;
    let r = page(&app, &viewer, "/requests").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/login");
}

both_stores!(
    console_forms_enforce_roles_tokens_and_validation,
    scan_review_decides_links_in_bulk_all_or_none,
    the_data_map_filters_and_marks_transfers,
);

/// The form token on a console page.
async fn token_on(app: &TestApp, cookie: &str, path: &str) -> String {
    let html = page(app, cookie, path).await.text().await.unwrap();
    html.split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no form on {path}"))
        .to_owned()
}

async fn system_names(app: &TestApp) -> Vec<String> {
    let data = app
        .gql(
            &app.viewer,
            "{ systems(first: 100) { edges { node { name } } } }",
            json!({}),
        )
        .await;
    data["systems"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn console_forms_enforce_roles_tokens_and_validation(app: TestApp) {
    let dpo = sign_in(&app, &app.dpo).await;
    let viewer = sign_in(&app, &app.viewer).await;
    let csrf = token_on(&app, &dpo, "/systems/new").await;
    let viewer_csrf = token_on(&app, &viewer, "/map").await; // the sign-out form's
    let name = "Kundeservice: æøå; 📞";

    // A viewer's post is refused by the server, whatever the page showed.
    let r = post(
        &app,
        &viewer,
        "/systems",
        &[("csrf", &viewer_csrf), ("name", name)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // No form token, or another session's: refused.
    let r = post(&app, &dpo, "/systems", &[("name", name)]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(
        &app,
        &dpo,
        "/systems",
        &[("csrf", &viewer_csrf), ("name", name)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A form from another site is refused even with the token.
    let r = browser()
        .post(app.url("/systems"))
        .header("Cookie", &dpo)
        .header("Origin", "https://evil.example")
        .form(&[("csrf", csrf.as_str()), ("name", name)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(system_names(&app).await.is_empty(), "nothing was created");

    // Bad input: the message sits next to the field, the typed values stay.
    let r = post(
        &app,
        &dpo,
        "/systems",
        &[
            ("csrf", &csrf),
            ("name", name),
            ("kind", "SAAS"),
            ("hostingCountry", "Norge"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="f-hostingCountry-error""#), "{html}");
    assert!(html.contains("ISO 3166"), "{html}");
    assert!(
        html.contains(&format!(r#"value="{name}""#)),
        "the name is kept: {html}"
    );
    let r = post(&app, &dpo, "/systems", &[("csrf", &csrf), ("name", "  ")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains(r#"id="f-name-error""#));
    // A malformed kind is a message, not a bare 422.
    let r = post(
        &app,
        &dpo,
        "/systems",
        &[("csrf", &csrf), ("name", name), ("kind", "SPACESHIP")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(system_names(&app).await.is_empty(), "nothing was created");

    let r = post(
        &app,
        &dpo,
        "/systems",
        &[
            ("csrf", &csrf),
            ("name", name),
            ("kind", "SAAS"),
            ("hostingCountry", "us"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(at.starts_with("/systems/"), "{at}");
    assert_eq!(system_names(&app).await, [name]);
    // A duplicate name is a message on the name field.
    let r = post(&app, &dpo, "/systems", &[("csrf", &csrf), ("name", name)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains(r#"id="f-name-error""#));

    // A data flow to another system: recorded, shown on both pages, removed.
    let r = post(
        &app,
        &dpo,
        "/systems",
        &[("csrf", &csrf), ("name", "Fakturering (Tripletex)")],
    )
    .await;
    let billing = r.headers()[LOCATION].to_str().unwrap().to_owned();
    let billing_id = billing.trim_start_matches("/systems/").to_owned();
    let r = post(
        &app,
        &dpo,
        &format!("{at}/flows"),
        &[
            ("csrf", &csrf),
            ("toSystemId", &billing_id),
            ("categories", "user.contact.email user.nope"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="f-categories-error""#) && html.contains("user.nope"),
        "{html}"
    );
    let r = post(
        &app,
        &dpo,
        &format!("{at}/flows"),
        &[
            ("csrf", &csrf),
            ("toSystemId", &billing_id),
            ("categories", "user.contact.email, user.name"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let there = page(&app, &viewer, &billing).await.text().await.unwrap();
    assert!(
        there.contains("receives from") && there.contains("user.name"),
        "{there}"
    );
    assert!(
        !there.contains("/flows/remove"),
        "a viewer sees no remove button"
    );
    let from_id = at.trim_start_matches("/systems/").to_owned();
    let r = post(
        &app,
        &viewer,
        &format!("{billing}/flows/remove"),
        &[
            ("csrf", &viewer_csrf),
            ("from", &from_id),
            ("to", &billing_id),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(
        &app,
        &dpo,
        &format!("{billing}/flows/remove"),
        &[("csrf", &csrf), ("from", &from_id), ("to", &billing_id)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let here = page(&app, &dpo, &at).await.text().await.unwrap();
    assert!(here.contains("No flow is recorded."), "{here}");

    // Linking a category: an unknown key is explained, a known one is confirmed at once.
    let r = post(
        &app,
        &dpo,
        &format!("{at}/links"),
        &[("csrf", &csrf), ("category", "user.nope")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(
        &app,
        &dpo,
        &format!("{at}/links"),
        &[
            ("csrf", &csrf),
            ("category", "user.contact.phone_number"),
            ("location", "public.calls.caller"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = at.trim_start_matches("/systems/");
    let data = app
        .gql(
            &app.viewer,
            "query($id: ID!) { system(id: $id) { hostingCountry categories { status location category { key } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(data["system"]["hostingCountry"], "US");
    let links = &data["system"]["categories"];
    assert_eq!(links[0]["status"], "CONFIRMED", "{links}");
    assert_eq!(links[0]["category"]["key"], "user.contact.phone_number");

    // Sources are an admin's: a DPO's post is refused; a URL is never echoed back.
    let r = post(
        &app,
        &dpo,
        "/sources",
        &[
            ("csrf", &csrf),
            ("name", "x"),
            ("systemId", id),
            ("url", "postgres://u:pw@h/db"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let admin = sign_in(&app, &app.admin).await;
    let admin_csrf = token_on(&app, &admin, "/sources").await;
    let secret_url = "postgres://sec_writer:Sl/ashSECRET_0004@host/db";
    let r = post(
        &app,
        &admin,
        "/sources",
        &[
            ("csrf", &admin_csrf),
            ("name", "crm"),
            ("systemId", id),
            ("url", secret_url),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(
        !html.contains("SECRET_0004") && !html.contains("ashSECRET"),
        "{html}"
    );
    assert!(html.contains(r#"id="f-url-error""#), "{html}");

    // A custom category: a malformed or taken key is explained on the key field.
    let cat = |key: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("key", key.to_owned()),
            ("name", "Personsøker: 📟".to_owned()),
        ]
    };
    let r = browser()
        .post(app.url("/categories"))
        .header("Cookie", &dpo)
        .form(&cat("Bruker Pager"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains(r#"id="f-key-error""#));
    let r = browser()
        .post(app.url("/categories"))
        .header("Cookie", &dpo)
        .form(&cat("user.contact.pager"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = browser()
        .post(app.url("/categories"))
        .header("Cookie", &dpo)
        .form(&cat("user.contact.pager"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains(r#"id="f-key-error""#));
    let r = post(
        &app,
        &viewer,
        "/categories",
        &[
            ("csrf", &viewer_csrf),
            ("key", "user.contact.fax"),
            ("name", "Fax"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let data = app
        .gql(
            &app.viewer,
            r#"{ dataCategory(key: "user.contact.pager") { name parent { key } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["dataCategory"]["name"], "Personsøker: 📟");
    assert_eq!(data["dataCategory"]["parent"]["key"], "user.contact");
    let tree = page(&app, &viewer, "/categories")
        .await
        .text()
        .await
        .unwrap();
    assert!(tree.contains("user.contact.pager") && !tree.contains(r#"action="/categories""#));

    // Downloads of the record, for any signed-in role.
    let csv = page(&app, &viewer, "/record.csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let json_ = page(&app, &viewer, "/record.json").await;
    assert_eq!(json_.status(), StatusCode::OK);
    let _: serde_json::Value = json_.json().await.unwrap();
    // Not signed in: to the sign-in form, nothing else.
    let r = browser().get(app.url("/record.csv")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

async fn scan_review_decides_links_in_bulk_all_or_none(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let shop = dir.path().join("butikk.db");
    steward::demo::shop::write(&shop).await.unwrap();
    let system = app.create_system("Butikk").await;
    let data = app
        .gql(
            &app.admin,
            "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"butikk\", url: $u}) { id } }",
            json!({ "s": system, "u": format!("sqlite://{}", shop.display()) }),
        )
        .await;
    let source = data["createDataSource"]["id"].as_str().unwrap().to_owned();
    let dpo = sign_in(&app, &app.dpo).await;
    let csrf = token_on(&app, &dpo, &format!("/sources/{source}")).await;
    let r = post(
        &app,
        &dpo,
        &format!("/sources/{source}/scans"),
        &[("csrf", &csrf), ("mode", "FULL")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()[LOCATION].to_str().unwrap().to_owned();
    let scan = at.trim_start_matches("/scans/").to_owned();
    // While it runs, the page refreshes itself.
    let first = page(&app, &dpo, &at).await.text().await.unwrap();
    let done = crate::scans::wait_for_scan(&app, &scan).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    let html = page(&app, &dpo, &at).await.text().await.unwrap();
    assert!(
        !html.contains(r#"http-equiv="refresh""#),
        "a finished scan's page stays still"
    );
    assert!(first.contains(r#"http-equiv="refresh""#) || first.contains("completed"));
    assert!(html.contains("Coverage certificate") && html.contains("main.customers"));
    for raw in ["ola.nordmann@example.no", "+47 912 34 567", "Storgata 1"] {
        assert!(!html.contains(raw), "{raw} is shown unmasked");
    }

    let links = scan_links(&app, &scan).await;
    let ids: Vec<String> = links
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 3, "{links:?}");
    let back = at.as_str();
    // A viewer cannot decide; a bogus id among good ones decides none of them.
    let viewer = sign_in(&app, &app.viewer).await;
    let viewer_csrf = token_on(&app, &viewer, "/map").await;
    let r = post(
        &app,
        &viewer,
        "/links/decide",
        &[
            ("csrf", &viewer_csrf),
            ("bulk", "confirm"),
            ("link", &ids[0]),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(
        &app,
        &dpo,
        "/links/decide",
        &[
            ("csrf", &csrf),
            ("bulk", "confirm"),
            ("link", &ids[0]),
            ("link", "999999"),
            ("back", back),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(scan_links(&app, &scan)
        .await
        .iter()
        .all(|l| l["status"] == "PROPOSED"));
    // Nothing ticked: said so.
    let r = post(
        &app,
        &dpo,
        "/links/decide",
        &[("csrf", &csrf), ("bulk", "reject")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // One by one, then the rest in bulk; back to the scan page, never elsewhere.
    let r = post(
        &app,
        &dpo,
        "/links/decide",
        &[
            ("csrf", &csrf),
            ("reject", &ids[0]),
            ("back", "//evil.example/x"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/systems");
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf), ("bulk", "confirm"), ("back", back)];
    for id in &ids[1..] {
        form.push(("link", id));
    }
    let r = post(&app, &dpo, "/links/decide", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], back);
    let links = scan_links(&app, &scan).await;
    assert_eq!(links[0]["status"], "REJECTED");
    for l in &links[1..] {
        assert_eq!(l["status"], "CONFIRMED", "{l}");
        assert_eq!(l["decidedBy"], "test-dpo");
    }
    let html = page(&app, &dpo, &at).await.text().await.unwrap();
    assert!(!html.contains(r#"name="link""#), "nothing left to tick");
}

/// The links a scan's findings proposed, in finding order.
async fn scan_links(app: &TestApp, scan: &str) -> Vec<serde_json::Value> {
    let data = app
        .gql(
            &app.viewer,
            "query($id: ID!) { scan(id: $id) { findings { link { id status decidedBy } } } }",
            json!({ "id": scan }),
        )
        .await;
    data["scan"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["link"].clone())
        .collect()
}

/// System names on the map page (each node's tooltip starts with its name).
fn map_systems(html: &str) -> std::collections::BTreeSet<String> {
    html.split(r#"class="node system"#)
        .skip(1)
        .filter_map(|rest| rest.split("<title>").nth(1))
        .filter_map(|t| t.split(" — ").next())
        .map(|n| n.split("</title>").next().unwrap().replace("&amp;", "&"))
        .collect()
}

async fn the_data_map_filters_and_marks_transfers(app: TestApp) {
    let store = sea_orm::Database::connect(&app.database_url).await.unwrap();
    steward::demo::load(&store).await.unwrap();
    let viewer = sign_in(&app, &app.viewer).await;
    let all = page(&app, &viewer, "/map").await.text().await.unwrap();
    let systems = map_systems(&all);
    let data = app
        .gql(
            &app.viewer,
            "{ systems(first: 100) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        systems.len() as u64,
        data["systems"]["totalCount"].as_u64().unwrap()
    );
    assert!(
        all.contains("node recipient transfer"),
        "a recipient outside the EEA is marked"
    );
    assert!(all.contains("edge transfer"), "a transfer edge is marked");
    assert!(
        !all.contains("node category special"),
        "the demo holds no special category"
    );
    // A system holding fingerprints: the category is marked special (Art. 9).
    let door = app.create_system("Adgangskontroll").await;
    app.link_category(&door, "user.biometric.fingerprint").await;
    let all = page(&app, &viewer, "/map").await.text().await.unwrap();
    assert!(
        all.contains("node category special"),
        "special categories are marked"
    );
    let systems = map_systems(&all);

    // By category, descendants included: systems holding it, and those of activities
    // processing it.
    let html = page(&app, &viewer, "/map?category=user.contact")
        .await
        .text()
        .await
        .unwrap();
    let holding = app
        .gql(
            &app.viewer,
            r#"{ systems(first: 100, filter: {holdsCategory: "user.contact"}) { edges { node { name } } }
                 processingActivities(first: 100, filter: {categoryKey: "user.contact"}) { edges { node { systems { name } } } } }"#,
            json!({}),
        )
        .await;
    let mut expected = std::collections::BTreeSet::new();
    for e in holding["systems"]["edges"].as_array().unwrap() {
        expected.insert(e["node"]["name"].as_str().unwrap().to_owned());
    }
    for e in holding["processingActivities"]["edges"].as_array().unwrap() {
        for s in e["node"]["systems"].as_array().unwrap() {
            expected.insert(s["name"].as_str().unwrap().to_owned());
        }
    }
    assert!(!expected.is_empty());
    assert_eq!(map_systems(&html), expected);

    // By country: everything shown there sends data to, or is hosted in, that country.
    let html = page(&app, &viewer, "/map?country=us")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("outside EEA"), "US is outside the EEA");
    assert!(map_systems(&html).len() < systems.len());
    // A bad filter is a message, not a broken page.
    let r = page(&app, &viewer, "/map?country=Narnia").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = page(&app, &viewer, "/map?basis=WHIM").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = page(&app, &viewer, "/map?basis=CONSENT")
        .await
        .text()
        .await
        .unwrap();
    assert!(!map_systems(&html).is_empty() && map_systems(&html).len() < systems.len());
    // A click on a node (a link with `focus`) shows its details and its neighbours.
    let html = page(&app, &viewer, "/map?focus=o1")
        .await
        .text()
        .await
        .unwrap();
    let details = html
        .split(r#"id="details""#)
        .nth(1)
        .expect("a details section");
    assert!(details.contains("Systems: "), "{details}");

    // Data flows between systems are drawn, and a system's details name both ends.
    let flows = app
        .gql(
            &app.viewer,
            "{ systems(first: 100) { edges { node { id name sendsTo { to { name } } } } } }",
            json!({}),
        )
        .await;
    let senders: Vec<&serde_json::Value> = flows["systems"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .filter(|n| !n["sendsTo"].as_array().unwrap().is_empty())
        .collect();
    let count: usize = senders
        .iter()
        .map(|n| n["sendsTo"].as_array().unwrap().len())
        .sum();
    assert!(count >= 4, "the demo states its flows: {flows}");
    assert_eq!(all.matches("edge flow").count(), count, "one arrow a flow");
    let sender = senders[0];
    let focus = format!("/map?focus=s{}", sender["id"].as_str().unwrap());
    let html = page(&app, &viewer, &focus).await.text().await.unwrap();
    let details = html.split(r#"id="details""#).nth(1).unwrap();
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let to = sender["sendsTo"][0]["to"]["name"].as_str().unwrap();
    assert!(
        details.contains(&format!("Sends data to: </span>{}", escape(to))),
        "{details}"
    );

    // 200 more systems, each holding a category: the map still shows every one.
    for i in 0..200 {
        let id = app
            .create_system(&format!("Lagersystem {i:03} – Ålesund"))
            .await;
        app.link_category(&id, "user.contact.email").await;
    }
    let started = std::time::Instant::now();
    let html = page(&app, &viewer, "/map").await.text().await.unwrap();
    let took = started.elapsed();
    assert_eq!(map_systems(&html).len(), systems.len() + 200);
    eprintln!(
        "map with {} systems: {} KiB in {} ms",
        systems.len() + 200,
        html.len() / 1024,
        took.as_millis()
    );
}

both_stores!(graphiql_is_served_offline_and_queries_with_the_session);

/// A console session's GraphiQL: assets from the binary, queries and subscriptions
/// authenticated by the session cookie plus its form token, from this origin only.
async fn graphiql_is_served_offline_and_queries_with_the_session(app: TestApp) {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Message;

    // Not signed in: the page works with a pasted token and names no CDN.
    let html = browser().get(app.url("/graphql")).send().await.unwrap();
    let csp = html.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    let html = html.text().await.unwrap();
    assert!(!html.contains("steward-csrf"));
    assert!(!html.contains("unpkg") && !html.contains("cdn"), "{html}");
    for src in html
        .split(r#"src=""#)
        .skip(1)
        .map(|r| r.split('"').next().unwrap())
    {
        let gz = browser()
            .get(app.url(src))
            .header("Accept-Encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(gz.status(), StatusCode::OK, "{src}");
        assert_eq!(
            gz.headers()[CACHE_CONTROL],
            "public, max-age=86400",
            "{src}"
        );
        // A client without gzip gets the plain file.
        let plain = reqwest::Client::builder()
            .no_gzip()
            .build()
            .unwrap()
            .get(app.url(src))
            .send()
            .await
            .unwrap();
        assert!(plain.headers().get("content-encoding").is_none(), "{src}");
        let body = plain.text().await.unwrap();
        assert!(body.len() > 100, "{src}");
    }

    let cookie = sign_in(&app, &app.viewer).await;
    let html = page(&app, &cookie, "/graphiql").await.text().await.unwrap();
    let csrf = html
        .split(r#"name="steward-csrf" content=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the signed-in page carries the form token")
        .to_owned();
    let query = json!({ "query": "{ systems { totalCount } }" });
    let ask = |csrf: Option<&str>, origin: Option<&str>| {
        let mut r = browser()
            .post(app.url("/graphql"))
            .header("Cookie", &cookie)
            .json(&query);
        if let Some(c) = csrf {
            r = r.header("X-Steward-Csrf", c);
        }
        if let Some(o) = origin {
            r = r.header("Origin", o);
        }
        r.send()
    };
    let ok = ask(Some(&csrf), Some(&format!("http://{}", app.addr)))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let body: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(body["data"]["systems"]["totalCount"], 0, "{body}");
    // The cookie alone, a wrong token, or another site's page: not authenticated.
    assert_eq!(
        ask(None, None).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        ask(Some("forged"), None).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let cross = ask(Some(&csrf), Some("https://evil.example"))
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::UNAUTHORIZED);
    // The session's role holds: a viewer cannot write.
    let write = browser()
        .post(app.url("/graphql"))
        .header("Cookie", &cookie)
        .header("X-Steward-Csrf", &csrf)
        .json(&json!({ "query": "mutation { createSystem(input: {name: \"x\"}) { id } }" }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = write.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );

    // Subscriptions: the form token in connection_init, with the cookie on the upgrade.
    let connect = |with_cookie: bool| {
        let mut request = format!("ws://{}/graphql/ws", app.addr)
            .into_client_request()
            .unwrap();
        let h = request.headers_mut();
        h.insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        h.insert("origin", format!("http://{}", app.addr).parse().unwrap());
        if with_cookie {
            h.insert("cookie", cookie.parse().unwrap());
        }
        tokio_tungstenite::connect_async(request)
    };
    let init = |csrf: &str| {
        Message::text(
            json!({ "type": "connection_init", "payload": { "X-Steward-Csrf": csrf } }).to_string(),
        )
    };
    let (mut ws, _) = connect(true).await.unwrap();
    ws.send(init(&csrf)).await.unwrap();
    let ack = crate::subscriptions::next_json(&mut ws).await.unwrap();
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let (mut ws, _) = connect(false).await.unwrap();
    ws.send(init(&csrf)).await.unwrap();
    assert!(crate::subscriptions::next_json(&mut ws)
        .await
        .is_none_or(|m| m["type"] != "connection_ack"));
    let (mut ws, _) = connect(true).await.unwrap();
    ws.send(init("forged")).await.unwrap();
    assert!(crate::subscriptions::next_json(&mut ws)
        .await
        .is_none_or(|m| m["type"] != "connection_ack"));
}
