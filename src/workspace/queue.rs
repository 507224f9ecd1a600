//! Loading, filtering and searching the queue.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::QueueQuery;

use super::{Workspace, FIRST_QUEUE_PAGE, QUEUE_PAGE};
use crate::state::queue::{Queue, QueueFilter, QueueTab};

impl Workspace {
    /// Reloads the selected tab from scratch (filters changed, resync, login).
    pub fn reload_queue(&self) {
        let tab = self.tab.get_untracked();
        let this = *self;
        self.queue_loading.set(true);
        spawn_local(async move {
            let query = this.queue_query(tab, None);
            match this.client().queue(&query).await {
                Ok(page) => this.queue.update(|queue| queue.apply_page(tab, page)),
                Err(error) => this.failed(&error),
            }
            this.queue_loading.set(false);
            this.loaded(super::startup::QUEUE);
        });
    }

    pub(super) fn queue_query(&self, tab: QueueTab, cursor: Option<String>) -> QueueQuery {
        let filter = self.filter.get_untracked();
        QueueQuery {
            status: Some(tab.status()),
            line_id: filter.line,
            assignee: None,
            q: None,
            limit: Some(if cursor.is_none() {
                FIRST_QUEUE_PAGE
            } else {
                QUEUE_PAGE
            }),
            cursor,
        }
    }

    /// Selects a tab, loading it the first time.
    pub fn select_tab(&self, tab: QueueTab) {
        self.tab.set(tab);
        if !self.queue.with_untracked(|queue| queue.is_loaded(tab)) {
            self.reload_queue();
        }
    }

    /// Changes the line/channel filters and reloads.
    pub fn set_filter(&self, filter: QueueFilter) {
        self.filter.set(filter);
        self.queue.update(Queue::clear);
        self.reload_queue();
    }

    /// Loads the next page of the selected tab, if any.
    pub fn load_more(&self) {
        let tab = self.tab.get_untracked();
        let Some(cursor) = self.queue.with_untracked(|queue| queue.cursor(tab)) else {
            return;
        };
        if self.queue_loading.get_untracked() {
            return;
        }
        self.queue_loading.set(true);
        let this = *self;
        spawn_local(async move {
            let query = this.queue_query(tab, Some(cursor));
            match this.client().queue(&query).await {
                Ok(page) => this.queue.update(|queue| queue.apply_page(tab, page)),
                Err(error) => this.failed(&error),
            }
            this.queue_loading.set(false);
        });
    }

    /// Runs a server-side text search (empty text ends the search).
    pub fn search(&self, text: String) {
        let text = text.trim().to_owned();
        if text.is_empty() {
            self.queue.update(|queue| queue.set_search_hits(None));
            return;
        }
        let this = *self;
        spawn_local(async move {
            let mut query = this.queue_query(this.tab.get_untracked(), None);
            query.status = None;
            query.q = Some(text);
            query.limit = Some(200);
            match this.client().queue(&query).await {
                Ok(page) => this
                    .queue
                    .update(|queue| queue.set_search_hits(Some(page.items))),
                Err(error) => this.failed(&error),
            }
        });
    }
}
