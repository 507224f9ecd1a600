//! "Feed": the company's posts, newest first and live; a post may quote a
//! customer's message.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{CreateFeedPostRequest, FeedPost};

use super::CollabError;
use crate::components::kit::loaded::Loaded;
use crate::format;
use crate::i18n::*;
use crate::projection::{project, use_locale};
use crate::state::route::Route;
use crate::stores::{new_client_id, CollabStore};

/// The Feed page.
#[component]
pub fn FeedPage() -> impl IntoView {
    let locale = use_locale();
    let collab = expect_context::<CollabStore>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let posting = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let value = text.get_untracked().trim().to_owned();
        if value.is_empty() || posting.get_untracked() {
            return;
        }
        posting.set(true);
        spawn_local(async move {
            let request = CreateFeedPostRequest {
                client_id: Some(new_client_id()),
                text: value,
                quote_message: None,
            };
            let result = collab.create_feed_post(request).await;
            posting.set(false);
            match result {
                Ok(_) => {
                    text.set(String::new());
                    error.set(None);
                }
                Err(reason) => error.set(Some(reason)),
            }
        });
    };
    let posts = project(move || {
        collab
            .feed
            .with(|feed| feed.as_ref().map(|feed| feed.posts().to_vec()))
    });
    let has_more = project(move || {
        collab
            .feed
            .with(|feed| feed.as_ref().is_some_and(|feed| feed.next_cursor.is_some()))
    });
    // Loaded when shown, and again after the stream said to resync.
    Effect::new(move |_| {
        if posts.with(Option::is_none) {
            collab.load_feed(false);
        }
    });
    view! {
        <div class="page">
            <h1>{td!(locale, nav.feed)}</h1>
            <form class="feed-form" on:submit=submit>
                <label>
                    {td!(locale, collab.write_post)}
                    <textarea rows="2" prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
                </label>
                {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
                <button type="submit" class="primary" disabled=move || posting.get() || text.with(|t| t.trim().is_empty())>
                    {td!(locale, collab.post)}
                </button>
            </form>
            <CollabError />
            <Loaded items=posts empty=td_string!(locale, collab.no_posts) show=move |posts| view! {
                <div class="feed-posts" role="feed" aria-label=td_string!(locale, nav.feed)>
                    <For each=move || posts.clone() key=|post| post.id let:post>
                        <Post post=post />
                    </For>
                </div>
            } />
            <Show when=move || has_more.get()>
                <button type="button" on:click=move |_| collab.load_feed(true)>
                    {td!(locale, collab.older_posts)}
                </button>
            </Show>
        </div>
    }
}

#[component]
fn Post(post: FeedPost) -> impl IntoView {
    let locale = use_locale();
    let at = post.created_at;
    view! {
        <article class="page-item feed-post" aria-label=post.author_name.clone()>
            <p class="page-meta">
                <strong>{post.author_name.clone()}</strong>" · "
                <time>{move || format::date_time(locale, at)}</time>
            </p>
            {(!post.text.is_empty()).then(|| view! { <p class="page-text">{post.text.clone()}</p> })}
            {post.quote.map(|quote| {
                let href = Route::Conversation(quote.conversation_id).href();
                view! {
                    <blockquote class="feed-quote">
                        <strong>{quote.author_name}</strong>
                        <span>{quote.excerpt}</span>
                        <a class="page-link" href=href>
                            {td!(locale, collab.open_conversation)}" · "{quote.customer_name}
                        </a>
                    </blockquote>
                }
            })}
        </article>
    }
}
