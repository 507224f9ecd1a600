//! "Message actions": the menu of one message (button, right click, the
//! context-menu key or Shift+F10 on a focused message). Which items appear is
//! decided by [`message_actions`]; arrows move, Enter picks, Escape closes
//! and gives the focus back to the message's button.

use leptos::html::{Button, Div};
use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{Message, QuotedMessage};
use wasm_bindgen::JsCast;

use crate::components::conversation::composer::canned::CannedForm;
use crate::components::conversation::message_dialogs::{EventDialog, FeedDialog, TaskDialog};
use crate::components::modal::Modal;
use crate::i18n::*;
use crate::state::message_actions::{message_actions, MenuContext, MessageAction, Unavailable};
use crate::state::route::Route;
use crate::state::text::preview;
use crate::workspace::Workspace;

/// What the menu of `message` depends on besides the message (tracked).
pub fn menu_context(workspace: Workspace, message: &Message) -> MenuContext {
    let conversation = message.conversation_id;
    let channel_edits = workspace
        .connector_of(conversation)
        .is_some_and(|connector| connector.capabilities.edit_on_customer_side);
    let first_of_session = workspace.logs.with(|logs| {
        logs.get(&conversation).is_some_and(|log| {
            !log.has_more_before && log.messages().first().map(|m| m.id) == Some(message.id)
        })
    });
    MenuContext {
        me: workspace.me.with(|me| me.id),
        can_act: workspace.can_write(conversation),
        channel_edits,
        first_of_session,
    }
}

/// Whether `message`'s menu offers "Edit", enabled (arrow-up edits it).
pub fn can_edit(workspace: Workspace, message: &Message) -> bool {
    message_actions(message, &menu_context(workspace, message))
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MenuDialog {
    ConfirmDelete,
    SaveAsCanned,
    Task,
    Event,
    Feed,
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
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let menu = NodeRef::<Div>::new();
    let dialog = RwSignal::new(None::<MenuDialog>);
    let error = RwSignal::new(None::<String>);
    // What a dialog created, to offer a link to its page.
    let created = RwSignal::new(None::<Route>);
    let stored = StoredValue::new(message);
    let actions = Memo::new(move |_| {
        stored.with_value(|message| message_actions(message, &menu_context(workspace, message)))
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
            request_animation_frame(move || {
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
        close(true);
        error.set(None);
        created.set(None);
        let message = stored.get_value();
        match action {
            MessageAction::Quote => workspace.quote_request.set(Some(QuotedMessage {
                id: message.id,
                conversation_id: None,
                author_name: message.author.name.clone(),
                excerpt: preview(&message.text, &message.mentions),
            })),
            MessageAction::Edit => editing.set(true),
            MessageAction::Delete => dialog.set(Some(MenuDialog::ConfirmDelete)),
            MessageAction::SaveAsCanned => dialog.set(Some(MenuDialog::SaveAsCanned)),
            MessageAction::CreateTask => dialog.set(Some(MenuDialog::Task)),
            MessageAction::CreateEvent => dialog.set(Some(MenuDialog::Event)),
            MessageAction::DiscussInFeed => dialog.set(Some(MenuDialog::Feed)),
            MessageAction::DiscussInChat => spawn_local(async move {
                match workspace.discuss_in_chat(message.id).await {
                    Ok(chat) => {
                        crate::components::workspace::shell::navigate(Route::Chats(Some(chat)))
                    }
                    Err(reason) => error.set(Some(reason)),
                }
            }),
            MessageAction::MoveToNewConversation => spawn_local(async move {
                match workspace.split(message.id).await {
                    Ok(created) => {
                        crate::components::workspace::shell::navigate(Route::Conversation(created))
                    }
                    Err(reason) => error.set(Some(reason)),
                }
            }),
        }
    };
    let label = move |action: MessageAction| match action {
        MessageAction::Quote => t_string!(i18n, message_menu.quote),
        MessageAction::MoveToNewConversation => t_string!(i18n, message_menu.move_to_new),
        MessageAction::SaveAsCanned => t_string!(i18n, message_menu.save_as_canned),
        MessageAction::CreateTask => t_string!(i18n, message_menu.create_task),
        MessageAction::CreateEvent => t_string!(i18n, message_menu.create_event),
        MessageAction::DiscussInChat => t_string!(i18n, message_menu.discuss_in_chat),
        MessageAction::DiscussInFeed => t_string!(i18n, message_menu.discuss_in_feed),
        MessageAction::Edit => t_string!(i18n, message_menu.edit),
        MessageAction::Delete => t_string!(i18n, message_menu.delete),
    };
    let reason = move |why: Unavailable| match why {
        Unavailable::ChannelCannotEdit => t_string!(i18n, message_menu.channel_cannot_edit),
    };

    view! {
        <Show when=move || open.get()>
            <div
                class="message-menu"
                class:above=above
                role="menu"
                node_ref=menu
                aria-label=move || t_string!(i18n, message_menu.title)
                on:keydown=on_keydown
                on:focusout=move |event: leptos::ev::FocusEvent| {
                    let inside = event
                        .related_target()
                        .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
                        .zip(menu.get_untracked())
                        .is_some_and(|(target, menu)| menu.contains(Some(&target)));
                    if !inside {
                        open.set(false);
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
                Route::Tasks => (t_string!(i18n, collab.task_created), t_string!(i18n, nav.tasks)),
                Route::Calendar => (t_string!(i18n, collab.event_created), t_string!(i18n, nav.calendar)),
                _ => (t_string!(i18n, collab.posted), t_string!(i18n, nav.feed)),
            };
            view! {
                <p class="message-info" role="status">
                    {done}" "
                    <a href=route.href()>{open}</a>
                </p>
            }
        })}
        {move || match dialog.get() {
            Some(MenuDialog::ConfirmDelete) => view! {
                <Modal
                    title=Signal::derive(move || t_string!(i18n, message_menu.delete_title).to_owned())
                    on_close=Callback::new(move |()| dialog.set(None))
                >
                    <p>{t!(i18n, message_menu.delete_text)}</p>
                    <div class="dialog-actions">
                        <button type="button" on:click=move |_| dialog.set(None)>
                            {t!(i18n, message_menu.cancel)}
                        </button>
                        <button
                            type="button"
                            class="danger"
                            on:click=move |_| {
                                dialog.set(None);
                                let id = stored.with_value(|message| message.id);
                                spawn_local(async move {
                                    if let Err(reason) = workspace.delete_message(id).await {
                                        error.set(Some(reason));
                                    }
                                });
                            }
                        >
                            {t!(i18n, message_menu.delete)}
                        </button>
                    </div>
                </Modal>
            }
            .into_any(),
            Some(kind @ (MenuDialog::Task | MenuDialog::Event | MenuDialog::Feed)) => {
                let title = move || match kind {
                    MenuDialog::Task => t_string!(i18n, message_menu.create_task),
                    MenuDialog::Event => t_string!(i18n, message_menu.create_event),
                    _ => t_string!(i18n, message_menu.discuss_in_feed),
                };
                let on_close = Callback::new(move |()| dialog.set(None));
                let on_created = Callback::new(move |route: Route| {
                    dialog.set(None);
                    created.set(Some(route));
                });
                let message = stored.get_value();
                view! {
                    <Modal title=Signal::derive(move || title().to_owned()) on_close=on_close>
                        {match kind {
                            MenuDialog::Task => view! { <TaskDialog message=message on_close=on_close on_created=on_created /> }.into_any(),
                            MenuDialog::Event => view! { <EventDialog message=message on_close=on_close on_created=on_created /> }.into_any(),
                            _ => view! { <FeedDialog message=message on_close=on_close on_created=on_created /> }.into_any(),
                        }}
                    </Modal>
                }
                .into_any()
            }
            Some(MenuDialog::SaveAsCanned) => view! {
                <Modal
                    title=Signal::derive(move || t_string!(i18n, composer.create_canned).to_owned())
                    on_close=Callback::new(move |()| dialog.set(None))
                >
                    <CannedForm
                        existing=None
                        initial_text=stored.with_value(|message| message.text.clone())
                        on_done=Callback::new(move |()| dialog.set(None))
                    />
                </Modal>
            }
            .into_any(),
            None => ().into_any(),
        }}
    }
}

/// The "Message actions" button of a message's bubble. `on_open` mounts
/// the menu if it is not yet and opens it; a second click closes it.
#[component]
pub fn MessageMenuButton(
    /// Whether the menu is open.
    open: RwSignal<bool>,
    /// The button, for the menu to give the focus back to.
    button: NodeRef<Button>,
    /// Opens the menu (building it the first time).
    on_open: Callback<()>,
) -> impl IntoView {
    // Read once, like the rest of the bubble: the log draws its lines again
    // when the language changes.
    let label = td_string!(use_i18n().get_locale_untracked(), message_menu.title);
    view! {
        <button
            type="button"
            class="message-menu-button"
            node_ref=button
            aria-haspopup="menu"
            aria-expanded=move || open.get().to_string()
            aria-label=label
            on:click=move |_| {
                if open.get_untracked() {
                    open.set(false);
                } else {
                    on_open.run(());
                }
            }
        >
            "⋯"
        </button>
    }
}

/// The inline editor of one of my messages.
#[component]
pub fn MessageEditor(message: Message, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let text = RwSignal::new(message.text.clone());
    let error = RwSignal::new(None::<String>);
    let id = message.id;
    let save = move || {
        let value = text.get_untracked();
        if value.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            match workspace.edit_message(id, value).await {
                Ok(()) => editing.set(false),
                Err(reason) => error.set(Some(reason)),
            }
        });
    };
    view! {
        <form
            class="message-editor"
            on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                save();
            }
        >
            <textarea
                rows="3"
                aria-label=move || t_string!(i18n, message_menu.edit_label)
                prop:value=text
                on:input=move |event| text.set(event_target_value(&event))
                on:keydown=move |event: leptos::ev::KeyboardEvent| {
                    if event.key() == "Escape" {
                        event.prevent_default();
                        editing.set(false);
                    } else if event.key() == "Enter" && !event.shift_key() {
                        event.prevent_default();
                        save();
                    }
                }
                autofocus
            ></textarea>
            {move || error.get().map(|error| view! { <p role="alert">{error}</p> })}
            <div class="dialog-actions">
                <button type="button" on:click=move |_| editing.set(false)>{t!(i18n, message_menu.cancel)}</button>
                <button type="submit" class="primary">{t!(i18n, message_menu.save)}</button>
            </div>
        </form>
    }
}
