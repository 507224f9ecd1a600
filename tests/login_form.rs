//! Browser tests of the login form: mounted for real in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::prelude::*;
use switchboard::api::Api;
use switchboard::components::login::LoginForm;
use switchboard::i18n::*;
use switchboard::session::Session;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

use common::{eventually, host, text_of, UNREACHABLE};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_form(api: Api) -> (HtmlElement, impl Sized) {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let api = api.clone();
        view! {
            <I18nContextProvider>
                {provide_context(api)}
                <LoginForm on_logged_in=Callback::new(|_: Session| {}) />
            </I18nContextProvider>
        }
    });
    (host, handle)
}

fn input(host: &HtmlElement, selector: &str) -> HtmlInputElement {
    host.query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn type_into(field: &HtmlInputElement, text: &str) {
    field.set_value(text);
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn alert_text(host: &HtmlElement) -> String {
    text_of(host, "[role=alert]")
}

fn submit(host: &HtmlElement) {
    let button: HtmlElement = host
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
}

#[wasm_bindgen_test]
async fn labels_name_every_field() {
    let (host, _handle) = mount_form(Api::new(""));
    leptos::task::tick().await;
    let labels: Vec<String> = (0..2)
        .map(|index| {
            host.query_selector_all("label")
                .unwrap()
                .item(index)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(labels, ["Email", "Password"]);
    assert_eq!(
        host.query_selector("button[type=submit]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Log in"
    );
}

#[wasm_bindgen_test]
async fn an_empty_form_says_what_is_missing_without_calling_the_server() {
    let (host, _handle) = mount_form(Api::new(UNREACHABLE));
    leptos::task::tick().await;
    submit(&host);
    leptos::task::tick().await;
    assert_eq!(alert_text(&host), "Enter your email address.");

    type_into(&input(&host, "#login-email"), "olivia@example.com");
    submit(&host);
    leptos::task::tick().await;
    assert_eq!(alert_text(&host), "Enter your password.");
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_reported_and_the_email_is_kept() {
    let (host, _handle) = mount_form(Api::new(UNREACHABLE));
    leptos::task::tick().await;
    type_into(&input(&host, "#login-email"), "olivia@example.com");
    type_into(&input(&host, "#login-password"), "demo");
    submit(&host);
    let expected = "Cannot reach the server. Check your connection and try again.";
    eventually(|| alert_text(&host) == expected).await;
    assert_eq!(alert_text(&host), expected);
    assert_eq!(input(&host, "#login-email").value(), "olivia@example.com");
}
