//! "Discuss in Feed": the message quoted, and optional text.

use leptos::prelude::*;
use switchboard_protocol::{CreateFeedPostRequest, Message};

use super::Created;
use crate::components::kit::form::{FormSubmit, TextArea};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::route::Route;
use crate::state::text::message_preview;
use crate::stores::{new_client_id, CollabStore};

/// The form of "Discuss in Feed" about `message`.
#[component]
pub fn FeedDialog(message: Message, on_close: Callback<()>, on_created: Created) -> impl IntoView {
    let locale = use_locale();
    let collab = expect_context::<CollabStore>();
    let text = RwSignal::new(String::new());
    let client_id = new_client_id();
    let quoted = message.id;
    let excerpt = message_preview(&message);
    let post = FormSubmit::new(
        move |request| async move { collab.create_feed_post(request).await },
        move || on_created.run(Route::Feed),
    );
    let submit = post.on_submit(move || {
        Some(CreateFeedPostRequest {
            client_id: Some(client_id.clone()),
            text: text.get_untracked().trim().to_owned(),
            quote_message: Some(quoted),
        })
    });
    view! {
        <form class="dialog-form" on:submit=submit>
            <blockquote class="feed-quote">
                <strong>{message.author.name.clone()}</strong>
                <span>{excerpt}</span>
            </blockquote>
            <TextArea label=td_string!(locale, collab.post_text) value=text />
            {post.footer(on_close, td_string!(locale, collab.post))}
        </form>
    }
}
