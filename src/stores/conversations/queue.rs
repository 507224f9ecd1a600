//! Loading, filtering and searching the queue.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, LabelId, QueueQuery};

use super::ConversationStore;
use crate::state::queue::{InProgressScope, Queue, QueueFilter, QueueList, QueueSort, QueueTab};
use crate::stores::session::startup;

/// Rows per page of the queue.
const QUEUE_PAGE: u32 = 100;
/// Rows of a list's first page: a tall screen shows about twenty, and the
/// rest comes as the operator scrolls. A smaller first answer is decoded
/// and drawn sooner (the big queue's first rows, see the README's
/// Performance section).
const FIRST_QUEUE_PAGE: u32 = 40;
/// Results of a search: the best matches, every status together.
const SEARCH_RESULTS: u32 = 200;

impl ConversationStore {
    /// The list on screen: the selected tab and, in "In progress", the scope
    /// (tracked).
    pub fn list(&self) -> QueueList {
        QueueList::new(self.tab.get(), self.scope.get())
    }

    fn list_untracked(&self) -> QueueList {
        QueueList::new(self.tab.get_untracked(), self.scope.get_untracked())
    }

    /// The conversations the queue shows, in order: the search's results
    /// while a search is on, else the rows of the selected list (tracked).
    pub fn visible_rows(&self) -> Vec<ConversationId> {
        let list = self.list();
        let me = self.session.me.with(|me| me.id);
        let sort = self.sort.get();
        self.filter.with(|filter| {
            self.queue.with(|queue| {
                if queue.is_searching() {
                    queue.search_results(filter, sort)
                } else {
                    queue.rows(list, me, filter, sort)
                }
            })
        })
    }

    /// Reloads the selected list from scratch (filters changed, resync, login).
    pub fn reload_queue(&self) {
        let list = self.list_untracked();
        let this = *self;
        self.queue_loading.set(true);
        self.session.spawn(async move {
            let query = this.queue_query(list, None);
            match this.session.client().queue(&query).await {
                Ok(page) => this.queue.update(|queue| queue.apply_page(list, page)),
                Err(error) => this.session.failed(&error),
            }
            this.queue_loading.set(false);
            this.session.loaded(startup::QUEUE);
        });
    }

    fn queue_query(&self, list: QueueList, cursor: Option<String>) -> QueueQuery {
        let filter = self.filter.get_untracked();
        QueueQuery {
            status: Some(list.tab.status()),
            snoozed: list.tab.snoozed(),
            line_id: filter.line,
            assignee: list.mine.then(|| self.session.my_id()),
            label: filter.label,
            q: None,
            limit: Some(if cursor.is_none() {
                FIRST_QUEUE_PAGE
            } else {
                QUEUE_PAGE
            }),
            cursor,
        }
    }

    /// Selects a tab, loading its list the first time.
    pub fn select_tab(&self, tab: QueueTab) {
        self.tab.set(tab);
        self.load_if_needed();
    }

    /// Shows mine or everyone's conversations in "In progress", and
    /// remembers the choice.
    pub fn select_scope(&self, scope: InProgressScope) {
        crate::preferences::set_in_progress_scope(scope);
        self.scope.set(scope);
        self.load_if_needed();
    }

    fn load_if_needed(&self) {
        let list = self.list_untracked();
        if !self.queue.with_untracked(|queue| queue.is_loaded(list)) {
            self.reload_queue();
        }
    }

    /// Shows the tab (and scope) where a conversation now is, so the queue
    /// follows the open conversation after the operator moved it (answered,
    /// took, finished it).
    pub fn follow(&self, id: ConversationId) {
        let me = self.session.my_id();
        let Some((tab, mine)) = self.queue.with_untracked(|queue| {
            queue.get(id).map(|row| {
                (
                    QueueTab::of(&row.conversation),
                    row.conversation.assignee == Some(me),
                )
            })
        }) else {
            return;
        };
        if tab == QueueTab::InProgress && !mine {
            self.scope.set(InProgressScope::All);
        }
        if self.tab.get_untracked() != tab {
            self.tab.set(tab);
        }
        self.load_if_needed();
    }

    /// Changes the line/channel filters and reloads.
    pub fn set_filter(&self, filter: QueueFilter) {
        self.filter.set(filter);
        self.queue.update(Queue::clear);
        self.reload_queue();
        self.search(self.search_text.get_untracked());
    }

    /// "Filter by label" (`None`: all labels), remembered in this browser.
    pub fn filter_by_label(&self, label: Option<LabelId>) {
        crate::preferences::set_queue_label(label);
        let filter = QueueFilter {
            label,
            ..self.filter.get_untracked()
        };
        self.set_filter(filter);
    }

    /// "Sort by", remembered in this browser.
    pub fn sort_by(&self, sort: QueueSort) {
        crate::preferences::set_queue_sort(sort);
        self.sort.set(sort);
    }

    /// Drops the label filter once its label is deleted (the labels just
    /// changed or were loaded).
    pub(crate) fn forget_deleted_label(&self) {
        let label = self.filter.with_untracked(|filter| filter.label);
        let kept = self
            .session
            .labels
            .with_untracked(|labels| crate::state::labels::filter_after(label, labels));
        if kept != label {
            self.filter_by_label(kept);
        }
    }

    /// Loads the next page of the selected list, if any.
    pub fn load_more(&self) {
        if self.queue.with_untracked(Queue::is_searching) {
            return;
        }
        let list = self.list_untracked();
        let Some(cursor) = self.queue.with_untracked(|queue| queue.cursor(list)) else {
            return;
        };
        if self.queue_loading.get_untracked() {
            return;
        }
        self.queue_loading.set(true);
        let this = *self;
        self.session.spawn(async move {
            let query = this.queue_query(list, Some(cursor));
            match this.session.client().queue(&query).await {
                Ok(page) => this.queue.update(|queue| queue.apply_page(list, page)),
                Err(error) => this.session.failed(&error),
            }
            this.queue_loading.set(false);
        });
    }

    /// Searches every status on the server (customer, title, messages);
    /// empty text ends the search and the tabs show again as they were.
    pub fn search(&self, text: String) {
        let text = text.trim().to_owned();
        let generation = self.search_generation.get_value() + 1;
        self.search_generation.set_value(generation);
        if text.is_empty() {
            self.queue.update(|queue| queue.set_search_hits(None));
            return;
        }
        let this = *self;
        self.session.spawn(async move {
            let mut query = this.queue_query(QueueList::tab(QueueTab::Unanswered), None);
            query.status = None;
            query.q = Some(text);
            query.limit = Some(SEARCH_RESULTS);
            let result = this.session.client().queue(&query).await;
            if this.search_generation.get_value() != generation {
                // A newer search (or its end) came first.
                return;
            }
            match result {
                Ok(page) => this
                    .queue
                    .update(|queue| queue.set_search_hits(Some(page.items))),
                Err(error) => this.session.failed(&error),
            }
        });
    }

    /// Ends the search: the selected tab shows again, as it was.
    pub fn clear_search(&self) {
        self.search_text.set(String::new());
        self.search(String::new());
    }
}
