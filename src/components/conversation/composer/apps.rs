//! "Market apps": the installed apps, each opened beside the composer in a
//! sandboxed iframe (`allow-scripts`, never `allow-same-origin`). The app
//! gets the conversation's context through `postMessage` and may ask to
//! insert text in the composer (docs/apps.md). Admins also see the catalog
//! with "Install"; others see no such button (and the API refuses them).

use leptos::html::Iframe;
use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    AppContext, AppToHost, HostToApp, InstallAppRequest, MarketApp, Role, APP_PROTOCOL_VERSION,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::toolbar::ToolPanel;
use super::Compose;
use crate::api::Api;
use crate::i18n::*;
use crate::projection::use_locale;

fn context(compose: Compose, locale: &str) -> Option<AppContext> {
    let id = compose.id;
    let row = compose
        .conversations
        .queue
        .with_untracked(|queue| queue.get(id).cloned())?;
    let last_customer_message = compose.conversations.logs.with_untracked(|logs| {
        logs.get(&id).and_then(|log| {
            log.messages()
                .iter()
                .rev()
                .find(|m| m.author.kind == switchboard_protocol::AuthorKind::Customer)
                .map(|m| m.text.clone())
        })
    });
    Some(AppContext {
        conversation_id: id,
        customer_name: row.conversation.customer.name.clone(),
        channel: row.conversation.channel,
        line_name: compose.session.line_name(row.conversation.line_id),
        operator_name: compose.session.me.with_untracked(|me| me.name.clone()),
        locale: locale.to_owned(),
        last_customer_message,
    })
}

/// One app, running in its frame.
#[component]
fn AppFrame(app: MarketApp, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let api = expect_context::<Api>();
    let frame = NodeRef::<Iframe>::new();
    let src = api.resolve(&app.url).unwrap_or_default();
    let locale_tag = move || locale.as_str().to_owned();
    let send_context = move || {
        let (Some(frame), Some(context)) = (frame.get_untracked(), context(compose, &locale_tag()))
        else {
            return;
        };
        let message = HostToApp::Context {
            version: APP_PROTOCOL_VERSION,
            context,
        };
        let Ok(json) = serde_json::to_string(&message) else {
            return;
        };
        if let (Some(target), Ok(value)) = (frame.content_window(), js_sys::JSON::parse(&json)) {
            // The frame's origin is opaque ("null"): "*" is the only target.
            let _ = target.post_message(&value, "*");
        }
    };
    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(frame) = frame.get_untracked() else {
                return;
            };
            // Only this app's own window may talk to us.
            let from_frame = match (event.source(), frame.content_window()) {
                (Some(source), Some(window)) => {
                    source.unchecked_ref::<js_sys::Object>()
                        == window.unchecked_ref::<js_sys::Object>()
                }
                _ => false,
            };
            if !from_frame {
                return;
            }
            let Some(json) = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|s| s.as_string())
            else {
                return;
            };
            match serde_json::from_str::<AppToHost>(&json) {
                Ok(AppToHost::Ready { .. }) => send_context(),
                Ok(AppToHost::InsertText { text, .. }) => compose.insert(&text),
                Err(_) => {}
            }
        });
    let _ = window().add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    let listener = StoredValue::new_local(Some(listener));
    on_cleanup(move || {
        if let Some(listener) = listener.try_update_value(Option::take).flatten() {
            let _ = window()
                .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        }
    });
    let title = app.name.clone();
    let label = app.name.clone();
    view! {
        <section class="app-panel" aria-label=label>
            <header class="app-panel-head">
                <h3>{app.name.clone()}</h3>
                <button type="button" class="link-button" on:click=move |_| on_close.run(())>
                    {td!(locale, composer.close_app)}
                </button>
            </header>
            <iframe
                node_ref=frame
                src=src
                title=title
                sandbox="allow-scripts"
                referrerpolicy="no-referrer"
            ></iframe>
        </section>
    }
}

/// The panel of the "Market apps" button.
#[component]
pub fn AppsPanel() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let admin = compose
        .session
        .me
        .with_untracked(|me| me.role == Role::Admin);
    let installed = RwSignal::new(None::<Result<Vec<MarketApp>, String>>);
    let catalog = RwSignal::new(None::<Result<Vec<MarketApp>, String>>);
    let open = RwSignal::new(None::<MarketApp>);
    let reload = move || {
        spawn_local(async move {
            installed.set(Some(compose.conversations.apps(false).await));
            if admin {
                catalog.set(Some(compose.conversations.apps(true).await));
            }
        });
    };
    reload();
    let install = move |app: MarketApp| {
        spawn_local(async move {
            match compose
                .conversations
                .install_app(InstallAppRequest { app_id: app.id })
                .await
            {
                Ok(()) => reload(),
                Err(message) => compose.error.set(Some(message)),
            }
        });
    };
    view! {
        <ToolPanel label=td_string!(locale, composer.market_apps) class="apps" inner_open=Signal::derive(move || open.with(Option::is_some))>
            {move || match open.get() {
                Some(app) => view! {
                    <AppFrame app=app on_close=Callback::new(move |()| open.set(None)) />
                }
                .into_any(),
                None => view! {
                    {move || match installed.get() {
                        None => view! { <p role="status">{td!(locale, composer.apps_loading)}</p> }.into_any(),
                        Some(Err(error)) => view! { <p role="alert">{error}</p> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => {
                            view! { <p class="empty-state">{td!(locale, composer.apps_empty)}</p> }.into_any()
                        }
                        Some(Ok(list)) => view! {
                            <ul class="canned-list" aria-label=move || td_string!(locale, composer.installed_apps)>
                                {list
                                    .into_iter()
                                    .map(|app| {
                                        let name = app.name.clone();
                                        let description = app.description.clone();
                                        view! {
                                            <li class="canned-item">
                                                <button type="button" class="canned-insert" on:click=move |_| open.set(Some(app.clone()))>
                                                    <span class="canned-title">{name}</span>
                                                    <span class="canned-text">{description}</span>
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                    }}
                    {admin.then(|| view! {
                        <h3 class="apps-catalog-title">{td!(locale, composer.catalog)}</h3>
                        {move || match catalog.get() {
                            None => ().into_any(),
                            Some(Err(error)) => view! { <p role="alert">{error}</p> }.into_any(),
                            Some(Ok(list)) => view! {
                                <ul class="canned-list" aria-label=move || td_string!(locale, composer.catalog)>
                                    {list
                                        .into_iter()
                                        .filter(|app| !app.installed)
                                        .map(|app| {
                                            let name = app.name.clone();
                                            let label = app.name.clone();
                                            view! {
                                                <li class="canned-item" aria-label=label>
                                                    <span class="canned-title">{name}</span>
                                                    <button type="button" on:click=move |_| install(app.clone())>
                                                        {td!(locale, composer.install)}
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any(),
                        }}
                    })}
                }
                .into_any(),
            }}
        </ToolPanel>
    }
}
