//! The tasks, calendar and feed store: loaded when their page (or a dialog)
//! first needs them, then kept live by events.

use leptos::prelude::*;
use switchboard_protocol::{
    CalendarEvent, CalendarEventId, CreateCalendarEventRequest, CreateFeedPostRequest,
    CreateTaskRequest, Event, FeedPost, Task, TaskId, TaskScope, TaskStatus, UpdateTaskRequest,
};

use super::SessionStore;
use crate::state::collab::{Calendar, Feed, Tasks};

/// Tasks, calendar events and the feed. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct CollabStore {
    session: SessionStore,
    /// Tasks assigned to me or created by me (loaded when first needed).
    pub tasks: RwSignal<Option<Tasks>>,
    /// Upcoming calendar events (loaded when first needed).
    pub calendar: RwSignal<Option<Calendar>>,
    /// The company feed (loaded when first needed).
    pub feed: RwSignal<Option<Feed>>,
    /// Why loading or changing tasks, events or the feed failed.
    pub error: RwSignal<Option<String>>,
}

impl CollabStore {
    pub(super) fn new(session: SessionStore) -> Self {
        Self {
            session,
            tasks: RwSignal::new(None),
            calendar: RwSignal::new(None),
            feed: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Reports a failed load or change where the page shows it.
    /// What the server created, shown at once (its event may come later).
    fn created<T: Clone>(
        &self,
        answer: Result<T, crate::api::ApiError>,
        apply: impl FnOnce(T),
    ) -> Result<T, String> {
        let created = self.session.check(answer)?;
        apply(created.clone());
        Ok(created)
    }

    fn report(&self, error: crate::api::ApiError) {
        self.session.failed(&error);
        self.error.set(Some(error.explanation()));
    }

    /// Loads my tasks and the ones I created (once; events keep them live).
    pub fn load_tasks(&self) {
        if self.tasks.with_untracked(Option::is_some) {
            return;
        }
        let this = *self;
        self.session.spawn(async move {
            let client = this.session.client();
            let mut tasks = Tasks::default();
            for scope in [TaskScope::AssignedToMe, TaskScope::CreatedByMe] {
                match client.tasks(scope).await {
                    Ok(list) => list.into_iter().for_each(|task| tasks.upsert(task)),
                    Err(error) => {
                        this.report(error);
                        return;
                    }
                }
            }
            this.tasks.set(Some(tasks));
        });
    }

    /// Creates a task.
    pub async fn create_task(&self, request: CreateTaskRequest) -> Result<Task, String> {
        let answer = self.session.client().create_task(&request).await;
        self.created(answer, |created| self.apply_task(created))
    }

    /// Marks a task done or open again.
    pub fn set_task_status(&self, id: TaskId, status: TaskStatus) {
        let this = *self;
        self.session.spawn(async move {
            let request = UpdateTaskRequest {
                status: Some(status),
                ..UpdateTaskRequest::default()
            };
            match this.session.client().update_task(id, &request).await {
                Ok(task) => this.apply_task(task),
                Err(error) => this.report(error),
            }
        });
    }

    fn apply_task(&self, task: Task) {
        self.tasks.update(|tasks| {
            if let Some(tasks) = tasks {
                tasks.upsert(task);
            }
        });
    }

    /// Loads the upcoming calendar events (once; events keep them live).
    pub fn load_calendar(&self) {
        if self.calendar.with_untracked(Option::is_some) {
            return;
        }
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().calendar().await {
                Ok(list) => this.calendar.update(|calendar| {
                    let mut loaded = Calendar::default();
                    for event in list {
                        loaded.upsert(event);
                    }
                    *calendar = Some(loaded);
                }),
                Err(error) => this.report(error),
            }
        });
    }

    /// Creates a calendar event.
    pub async fn create_calendar_event(
        &self,
        request: CreateCalendarEventRequest,
    ) -> Result<CalendarEvent, String> {
        let answer = self.session.client().create_calendar_event(&request).await;
        self.created(answer, |created| self.apply_calendar_event(created))
    }

    /// The `.ics` file of an event.
    pub async fn calendar_ics(&self, id: CalendarEventId) -> Result<String, String> {
        self.session
            .check(self.session.client().calendar_ics(id).await)
    }

    fn apply_calendar_event(&self, event: CalendarEvent) {
        self.calendar.update(|calendar| {
            if let Some(calendar) = calendar {
                calendar.upsert(event);
            }
        });
    }

    /// Loads the first page of the feed, or the next older one.
    pub fn load_feed(&self, older: bool) {
        let before = self.feed.with_untracked(|feed| match (feed, older) {
            (None, _) => Some(None),
            (Some(feed), true) => feed.next_cursor.map(Some),
            (Some(_), false) => None,
        });
        let Some(before) = before else {
            return;
        };
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().feed(before).await {
                Ok(page) => this.feed.update(|feed| {
                    let feed = feed.get_or_insert_with(Feed::default);
                    feed.add(page.items);
                    feed.next_cursor = page.next_cursor;
                }),
                Err(error) => this.report(error),
            }
        });
    }

    /// Posts to the company feed.
    pub async fn create_feed_post(
        &self,
        request: CreateFeedPostRequest,
    ) -> Result<FeedPost, String> {
        let answer = self.session.client().create_feed_post(&request).await;
        self.created(answer, |created| self.apply_feed_post(created))
    }

    fn apply_feed_post(&self, post: FeedPost) {
        self.feed.update(|feed| {
            if let Some(feed) = feed {
                feed.add([post]);
            }
        });
    }

    /// Events were missed: what was loaded is forgotten, and the page that
    /// shows it (if one does) loads it again. The loading itself is only in
    /// the pages' part of the app.
    pub(super) fn resync(&self) {
        self.tasks.set(None);
        self.calendar.set(None);
        self.feed.set(None);
    }

    /// Applies the events of tasks, calendar and feed.
    pub(super) fn apply_event(&self, event: &Event) {
        match event {
            Event::TaskCreated { task } | Event::TaskUpdated { task } => {
                self.apply_task(task.clone());
            }
            Event::CalendarEventCreated { calendar_event } => {
                self.apply_calendar_event(calendar_event.clone());
            }
            Event::FeedPostCreated { post } => self.apply_feed_post(post.clone()),
            _ => {}
        }
    }
}
