//! Browser tests of the feature stores, each on its own: what a frame of the
//! event stream changes in it, what its actions decide, and that nothing of
//! a workspace outlives logging out (listeners, tasks, projections).
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use switchboard::projection::project;
use switchboard::state::queue::{InProgressScope, QueueTab};
use switchboard::stores::{Stores, Thread, Threads, ToastKind};
use switchboard_protocol::{
    ConversationId, ConversationStatus, Event, EventEnvelope, EventSeq, Line, LineId, MessageId,
    Presence, ServerFrame, UserId,
};
use wasm_bindgen_test::*;

use common::{
    customer_message, eventually, mount_in_workspace, offline_stores, olivia, queue_item,
};

wasm_bindgen_test_configure!(run_in_browser);

fn frame(seq: i64, event: Event) -> ServerFrame {
    ServerFrame::Event(EventEnvelope {
        seq: EventSeq(seq),
        at: 0,
        event,
    })
}

fn line(id: i64, name: &str, members: &[i64]) -> Line {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "name": name,
        "mode": "all",
        "members": members,
        "connectors": [],
    }))
    .expect("a line")
}

mod session {
    use super::*;

    #[wasm_bindgen_test]
    fn the_actor_is_in_the_lines_it_is_a_member_of_and_presence_follows_events() {
        let stores = offline_stores();
        let session = stores.session;
        session
            .lines
            .set(vec![line(1, "Support", &[2, 3]), line(2, "Sales", &[3])]);
        assert_eq!(session.actor_untracked().lines, [LineId(1)]);
        assert_eq!(session.line_name(LineId(2)), "Sales");

        let me = olivia();
        session.users.set([(me.id, me)].into_iter().collect());
        stores.apply_frame(frame(
            1,
            Event::PresenceChanged {
                user_id: UserId(2),
                presence: Presence::Away,
            },
        ));
        let presence = session
            .users
            .with_untracked(|users| users.get(&UserId(2)).map(|user| user.presence));
        assert_eq!(presence, Some(Presence::Away));
    }

    #[wasm_bindgen_test]
    async fn a_task_of_the_workspace_stops_once_the_workspace_is_gone() {
        // Mounting starts the browser's task executor.
        let (_host, _mounted) = mount_in_workspace(offline_stores(), || ());
        let ran = Rc::new(Cell::new(false));
        let owner = Owner::new();
        let stores = owner.with(offline_stores);
        assert!(stores.session.is_alive());
        let seen = ran.clone();
        stores.session.spawn(async move {
            common::sleep(std::time::Duration::from_millis(50)).await;
            seen.set(true);
        });
        // Logging out disposes the stores while the task waits.
        drop(owner);
        assert!(!stores.session.is_alive());
        common::sleep(std::time::Duration::from_millis(120)).await;
        assert!(!ran.get(), "the task's continuation never ran");
    }
}

mod conversations {
    use super::*;

    fn with_rows() -> Stores {
        let stores = offline_stores();
        stores.session.lines.set(vec![line(1, "Support", &[2])]);
        stores.conversations.queue.update(|queue| {
            queue.upsert_item(queue_item(
                7,
                "Marie",
                ConversationStatus::Unanswered,
                "Hi",
                0,
            ));
            let mut mine = queue_item(8, "Louis", ConversationStatus::InProgress, "Yes", 0);
            mine.conversation.assignee = Some(UserId(2));
            queue.upsert_item(mine);
            let mut theirs = queue_item(9, "Ana", ConversationStatus::InProgress, "No", 0);
            theirs.conversation.assignee = Some(UserId(3));
            queue.upsert_item(theirs);
        });
        stores
    }

    #[wasm_bindgen_test]
    fn a_customer_message_updates_the_row_and_its_loaded_log_and_notifies() {
        let stores = with_rows();
        let conversations = stores.conversations;
        conversations.logs.update(|logs| {
            logs.insert(
                ConversationId(7),
                switchboard::state::conversation::ConversationLog::new(ConversationId(7)),
            );
        });
        stores.apply_frame(frame(
            1,
            Event::MessageCreated {
                message: customer_message(150, 7, "Where is my parcel?"),
            },
        ));
        let (preview, unread) = conversations.queue.with_untracked(|queue| {
            let row = queue.get(ConversationId(7)).expect("the row");
            (
                row.conversation
                    .last_message
                    .as_ref()
                    .map(|m| m.text.clone()),
                row.unread_count,
            )
        });
        assert_eq!(preview.as_deref(), Some("Where is my parcel?"));
        assert_eq!(unread, 1);
        let in_log = conversations.logs.with_untracked(|logs| {
            logs.get(&ConversationId(7))
                .is_some_and(|log| log.message(MessageId(150)).is_some())
        });
        assert!(in_log, "the open log got the message");
        let toasts = conversations.toasts.get_untracked();
        assert_eq!(toasts.len(), 1);
        assert_eq!(toasts[0].kind, ToastKind::CustomerMessage);
        assert_eq!(toasts[0].title, "Marie");
    }

    #[wasm_bindgen_test]
    fn mine_all_and_search_decide_the_rows_shown() {
        let stores = with_rows();
        let conversations = stores.conversations;
        let shown = || untrack(|| conversations.visible_rows());
        conversations.tab.set(QueueTab::InProgress);
        conversations.scope.set(InProgressScope::Mine);
        assert_eq!(shown(), [ConversationId(8)]);
        conversations.scope.set(InProgressScope::All);
        assert_eq!(shown().len(), 2);

        // A search shows its hits whatever their status, then the tab again.
        let hit = conversations
            .queue
            .with_untracked(|queue| queue.get(ConversationId(7)).cloned())
            .expect("the row");
        conversations
            .queue
            .update(|queue| queue.set_search_hits(Some(vec![hit])));
        assert_eq!(shown(), [ConversationId(7)]);
        conversations.clear_search();
        assert_eq!(shown().len(), 2);
    }

    #[wasm_bindgen_test]
    fn the_queue_follows_a_conversation_to_its_tab_and_the_scope_is_remembered() {
        let stores = with_rows();
        let conversations = stores.conversations;
        conversations.select_scope(InProgressScope::Mine);
        assert_eq!(
            switchboard::preferences::in_progress_scope(switchboard_protocol::Role::Supervisor),
            InProgressScope::Mine,
            "the choice outlives the default of a role"
        );
        conversations.follow(ConversationId(9));
        assert_eq!(conversations.tab.get_untracked(), QueueTab::InProgress);
        assert_eq!(
            conversations.scope.get_untracked(),
            InProgressScope::All,
            "a colleague's conversation is only under All"
        );
        conversations.follow(ConversationId(8));
        assert_eq!(conversations.tab.get_untracked(), QueueTab::InProgress);
        conversations.select_scope(InProgressScope::All);
    }
}

mod team {
    use super::*;
    use switchboard_protocol::{TeamChat, TeamChatId, TeamChatItem};

    fn chat(id: i64) -> TeamChat {
        TeamChat {
            id: TeamChatId(id),
            title: "Parcel 42".into(),
            members: vec![UserId(2), UserId(3)],
            created_by: UserId(3),
            created_at: 0,
            source: None,
            last_message: None,
            last_activity_at: 0,
        }
    }

    #[wasm_bindgen_test]
    fn a_colleague_writing_in_a_chat_i_am_not_reading_counts_as_unread() {
        let stores = offline_stores();
        stores.team.chats.set(Some(Default::default()));
        stores.team.chats.update(|chats| {
            if let Some(chats) = chats {
                chats.load(vec![TeamChatItem {
                    chat: chat(5),
                    unread_count: 0,
                    last_read_message_id: None,
                }]);
            }
        });
        let mut message = customer_message(60, 0, "Can you look?");
        message.author.kind = switchboard_protocol::AuthorKind::Employee;
        message.author.user_id = Some(UserId(3));
        stores.apply_frame(frame(
            1,
            Event::TeamChatMessageCreated {
                chat: chat(5),
                message,
            },
        ));
        let unread = stores
            .team
            .chats
            .with_untracked(|chats| chats.as_ref().map(|chats| chats.unread_total()));
        assert_eq!(unread, Some(1));
    }
}

mod collab {
    use super::*;
    use switchboard_protocol::{Task, TaskId, TaskStatus};

    #[wasm_bindgen_test]
    fn a_task_event_reaches_loaded_tasks_only() {
        let stores = offline_stores();
        let task = Task {
            id: TaskId(4),
            title: "Call back".into(),
            description: String::new(),
            assignee: UserId(2),
            creator: UserId(3),
            deadline: None,
            link: None,
            status: TaskStatus::Open,
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        stores.apply_frame(frame(1, Event::TaskCreated { task: task.clone() }));
        assert!(
            stores.collab.tasks.with_untracked(Option::is_none),
            "not loaded: nothing to keep live"
        );
        stores.collab.tasks.set(Some(Default::default()));
        stores.apply_frame(frame(2, Event::TaskCreated { task }));
        let listed = stores.collab.tasks.with_untracked(|tasks| {
            tasks
                .as_ref()
                .map(|tasks| tasks.list(UserId(2), true).len())
        });
        assert_eq!(listed, Some(1));
    }
}

mod crm {
    use super::*;
    use switchboard_protocol::{Contact, ContactId, ConversationCrm, CustomerId};

    fn contact(version: i64, name: &str) -> Contact {
        Contact {
            id: ContactId(3),
            name: name.into(),
            phone: None,
            email: None,
            external_ids: vec![],
            customer_ids: vec![CustomerId(7)],
            created_at: 0,
            updated_at: 0,
            version,
        }
    }

    #[wasm_bindgen_test]
    fn a_newer_contact_replaces_the_cards_copy_and_an_older_one_does_not() {
        let stores = offline_stores();
        stores.crm.cards.update(|cards| {
            cards.insert(
                ConversationId(7),
                ConversationCrm {
                    conversation_id: ConversationId(7),
                    customer_id: CustomerId(7),
                    contact: Some(contact(2, "Marie")),
                    deal_id: None,
                    deals: vec![],
                    form_submissions: vec![],
                    orders: vec![],
                },
            );
        });
        let name = || {
            stores.crm.cards.with_untracked(|cards| {
                cards[&ConversationId(7)]
                    .contact
                    .as_ref()
                    .map(|contact| contact.name.clone())
            })
        };
        stores.apply_frame(frame(
            1,
            Event::ContactUpdated {
                contact: contact(1, "Stale"),
            },
        ));
        assert_eq!(name().as_deref(), Some("Marie"));
        stores.apply_frame(frame(
            2,
            Event::ContactUpdated {
                contact: contact(3, "Marie Dupont"),
            },
        ));
        assert_eq!(name().as_deref(), Some("Marie Dupont"));
    }
}

mod threads {
    use super::*;

    #[wasm_bindgen_test]
    async fn a_pending_reveal_is_taken_once_by_its_own_thread() {
        let stores = offline_stores();
        let (_host, _handle) = mount_in_workspace(stores, || {
            let threads = expect_context::<Threads>();
            let conversation = Thread::Conversation(ConversationId(7));
            threads.reveal_when_shown(conversation, MessageId(40));
            assert_eq!(
                threads.take_pending_reveal(Thread::Conversation(ConversationId(8))),
                None
            );
            assert_eq!(
                threads.take_pending_reveal(conversation),
                Some(MessageId(40))
            );
            assert_eq!(threads.take_pending_reveal(conversation), None);
        });
    }
}

mod lifetimes {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    /// A view that projects the queue's size and listens to the window.
    #[component]
    fn Watcher(seen: Arc<AtomicU32>) -> impl IntoView {
        let conversations = expect_context::<switchboard::stores::ConversationStore>();
        let size = project(move || conversations.queue.with(|queue| queue.counts().unanswered));
        switchboard::listeners::on_window_event(leptos::ev::resize, move |_| {
            seen.fetch_add(1, Ordering::Relaxed);
        });
        view! { <p class="size">{size}</p> }
    }

    #[wasm_bindgen_test]
    async fn a_projection_follows_the_store_and_goes_with_its_view_and_listeners() {
        let stores = offline_stores();
        stores.session.lines.set(vec![line(1, "Support", &[2])]);
        let seen = Arc::new(AtomicU32::new(0));
        let shown = RwSignal::new(true);
        let counted = seen.clone();
        let (host, handle) = mount_in_workspace(stores, move || {
            let counted = counted.clone();
            view! {
                <Show when=move || shown.get()>
                    <Watcher seen=counted.clone() />
                </Show>
            }
        });
        assert!(eventually(|| common::text_of(&host, ".size") == "0").await);
        stores.conversations.queue.update(|queue| {
            queue.apply_event(
                &Event::ConversationCreated {
                    conversation: queue_item(7, "Marie", ConversationStatus::Unanswered, "Hi", 0)
                        .conversation,
                },
                &stores.session.actor_untracked(),
                None,
            );
        });
        assert!(eventually(|| common::text_of(&host, ".size") == "1").await);
        window()
            .dispatch_event(&web_sys::Event::new("resize").unwrap())
            .unwrap();
        assert_eq!(seen.load(Ordering::Relaxed), 1);

        // The view goes: its listener with it, and the store changing again
        // reads nothing of it.
        shown.set(false);
        leptos::task::tick().await;
        window()
            .dispatch_event(&web_sys::Event::new("resize").unwrap())
            .unwrap();
        assert_eq!(
            seen.load(Ordering::Relaxed),
            1,
            "the listener went with its view"
        );
        stores.conversations.queue.update(|queue| {
            queue.apply_event(
                &Event::ConversationCreated {
                    conversation: queue_item(8, "Louis", ConversationStatus::Unanswered, "Yo", 0)
                        .conversation,
                },
                &stores.session.actor_untracked(),
                None,
            );
        });
        common::sleep(std::time::Duration::from_millis(50)).await;
        assert!(host.query_selector(".size").unwrap().is_none());
        drop(handle);
    }
}
