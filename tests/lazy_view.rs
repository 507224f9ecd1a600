//! Browser tests of a lazily loaded part's view: what the operator sees
//! while it loads, when it cannot arrive, and after "Retry".
#![cfg(target_arch = "wasm32")]

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use switchboard::i18n::*;
use switchboard::lazy::{Lazy, LazyView, Loaded, PartError};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use common::{eventually, host, text_of};

wasm_bindgen_test_configure!(run_in_browser);

/// Fails its first load (a network error), then loads a part.
static ATTEMPTS: AtomicU32 = AtomicU32::new(0);

#[derive(Clone, Copy)]
struct Greeting {
    text: &'static str,
}

fn flaky_loader() -> Pin<Box<dyn Future<Output = Loaded<Greeting>>>> {
    Box::pin(async {
        common::sleep(std::time::Duration::from_millis(30)).await;
        if ATTEMPTS.fetch_add(1, Ordering::SeqCst) == 0 {
            Err(PartError)
        } else {
            Ok(Greeting {
                text: "The part arrived",
            })
        }
    })
}

fn mount(part: Lazy<Greeting>) -> (HtmlElement, impl Sized) {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <I18nContextProvider>
                <LazyView
                    part=part
                    render=|greeting: Greeting| view! { <p class="greeting">{greeting.text}</p> }.into_any()
                />
            </I18nContextProvider>
        }
    });
    (host, handle)
}

#[wasm_bindgen_test]
async fn a_part_that_cannot_arrive_says_so_and_retry_loads_it() {
    let part = Lazy::new(flaky_loader);
    let (host, _handle) = mount(part);

    // Asking for the part starts its load; meanwhile a polite status.
    leptos::task::tick().await;
    assert_eq!(text_of(&host, "[role=status]"), "Loading…");

    // The load fails: the reason in place, and a way to try again.
    assert!(eventually(|| !text_of(&host, "[role=alert]").is_empty()).await);
    assert!(text_of(&host, "[role=alert]").contains("could not be loaded"));
    assert!(text_of(&host, ".greeting").is_empty());
    let retry: HtmlElement = host
        .query_selector("[role=alert] button")
        .unwrap()
        .expect("a Retry button")
        .unchecked_into();
    assert_eq!(retry.text_content().unwrap_or_default(), "Retry");

    retry.click();
    assert!(eventually(|| text_of(&host, ".greeting") == "The part arrived").await);
    assert!(host.query_selector("[role=alert]").unwrap().is_none());
    assert_eq!(ATTEMPTS.load(Ordering::SeqCst), 2);
}
