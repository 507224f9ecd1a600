//! Tasks, calendar events and the company feed: loaded when their page (or
//! a dialog) first needs them, then kept live by events.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    CalendarEvent, CalendarEventId, CreateCalendarEventRequest, CreateFeedPostRequest,
    CreateTaskRequest, Event, FeedPost, Task, TaskId, TaskScope, TaskStatus, UpdateTaskRequest,
};

use super::{actions::message_of, Workspace};
use crate::state::collab::{Calendar, Feed, Tasks};

impl Workspace {
    /// Loads my tasks and the ones I created (once; events keep them live).
    pub fn load_tasks(&self) {
        if self.tasks.with_untracked(Option::is_some) {
            return;
        }
        let this = *self;
        spawn_local(async move {
            let client = this.client();
            let mut tasks = Tasks::default();
            for scope in [TaskScope::AssignedToMe, TaskScope::CreatedByMe] {
                match client.tasks(scope).await {
                    Ok(list) => list.into_iter().for_each(|task| tasks.upsert(task)),
                    Err(error) => {
                        this.failed(&error);
                        this.collab_error.set(Some(message_of(error)));
                        return;
                    }
                }
            }
            this.tasks.set(Some(tasks));
        });
    }

    /// Creates a task.
    pub async fn create_task(&self, request: CreateTaskRequest) -> Result<Task, String> {
        let task = self.client().create_task(&request).await.map_err(|error| {
            self.failed(&error);
            message_of(error)
        })?;
        self.apply_task(task.clone());
        Ok(task)
    }

    /// Marks a task done or open again.
    pub fn set_task_status(&self, id: TaskId, status: TaskStatus) {
        let this = *self;
        spawn_local(async move {
            let request = UpdateTaskRequest {
                status: Some(status),
                ..UpdateTaskRequest::default()
            };
            match this.client().update_task(id, &request).await {
                Ok(task) => this.apply_task(task),
                Err(error) => {
                    this.failed(&error);
                    this.collab_error.set(Some(message_of(error)));
                }
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
        spawn_local(async move {
            match this.client().calendar().await {
                Ok(list) => this.calendar.update(|calendar| {
                    let mut loaded = Calendar::default();
                    for event in list {
                        loaded.upsert(event);
                    }
                    *calendar = Some(loaded);
                }),
                Err(error) => {
                    this.failed(&error);
                    this.collab_error.set(Some(message_of(error)));
                }
            }
        });
    }

    /// Creates a calendar event.
    pub async fn create_calendar_event(
        &self,
        request: CreateCalendarEventRequest,
    ) -> Result<CalendarEvent, String> {
        let event = self
            .client()
            .create_calendar_event(&request)
            .await
            .map_err(|error| {
                self.failed(&error);
                message_of(error)
            })?;
        self.apply_calendar_event(event.clone());
        Ok(event)
    }

    /// The `.ics` file of an event.
    pub async fn calendar_ics(&self, id: CalendarEventId) -> Result<String, String> {
        self.client().calendar_ics(id).await.map_err(|error| {
            self.failed(&error);
            message_of(error)
        })
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
        spawn_local(async move {
            match this.client().feed(before).await {
                Ok(page) => this.feed.update(|feed| {
                    let feed = feed.get_or_insert_with(Feed::default);
                    feed.add(page.items);
                    feed.next_cursor = page.next_cursor;
                }),
                Err(error) => {
                    this.failed(&error);
                    this.collab_error.set(Some(message_of(error)));
                }
            }
        });
    }

    /// Posts to the company feed.
    pub async fn create_feed_post(
        &self,
        request: CreateFeedPostRequest,
    ) -> Result<FeedPost, String> {
        let post = self
            .client()
            .create_feed_post(&request)
            .await
            .map_err(|error| {
                self.failed(&error);
                message_of(error)
            })?;
        self.apply_feed_post(post.clone());
        Ok(post)
    }

    fn apply_feed_post(&self, post: FeedPost) {
        self.feed.update(|feed| {
            if let Some(feed) = feed {
                feed.add([post]);
            }
        });
    }

    /// Events were missed: what was loaded is loaded again.
    pub(super) fn resync_collab(&self) {
        if self.tasks.with_untracked(Option::is_some) {
            self.tasks.set(None);
            self.load_tasks();
        }
        if self.calendar.with_untracked(Option::is_some) {
            self.calendar.set(None);
            self.load_calendar();
        }
        if self.feed.with_untracked(Option::is_some) {
            self.feed.set(None);
            self.load_feed(false);
        }
    }

    /// Applies the events of tasks, calendar and feed.
    pub(super) fn apply_collab_event(&self, event: &Event) {
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
