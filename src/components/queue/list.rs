//! The rows of the selected list (or of the search under way) as a virtual
//! list: only the rows in view (plus a small margin) are in the DOM, so
//! 10,000 conversations scroll smoothly.

use leptos::html::Div;
use leptos::prelude::*;
use switchboard_protocol::ConversationId;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::queue::row::{QueueRow, RowView, RowsContext};
use crate::components::workspace::shell::navigate;
use crate::i18n::*;
use crate::state::queue::QueueTab;
use crate::state::route::Route;
use crate::stores::{ConversationStore, SessionStore};

/// Height of a row in pixels (fixed, so positions are computed, not measured).
pub const ROW_HEIGHT: f64 = ROW_HEIGHT_PX as f64;
/// The same, for styles: whole pixels are written without float formatting,
/// which the start module then does not carry.
pub const ROW_HEIGHT_PX: usize = 76;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;

/// The visible slice `[start, end)` of `total` rows.
pub fn visible_range(scroll_top: f64, viewport: f64, total: usize) -> (usize, usize) {
    let first = (scroll_top / ROW_HEIGHT).floor().max(0.0) as usize;
    let count = (viewport / ROW_HEIGHT).ceil() as usize + 1;
    let start = first.saturating_sub(OVERSCAN).min(total);
    let end = (first + count + OVERSCAN).min(total);
    (start, end)
}

/// A `listbox` of conversations; arrows move, Enter opens.
#[component]
pub fn QueueList() -> impl IntoView {
    let i18n = use_i18n();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(800.0);
    let active = RwSignal::new(None::<ConversationId>);

    let rows = Memo::new(move |_| conversations.visible_rows());
    // What the rows in view show, read here and not by the rows (see
    // `RowView`): this effect lives as long as the list. The rows in view
    // are cut from `rows` in the same read that measures it: an effect
    // that read a memo and another memo derived from it could miss the
    // second change of the first one, and show a list it left.
    let visible = move || {
        let (scroll, height) = (scroll_top.get(), viewport.get());
        let (start, ids) = rows.with(|rows| {
            let (start, end) = visible_range(scroll, height, rows.len());
            (start, rows[start..end].to_vec())
        });
        let context = RowsContext::read(store, conversations, active.get(), i18n.get_locale());
        ids.into_iter()
            .enumerate()
            .filter_map(|(offset, id)| {
                RowView::read(store, conversations, id, start + offset, context)
            })
            .collect::<Vec<_>>()
    };

    let measure = move || {
        if let Some(element) = scroller.get_untracked() {
            scroll_top.set(element.scroll_top() as f64);
            viewport.set(f64::from(element.client_height().max(1)));
            // Near the end: fetch the next page.
            let remaining = f64::from(element.scroll_height())
                - element.scroll_top() as f64
                - f64::from(element.client_height());
            if remaining < ROW_HEIGHT * 10.0 {
                conversations.load_more();
            }
        }
    };
    // The list's size is read when the browser reports it after a layout (a
    // `ResizeObserver` calls back once laid out, then on every resize), not
    // while the workspace is first rendered: reading `scrollTop` there forced
    // a layout of the whole page inside the start-up task, in front of the
    // queue's first rows.
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>);
    Effect::new(move |_| {
        let Some(element) = scroller.get() else {
            return;
        };
        let callback = Closure::<dyn FnMut()>::new(measure);
        if let Ok(watch) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            watch.observe(&element);
            observer.set_value(Some((watch, callback)));
        }
    });
    on_cleanup(move || {
        if let Some((watch, _callback)) = observer.try_update_value(Option::take).flatten() {
            watch.disconnect();
        }
    });

    let open = move |id: ConversationId| navigate(Route::Conversation(id));
    let scroll_into_view = move |index: usize| {
        if let Some(element) = scroller.get_untracked() {
            let top = index as f64 * ROW_HEIGHT;
            let current = element.scroll_top() as f64;
            let height = f64::from(element.client_height());
            if top < current {
                element.set_scroll_top(top as i32);
            } else if top + ROW_HEIGHT > current + height {
                element.set_scroll_top((top + ROW_HEIGHT - height) as i32);
            }
        }
    };
    // Another list on screen (a tab, a scope, a search, or its end): it
    // starts where it was left (a search's end brings the tab back as it
    // was), and the open conversation's row is brought into view when the
    // list holds it, so the queue follows the conversation to its tab.
    let positions = StoredValue::new(std::collections::HashMap::<ListKey, f64>::new());
    Effect::new(move |previous: Option<ListKey>| {
        let key = ListKey::read(conversations);
        if previous.is_some_and(|previous| previous != key) {
            if let (Some(previous), Some(element)) = (previous, scroller.get_untracked()) {
                positions.update_value(|positions| {
                    positions.insert(previous, element.scroll_top() as f64);
                });
            }
            let top = positions.with_value(|positions| positions.get(&key).copied());
            crate::listeners::on_next_frame(move || {
                let Some(element) = scroller.get_untracked() else {
                    return;
                };
                element.set_scroll_top(top.unwrap_or(0.0) as i32);
                let open = store.route.get_untracked().conversation();
                let index = open.and_then(|id| {
                    rows.with_untracked(|rows| rows.iter().position(|row| *row == id))
                });
                if let Some(index) = index {
                    scroll_into_view(index);
                }
                scroll_top.set(element.scroll_top() as f64);
            });
        }
        key
    });
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        let ids = rows.get_untracked();
        if ids.is_empty() {
            return;
        }
        let current = active
            .get_untracked()
            .or_else(|| store.route.get_untracked().conversation())
            .and_then(|id| ids.iter().position(|row| *row == id));
        let next = match event.key().as_str() {
            "ArrowDown" if !event.alt_key() => current.map_or(0, |i| (i + 1).min(ids.len() - 1)),
            "ArrowUp" if !event.alt_key() => current.map_or(0, |i| i.saturating_sub(1)),
            "Home" => 0,
            "End" => ids.len() - 1,
            "Enter" | " " => {
                if let Some(i) = current {
                    event.prevent_default();
                    open(ids[i]);
                }
                return;
            }
            _ => return,
        };
        event.prevent_default();
        active.set(Some(ids[next]));
        scroll_into_view(next);
    };
    let active_descendant = move || {
        active
            .get()
            .or_else(|| store.route.get().conversation())
            .filter(|id| rows.with(|rows| rows.contains(id)))
            .map(|id| format!("queue-row-{id}"))
    };
    let empty_text = move || {
        if conversations.queue.with(|queue| queue.is_searching()) {
            return t_string!(i18n, queue.empty_search);
        }
        if conversations.queue_loading.get() {
            return t_string!(i18n, queue.loading);
        }
        let list = conversations.list();
        match list.tab {
            QueueTab::Unanswered => t_string!(i18n, queue.empty_unanswered),
            QueueTab::InProgress if list.mine => t_string!(i18n, queue.empty_mine),
            QueueTab::InProgress => t_string!(i18n, queue.empty_in_progress),
            QueueTab::Snoozed => t_string!(i18n, queue.empty_snoozed),
            QueueTab::Closed => t_string!(i18n, queue.empty_closed),
        }
    };

    view! {
        <div class="queue-scroll" node_ref=scroller on:scroll=move |_| measure()>
            <div
                class="queue-list"
                role="listbox"
                tabindex="0"
                aria-label=move || t_string!(i18n, queue.list)
                aria-activedescendant=active_descendant
                on:keydown=on_key
                style:height=move || format!("{}px", rows.with(Vec::len) * ROW_HEIGHT_PX)
            >
                <For each=visible key=RowView::clone let:row>
                    <QueueRow
                        row=row
                        on_open=Callback::new(move |id| {
                            active.set(Some(id));
                            open(id);
                        })
                    />
                </For>
            </div>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="queue-empty" role="status">{empty_text}</p>
            </Show>
        </div>
    }
}

/// Which rows the list shows: a list of the queue, or search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ListKey {
    List(crate::state::queue::QueueList),
    Search,
}

impl ListKey {
    fn read(conversations: ConversationStore) -> Self {
        if conversations.queue.with(|queue| queue.is_searching()) {
            Self::Search
        } else {
            Self::List(conversations.list())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rows_in_view_and_a_margin_are_rendered() {
        assert_eq!(visible_range(0.0, 760.0, 10_000), (0, 17));
        let (start, end) = visible_range(76_000.0, 760.0, 10_000);
        assert_eq!((start, end), (994, 1017));
        assert!(end - start < 30);
        assert_eq!(visible_range(0.0, 760.0, 3), (0, 3));
    }
}
