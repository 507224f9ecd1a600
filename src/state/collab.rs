//! The collaboration pages' models: tasks, calendar events, the company feed
//! and the list of internal (team) chats. Plain data and reducers, so loads
//! and live events merge the same way and are tested natively.

use std::collections::BTreeMap;

use switchboard_protocol::{
    CalendarEvent, FeedPost, FeedPostId, Message, MessageId, Task, TaskId, TaskStatus, TeamChat,
    TeamChatId, TeamChatItem, UserId,
};

/// Tasks I must do and tasks I created, by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tasks {
    tasks: BTreeMap<TaskId, Task>,
}

impl Tasks {
    /// Adds or replaces a task; an older copy (lower `version`) is ignored.
    pub fn upsert(&mut self, task: Task) {
        match self.tasks.get(&task.id) {
            Some(known) if known.version > task.version => {}
            _ => {
                self.tasks.insert(task.id, task);
            }
        }
    }

    /// Tasks assigned to `me` (`mine`) or created by `me` for a colleague,
    /// open ones first, then by deadline (none last), then newest first.
    pub fn list(&self, me: UserId, mine: bool) -> Vec<Task> {
        let mut list: Vec<Task> = self
            .tasks
            .values()
            .filter(|task| {
                if mine {
                    task.assignee == me
                } else {
                    task.creator == me
                }
            })
            .cloned()
            .collect();
        list.sort_by_key(|task| {
            (
                task.status == TaskStatus::Done,
                task.deadline.unwrap_or(i64::MAX),
                std::cmp::Reverse(task.id),
            )
        });
        list
    }

    /// Open tasks assigned to `me` (the rail's badge).
    pub fn open_for(&self, me: UserId) -> usize {
        self.tasks
            .values()
            .filter(|task| task.assignee == me && task.status == TaskStatus::Open)
            .count()
    }
}

/// Upcoming calendar events, soonest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    events: Vec<CalendarEvent>,
}

impl Calendar {
    /// Adds (or replaces) an event at its place in time.
    pub fn upsert(&mut self, event: CalendarEvent) {
        self.events.retain(|known| known.id != event.id);
        let at = self
            .events
            .partition_point(|known| (known.starts_at, known.id) < (event.starts_at, event.id));
        self.events.insert(at, event);
    }

    /// The events not ended at `now`, soonest first.
    pub fn upcoming(&self, now: i64) -> Vec<CalendarEvent> {
        self.events
            .iter()
            .filter(|event| event.starts_at + i64::from(event.duration_minutes) * 60_000 > now)
            .cloned()
            .collect()
    }
}

/// The company feed as loaded so far, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feed {
    posts: Vec<FeedPost>,
    /// Where older posts continue, if they do.
    pub next_cursor: Option<FeedPostId>,
}

impl Feed {
    /// Adds posts (a page or a live one) at their place, once each.
    pub fn add(&mut self, posts: impl IntoIterator<Item = FeedPost>) {
        for post in posts {
            if let Err(at) = self.posts.binary_search_by(|known| post.id.cmp(&known.id)) {
                self.posts.insert(at, post);
            }
        }
    }

    /// The posts, newest first.
    pub fn posts(&self) -> &[FeedPost] {
        &self.posts
    }
}

/// My internal chats, most recent activity first, with unread counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamChats {
    items: Vec<TeamChatItem>,
}

impl TeamChats {
    /// Replaces the list with a fresh load.
    pub fn load(&mut self, items: Vec<TeamChatItem>) {
        self.items = items;
        self.sort();
    }

    /// A chat was created or changed: its row is replaced, the personal
    /// part (unread count, read marker) kept.
    pub fn upsert(&mut self, chat: TeamChat) {
        match self.items.iter_mut().find(|item| item.chat.id == chat.id) {
            Some(item) => item.chat = chat,
            None => self.items.push(TeamChatItem {
                chat,
                unread_count: 0,
                last_read_message_id: None,
            }),
        }
        self.sort();
    }

    /// A message arrived in a chat: a colleague's counts as unread unless
    /// the chat is open in front of me (`reading`).
    pub fn message(&mut self, chat: TeamChat, message: &Message, me: UserId, reading: bool) {
        let id = chat.id;
        self.upsert(chat);
        if let Some(item) = self.items.iter_mut().find(|item| item.chat.id == id) {
            if reading || message.author.user_id == Some(me) {
                item.last_read_message_id = Some(message.id);
                item.unread_count = 0;
            } else if item
                .last_read_message_id
                .is_none_or(|read| read < message.id)
            {
                item.unread_count += 1;
            }
        }
    }

    /// My read marker moved (here or on another device).
    pub fn read(&mut self, id: TeamChatId, last_read: MessageId) {
        if let Some(item) = self.items.iter_mut().find(|item| item.chat.id == id) {
            if item
                .last_read_message_id
                .is_none_or(|read| read <= last_read)
            {
                item.last_read_message_id = Some(last_read);
                item.unread_count = 0;
            }
        }
    }

    /// The chats, most recent activity first.
    pub fn items(&self) -> &[TeamChatItem] {
        &self.items
    }

    /// One chat.
    pub fn get(&self, id: TeamChatId) -> Option<&TeamChatItem> {
        self.items.iter().find(|item| item.chat.id == id)
    }

    /// Unread messages over all chats (the rail's badge).
    pub fn unread_total(&self) -> u32 {
        self.items.iter().map(|item| item.unread_count).sum()
    }

    fn sort(&mut self) {
        self.items.sort_by_key(|item| {
            (
                std::cmp::Reverse(item.chat.last_activity_at),
                std::cmp::Reverse(item.chat.id),
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::queue::tests::customer_message;
    use switchboard_protocol::{AuthorKind, ConversationId};

    const ME: UserId = UserId(2);
    const COLLEAGUE: UserId = UserId(3);

    fn task(id: i64, assignee: UserId, creator: UserId, deadline: Option<i64>) -> Task {
        Task {
            id: TaskId(id),
            title: format!("Task {id}"),
            description: String::new(),
            assignee,
            creator,
            deadline,
            link: None,
            status: TaskStatus::Open,
            created_at: id,
            updated_at: id,
            version: 1,
        }
    }

    #[test]
    fn tasks_split_into_mine_and_created_sorted_open_then_by_deadline() {
        let mut tasks = Tasks::default();
        tasks.upsert(task(1, ME, COLLEAGUE, None));
        tasks.upsert(task(2, ME, ME, Some(500)));
        tasks.upsert(task(3, COLLEAGUE, ME, Some(100)));
        let mut done = task(4, ME, COLLEAGUE, Some(50));
        done.status = TaskStatus::Done;
        tasks.upsert(done);
        let ids = |list: Vec<Task>| list.iter().map(|t| t.id.0).collect::<Vec<_>>();
        assert_eq!(ids(tasks.list(ME, true)), [2, 1, 4]);
        assert_eq!(ids(tasks.list(ME, false)), [3, 2]);
        assert_eq!(tasks.open_for(ME), 2);
    }

    #[test]
    fn a_stale_copy_of_a_task_does_not_undo_a_newer_one() {
        let mut tasks = Tasks::default();
        let mut newer = task(1, ME, ME, None);
        newer.version = 3;
        newer.status = TaskStatus::Done;
        tasks.upsert(newer);
        tasks.upsert(task(1, ME, ME, None));
        assert_eq!(tasks.list(ME, true)[0].status, TaskStatus::Done);
    }

    fn event(id: i64, starts_at: i64) -> CalendarEvent {
        CalendarEvent {
            id: switchboard_protocol::CalendarEventId(id),
            title: format!("Event {id}"),
            starts_at,
            duration_minutes: 30,
            organizer: ME,
            attendees: vec![COLLEAGUE],
            description: String::new(),
            link: None,
            created_at: 0,
        }
    }

    #[test]
    fn calendar_keeps_events_in_time_order_and_drops_ended_ones() {
        let mut calendar = Calendar::default();
        calendar.upsert(event(1, 3_600_000));
        calendar.upsert(event(2, 0));
        calendar.upsert(event(3, 7_200_000));
        calendar.upsert(event(1, 3_600_000));
        let ids: Vec<i64> = calendar.upcoming(0).iter().map(|e| e.id.0).collect();
        assert_eq!(ids, [2, 1, 3]);
        // Event 2 ended after 30 minutes.
        let ids: Vec<i64> = calendar
            .upcoming(31 * 60_000)
            .iter()
            .map(|e| e.id.0)
            .collect();
        assert_eq!(ids, [1, 3]);
    }

    fn post(id: i64) -> FeedPost {
        FeedPost {
            id: FeedPostId(id),
            author: ME,
            author_name: "Olivia".into(),
            text: format!("Post {id}"),
            quote: None,
            created_at: id,
        }
    }

    #[test]
    fn feed_posts_are_newest_first_and_never_twice() {
        let mut feed = Feed::default();
        feed.add([post(5), post(4)]);
        feed.add([post(6)]);
        feed.add([post(5), post(3)]);
        let ids: Vec<i64> = feed.posts().iter().map(|p| p.id.0).collect();
        assert_eq!(ids, [6, 5, 4, 3]);
    }

    fn chat(id: i64, last_activity_at: i64) -> TeamChat {
        TeamChat {
            id: TeamChatId(id),
            title: format!("Chat {id}"),
            members: vec![ME, COLLEAGUE],
            created_by: ME,
            created_at: 0,
            source: None,
            last_message: None,
            last_activity_at,
        }
    }

    fn chat_message(id: i64, author: UserId) -> Message {
        let mut message = customer_message(id, 0, "Hi");
        message.conversation_id = ConversationId(0);
        message.author.kind = AuthorKind::Employee;
        message.author.user_id = Some(author);
        message
    }

    #[test]
    fn colleagues_messages_count_as_unread_until_read_and_move_the_chat_up() {
        let mut chats = TeamChats::default();
        chats.load(vec![
            TeamChatItem {
                chat: chat(1, 10),
                unread_count: 0,
                last_read_message_id: None,
            },
            TeamChatItem {
                chat: chat(2, 20),
                unread_count: 0,
                last_read_message_id: None,
            },
        ]);
        assert_eq!(chats.items()[0].chat.id, TeamChatId(2));
        chats.message(chat(1, 30), &chat_message(7, COLLEAGUE), ME, false);
        chats.message(chat(1, 31), &chat_message(8, COLLEAGUE), ME, false);
        assert_eq!(chats.items()[0].chat.id, TeamChatId(1));
        assert_eq!(chats.unread_total(), 2);
        // My own message, or one read as it arrives, is not unread.
        chats.message(chat(2, 32), &chat_message(9, ME), ME, false);
        chats.message(chat(2, 33), &chat_message(10, COLLEAGUE), ME, true);
        assert_eq!(chats.get(TeamChatId(2)).unwrap().unread_count, 0);
        chats.read(TeamChatId(1), MessageId(8));
        assert_eq!(chats.unread_total(), 0);
        // An older marker does not move it back.
        chats.read(TeamChatId(1), MessageId(7));
        assert_eq!(
            chats.get(TeamChatId(1)).unwrap().last_read_message_id,
            Some(MessageId(8))
        );
    }

    #[test]
    fn a_new_chat_appears_with_nothing_unread() {
        let mut chats = TeamChats::default();
        chats.upsert(chat(4, 5));
        assert_eq!(chats.items().len(), 1);
        assert_eq!(chats.unread_total(), 0);
    }
}
