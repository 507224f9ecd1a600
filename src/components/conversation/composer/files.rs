//! "Send file": choose, drop or paste files; each uploads at once with a
//! progress bar and "Cancel", images show a preview, and refusals (too
//! large, a refused type, a channel that carries no files) are said in place.

mod upload;

use leptos::html::Input;
use leptos::prelude::*;

use super::Compose;
use crate::i18n::*;
use crate::projection::project;
use crate::projection::use_locale;
use crate::state::text::file_size;

pub use upload::{attach, clear, Upload, UploadState};
use upload::{channel_files, remove};

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .collect()
}

/// Lets files be dropped on the composer.
pub fn on_dragover(event: leptos::ev::DragEvent) {
    if event
        .data_transfer()
        .is_some_and(|transfer| transfer.types().includes(&"Files".into(), 0))
    {
        event.prevent_default();
    }
}

/// Files dropped on the composer.
pub fn on_drop(compose: Compose, event: leptos::ev::DragEvent) {
    let files = file_list(event.data_transfer().and_then(|transfer| transfer.files()));
    if !files.is_empty() {
        event.prevent_default();
        attach(compose, files);
    }
}

/// Files pasted in the field (a screenshot, for example).
pub fn on_paste(compose: Compose, event: leptos::ev::ClipboardEvent) {
    let files = file_list(event.clipboard_data().and_then(|data| data.files()));
    if !files.is_empty() {
        event.prevent_default();
        attach(compose, files);
    }
}

/// "Send file": disabled, with the reason, when the channel carries no files.
#[component]
pub fn FileButton() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let input = NodeRef::<Input>::new();
    let carries = project(move || channel_files(compose).0);
    view! {
        <input
            type="file"
            multiple
            class="visually-hidden"
            tabindex="-1"
            aria-hidden="true"
            node_ref=input
            on:change=move |event: leptos::ev::Event| {
                let target = event_target::<web_sys::HtmlInputElement>(&event);
                attach(compose, file_list(target.files()));
                target.set_value("");
            }
        />
        <button
            type="button"
            class="tool"
            disabled=move || !carries.get()
            aria-describedby=move || (!carries.get()).then_some("composer-no-files")
            on:click=move |_| {
                if let Some(input) = input.get() {
                    input.click();
                }
            }
        >
            {td!(locale, composer.send_file)}
        </button>
        <Show when=move || !carries.get()>
            <span id="composer-no-files" class="visually-hidden">{td!(locale, composer.no_files_channel)}</span>
        </Show>
    }
}

/// The files attached to the next message.
#[component]
pub fn UploadList() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    view! {
        <Show when=move || compose.uploads.with(|uploads| !uploads.is_empty())>
            <ul class="uploads" aria-label=move || td_string!(locale, composer.attached_files)>
                <For
                    each=move || compose.uploads.get()
                    key=|upload| upload.key
                    let:upload
                >
                    {
                        let key = upload.key;
                        let current = Memo::new(move |_| {
                            compose.uploads.with(|uploads| {
                                uploads.iter().find(|candidate| candidate.key == key).cloned()
                            })
                        });
                        let name = upload.name.clone();
                        let label = name.clone();
                        let size = file_size(upload.size);
                        view! {
                            <li class="upload" aria-label=label>
                                {upload.preview.clone().map(|url| view! { <img src=url alt="" class="upload-preview" /> })}
                                <span class="upload-name">{upload.name.clone()}</span>
                                <span class="upload-size">{size}</span>
                                {move || match current.get().map(|upload| (upload.state, upload.progress)) {
                                    Some((UploadState::Uploading, progress)) => {
                                        let percent = (progress * 100.0).round() as u32;
                                        view! {
                                            <progress
                                                max="100"
                                                value=percent.to_string()
                                                aria-label=name.clone()
                                            ></progress>
                                            <button type="button" class="link-button" on:click=move |_| remove(compose, key)>
                                                {td!(locale, composer.cancel)}
                                            </button>
                                        }
                                        .into_any()
                                    }
                                    Some((UploadState::Failed(reason), _)) => view! {
                                        <span class="upload-error" role="alert">{reason}</span>
                                        <button type="button" class="link-button" on:click=move |_| remove(compose, key)>
                                            {td!(locale, composer.remove)}
                                        </button>
                                    }
                                    .into_any(),
                                    _ => view! {
                                        <span class="upload-done">{td!(locale, composer.attached)}</span>
                                        <button type="button" class="link-button" on:click=move |_| remove(compose, key)>
                                            {td!(locale, composer.remove)}
                                        </button>
                                    }
                                    .into_any(),
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
        </Show>
    }
}
