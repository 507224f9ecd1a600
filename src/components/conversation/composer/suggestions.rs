//! Suggestions under the field while a trigger is typed: colleagues and the
//! operator's internal chats after `@`, commands after `/`, canned responses
//! after `#`. Arrow keys move, Enter or Tab picks, Escape
//! closes; the field keeps the focus (`aria-activedescendant`).

use leptos::prelude::*;
use switchboard_protocol::{CannedResponse, TeamChat, User};

use super::{canned, commands, Compose};
use crate::i18n::*;
use crate::projection::project;
use crate::projection::use_locale;
use crate::state::composer::{
    complete, matching_commands, trigger_at, Command, MentionTarget, Trigger, TriggerKind,
};
use crate::state::text::name_matches;
use crate::stores::TeamChatStore;

/// Most colleagues (and as many internal chats) suggested at once.
const MAX_PEOPLE: usize = 8;

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Person(User),
    Chat(TeamChat),
    Command(&'static str),
    Canned(CannedResponse),
}

/// The suggestion state of one composer.
#[derive(Clone, Copy)]
pub struct Suggestions {
    compose: Compose,
    trigger: Memo<Option<Trigger>>,
    items: Signal<Vec<Item>>,
    active: RwSignal<usize>,
    dismissed: RwSignal<Option<usize>>,
}

impl Suggestions {
    pub fn new(compose: Compose) -> Self {
        let team = use_context::<TeamChatStore>();
        let dismissed = RwSignal::new(None::<usize>);
        let trigger = Memo::new(move |_| {
            let cursor = compose.cursor.get();
            compose
                .text
                .with(|text| trigger_at(text, cursor))
                .filter(|trigger| dismissed.get() != Some(trigger.start))
        });
        let items = project(move || {
            let Some(trigger) = trigger.get() else {
                return Vec::new();
            };
            // Commands and canned responses are for customer conversations.
            let customer = compose.thread.conversation().is_some();
            match trigger.kind {
                TriggerKind::Command | TriggerKind::Canned if !customer => Vec::new(),
                TriggerKind::Mention => {
                    let me = compose.session.me.with(|me| me.id);
                    let people = compose
                        .session
                        .colleagues_matching(&trigger.query, &[me])
                        .into_iter()
                        .take(MAX_PEOPLE)
                        .map(Item::Person);
                    // The internal chats listed are the operator's own.
                    let chats = team
                        .map(|team| my_chats(team, &trigger.query))
                        .unwrap_or_default();
                    people.chain(chats.into_iter().map(Item::Chat)).collect()
                }
                TriggerKind::Command => matching_commands(&trigger.query)
                    .into_iter()
                    .map(Item::Command)
                    .collect(),
                TriggerKind::Canned if trigger.query.is_empty() => Vec::new(),
                TriggerKind::Canned => canned::by_shortcut(compose.conversations, &trigger.query)
                    .into_iter()
                    .take(MAX_PEOPLE)
                    .map(Item::Canned)
                    .collect(),
            }
        });
        let active = RwSignal::new(0);
        Effect::new(move |_| {
            items.track();
            active.set(0);
        });
        Self {
            compose,
            trigger,
            items,
            active,
            dismissed,
        }
    }

    pub fn is_open(&self) -> bool {
        self.trigger.with(Option::is_some) && self.items.with(|items| !items.is_empty())
    }

    pub fn active_id(&self) -> Option<String> {
        self.is_open()
            .then(|| format!("composer-suggestion-{}", self.active.get()))
    }

    /// Handles navigation keys while open; returns whether the key was used.
    pub fn handle_key(&self, event: &leptos::ev::KeyboardEvent) -> bool {
        if !self.is_open() {
            return false;
        }
        let count = self.items.with_untracked(Vec::len);
        match event.key().as_str() {
            "ArrowDown" => self.active.update(|active| *active = (*active + 1) % count),
            "ArrowUp" => self
                .active
                .update(|active| *active = (*active + count - 1) % count),
            "Enter" | "Tab" if !event.shift_key() => self.pick(self.active.get_untracked()),
            "Escape" => {
                let start = self.trigger.with_untracked(|t| t.as_ref().map(|t| t.start));
                self.dismissed.set(start);
            }
            _ => return false,
        }
        event.prevent_default();
        true
    }

    fn pick(&self, index: usize) {
        let Some(trigger) = self.trigger.get_untracked() else {
            return;
        };
        let Some(item) = self.items.with_untracked(|items| items.get(index).cloned()) else {
            return;
        };
        let compose = self.compose;
        let cursor = compose.cursor.get_untracked();
        match item {
            Item::Person(user) => {
                let (text, cursor) = compose.text.with_untracked(|text| {
                    complete(text, &trigger, cursor, &format!("@{} ", user.name))
                });
                compose.pick_mention(MentionTarget::User(user.id), user.name);
                compose.set_text(text, cursor);
            }
            Item::Chat(chat) => {
                let (text, cursor) = compose.text.with_untracked(|text| {
                    complete(text, &trigger, cursor, &format!("@{} ", chat.title))
                });
                compose.pick_mention(MentionTarget::Chat(chat.id), chat.title);
                compose.set_text(text, cursor);
            }
            Item::Canned(response) => {
                let text = canned::filled(compose.conversations, compose.id, &response);
                let (text, cursor) = compose
                    .text
                    .with_untracked(|current| complete(current, &trigger, cursor, &text));
                compose.set_text(text, cursor);
            }
            Item::Command("rename") => {
                let (text, cursor) = compose
                    .text
                    .with_untracked(|text| complete(text, &trigger, cursor, "/rename "));
                compose.set_text(text, cursor);
            }
            Item::Command(name) => {
                let command = if name == "id" {
                    Command::Id
                } else {
                    Command::Quote
                };
                commands::run(compose, Ok(command));
            }
        }
    }
}

/// The operator's internal chats whose title matches `query` (tracked).
fn my_chats(team: TeamChatStore, query: &str) -> Vec<TeamChat> {
    team.chats.with(|chats| {
        chats
            .iter()
            .flat_map(|chats| chats.items())
            .filter(|item| name_matches(&item.chat.title, query))
            .take(MAX_PEOPLE)
            .map(|item| item.chat.clone())
            .collect()
    })
}

/// The list of suggestions (`listbox`), under the field.
#[component]
pub fn SuggestionList(suggestions: Suggestions) -> impl IntoView {
    let locale = use_locale();
    let label = move || match suggestions.trigger.get().map(|t| t.kind) {
        Some(TriggerKind::Command) => td_string!(locale, composer.commands),
        Some(TriggerKind::Canned) => td_string!(locale, composer.canned),
        _ => td_string!(locale, composer.mention),
    };
    view! {
        <Show when=move || suggestions.is_open()>
            <ul id="composer-suggestions" class="suggestions" role="listbox" aria-label=label>
                {move || {
                    suggestions
                        .items
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(index, item)| {
                            let selected = move || suggestions.active.get() == index;
                            let (title, detail) = match &item {
                                Item::Person(user) => (user.name.clone(), user.email.clone()),
                                Item::Chat(chat) => (
                                    chat.title.clone(),
                                    td_string!(locale, composer.internal_chat).to_owned(),
                                ),
                                Item::Command(name) => {
                                    (format!("/{name}"), commands::describe(locale, name))
                                }
                                Item::Canned(response) => (
                                    response
                                        .shortcut
                                        .as_ref()
                                        .map_or_else(|| response.title.clone(), |s| format!("#{s} · {}", response.title)),
                                    response.text.clone(),
                                ),
                            };
                            view! {
                                <li
                                    id=format!("composer-suggestion-{index}")
                                    role="option"
                                    aria-selected=move || selected().to_string()
                                    class:active=selected
                                    on:mousedown=move |event: leptos::ev::MouseEvent| {
                                        event.prevent_default();
                                        suggestions.pick(index);
                                    }
                                >
                                    <span class="suggestion-title">{title}</span>
                                    <span class="suggestion-detail">{detail}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}
