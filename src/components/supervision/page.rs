//! The "Supervision" page: its heading, the snapshot's loading and error
//! states, the outcome of the last Take or Transfer, and the two tables.

use std::time::Duration;

use leptos::prelude::*;
use switchboard_protocol::{Role, Timestamp};

use super::operators::OperatorsTable;
use super::waiting::WaitingTable;
use crate::i18n::*;
use crate::listeners::every;
use crate::projection::use_locale;
use crate::state::route::Route;
use crate::stores::supervision::SupervisionNotice;
use crate::stores::{now_ms, SessionStore, SupervisionStore};

/// How often the waits and the offers' time left tick.
const TICK: Duration = Duration::from_secs(1);

/// "Supervision" (supervisors and admins; operators are told it is not
/// for them, and the server refuses them anyway).
#[component]
pub fn SupervisionPage() -> impl IntoView {
    let locale = use_locale();
    let session = expect_context::<SessionStore>();
    let allowed = move || session.me.with(|me| me.role != Role::Operator);
    view! {
        // Its styles come with it: the start module's stylesheet stays small.
        <link rel="stylesheet" href="supervision.css" />
        <div class="page supervision-page">
            <h1>{td!(locale, supervision.title)}</h1>
            <Show
                when=allowed
                fallback=move || view! { <p class="empty-state">{td!(locale, supervision.not_allowed)}</p> }
            >
                <LiveSupervision />
            </Show>
        </div>
    }
}

/// Starts the store (first snapshot, then one after the events that change
/// it) and the clock; both stop when the page goes.
#[component]
fn LiveSupervision() -> impl IntoView {
    let session = expect_context::<SessionStore>();
    SupervisionStore::start(session);
    let now = RwSignal::new(now_ms());
    every(TICK, move || {
        now.try_set(now_ms());
    });
    view! { <SupervisionView now=now /> }
}

/// The page's content for the [`SupervisionStore`] in context: "Loading…"
/// until the first snapshot, the error with "Retry", the tables.
#[component]
pub fn SupervisionView(
    /// The current time (ms): the waits tick with it.
    #[prop(into)]
    now: Signal<Timestamp>,
) -> impl IntoView {
    let locale = use_locale();
    let supervision = expect_context::<SupervisionStore>();
    let has_snapshot = move || supervision.snapshot.with(Option::is_some);
    let state = move || {
        if let Some(explanation) = supervision.error.get() {
            let retrying = supervision.loading.get();
            return view! {
                <div class="form-error supervision-error" role="alert">
                    <p>{td!(locale, supervision.load_failed)} " " {explanation}</p>
                    <button type="button" disabled=retrying on:click=move |_| supervision.load()>
                        {td!(locale, common.retry)}
                    </button>
                </div>
            }
            .into_any();
        }
        if has_snapshot() {
            return ().into_any();
        }
        view! { <p class="log-loading" role="status">{td!(locale, loading)}</p> }.into_any()
    };
    view! {
        {state}
        <Outcome />
        <Show when=has_snapshot>
            <OperatorsTable now=now />
            <WaitingTable now=now />
        </Show>
    }
}

/// What became of the last Take or Transfer: said politely when done, as
/// an alert when refused.
#[component]
fn Outcome() -> impl IntoView {
    let locale = use_locale();
    let supervision = expect_context::<SupervisionStore>();
    let dismiss = move |_| supervision.notice.set(None);
    let done = move || match supervision.notice.get()? {
        SupervisionNotice::Taken(id) => Some(
            view! {
                {td!(locale, supervision.taken)}
                " "
                <a href=Route::Conversation(id).href()>{td!(locale, supervision.open)}</a>
                " "
                <button type="button" class="link-button" on:click=dismiss>
                    {td!(locale, supervision.dismiss)}
                </button>
            }
            .into_any(),
        ),
        SupervisionNotice::Transferred(_) => Some(
            view! {
                {td!(locale, supervision.transferred)}
                " "
                <button type="button" class="link-button" on:click=dismiss>
                    {td!(locale, supervision.dismiss)}
                </button>
            }
            .into_any(),
        ),
        SupervisionNotice::Failed(_) => None,
    };
    let refused = move || match supervision.notice.get()? {
        SupervisionNotice::Failed(explanation) => Some(view! {
            <div class="form-error" role="alert">
                {td!(locale, supervision.refused)}
                " "
                {explanation}
                " "
                <button type="button" class="link-button" on:click=dismiss>
                    {td!(locale, supervision.dismiss)}
                </button>
            </div>
        }),
        _ => None,
    };
    view! {
        // Always there, so that what is written into it is announced.
        <p class="supervision-notice" role="status">{done}</p>
        {refused}
    }
}
