//! Uploads under way: each file is checked against the channel (its size
//! limit, programs and scripts refused), then sent at once with
//! `XMLHttpRequest`, the browser API that reports progress.

use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_protocol::{Attachment, ErrorBody};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::conversation::composer::Compose;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::text::file_size;

/// File types no channel should carry (programs and scripts).
const REFUSED_EXTENSIONS: [&str; 12] = [
    "exe", "bat", "cmd", "com", "scr", "msi", "dll", "vbs", "js", "jar", "ps1", "sh",
];

/// Where an upload is.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadState {
    /// On its way (progress from 0 to 1).
    Uploading,
    /// Stored on the server: it goes with the next message.
    Done(Attachment),
    /// Refused or failed, with the reason.
    Failed(String),
}

/// A file attached in the composer.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    pub(super) key: u64,
    /// The file's name.
    pub name: String,
    pub(super) size: u64,
    pub(super) progress: f64,
    /// Where it is.
    pub state: UploadState,
    /// A `blob:` URL of an image, for its preview.
    pub(super) preview: Option<String>,
}

/// The browser objects of uploads under way (kept alive until they end).
struct Transfer {
    request: web_sys::XmlHttpRequest,
    _callbacks: Vec<Closure<dyn FnMut(web_sys::ProgressEvent)>>,
}

thread_local! {
    static TRANSFERS: std::cell::RefCell<HashMap<u64, Transfer>> = std::cell::RefCell::new(HashMap::new());
    static NEXT_KEY: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// Whether the conversation's channel carries files, and its size limit.
pub(super) fn channel_files(compose: Compose) -> (bool, Option<u64>) {
    compose
        .conversations
        .connector_of(compose.id)
        .map_or((true, None), |connector| {
            (
                connector.capabilities.files,
                connector.capabilities.max_file_bytes,
            )
        })
}

/// Why a file cannot be sent on this channel, if it cannot.
fn refusal(name: &str, size: u64, limit: Option<u64>) -> Option<String> {
    let locale = use_locale();
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_lowercase());
    if extension.is_some_and(|ext| REFUSED_EXTENSIONS.contains(&ext.as_str())) {
        return Some(td_string!(locale, composer.file_type_refused).to_owned());
    }
    match limit {
        Some(limit) if size > limit => Some(format!(
            "{} {}",
            td_string!(locale, composer.file_too_large),
            file_size(limit)
        )),
        _ => None,
    }
}

/// Starts uploading each file.
pub fn attach(compose: Compose, files: Vec<web_sys::File>) {
    let (carries, limit) = channel_files(compose);
    if !carries {
        return;
    }
    for file in files {
        let key = NEXT_KEY.with(|next| {
            let key = next.get();
            next.set(key + 1);
            key
        });
        let name = file.name();
        let size = file.size() as u64;
        let preview = file
            .type_()
            .starts_with("image/")
            .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
            .flatten();
        let refused = refusal(&name, size, limit);
        let state = match &refused {
            Some(reason) => UploadState::Failed(reason.clone()),
            None => UploadState::Uploading,
        };
        compose.uploads.update(|uploads| {
            uploads.push(Upload {
                key,
                name: name.clone(),
                size,
                progress: 0.0,
                state,
                preview,
            });
        });
        if refused.is_none() {
            start(compose, key, &file);
        }
    }
}

fn update(compose: Compose, key: u64, change: impl FnOnce(&mut Upload)) {
    compose.uploads.update(|uploads| {
        if let Some(upload) = uploads.iter_mut().find(|upload| upload.key == key) {
            change(upload);
        }
    });
}

fn start(compose: Compose, key: u64, file: &web_sys::File) {
    let failed = move |reason: String| {
        update(compose, key, |upload| {
            upload.state = UploadState::Failed(reason)
        });
        TRANSFERS.with(|transfers| transfers.borrow_mut().remove(&key));
    };
    let Ok(request) = web_sys::XmlHttpRequest::new() else {
        failed("XMLHttpRequest".into());
        return;
    };
    let Ok(form) = web_sys::FormData::new() else {
        failed("FormData".into());
        return;
    };
    let _ = form.append_with_blob_and_filename("file", file, &file.name());
    let (url, authorization) = compose.session.upload_target();
    if request.open_with_async("POST", &url, true).is_err() {
        failed(url);
        return;
    }
    let _ = request.set_request_header("Authorization", &authorization);

    let progress = Closure::<dyn FnMut(_)>::new(move |event: web_sys::ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            let done = event.loaded() / event.total();
            update(compose, key, |upload| upload.progress = done);
        }
    });
    let finished = {
        let request = request.clone();
        Closure::<dyn FnMut(_)>::new(move |_: web_sys::ProgressEvent| {
            let status = request.status().unwrap_or(0);
            let body = request.response_text().ok().flatten().unwrap_or_default();
            match status {
                200..=299 => match serde_json::from_str::<Attachment>(&body) {
                    Ok(attachment) => {
                        update(compose, key, |upload| {
                            upload.progress = 1.0;
                            upload.state = UploadState::Done(attachment);
                        });
                        TRANSFERS.with(|transfers| transfers.borrow_mut().remove(&key));
                    }
                    Err(error) => failed(error.to_string()),
                },
                _ => {
                    let reason = serde_json::from_str::<ErrorBody>(&body)
                        .map(|body| body.error.message)
                        .unwrap_or_else(|_| format!("HTTP {status}"));
                    failed(reason);
                }
            }
        })
    };
    let network_error = Closure::<dyn FnMut(_)>::new(move |_: web_sys::ProgressEvent| {
        let locale = use_locale();
        failed(td_string!(locale, composer.upload_failed).to_owned());
    });
    if let Ok(upload) = request.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    request.set_onload(Some(finished.as_ref().unchecked_ref()));
    request.set_onerror(Some(network_error.as_ref().unchecked_ref()));
    if request.send_with_opt_form_data(Some(&form)).is_err() {
        failed(url);
        return;
    }
    TRANSFERS.with(|transfers| {
        transfers.borrow_mut().insert(
            key,
            Transfer {
                request,
                _callbacks: vec![progress, finished, network_error],
            },
        );
    });
}

/// Cancels (or removes) one file.
pub(super) fn remove(compose: Compose, key: u64) {
    if let Some(transfer) = TRANSFERS.with(|transfers| transfers.borrow_mut().remove(&key)) {
        let _ = transfer.request.abort();
    }
    compose.uploads.update(|uploads| {
        uploads.retain(|upload| {
            if upload.key == key {
                if let Some(url) = &upload.preview {
                    let _ = web_sys::Url::revoke_object_url(url);
                }
            }
            upload.key != key
        });
    });
}

/// Forgets every attached file (the message was sent).
pub fn clear(compose: Compose) {
    let keys: Vec<u64> = compose
        .uploads
        .with_untracked(|uploads| uploads.iter().map(|upload| upload.key).collect());
    for key in keys {
        remove(compose, key);
    }
}
