//! The palette's entries from the stores, and what running one does: the
//! same store calls as the buttons, offered by the same capability
//! functions (see [`crate::state::palette`]).

use leptos::prelude::*;
use switchboard_protocol::{Presence, SnoozePreset, TransferTarget};

use crate::components::workspace::shell::navigate;
use crate::i18n::*;
use crate::preferences;
use crate::state::actions::ConversationAction;
use crate::state::palette::{entries, Command, Context, Entry, Phrase};
use crate::state::route::Route;
use crate::stores::{ActionCall, Overlay, Stores};
use leptos_i18n::I18nContext;

/// An entry's words in English and French.
fn words(phrase: Phrase) -> [&'static str; 2] {
    [Locale::en, Locale::fr].map(|locale| word(locale, phrase))
}

fn word(locale: Locale, phrase: Phrase) -> &'static str {
    use ConversationAction as A;
    match phrase {
        Phrase::Reply => td_string!(locale, palette.reply),
        Phrase::TransferTo => td_string!(locale, palette.transfer_to),
        Phrase::Invite => td_string!(locale, palette.invite),
        Phrase::Action(A::AcceptAndClose) => td_string!(locale, palette.accept_and_close),
        Phrase::Action(A::MarkSpam) => td_string!(locale, palette.mark_spam),
        Phrase::Action(A::Take) => td_string!(locale, palette.take),
        Phrase::Action(A::Lock) => td_string!(locale, palette.lock),
        Phrase::Action(A::Unlock) => td_string!(locale, palette.unlock),
        Phrase::Action(A::Finish) => td_string!(locale, palette.finish),
        Phrase::Action(A::Transfer) => td_string!(locale, actions.transfer),
        Phrase::Action(A::Invite) => td_string!(locale, actions.invite),
        Phrase::Action(A::History) => td_string!(locale, actions.history),
        Phrase::Action(A::Snooze) => td_string!(locale, snooze.action),
        Phrase::Snooze(SnoozePreset::OneHour) => td_string!(locale, snooze.one_hour),
        Phrase::Snooze(SnoozePreset::Tomorrow) => td_string!(locale, snooze.tomorrow),
        Phrase::Snooze(SnoozePreset::NextMonday | SnoozePreset::At) => {
            td_string!(locale, snooze.next_monday)
        }
        Phrase::Action(A::SaveToCrm) => td_string!(locale, actions.save_to_crm),
        Phrase::GoTo => td_string!(locale, palette.go_to),
        Phrase::Screen(route) => match route {
            Route::ContactCenter | Route::Conversation(_) => td_string!(locale, nav.contact_center),
            Route::Chats(_) => td_string!(locale, nav.chats),
            Route::Tasks => td_string!(locale, nav.tasks),
            Route::Calendar => td_string!(locale, nav.calendar),
            Route::Feed => td_string!(locale, nav.feed),
            Route::Supervision => td_string!(locale, nav.supervision),
            Route::Settings(_) => td_string!(locale, nav.settings),
            Route::Reports => td_string!(locale, nav.reports),
        },
        Phrase::Open => td_string!(locale, palette.open),
        Phrase::SetStatus => td_string!(locale, palette.set_status),
        Phrase::Presence(Presence::Online) => td_string!(locale, menu.online),
        Phrase::Presence(Presence::Away) => td_string!(locale, menu.away),
        Phrase::Presence(Presence::Offline) => td_string!(locale, menu.offline),
        Phrase::Language => td_string!(locale, palette.language),
        Phrase::Theme => td_string!(locale, palette.theme),
        Phrase::ThemeName(preferences::Theme::Light) => td_string!(locale, menu.theme_light),
        Phrase::ThemeName(preferences::Theme::Dark) => td_string!(locale, menu.theme_dark),
        Phrase::ThemeName(preferences::Theme::System) => td_string!(locale, menu.theme_system),
    }
}

/// Every entry available now (tracked: the list follows the stores).
pub fn current_entries(stores: Stores, locale: Locale) -> Vec<Entry> {
    let Stores {
        session,
        conversations,
        ..
    } = stores;
    let actor = session.actor();
    let me = actor.id;
    let colleagues: Vec<_> = session
        .colleagues_matching("", &[me])
        .into_iter()
        .map(|user| (user.id, user.name))
        .collect();
    let lines: Vec<_> = session.lines.with(|lines| {
        lines
            .iter()
            .filter(|line| !line.archived)
            .map(|line| (line.id, line.name.clone()))
            .collect()
    });
    let presence = session
        .users
        .with(|users| users.get(&me).map(|user| user.presence))
        .unwrap_or_else(|| session.me.with(|me| me.presence));
    let open_id = session.route.get().conversation();
    let language = if locale == Locale::fr { "fr" } else { "en" };
    conversations.queue.with(|queue| {
        let all = queue.conversations();
        let context = Context {
            actor: &actor,
            open: open_id
                .and_then(|id| queue.get(id))
                .map(|row| &row.conversation),
            colleagues: &colleagues,
            lines: &lines,
            conversations: &all,
            presence,
            language,
            theme: preferences::theme(),
        };
        entries(&context, &words)
    })
}

/// Runs an entry's command.
pub fn run(stores: Stores, i18n: I18nContext<Locale>, command: Command) {
    let Stores {
        session,
        conversations,
        crm,
        ..
    } = stores;
    match command {
        Command::Reply(id) => conversations.answer(id, focus_composer),
        Command::Act(id, action) => {
            let call = match action {
                ConversationAction::AcceptAndClose | ConversationAction::Finish => {
                    ActionCall::Close
                }
                ConversationAction::MarkSpam => ActionCall::Spam,
                ConversationAction::Take => ActionCall::Take,
                ConversationAction::Lock => ActionCall::Lock(true),
                ConversationAction::Unlock => ActionCall::Lock(false),
                ConversationAction::SaveToCrm => return crm.save_to_crm(id),
                // They need a choice: the palette lists one entry per choice.
                ConversationAction::Transfer
                | ConversationAction::Invite
                | ConversationAction::History
                | ConversationAction::Snooze => return,
            };
            conversations.act(id, call);
        }
        Command::TransferToUser(id, user) => conversations.act(
            id,
            ActionCall::Transfer(TransferTarget::User { user_id: user }, None),
        ),
        Command::TransferToLine(id, line) => conversations.act(
            id,
            ActionCall::Transfer(TransferTarget::Line { line_id: line }, None),
        ),
        Command::Invite(id, user) => conversations.act(id, ActionCall::Invite(vec![user])),
        Command::Go(route) => navigate(route),
        Command::Open(id) => navigate(Route::Conversation(id)),
        Command::SetStatus(presence) => {
            let me = session.my_id();
            session.me.update(|me| me.presence = presence);
            session.users.update(|users| {
                if let Some(user) = users.get_mut(&me) {
                    user.presence = presence;
                }
            });
            let client = session.client();
            session.spawn(async move {
                if let Err(error) = client.set_presence(presence).await {
                    session.failed(&error);
                }
            });
        }
        Command::Language(code) => {
            if let Some(locale) = Locale::get_all().iter().find(|l| l.as_str() == code) {
                crate::components::language::choose_locale(i18n, *locale);
            }
        }
        Command::Theme(theme) => preferences::set_theme(theme),
        Command::Snooze(id, preset) => {
            session.spawn(async move {
                // A refusal is said by the store, as for the buttons.
                let _ = conversations.snooze(id, preset, time_zone(), None).await;
            });
        }
    }
}

/// Runs the shortcut action `id` on what is on screen, as its palette entry
/// would: only when the capability functions offer it. Actions that need a
/// choice (Transfer, Invite) open the palette on their entries.
pub fn run_shortcut(stores: Stores, i18n: I18nContext<Locale>, id: &'static str) {
    let locale = i18n.get_locale_untracked();
    let choices = match id {
        "transfer" => Some(td_string!(locale, palette.transfer_to)),
        "invite" => Some(td_string!(locale, palette.invite)),
        _ => None,
    };
    let available = untrack(|| current_entries(stores, locale));
    let mut matching = available
        .into_iter()
        .filter(|entry| entry.shortcut == Some(id));
    if let Some(prefix) = choices {
        if matching.next().is_some() {
            let start = format!("{prefix} ");
            stores
                .preferences
                .overlay
                .set(Some(Overlay::Palette(start)));
        }
        return;
    }
    if let Some(entry) = matching.next() {
        run(stores, i18n, entry.command);
    } else if id == "reply" {
        // In a conversation already mine: "Reply" is writing.
        focus_composer();
    }
}

/// Focuses the composer once it is drawn ("Reply" draws it).
fn focus_composer() {
    request_animation_frame(|| {
        let field = document()
            .get_element_by_id("composer-text")
            .and_then(|element| {
                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()
            });
        if let Some(field) = field {
            let _ = field.focus();
        }
    });
}

/// The workspace's stores, from context.
pub fn stores() -> Stores {
    Stores {
        session: expect_context(),
        conversations: expect_context(),
        team: expect_context(),
        collab: expect_context(),
        crm: expect_context(),
        preferences: expect_context(),
    }
}

/// The operator's IANA time zone, as the browser knows it (`UTC` if not).
fn time_zone() -> String {
    use js_sys::{Array, Intl, Object, Reflect};
    let options = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .unwrap_or_else(|| "UTC".to_owned())
}
