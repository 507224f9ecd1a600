//! Browser tests of the login form: mounted for real in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use leptos::prelude::*;
use switchboard::api::Api;
use switchboard::components::login::LoginForm;
use switchboard::i18n::*;
use switchboard::session::Session;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_form(api: Api) -> (HtmlElement, impl Sized) {
    let document = document();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
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
    host.query_selector("[role=alert]")
        .unwrap()
        .map(|alert| alert.text_content().unwrap_or_default())
        .unwrap_or_default()
}

fn submit(host: &HtmlElement) {
    let button: HtmlElement = host
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
}

async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                duration.as_millis() as i32,
            )
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
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
    let (host, _handle) = mount_form(Api::new("http://127.0.0.1:9"));
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
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    let (host, _handle) = mount_form(Api::new("http://127.0.0.1:9"));
    leptos::task::tick().await;
    type_into(&input(&host, "#login-email"), "olivia@example.com");
    type_into(&input(&host, "#login-password"), "demo");
    submit(&host);
    let expected = "Cannot reach the server. Check your connection and try again.";
    for _ in 0..100 {
        leptos::task::tick().await;
        if alert_text(&host) == expected {
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(alert_text(&host), expected);
    assert_eq!(input(&host, "#login-email").value(), "olivia@example.com");
}
