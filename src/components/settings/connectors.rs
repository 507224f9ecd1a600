//! "Connectors": how customers reach each open channel. Adding one (its
//! capabilities preset by its channel), its inbound URL shown once with the
//! secret token, "Rotate token" (the old one is refused at once),
//! disabling or enabling it, and how its messages reach customers: the
//! generic webhook's outbound URL, or a Telegram bot ("Check", "Connect"),
//! with the deliveries waiting and the last error.

use leptos::prelude::*;
use switchboard_protocol::{
    Connector, ConnectorId, ConnectorKind, ConnectorSecret, LineId, NewConnectorRequest,
    TelegramBot, UpdateConnectorRequest, WidgetSettings,
};

use super::form::{Confirm, SecretBox, Sender};
use super::page::may_change;
use crate::components::kit::form::{FormError, SelectField, TextArea, TextField};
use crate::components::kit::modal::Modal;
use crate::format::{channel, channel_key, CHANNELS};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::SessionStore;

/// What is open over the list.
#[derive(Clone)]
enum Open {
    Rotate(Connector),
    Secret(ConnectorSecret),
    Delivery(ConnectorId),
    Widget(Connector),
}

/// The Connectors section.
#[component]
pub fn ConnectorsSection() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let admin = may_change(store);
    let open = RwSignal::new(None::<Open>);
    let close = Callback::new(move |()| open.set(None));
    let lines = move || {
        store.lines.with(|lines| {
            lines
                .iter()
                .filter(|line| !line.archived)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        {admin.then(|| view! { <NewConnector open=open /> })}
        <For each=lines key=|line| {
            // Everything a row shows (delivery included) redraws it.
            (line.id, line.name.clone(), format!("{:?}", line.connectors))
        } let:line>
            {
                let title_id = format!("connectors-{}", line.id);
                let labelled_by = title_id.clone();
                let connectors = line.connectors.clone();
                view! {
                    <section class="settings-card" aria-labelledby=labelled_by>
                        <h3 id=title_id>{line.name.clone()}</h3>
                        {if connectors.is_empty() {
                            view! { <p class="page-meta">{td!(locale, settings.no_connectors)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="settings-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{td!(locale, settings.name)}</th>
                                            <th scope="col">{td!(locale, settings.channel)}</th>
                                            <th scope="col">{td!(locale, settings.capabilities)}</th>
                                            <th scope="col">{td!(locale, settings.status)}</th>
                                            <th scope="col">{td!(locale, settings.delivery)}</th>
                                            {admin.then(|| view! { <th scope="col">{td!(locale, settings.actions)}</th> })}
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {connectors.into_iter().map(|connector| view! { <ConnectorRow connector=connector admin=admin open=open /> }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>
                }
            }
        </For>
        {move || match open.get() {
            None => ().into_any(),
            Some(Open::Rotate(connector)) => view! { <RotateDialog connector=connector open=open on_close=close /> }.into_any(),
            Some(Open::Secret(secret)) => view! { <SecretDialog secret=secret on_close=close /> }.into_any(),
            Some(Open::Delivery(id)) => view! { <DeliveryDialog id=id on_close=close /> }.into_any(),
            Some(Open::Widget(connector)) => view! { <WidgetDialog connector=connector on_close=close /> }.into_any(),
        }}
    }
}

/// What a connector carries, in words.
fn capabilities(locale: Locale, connector: &Connector) -> String {
    let caps = &connector.capabilities;
    let mut said = Vec::new();
    if caps.files {
        match caps.max_file_bytes {
            Some(bytes) => said.push(format!(
                "{} ≤ {} MB",
                td_string!(locale, settings.cap_files),
                bytes / (1024 * 1024)
            )),
            None => said.push(td_string!(locale, settings.cap_files).to_owned()),
        }
    } else {
        said.push(td_string!(locale, settings.cap_text_only).to_owned());
    }
    if caps.edit_on_customer_side {
        said.push(td_string!(locale, settings.cap_edits).to_owned());
    }
    if caps.delete_on_customer_side {
        said.push(td_string!(locale, settings.cap_deletions).to_owned());
    }
    if caps.typing_indicator {
        said.push(td_string!(locale, settings.cap_typing).to_owned());
    }
    if let Some(limit) = caps.max_text_length {
        said.push(format!(
            "{} {limit}",
            td_string!(locale, settings.cap_limit)
        ));
    }
    said.join(" · ")
}

/// How a connector's deliveries are doing, in words.
fn delivery_text(locale: Locale, connector: &Connector) -> String {
    let Some(delivery) = &connector.delivery else {
        return td_string!(locale, settings.delivery_polled).to_owned();
    };
    let mut said = vec![format!(
        "{}: {}",
        td_string!(locale, settings.queued),
        delivery.queued
    )];
    match (&delivery.last_error, delivery.last_error_at) {
        (Some(error), Some(at)) => said.push(format!(
            "{} ({}): {error}",
            td_string!(locale, settings.last_error),
            crate::format::date_time(locale, at)
        )),
        (Some(error), None) => {
            said.push(format!(
                "{}: {error}",
                td_string!(locale, settings.last_error)
            ));
        }
        (None, _) => said.push(td_string!(locale, settings.delivery_ok).to_owned()),
    }
    said.join(" · ")
}

#[component]
fn ConnectorRow(connector: Connector, admin: bool, open: RwSignal<Option<Open>>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = connector.id;
    let enabled = connector.enabled;
    let name = connector.name.clone();
    let toggle = Sender::new(
        &[],
        move |request: UpdateConnectorRequest| async move {
            store.client().update_connector(id, &request).await
        },
        |_| {},
    );
    let rotate = connector.clone();
    let widget = (connector.kind == ConnectorKind::Livechat).then(|| connector.clone());
    view! {
        <tr class:inactive=!enabled>
            <th scope="row">{connector.name.clone()}</th>
            <td>{channel(locale, connector.kind)}</td>
            <td>{capabilities(locale, &connector)}</td>
            <td>{if enabled { td_string!(locale, settings.enabled) } else { td_string!(locale, settings.disabled) }}</td>
            <td>{delivery_text(locale, &connector)}</td>
            {admin.then(|| view! {
                <td class="row-actions">
                    {widget.map(|widget| view! {
                        <button type="button" on:click=move |_| open.set(Some(Open::Widget(widget.clone())))>
                            {td!(locale, settings.widget)}
                        </button>
                    })}
                    <button type="button" on:click=move |_| open.set(Some(Open::Delivery(id)))>
                        {td!(locale, settings.delivery)}
                    </button>
                    <button type="button" on:click=move |_| open.set(Some(Open::Rotate(rotate.clone())))>
                        {td!(locale, settings.rotate_token)}
                    </button>
                    <button
                        type="button"
                        disabled=toggle.pending()
                        on:click=move |_| toggle.send(UpdateConnectorRequest { name: name.clone(), enabled: !enabled })
                    >
                        {if enabled { td_string!(locale, settings.disable) } else { td_string!(locale, settings.enable) }}
                    </button>
                    <FormError error=toggle.whole() />
                </td>
            })}
        </tr>
    }
}

/// "Add connector": the channel it feeds, its kind and its name.
#[component]
fn NewConnector(open: RwSignal<Option<Open>>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let line = RwSignal::new(String::new());
    let kind = RwSignal::new(channel_key(ConnectorKind::Livechat).to_owned());
    let name = RwSignal::new(String::new());
    let sender = Sender::new(
        &["name"],
        move |(line, request): (LineId, NewConnectorRequest)| async move {
            store.client().add_connector(line, &request).await
        },
        move |secret| {
            name.set(String::new());
            open.set(Some(Open::Secret(secret)));
        },
    );
    let error = RwSignal::new(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(line) = line.get_untracked().parse::<i64>().ok().map(LineId) else {
            error.set(Some(td_string!(locale, settings.choose_line).to_owned()));
            return;
        };
        error.set(None);
        let kind = CHANNELS
            .into_iter()
            .find(|each| channel_key(*each) == kind.get_untracked())
            .unwrap_or(ConnectorKind::Webhook);
        sender.send((
            line,
            NewConnectorRequest {
                kind,
                name: name.get_untracked(),
            },
        ));
    };
    let lines = move || {
        store.lines.with(|lines| {
            lines
                .iter()
                .filter(|line| !line.archived)
                .map(|line| (line.id, line.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form class="settings-inline-form" on:submit=submit novalidate=true aria-label=td_string!(locale, settings.add_connector)>
            <SelectField label=td_string!(locale, settings.line) value=line>
                <option value="">{td!(locale, settings.choose)}</option>
                <For each=lines key=|(id, name)| (*id, name.clone()) let:each>
                    <option value=each.0.to_string()>{each.1}</option>
                </For>
            </SelectField>
            <SelectField label=td_string!(locale, settings.channel) value=kind>
                {CHANNELS.into_iter().map(|each| view! { <option value=channel_key(each)>{channel(locale, each)}</option> }).collect_view()}
            </SelectField>
            <TextField label=td_string!(locale, settings.display_name) value=name error=sender.field("name") required=true maxlength=100 />
            <button type="submit" class="primary" disabled=sender.pending()>{td!(locale, settings.add_connector)}</button>
            <FormError error=error />
            <FormError error=sender.whole() />
        </form>
    }
}

/// "Rotate token", confirmed: the old inbound URL stops working at once.
#[component]
fn RotateDialog(
    connector: Connector,
    open: RwSignal<Option<Open>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = connector.id;
    let sender = Sender::new(
        &[],
        move |()| async move { store.client().rotate_token(id).await },
        move |secret| open.set(Some(Open::Secret(secret))),
    );
    let title = format!(
        "{} — {}",
        td_string!(locale, settings.rotate_token),
        connector.name
    );
    view! {
        <Confirm
            title=title
            text=td_string!(locale, settings.rotate_text).to_owned()
            confirm=td_string!(locale, settings.rotate_token)
            pending=sender.pending()
            error=sender.whole()
            on_confirm=Callback::new(move |()| sender.send(()))
            on_cancel=on_close
        />
    }
}

/// A connector's inbound URL, shown once.
#[component]
fn SecretDialog(secret: ConnectorSecret, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let title = secret.connector.name.clone();
    let hint = td_string!(locale, settings.inbound_hint).to_owned();
    view! {
        <Modal title=title on_close=on_close>
            <SecretBox label=td_string!(locale, settings.inbound_url) value=secret.inbound_url.clone() hint=hint />
            <div class="dialog-actions">
                <button type="button" class="primary" on:click=move |_| on_close.run(())>{td!(locale, settings.done)}</button>
            </div>
        </Modal>
    }
}

/// "Delivery": where a connector's messages go. A Telegram connector takes
/// its bot token, "Check" (the bot's name) and "Connect" (its webhook);
/// any other kind an outbound URL, or none to be polled.
#[component]
fn DeliveryDialog(id: ConnectorId, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let connector = move || {
        store.lines.with(|lines| {
            lines
                .iter()
                .flat_map(|line| line.connectors.iter())
                .find(|c| c.id == id)
                .cloned()
        })
    };
    let Some(initial) = connector() else {
        return ().into_any();
    };
    let title = format!(
        "{} — {}",
        td_string!(locale, settings.delivery_of),
        initial.name
    );
    let status = move || connector().map(|c| delivery_text(locale, &c));
    let body = if initial.kind == ConnectorKind::Telegram {
        view! { <TelegramBotForm id=id connector=Signal::derive(connector) /> }.into_any()
    } else {
        view! { <OutboundForm id=id initial=initial.outbound_url.clone().unwrap_or_default() /> }
            .into_any()
    };
    view! {
        <Modal title=title on_close=on_close>
            <p class="page-meta" role="status">{status}</p>
            {body}
            <div class="dialog-actions">
                <button type="button" on:click=move |_| on_close.run(())>{td!(locale, settings.done)}</button>
            </div>
        </Modal>
    }
    .into_any()
}

/// The generic webhook's outbound URL.
#[component]
fn OutboundForm(id: ConnectorId, initial: String) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let url = RwSignal::new(initial);
    let saved = RwSignal::new(false);
    let sender = Sender::new(
        &["url"],
        move |url: Option<String>| async move { store.client().set_outbound_url(id, url).await },
        move |_| saved.set(true),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        let value = url.get_untracked();
        sender.send((!value.trim().is_empty()).then_some(value));
    };
    view! {
        <form class="dialog-form" on:submit=submit novalidate=true>
            <TextField label=td_string!(locale, settings.outbound_url) value=url kind="url" error=sender.field("url") maxlength=2000 />
            <p class="field-hint">{td!(locale, settings.outbound_hint)}</p>
            <div class="row-actions">
                <button type="submit" class="primary" disabled=sender.pending()>{td!(locale, settings.save_outbound)}</button>
            </div>
            <FormError error=sender.whole() />
            <p role="status" class="page-meta">{move || saved.get().then(|| td_string!(locale, settings.saved))}</p>
        </form>
    }
}

/// A Telegram connector's bot: its token, "Check" and "Connect".
#[component]
fn TelegramBotForm(id: ConnectorId, connector: Signal<Option<Connector>>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let token = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let bot = RwSignal::new(None::<TelegramBot>);
    let save = Sender::new(
        &["bot_token"],
        move |bot_token: String| async move { store.client().set_bot_token(id, bot_token).await },
        move |_| {
            token.set(String::new());
            saved.set(true);
        },
    );
    let check = Sender::new(
        &[],
        move |()| async move { store.client().check_bot(id).await },
        move |found| bot.set(Some(found)),
    );
    let connect = Sender::new(
        &[],
        move |()| async move { store.client().connect_bot(id).await },
        |_| {},
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        save.send(token.get_untracked());
    };
    let bot_line = move || {
        let known = bot.get().map(|bot| match bot.username {
            Some(username) => format!("{} (@{username})", bot.name),
            None => bot.name,
        });
        known
            .or_else(|| connector.get().and_then(|c| c.bot_name))
            .map(|name| format!("{}: {name}", td_string!(locale, settings.bot)))
    };
    let connected = move || connector.get().is_some_and(|c| c.bot_connected);
    view! {
        <form class="dialog-form" on:submit=submit novalidate=true>
            <TextField label=td_string!(locale, settings.bot_token) value=token kind="password" error=save.field("bot_token") maxlength=200 />
            <p class="field-hint">{td!(locale, settings.bot_token_hint)}</p>
            <div class="row-actions">
                <button type="submit" class="primary" disabled=save.pending()>{td!(locale, settings.save_token)}</button>
                <button type="button" disabled=check.pending() on:click=move |_| check.send(())>{td!(locale, settings.check)}</button>
                <button type="button" disabled=connect.pending() on:click=move |_| connect.send(())>{td!(locale, settings.connect)}</button>
            </div>
            <FormError error=save.whole() />
            <FormError error=check.whole() />
            <FormError error=connect.whole() />
            <p role="status" class="page-meta">{move || saved.get().then(|| td_string!(locale, settings.saved))}</p>
            <p role="status" class="page-meta">{bot_line}</p>
            <p class="page-meta">
                {move || if connected() {
                    td_string!(locale, settings.bot_connected)
                } else {
                    td_string!(locale, settings.bot_not_connected)
                }}
            </p>
        </form>
    }
}

/// "Website chat": the widget's settings of a website-chat connector (its
/// public id, the sites allowed to embed it, its welcome and offline
/// messages) and the script tag to paste into the site.
#[component]
fn WidgetDialog(connector: Connector, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = connector.id;
    let public_id = RwSignal::new(String::new());
    let origins = RwSignal::new(String::new());
    let welcome = RwSignal::new(String::new());
    let offline = RwSignal::new(String::new());
    let loaded = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let fill = move |settings: WidgetSettings| {
        public_id.set(settings.public_id.clone());
        origins.set(settings.allowed_origins.join("\n"));
        welcome.set(settings.welcome_message.unwrap_or_default());
        offline.set(settings.offline_message.unwrap_or_default());
        loaded.set(Some(settings.public_id));
    };
    let load = Sender::new(
        &[],
        move |()| async move { store.client().widget_settings(id).await },
        fill,
    );
    load.send(());
    let save = Sender::new(
        &[
            "public_id",
            "allowed_origins",
            "welcome_message",
            "offline_message",
        ],
        move |settings: WidgetSettings| async move {
            store.client().set_widget_settings(id, &settings).await
        },
        move |settings| {
            fill(settings);
            saved.set(true);
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        let text = |value: RwSignal<String>| {
            let value = value.get_untracked();
            (!value.trim().is_empty()).then_some(value)
        };
        save.send(WidgetSettings {
            public_id: public_id.get_untracked(),
            allowed_origins: origins
                .get_untracked()
                .split(['\n', ',', ' '])
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(str::to_owned)
                .collect(),
            welcome_message: text(welcome),
            offline_message: text(offline),
        });
    };
    let snippet = move || {
        loaded.get().map(|public_id| {
            let script = store.client().api().resolve("/widget.js").unwrap_or_default();
            let script = if script.starts_with('/') {
                format!("{}{script}", window().location().origin().unwrap_or_default())
            } else {
                script
            };
            view! {
                <SecretBox
                    label=td_string!(locale, settings.widget_snippet)
                    value=format!("<script src=\"{script}\" data-connector=\"{public_id}\" async></script>")
                    hint=td_string!(locale, settings.widget_snippet_hint).to_owned()
                />
            }
        })
    };
    let title = format!(
        "{} — {}",
        td_string!(locale, settings.widget),
        connector.name
    );
    view! {
        <Modal title=title on_close=on_close>
            <FormError error=load.whole() />
            {snippet}
            <form class="dialog-form" on:submit=submit novalidate=true>
                <TextField label=td_string!(locale, settings.widget_public_id) value=public_id error=save.field("public_id") maxlength=64 />
                <TextArea label=td_string!(locale, settings.widget_origins) value=origins rows=3 error=save.field("allowed_origins") />
                <p class="field-hint">{td!(locale, settings.widget_origins_hint)}</p>
                <TextArea label=td_string!(locale, settings.widget_welcome) value=welcome rows=2 error=save.field("welcome_message") />
                <TextArea label=td_string!(locale, settings.widget_offline) value=offline rows=2 error=save.field("offline_message") />
                <div class="row-actions">
                    <button type="submit" class="primary" disabled=save.pending()>{td!(locale, settings.save_widget)}</button>
                </div>
                <FormError error=save.whole() />
                <p role="status" class="page-meta">{move || saved.get().then(|| td_string!(locale, settings.saved))}</p>
            </form>
            <div class="dialog-actions">
                <button type="button" on:click=move |_| on_close.run(())>{td!(locale, settings.done)}</button>
            </div>
        </Modal>
    }
}
