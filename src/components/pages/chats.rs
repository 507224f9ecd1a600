//! "Chats": internal chats between employees. The list shows unread counts;
//! an open chat uses the conversations' own message log and composer.

use leptos::prelude::*;
use switchboard_protocol::{TeamChatId, TeamChatItem};

use super::{name_of, CollabError};
use crate::components::conversation::composer::Composer;
use crate::components::conversation::controls::ThreadControls;
use crate::components::conversation::log::MessageLog;
use crate::components::kit::loaded::Loaded;
use crate::format;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::route::Route;
use crate::stores::{SessionStore, TeamChatStore, Thread};

/// The Chats page, with `open` shown beside the list.
#[component]
pub fn ChatsPage(open: Option<TeamChatId>) -> impl IntoView {
    let locale = use_locale();
    let team = expect_context::<TeamChatStore>();
    team.load_chats();
    if let Some(id) = open {
        team.open(id);
    }
    let items = move || {
        team.chats
            .with(|chats| chats.as_ref().map(|chats| chats.items().to_vec()))
    };
    view! {
        <div class="chats-page">
            <nav class="chat-list" aria-label=move || td_string!(locale, nav.chats)>
                <h1>{td!(locale, nav.chats)}</h1>
                <CollabError />
                <Loaded items=Signal::derive(items) empty=td_string!(locale, collab.no_chats) show=move |items| view! {
                    <ul>
                        {items
                            .into_iter()
                            .map(|item| {
                                let current = open == Some(item.chat.id);
                                view! { <ChatRow item=item open=current /> }
                            })
                            .collect_view()}
                    </ul>
                } />
            </nav>
            {match open {
                Some(id) => view! { <OpenChat id=id /> }.into_any(),
                None => view! { <p class="empty-state chat-none">{td!(locale, collab.pick_chat)}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ChatRow(item: TeamChatItem, open: bool) -> impl IntoView {
    let locale = use_locale();
    let at = item.chat.last_activity_at;
    let unread = item.unread_count;
    let preview = item
        .chat
        .last_message
        .as_ref()
        .map(|last| last.text.clone());
    view! {
        <li>
            <a
                class={if unread > 0 { "chat-row unread" } else { "chat-row" }}
                href=Route::Chats(Some(item.chat.id)).href()
                aria-current=open.then_some("page")
            >
                <span class="chat-title">{item.chat.title.clone()}</span>
                <time class="chat-time">{move || format::date_time(locale, at)}</time>
                <span class="chat-preview">{preview}</span>
                {(unread > 0).then(|| view! {
                    <span class="unread-badge" aria-label=move || format!("{unread} {}", td_string!(locale, collab.unread))>
                        {unread}
                    </span>
                })}
            </a>
        </li>
    }
}

#[component]
fn OpenChat(id: TeamChatId) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let team = expect_context::<TeamChatStore>();
    ThreadControls::provide(Thread::Team(id));
    let chat = move || {
        team.chats.with(|chats| {
            chats
                .as_ref()
                .and_then(|chats| chats.get(id))
                .map(|item| item.chat.clone())
        })
    };
    let title = move || chat().map(|chat| chat.title).unwrap_or_default();
    let members = move || {
        chat()
            .map(|chat| {
                chat.members
                    .iter()
                    .map(|member| name_of(store, *member))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    view! {
        <section class="chat-open" aria-label=title>
            <header class="chat-header">
                <h2>{title}</h2>
                <p class="page-meta">{td!(locale, collab.members)}": "{members}</p>
            </header>
            <MessageLog thread=Thread::Team(id) />
            <Composer />
        </section>
    }
}
