//! Which messages of a long conversation are in the DOM.
//!
//! A conversation may hold thousands of messages; rendering them all makes
//! every update and every scroll slow. The log renders a window of at most
//! [`MAX_RENDERED`] consecutive messages. At the bottom the window follows
//! the newest message (new ones push the oldest out); scrolling near its top
//! or bottom edge moves it by [`STEP`] messages, and the view keeps the message
//! the operator is reading where it was. Messages have different heights, so
//! moving by whole messages with an anchor avoids estimating heights at all.
//!
//! The window is kept as message ids, not indices, so pages loaded before it
//! or messages arriving after it never shift what the operator reads.

use std::ops::Range;

use switchboard_protocol::{Message, MessageId};

/// Most messages rendered at once.
pub const MAX_RENDERED: usize = 150;
/// Messages added at one edge (and dropped at the other) per move. A move
/// draws this many bubbles in one task: 25 keep it near 10 ms of script on a
/// slow machine, where 50 came close to the 50 ms of a long task once the
/// machine was busy; scrolling up makes more moves, each unnoticed.
pub const STEP: usize = 25;

/// The rendered part of a conversation's log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LogWindow {
    /// The first rendered message; `None` while following the newest.
    first: Option<MessageId>,
    /// The last rendered message; `None` while following the newest.
    last: Option<MessageId>,
}

impl LogWindow {
    /// Whether the window ends with the newest message and follows new ones.
    pub fn follows_newest(&self) -> bool {
        self.last.is_none()
    }

    /// Back to the newest messages (the operator sent a reply, or jumped down).
    pub fn follow_newest(&mut self) {
        *self = Self::default();
    }

    /// The indices of `messages` (sorted by id) to render.
    pub fn range(&self, messages: &[Message]) -> Range<usize> {
        let end = match self.last {
            None => messages.len(),
            Some(last) => messages.partition_point(|message| message.id <= last),
        };
        let start = match self.first {
            None => end.saturating_sub(MAX_RENDERED),
            Some(first) => messages
                .partition_point(|message| message.id < first)
                .min(end),
        };
        start..end
    }

    /// Shows [`STEP`] older messages, dropping newer ones beyond
    /// [`MAX_RENDERED`]. Returns false when the oldest loaded one is shown.
    pub fn move_up(&mut self, messages: &[Message]) -> bool {
        let current = self.range(messages);
        if current.start == 0 {
            return false;
        }
        let start = current.start.saturating_sub(STEP);
        let end = current.end.min(start + MAX_RENDERED);
        self.set(messages, start, end);
        true
    }

    /// Shows [`STEP`] newer messages, dropping older ones beyond
    /// [`MAX_RENDERED`]; reaching the newest, the window follows it again.
    /// Returns false when it already does.
    pub fn move_down(&mut self, messages: &[Message]) -> bool {
        if self.follows_newest() {
            return false;
        }
        let current = self.range(messages);
        let end = (current.end + STEP).min(messages.len());
        if end == messages.len() {
            self.follow_newest();
            return true;
        }
        let start = current.start.max(end.saturating_sub(MAX_RENDERED));
        self.set(messages, start, end);
        true
    }

    /// Shows the message `id` in the middle of the window (clicking a quote
    /// goes to the original). Returns false when it is not loaded.
    pub fn center_on(&mut self, messages: &[Message], id: MessageId) -> bool {
        let Ok(index) = messages.binary_search_by_key(&id, |message| message.id) else {
            return false;
        };
        if self.range(messages).contains(&index) {
            return true;
        }
        let start = index.saturating_sub(MAX_RENDERED / 2);
        let end = start + MAX_RENDERED;
        if end >= messages.len() {
            self.follow_newest();
        } else {
            self.set(messages, start, end);
        }
        true
    }

    fn set(&mut self, messages: &[Message], start: usize, end: usize) {
        if end >= messages.len() && end.saturating_sub(start) <= MAX_RENDERED && start == 0 {
            self.follow_newest();
            return;
        }
        self.first = messages.get(start).map(|message| message.id);
        self.last = end
            .checked_sub(1)
            .and_then(|index| messages.get(index))
            .map(|message| message.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::queue::tests::customer_message;

    #[test]
    fn centering_on_an_old_message_renders_it_and_its_neighbours() {
        let messages = log(1_000);
        let mut window = LogWindow::default();
        assert!(window.center_on(&messages, MessageId(2_000)));
        let range = window.range(&messages);
        assert!(range.contains(&199), "{range:?}");
        assert_eq!(range.len(), MAX_RENDERED);
        assert!(!window.follows_newest());
        // Already rendered: nothing moves.
        let before = window;
        assert!(window.center_on(&messages, MessageId(2_010)));
        assert_eq!(window, before);
        // Near the newest: the window follows the newest again.
        assert!(window.center_on(&messages, MessageId(9_500)));
        assert!(window.follows_newest());
        assert!(window.range(&messages).contains(&949));
        // Not loaded.
        assert!(!window.center_on(&messages, MessageId(5)));
    }

    fn log(count: i64) -> Vec<Message> {
        (1..=count)
            .map(|id| customer_message(id * 10, 7, "hello"))
            .collect()
    }

    #[test]
    fn a_short_log_is_rendered_whole_and_a_long_one_from_its_newest() {
        let window = LogWindow::default();
        assert_eq!(window.range(&log(40)), 0..40);
        assert_eq!(window.range(&log(5_000)), 4_850..5_000);
        assert_eq!(window.range(&[]), 0..0);
    }

    #[test]
    fn following_the_newest_new_messages_push_the_oldest_out() {
        let window = LogWindow::default();
        let mut messages = log(150);
        assert_eq!(window.range(&messages), 0..150);
        messages.push(customer_message(10_000, 7, "new"));
        assert_eq!(window.range(&messages), 1..151);
    }

    #[test]
    fn moving_up_to_the_oldest_never_renders_more_than_the_maximum() {
        let messages = log(5_000);
        let mut window = LogWindow::default();
        let mut moves = 0;
        while window.move_up(&messages) {
            let range = window.range(&messages);
            assert!(range.len() <= MAX_RENDERED, "{range:?}");
            moves += 1;
        }
        assert_eq!(window.range(&messages), 0..MAX_RENDERED);
        assert_eq!(moves, (5_000 - MAX_RENDERED).div_ceil(STEP));
        assert!(!window.follows_newest());
    }

    #[test]
    fn moving_down_comes_back_to_following_the_newest() {
        let messages = log(1_000);
        let mut window = LogWindow::default();
        for _ in 0..10 {
            window.move_up(&messages);
        }
        let start = 1_000 - MAX_RENDERED - 10 * STEP;
        assert_eq!(window.range(&messages), start..start + MAX_RENDERED);
        assert!(window.move_down(&messages));
        assert_eq!(
            window.range(&messages),
            start + STEP..start + STEP + MAX_RENDERED
        );
        while window.move_down(&messages) {
            assert!(window.range(&messages).len() <= MAX_RENDERED);
        }
        assert!(window.follows_newest());
        assert_eq!(window.range(&messages), 850..1_000);
    }

    #[test]
    fn older_pages_and_new_messages_do_not_move_what_the_operator_reads() {
        let mut messages = log(300);
        let mut window = LogWindow::default();
        window.move_up(&messages);
        let reading: Vec<MessageId> = messages[window.range(&messages)]
            .iter()
            .map(|message| message.id)
            .collect();
        // An older page arrives in front, a new message at the end.
        let mut older: Vec<Message> = (1..=50).map(|id| customer_message(id, 7, "old")).collect();
        older.append(&mut messages);
        older.push(customer_message(99_999, 7, "new"));
        let after: Vec<MessageId> = older[window.range(&older)]
            .iter()
            .map(|message| message.id)
            .collect();
        assert_eq!(after, reading);
    }

    #[test]
    fn a_log_shorter_than_the_window_cannot_move() {
        let messages = log(80);
        let mut window = LogWindow::default();
        assert!(!window.move_up(&messages));
        assert!(!window.move_down(&messages));
        assert!(window.follows_newest());
    }
}
