//! Putting a server into service: the setup link of an empty database, the
//! first administrator, and the command line's administrators and reset links.

use reqwest::Method;
use serde_json::{json, Value};
use switchboard_server::config::{AdminCommand, Config};

use crate::support::{assert_error, TestServer};

fn setup_body(token: &str) -> Value {
    json!({
        "token": token,
        "company_name": "Acme Parcels",
        "name": "Ada Admin",
        "email": "ada@acme.example",
        "password": "a long secret",
        "line_name": "Customer care",
    })
}

async fn post_anonymous(server: &TestServer, path: &str, body: &Value) -> (u16, Value) {
    server.call(Method::POST, None, path, Some(body)).await
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_their_company_and_channel_once() {
    let server = TestServer::start().await;
    let token = server
        .setup_token
        .clone()
        .expect("an empty database gets a setup link");
    assert_eq!(
        server.get_anonymous("/setup").await,
        (200, json!({"needed": true}))
    );

    let wrong = post_anonymous(&server, "/setup", &setup_body("not-the-token")).await;
    assert_error(&wrong, 404, "not_found");
    let mut bad_email = setup_body(&token);
    bad_email["email"] = json!("ada at acme");
    let refused = post_anonymous(&server, "/setup", &bad_email).await;
    assert_error(&refused, 422, "invalid_email");
    assert_eq!(refused.1["error"]["field"], "email");
    let mut short = setup_body(&token);
    short["password"] = json!("short");
    let refused = post_anonymous(&server, "/setup", &short).await;
    assert_eq!(
        (refused.0, refused.1["error"]["field"].as_str()),
        (422, Some("password"))
    );

    // Refusals used nothing: the link still works.
    let (status, body) = post_anonymous(&server, "/setup", &setup_body(&token)).await;
    assert_eq!(status, 200, "{body}");
    let session = body["token"].as_str().unwrap().to_owned();
    assert_eq!(body["user"]["role"], "admin");
    let audit = server.get_ok(&session, "/audit").await;
    assert_eq!(audit["entries"][0]["action"], "admin_created");
    assert_eq!(audit["entries"][0]["actor_name"], "Ada Admin");
    let me = server.get_ok(&session, "/me").await;
    assert_eq!(
        (me["name"].as_str(), me["email"].as_str()),
        (Some("Ada Admin"), Some("ada@acme.example"))
    );
    let lines = server.get_ok(&session, "/lines").await;
    assert_eq!(lines.as_array().unwrap().len(), 1);
    assert_eq!(lines[0]["name"], "Customer care");
    assert_eq!(
        server.get_ok(&session, "/company").await["name"],
        "Acme Parcels"
    );
    assert_eq!(
        server.get_anonymous("/setup").await,
        (200, json!({"needed": false}))
    );
    assert_eq!(
        server
            .login_attempt("ada@acme.example", "a long secret")
            .await
            .0,
        200
    );

    // Single use: the same link again is refused.
    let again = post_anonymous(&server, "/setup", &setup_body(&token)).await;
    assert_error(&again, 409, "conflict");
}

#[tokio::test]
async fn a_restart_replaces_the_unused_setup_link() {
    let data = tempfile::tempdir().unwrap();
    let path = data.path().to_path_buf();
    let first = TestServer::start_in(data, |_| {}).await;
    let old = first.setup_token.clone().unwrap();
    // A second server on the same database stands for the restart.
    let second = TestServer::start_with(|config| config.data_dir = path.clone()).await;
    let new = second.setup_token.clone().unwrap();
    assert_ne!(old, new);
    let stale = post_anonymous(&second, "/setup", &setup_body(&old)).await;
    assert_error(&stale, 404, "not_found");
    assert_eq!(
        post_anonymous(&second, "/setup", &setup_body(&new)).await.0,
        200
    );
    // The first server keeps the folder until the end of the test.
    drop(first);
}

#[tokio::test]
async fn the_demo_needs_no_setup() {
    let server = TestServer::demo().await;
    assert!(server.setup_token.is_none());
    assert_eq!(
        server.get_anonymous("/setup").await,
        (200, json!({"needed": false}))
    );
}

async fn admin_command(server: &TestServer, command: AdminCommand, password: &str) -> String {
    let mut config = Config::for_tests(server.data_dir().to_path_buf());
    config.database_url = crate::support::database::url_for(server.data_dir());
    let password = password.to_owned();
    switchboard_server::admin(&config, &command, move || Ok(password))
        .await
        .expect("the command succeeds")
}

#[tokio::test]
async fn the_command_line_creates_an_admin_who_can_log_in_and_setup_is_no_longer_offered() {
    let server = TestServer::start().await;
    let token = server.setup_token.clone().unwrap();
    let create = AdminCommand::Create {
        email: "root@acme.example".into(),
        name: "Root".into(),
    };
    let said = admin_command(&server, create.clone(), "correct horse").await;
    assert!(said.contains("root@acme.example"), "{said}");
    assert_eq!(
        server
            .login_attempt("root@acme.example", "correct horse")
            .await
            .0,
        200
    );
    assert_eq!(server.get_anonymous("/setup").await.1["needed"], false);
    assert_error(
        &post_anonymous(&server, "/setup", &setup_body(&token)).await,
        409,
        "conflict",
    );
    // The audit log says who made the administrator: the command line.
    let (_, login) = server
        .login_attempt("root@acme.example", "correct horse")
        .await;
    let session = login["token"].as_str().unwrap();
    let audit = server.get_ok(session, "/audit").await;
    assert_eq!(audit["entries"][0]["action"], "admin_created");
    assert_eq!(audit["entries"][0]["actor_name"], "Command line");
    assert_eq!(audit["entries"][0]["actor_id"], Value::Null);
    let mut config = Config::for_tests(server.data_dir().to_path_buf());
    config.database_url = crate::support::database::url_for(server.data_dir());
    let twice = switchboard_server::admin(&config, &create, || Ok("correct horse".into())).await;
    assert!(twice.unwrap_err().to_string().contains("already"));
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let (server, session) = TestServer::demo_as("marc@example.com").await;
    let said = admin_command(
        &server,
        AdminCommand::ResetPassword {
            email: "marc@example.com".into(),
        },
        "",
    )
    .await;
    let token = said
        .split("token=")
        .nth(1)
        .expect("a link")
        .trim()
        .to_owned();

    let short = json!({"token": token, "new_password": "short"});
    let refused = post_anonymous(&server, "/auth/reset-password", &short).await;
    assert_eq!(
        (refused.0, refused.1["error"]["field"].as_str()),
        (422, Some("new_password"))
    );

    let reset = json!({"token": token, "new_password": "a brand new one"});
    let (status, body) = post_anonymous(&server, "/auth/reset-password", &reset).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"]["email"], "marc@example.com");
    assert_eq!(
        server.get(&session, "/me").await.0,
        401,
        "the old session ended"
    );
    assert_eq!(
        server.login_attempt("marc@example.com", "demo").await.0,
        401
    );
    assert_eq!(
        server
            .login_attempt("marc@example.com", "a brand new one")
            .await
            .0,
        200
    );

    let again = post_anonymous(&server, "/auth/reset-password", &reset).await;
    assert_error(&again, 404, "not_found");
}
