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
