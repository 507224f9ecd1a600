//! "Snooze": puts the conversation in progress aside until a preset or a
//! chosen time, in the operator's time zone; the server works out the
//! instant. A refusal of the chosen time is said under its field, which
//! keeps what was typed.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, SnoozePreset};

use crate::api::ApiError;
use crate::components::kit::form::{FormError, TextField};
use crate::components::kit::modal::Modal;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::ConversationStore;

/// The operator's IANA time zone, as the browser knows it (`UTC` if not).
fn time_zone() -> String {
    use js_sys::{Array, Intl, Object, Reflect};
    let options = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// What to say of a refusal: under the field (`true`) or under the form.
fn refusal(locale: Locale, error: ApiError) -> (bool, String) {
    let text = |text: &str| text.to_owned();
    match error {
        ApiError::Server { code, field, .. } if field.as_deref() == Some("local") => {
            let message = match code.as_str() {
                "snooze_time_past" => text(td_string!(locale, snooze.past)),
                "snooze_time_too_far" => text(td_string!(locale, snooze.too_far)),
                _ => text(td_string!(locale, snooze.invalid)),
            };
            (true, message)
        }
        ApiError::Server { code, .. } if code == "conversation_changed" => {
            (false, text(td_string!(locale, actions.refused_changed)))
        }
        other => (
            false,
            format!(
                "{} {}",
                td_string!(locale, conversation.failed),
                other.explanation()
            ),
        ),
    }
}

/// The snooze dialog of a conversation.
#[component]
pub fn SnoozeDialog(
    /// The conversation.
    id: ConversationId,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    let local = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let sending = Action::new_local(move |(preset, chosen): &(SnoozePreset, Option<String>)| {
        let (preset, chosen) = (*preset, chosen.clone());
        async move {
            match conversations.snooze(id, preset, time_zone(), chosen).await {
                Ok(()) => on_close.run(()),
                Err(error) => {
                    let (on_field, message) = refusal(locale, error);
                    field_error.set(on_field.then(|| message.clone()));
                    form_error.set((!on_field).then_some(message));
                }
            }
        }
    });
    let pending = sending.pending();
    let send = move |preset: SnoozePreset, chosen: Option<String>| {
        if !pending.get_untracked() {
            sending.dispatch_local((preset, chosen));
        }
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen = local.get_untracked();
        if chosen.trim().is_empty() {
            field_error.set(Some(td_string!(locale, snooze.invalid).to_owned()));
            return;
        }
        send(SnoozePreset::At, Some(chosen));
    };
    let preset = move |preset: SnoozePreset, label: &'static str| {
        view! {
            <button
                type="button"
                disabled=move || pending.get()
                on:click=move |_| send(preset, None)
            >
                {label}
            </button>
        }
    };
    view! {
        <Modal title=td_string!(locale, snooze.title) on_close=on_close>
            <div class="snooze-presets">
                {preset(SnoozePreset::OneHour, td_string!(locale, snooze.one_hour))}
                {preset(SnoozePreset::Tomorrow, td_string!(locale, snooze.tomorrow))}
                {preset(SnoozePreset::NextMonday, td_string!(locale, snooze.next_monday))}
            </div>
            <form class="dialog-form" on:submit=on_submit>
                <TextField
                    label=td_string!(locale, snooze.until)
                    kind="datetime-local"
                    value=local
                    error=field_error
                />
                <FormError error=form_error />
                <div class="dialog-actions">
                    <button type="button" on:click=move |_| on_close.run(())>
                        {td!(locale, common.cancel)}
                    </button>
                    <button
                        type="submit"
                        class="primary"
                        aria-busy=move || pending.get().then_some("true")
                        disabled=move || pending.get()
                    >
                        {td!(locale, snooze.submit)}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
