//! The palette's entries from the stores, and what running one does: the
//! same store calls as the buttons, offered by the same capability
//! functions (see [`crate::state::palette`]). What acts inside the open
//! conversation (a canned response into its composer, an action of its
//! focused message's menu) goes through the conversation's own controls,
//! as its composer and its menus do.

use leptos::prelude::*;
use switchboard_protocol::{
    CannedResponseId, ConversationId, Message, Presence, SnoozePreset, TransferTarget,
};

use crate::components::conversation::composer::canned::filled;
use crate::components::conversation::controls::ThreadControls;
use crate::components::conversation::message_menu::menu_context;
use crate::components::workspace::shell::navigate;
use crate::i18n::*;
use crate::preferences;
use crate::state::actions::ConversationAction;
use crate::state::palette::{entries, has_composer, Command, Context, Entry, Phrase};
use crate::state::queue::QueueTab;
use crate::state::route::Route;
use crate::stores::{ActionCall, ConversationStore, Overlay, Stores};
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
        Phrase::QueueTab => td_string!(locale, palette.queue_tab),
        Phrase::Tab(QueueTab::Unanswered) => td_string!(locale, queue.unanswered),
        Phrase::Tab(QueueTab::InProgress) => td_string!(locale, queue.in_progress),
        Phrase::Tab(QueueTab::Snoozed) => td_string!(locale, queue.snoozed),
        Phrase::Tab(QueueTab::Closed) => td_string!(locale, queue.closed),
        Phrase::InsertCanned => td_string!(locale, palette.insert_canned),
        Phrase::Message => td_string!(locale, palette.message),
        Phrase::MessageAction(action) => {
            crate::components::conversation::message_menu::action_name(locale, action)
        }
    }
}

/// The message of conversation `id` that has the focus in its log (or had
/// it last), while the conversation is drawn.
fn focused_message(conversations: ConversationStore, id: ConversationId) -> Option<Message> {
    let message = ThreadControls::of_conversation(id)?.focused_message()?;
    conversations
        .logs
        .with(|logs| logs.get(&id)?.message(message).cloned())
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
    let focused = open_id.and_then(|id| focused_message(conversations, id));
    let menu = focused
        .as_ref()
        .map(|message| menu_context(conversations, message));
    let tab = conversations.tab.get();
    // The canned responses come with the first palette opened where they
    // can be inserted (the composer's picker loads them the same way).
    let writes = conversations.queue.with(|queue| {
        open_id
            .and_then(|id| queue.get(id))
            .is_some_and(|row| has_composer(&row.conversation, &actor))
    });
    if writes {
        conversations.load_canned(false);
    }
    conversations.queue.with(|queue| {
        let all = queue.conversations();
        let open = open_id
            .and_then(|id| queue.get(id))
            .map(|row| &row.conversation);
        conversations.canned.with(|canned| {
            let context = Context {
                actor: &actor,
                open,
                colleagues: &colleagues,
                lines: &lines,
                conversations: &all,
                presence,
                language,
                theme: preferences::theme(),
                tab,
                canned: canned.as_deref().unwrap_or_default(),
                focused: focused.as_ref().zip(menu),
            };
            entries(&context, &words)
        })
    })
}

/// Inserts canned response `canned` into the composer of conversation
/// `id`, placeholders filled, as the composer's picker does, and focuses it.
fn insert_canned(conversations: ConversationStore, id: ConversationId, canned: CannedResponseId) {
    let Some(controls) = ThreadControls::of_conversation(id) else {
        return;
    };
    let found = conversations.canned.with_untracked(|list| {
        list.iter()
            .flatten()
            .find(|response| response.id == canned)
            .cloned()
    });
    if let Some(canned) = found {
        let text = filled(conversations, id, &canned);
        controls.compose.insert(&text);
        controls.compose.focus();
    }
}

/// Focuses queue tab `tab` once it is drawn.
fn focus_tab(tab: QueueTab) {
    let id = match tab {
        QueueTab::Unanswered => "tab-unanswered",
        QueueTab::InProgress => "tab-in-progress",
        QueueTab::Snoozed => "tab-snoozed",
        QueueTab::Closed => "tab-closed",
    };
    request_animation_frame(move || {
        let tab = document().get_element_by_id(id).and_then(|element| {
            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()
        });
        if let Some(tab) = tab {
            let _ = tab.focus();
        }
    });
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
        Command::Tab(tab) => {
            if !matches!(
                session.route.get_untracked(),
                Route::ContactCenter | Route::Conversation(_)
            ) {
                navigate(Route::ContactCenter);
            }
            conversations.select_tab(tab);
            focus_tab(tab);
        }
        // After the palette has given the focus back to where it was: the
        // composer, an editor or a dialog takes it from there.
        Command::InsertCanned(id, canned) => {
            request_animation_frame(move || insert_canned(conversations, id, canned))
        }
        Command::OnMessage(id, message, action) => request_animation_frame(move || {
            if let Some(controls) = ThreadControls::of_conversation(id) {
                controls.run_message_action(message, action);
            }
        }),
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
