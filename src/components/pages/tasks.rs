//! "Tasks": the tasks assigned to me and the ones I created; each opens its
//! conversation and can be marked done.

use leptos::prelude::*;
use switchboard_protocol::{Task, TaskStatus};

use super::{name_of, CollabError, ConversationLinkView};
use crate::components::kit::loaded::Loaded;
use crate::format;
use crate::i18n::*;
use crate::projection::{project, use_locale};
use crate::stores::{CollabStore, SessionStore};

/// The Tasks page.
#[component]
pub fn TasksPage() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let collab = expect_context::<CollabStore>();
    // `true`: assigned to me; `false`: created by me.
    let mine = RwSignal::new(true);
    let me = store.my_id();
    let list = project(move || {
        collab
            .tasks
            .with(|tasks| tasks.as_ref().map(|tasks| tasks.list(me, mine.get())))
    });
    // Loaded when shown, and again after the stream said to resync.
    Effect::new(move |_| {
        if list.with(Option::is_none) {
            collab.load_tasks();
        }
    });
    let tab = move |assigned: bool| {
        view! {
            <button
                type="button"
                role="tab"
                class="page-tab"
                aria-selected=move || (mine.get() == assigned).to_string()
                on:click=move |_| mine.set(assigned)
            >
                {move || if assigned {
                    td_string!(locale, collab.assigned_to_me)
                } else {
                    td_string!(locale, collab.created_by_me)
                }}
            </button>
        }
    };
    view! {
        <div class="page">
            <h1>{td!(locale, nav.tasks)}</h1>
            <div class="page-tabs" role="tablist" aria-label=move || td_string!(locale, nav.tasks)>
                {tab(true)}
                {tab(false)}
            </div>
            <CollabError />
            <Loaded items=list empty=td_string!(locale, collab.no_tasks) show=move |list| view! {
                <ul class="page-list" aria-label=td_string!(locale, nav.tasks)>
                    {list.into_iter().map(|task| view! { <TaskRow task=task /> }).collect_view()}
                </ul>
            } />
        </div>
    }
}

#[component]
fn TaskRow(task: Task) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let collab = expect_context::<CollabStore>();
    let done = task.status == TaskStatus::Done;
    let id = task.id;
    let deadline = task.deadline;
    let assignee = name_of(store, task.assignee);
    let creator = name_of(store, task.creator);
    let title = task.title.clone();
    view! {
        <li class="page-item task" class:done=done>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=done
                    aria-label=format!("{}: {}", td_string!(locale, collab.done), title)
                    on:change=move |e| {
                        let status = if event_target_checked(&e) { TaskStatus::Done } else { TaskStatus::Open };
                        collab.set_task_status(id, status);
                    }
                />
                <strong class="task-title">{task.title.clone()}</strong>
            </label>
            <p class="page-meta">
                {move || deadline.map(|at| format!("{} {} · ", td_string!(locale, collab.due), format::date_time(locale, at)))}
                {td!(locale, collab.assignee)}": "{assignee}" · "{td!(locale, collab.creator)}": "{creator}
            </p>
            {(!task.description.is_empty()).then(|| view! { <p class="page-text">{task.description.clone()}</p> })}
            <ConversationLinkView link=task.link />
        </li>
    }
}
