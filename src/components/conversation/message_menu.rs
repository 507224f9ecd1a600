//! "Message actions": the menu of one message (button, right click, the
//! context-menu key or Shift+F10 on a focused message). Which items appear is
//! decided by [`message_actions`]; arrows move, Enter picks, Escape closes
//! and gives the focus back to the message's button.

mod button;

use leptos::html::{Button, Div};
use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{Message, QuotedMessage};
use wasm_bindgen::JsCast;

use crate::components::conversation::controls::ThreadControls;
use crate::components::conversation::message_dialogs::{MenuDialog, MenuDialogView};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::message_actions::{message_actions, MenuContext, MessageAction, Unavailable};
use crate::state::route::Route;
use crate::state::text::message_preview;
use crate::stores::{ConversationStore, TeamChatStore};

pub use crate::components::conversation::message_editor::MessageEditor;

/// What the menu of `message` depends on besides the message (tracked).
pub fn menu_context(conversations: ConversationStore, message: &Message) -> MenuContext {
    let conversation = message.conversation_id;
    let channel_edits = conversations
        .connector_of(conversation)
        .is_some_and(|connector| connector.capabilities.edit_on_customer_side);
    let first_of_session = conversations.logs.with(|logs| {
        logs.get(&conversation).is_some_and(|log| {
            !log.has_more_before && log.messages().first().map(|m| m.id) == Some(message.id)
        })
    });
    MenuContext {
        me: conversations.session().me.with(|me| me.id),
        can_act: conversations.can_write(conversation),
        channel_edits,
        first_of_session,
    }
}

/// Whether `message`'s menu offers "Edit", enabled (arrow-up edits it).
pub fn can_edit(conversations: ConversationStore, message: &Message) -> bool {
    message_actions(message, &menu_context(conversations, message))
        .contains(&(MessageAction::Edit, None))
}

/// Whether `menu`, opened below its button, would pass the bottom of the
/// log that scrolls it while there is more room above.
fn opens_upwards(menu: &web_sys::HtmlDivElement) -> bool {
    let Some(log) = menu.closest("[role=log]").ok().flatten() else {
        return false;
    };
    let area = log.get_bounding_client_rect();
    let rect = menu.get_bounding_client_rect();
    rect.bottom() > area.bottom() && rect.top() - area.top() > area.bottom() - rect.top()
}

/// The menu of a message, and what its items open. `editing` turns the
/// bubble into an editor.
///
/// The bubble draws the menu's button ([`MessageMenuButton`]) and mounts
/// this only when the menu is first opened: most messages' menus never are,
/// and a log draws up to 150 bubbles whenever its window moves, so the items,
/// their capability memo and the dialogs are not built for each of them.
#[component]
pub fn MessageMenu(
    message: Message,
    editing: RwSignal<bool>,
    /// Whether the menu is open (its button, a right click, the keyboard).
    open: RwSignal<bool>,
    /// The menu's button, given the focus back when the menu closes.
    button: NodeRef<Button>,
) -> impl IntoView {
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    let team = expect_context::<TeamChatStore>();
    let controls = use_context::<ThreadControls>();
    let menu = NodeRef::<Div>::new();
    let dialog = RwSignal::new(None::<MenuDialog>);
    let error = RwSignal::new(None::<String>);
    // What a dialog created, to offer a link to its page.
    let created = RwSignal::new(None::<Route>);
    let stored = StoredValue::new(message);
    let actions = Memo::new(move |_| {
        stored.with_value(|message| message_actions(message, &menu_context(conversations, message)))
    });

    let items = move || -> Vec<web_sys::HtmlElement> {
        let Some(menu) = menu.get_untracked() else {
            return Vec::new();
        };
        let Ok(list) = menu.query_selector_all("[role=menuitem]") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|index| list.item(index))
            .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
            .collect()
    };
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    // Opening places the menu where the log has room for it, then moves the
    // focus to the first item.
    let above = RwSignal::new(false);
    Effect::new(move |_| {
        if open.get() {
            above.set(false);
            crate::listeners::on_next_frame(move || {
                if let Some(menu) = menu.get_untracked() {
                    above.set(opens_upwards(&menu));
                }
                if let Some(first) = items().first() {
                    let _ = first.focus();
                }
            });
        }
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let list = items();
        if list.is_empty() {
            return;
        }
        let current = document().active_element().and_then(|active| {
            list.iter()
                .position(|item| item.is_same_node(Some(&active)))
        });
        let next = match event.key().as_str() {
            "ArrowDown" => current.map_or(0, |index| (index + 1) % list.len()),
            "ArrowUp" => current.map_or(list.len() - 1, |index| {
                (index + list.len() - 1) % list.len()
            }),
            "Home" => 0,
            "End" => list.len() - 1,
            "Escape" => {
                event.prevent_default();
                close(true);
                return;
            }
            "Tab" => {
                close(false);
                return;
            }
            _ => return,
        };
        event.prevent_default();
        let _ = list[next].focus();
    };

    let run = move |action: MessageAction| {
        // The focus goes where the action leads: into the composer or the
        // editor, else back to the menu's button.
        close(!matches!(
            action,
            MessageAction::Quote | MessageAction::Edit
        ));
        error.set(None);
        created.set(None);
        let message = stored.get_value();
        match action {
            MessageAction::Quote => {
                if let Some(controls) = controls {
                    controls.quote(QuotedMessage {
                        id: message.id,
                        conversation_id: None,
                        author_name: message.author.name.clone(),
                        excerpt: message_preview(&message),
                    });
                }
            }
            MessageAction::Edit => editing.set(true),
            MessageAction::Delete => dialog.set(Some(MenuDialog::ConfirmDelete)),
            MessageAction::SaveAsCanned => dialog.set(Some(MenuDialog::SaveAsCanned)),
            MessageAction::CreateTask => dialog.set(Some(MenuDialog::Task)),
            MessageAction::CreateEvent => dialog.set(Some(MenuDialog::Event)),
            MessageAction::DiscussInFeed => dialog.set(Some(MenuDialog::Feed)),
            MessageAction::DiscussInChat => spawn_local(async move {
                match team.discuss_in_chat(message.id).await {
                    Ok(chat) => {
                        crate::components::workspace::shell::navigate(Route::Chats(Some(chat)))
                    }
                    Err(reason) => error.set(Some(reason)),
                }
            }),
            MessageAction::MoveToNewConversation => spawn_local(async move {
                match conversations.split(message.id).await {
                    Ok(created) => {
                        crate::components::workspace::shell::navigate(Route::Conversation(created))
                    }
                    Err(reason) => error.set(Some(reason)),
                }
            }),
        }
    };
    // The command palette runs the actions through the thread's controls:
    // from now on this menu does, and one asked while it was being built
    // runs once it is drawn.
    if let Some(controls) = controls {
        let id = stored.with_value(|message| message.id);
        controls.register_menu(id, Callback::new(run));
        Effect::new(move |_| {
            if let Some(action) = controls.take_asked(id) {
                untrack(|| run(action));
            }
        });
    }
    let label = move |action: MessageAction| action_name(locale, action);
    let reason = move |why: Unavailable| match why {
        Unavailable::ChannelCannotEdit => td_string!(locale, message_menu.channel_cannot_edit),
    };

    view! {
        <Show when=move || open.get()>
            <div
                class="message-menu"
                class:above=above
                role="menu"
                node_ref=menu
                aria-label=move || td_string!(locale, message_menu.title)
                on:keydown=on_keydown
                on:focusout=move |event: leptos::ev::FocusEvent| {
                    let inside = event
                        .related_target()
                        .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
                        .zip(menu.try_get_untracked().flatten())
                        .is_some_and(|(target, menu)| menu.contains(Some(&target)));
                    // Also fired when the menu goes with its bubble.
                    if !inside {
                        open.try_set(false);
                    }
                }
            >
                {move || {
                    actions
                        .get()
                        .into_iter()
                        .map(|(action, unavailable)| {
                            let why = unavailable.map(reason);
                            view! {
                                <button
                                    type="button"
                                    role="menuitem"
                                    tabindex="-1"
                                    class="menu-item"
                                    aria-disabled=unavailable.is_some().then_some("true")
                                    title=why
                                    on:click=move |_| {
                                        if unavailable.is_none() {
                                            run(action);
                                        }
                                    }
                                >
                                    <span>{label(action)}</span>
                                    {why.map(|why| view! { <span class="menu-item-reason">{why}</span> })}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </Show>
        {move || error.get().map(|error| view! { <p class="message-error" role="alert">{error}</p> })}
        {move || created.get().map(|route| {
            let (done, open) = match route {
                Route::Tasks => (td_string!(locale, collab.task_created), td_string!(locale, nav.tasks)),
                Route::Calendar => (td_string!(locale, collab.event_created), td_string!(locale, nav.calendar)),
                _ => (td_string!(locale, collab.posted), td_string!(locale, nav.feed)),
            };
            view! {
                <p class="message-info" role="status">
                    {done}" "
                    <a href=route.href()>{open}</a>
                </p>
            }
        })}
        <MenuDialogView dialog=dialog message=stored created=created error=error />
    }
}

pub use button::MessageMenuButton;

/// The name of an item of a message's menu (also the palette's words for it).
pub fn action_name(locale: Locale, action: MessageAction) -> &'static str {
    match action {
        MessageAction::Quote => td_string!(locale, message_menu.quote),
        MessageAction::MoveToNewConversation => td_string!(locale, message_menu.move_to_new),
        MessageAction::SaveAsCanned => td_string!(locale, message_menu.save_as_canned),
        MessageAction::CreateTask => td_string!(locale, message_menu.create_task),
        MessageAction::CreateEvent => td_string!(locale, message_menu.create_event),
        MessageAction::DiscussInChat => td_string!(locale, message_menu.discuss_in_chat),
        MessageAction::DiscussInFeed => td_string!(locale, message_menu.discuss_in_feed),
        MessageAction::Edit => td_string!(locale, message_menu.edit),
        MessageAction::Delete => td_string!(locale, message_menu.delete),
    }
}
