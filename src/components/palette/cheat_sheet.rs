//! "Keyboard shortcuts" ("?"): every action and its keys, "Change" (records
//! the next key combination; Escape cancels, a clash is refused) and
//! "Reset" per action, "Single-key shortcuts" and "Undo send (seconds)";
//! "Save" stores them on the server, so they follow the person.

use leptos::prelude::*;
use switchboard_protocol::preferences::{
    normalize_keys, OperatorPreferences, RESERVED_KEYS, SHORTCUT_ACTIONS,
};

use crate::api::ApiError;
use crate::components::kit::modal::Modal;
use crate::components::workspace::keys::keys_of;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::PreferencesStore;

/// The name of a shortcut's action (the palette's words, to carry each
/// text once).
pub fn action_name(locale: Locale, id: &str) -> String {
    let go = |screen: &str| format!("{} {screen}", td_string!(locale, palette.go_to));
    match id {
        "next_conversation" => td_string!(locale, shortcuts.next_conversation).to_owned(),
        "previous_conversation" => td_string!(locale, shortcuts.previous_conversation).to_owned(),
        "reply" => td_string!(locale, palette.reply).to_owned(),
        "transfer" => td_string!(locale, actions.transfer).to_owned(),
        "accept_and_close" => td_string!(locale, palette.accept_and_close).to_owned(),
        "mark_spam" => td_string!(locale, palette.mark_spam).to_owned(),
        "take" => td_string!(locale, palette.take).to_owned(),
        "lock" => td_string!(locale, palette.lock).to_owned(),
        "invite" => td_string!(locale, palette.invite).to_owned(),
        "finish" => td_string!(locale, palette.finish).to_owned(),
        "go_contact_center" => go(td_string!(locale, nav.contact_center)),
        "go_chats" => go(td_string!(locale, nav.chats)),
        "go_tasks" => go(td_string!(locale, nav.tasks)),
        "go_calendar" => go(td_string!(locale, nav.calendar)),
        _ => go(td_string!(locale, nav.feed)),
    }
}

/// What the server's refusal means, in the person's language.
fn refusal(locale: Locale, error: ApiError) -> String {
    match error {
        ApiError::Server { code, .. } => match code.as_str() {
            "unknown_shortcut_action" => {
                td_string!(locale, shortcuts.error_unknown_shortcut_action)
            }
            "invalid_shortcut" => td_string!(locale, shortcuts.error_invalid_shortcut),
            "duplicate_shortcut" => td_string!(locale, shortcuts.error_duplicate_shortcut),
            "invalid_undo_send_seconds" => {
                td_string!(locale, shortcuts.error_invalid_undo_send_seconds)
            }
            _ => return code,
        }
        .to_owned(),
        other => other.explanation(),
    }
}

/// Who already answers `keys` in `draft`, other than `id`: an action's
/// name, or the palette's.
fn taken_by(locale: Locale, draft: &OperatorPreferences, id: &str, keys: &str) -> Option<String> {
    if RESERVED_KEYS.contains(&keys) {
        return Some(td_string!(locale, shortcuts.open_palette).to_owned());
    }
    draft
        .bindings()
        .into_iter()
        .find(|(other, bound)| *other != id && bound.iter().any(|bound| bound == keys))
        .map(|(other, _)| action_name(locale, other))
}

/// The cheat sheet's dialog.
#[component]
pub fn ShortcutsDialog() -> impl IntoView {
    let locale = use_locale();
    let preferences = expect_context::<PreferencesStore>();
    let draft = RwSignal::new(preferences.current.get_untracked());
    let undo = RwSignal::new(draft.with_untracked(|d| d.undo_send_seconds.to_string()));
    let recording = RwSignal::new(None::<&'static str>);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let close = Callback::new(move |()| preferences.overlay.set(None));

    let record = move |id: &'static str, event: leptos::ev::KeyboardEvent| {
        if recording.get_untracked() != Some(id) {
            return;
        }
        if event.key() == "Tab" {
            return;
        }
        event.prevent_default();
        event.stop_propagation();
        if event.key() == "Escape" {
            recording.set(None);
            return;
        }
        let Some(keys) = keys_of(&event).and_then(|keys| normalize_keys(&keys)) else {
            return;
        };
        if let Some(owner) = draft.with_untracked(|d| taken_by(locale, d, id, &keys)) {
            problem.set(Some(format!(
                "{keys}: {} {owner}",
                td_string!(locale, shortcuts.taken)
            )));
            return;
        }
        draft.update(|d| {
            d.shortcuts.insert(id.to_owned(), keys);
        });
        problem.set(None);
        saved.set(false);
        recording.set(None);
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(seconds) = undo.get_untracked().trim().parse::<u32>() else {
            problem.set(Some(
                td_string!(locale, shortcuts.error_invalid_undo_send_seconds).to_owned(),
            ));
            return;
        };
        let mut wanted = draft.get_untracked();
        wanted.undo_send_seconds = seconds;
        problem.set(None);
        leptos::task::spawn_local(async move {
            match preferences.save(wanted).await {
                Ok(()) => {
                    let _ = saved.try_set(true);
                    if let Some(current) = preferences.current.try_get_untracked() {
                        let _ = draft.try_set(current);
                    }
                }
                Err(error) => {
                    let _ = problem.try_set(Some(refusal(locale, error)));
                }
            }
        });
    };
    let keys_text = move |id: &'static str| {
        draft.with(|d| {
            d.bindings()
                .into_iter()
                .find(|(other, _)| *other == id)
                .map(|(_, keys)| keys.join(" / "))
                .unwrap_or_default()
        })
    };

    view! {
        <Modal title=td_string!(locale, shortcuts.title) on_close=close>
            <form class="dialog-form shortcuts" on:submit=save>
                <table class="shortcut-table">
                    <thead>
                        <tr>
                            <th scope="col">{td!(locale, shortcuts.action)}</th>
                            <th scope="col">{td!(locale, shortcuts.keys)}</th>
                            <th scope="col"><span class="visually-hidden">{td!(locale, shortcuts.change)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <th scope="row">{td!(locale, shortcuts.open_palette)}</th>
                            <td><kbd>"Ctrl+K"</kbd> " / " <kbd>"⌘K"</kbd></td>
                            <td></td>
                        </tr>
                        <tr>
                            <th scope="row">{td!(locale, shortcuts.open_cheat_sheet)}</th>
                            <td><kbd>"?"</kbd></td>
                            <td></td>
                        </tr>
                        {SHORTCUT_ACTIONS
                            .iter()
                            .map(|action| {
                                let id = action.id;
                                let own = move || draft.with(|d| d.shortcuts.contains_key(id));
                                view! {
                                    <tr>
                                        <th scope="row">{action_name(locale, id)}</th>
                                        <td><kbd>{move || keys_text(id)}</kbd></td>
                                        <td class="shortcut-buttons">
                                            <button
                                                type="button"
                                                aria-pressed=move || (recording.get() == Some(id)).to_string()
                                                on:click=move |_| {
                                                    problem.set(None);
                                                    recording.set(Some(id));
                                                }
                                                on:keydown=move |event| record(id, event)
                                                on:blur=move |_| {
                                                    // Also fired when the closing sheet takes
                                                    // the focused button away with it.
                                                    if recording.try_get_untracked() == Some(Some(id)) {
                                                        recording.try_set(None);
                                                    }
                                                }
                                            >
                                                {move || if recording.get() == Some(id) {
                                                    td_string!(locale, shortcuts.press)
                                                } else {
                                                    td_string!(locale, shortcuts.change)
                                                }}
                                            </button>
                                            <button
                                                type="button"
                                                disabled=move || !own()
                                                on:click=move |_| {
                                                    draft.update(|d| {
                                                        d.shortcuts.remove(id);
                                                    });
                                                    saved.set(false);
                                                }
                                            >
                                                {td!(locale, shortcuts.reset)}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <label class="checkbox-field">
                    <input
                        type="checkbox"
                        prop:checked=move || draft.with(|d| d.single_key_shortcuts)
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            draft.update(|d| d.single_key_shortcuts = on);
                            saved.set(false);
                        }
                        aria-describedby="single-key-hint"
                    />
                    {td!(locale, shortcuts.single_key)}
                </label>
                <p id="single-key-hint" class="field-hint">{td!(locale, shortcuts.single_key_hint)}</p>
                <label class="field">
                    <span>{td!(locale, shortcuts.undo_send)}</span>
                    <input
                        type="number"
                        min="0"
                        max="30"
                        prop:value=move || undo.get()
                        on:input=move |event| {
                            undo.set(event_target_value(&event));
                            saved.set(false);
                        }
                    />
                </label>
                {move || problem.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <p class="form-status" role="status">
                    {move || saved.get().then(|| td_string!(locale, shortcuts.saved))}
                </p>
                <div class="dialog-footer">
                    <button type="submit" class="primary">{td!(locale, shortcuts.save)}</button>
                </div>
            </form>
        </Modal>
    }
}
