//! "Catalog": the products operators sell in conversations. Adding and
//! editing them (price, stock, picture), archiving and restoring them.

use leptos::prelude::*;
use switchboard_protocol::{Attachment, ErrorBody, FileId, Product, ProductId, ProductRequest};
use wasm_bindgen::JsCast;

use super::form::{Refusal, Sender};
use super::page::may_change;
use crate::components::kit::form::{DialogFooter, FormError, TextArea, TextField};
use crate::components::kit::loaded::Loaded;
use crate::components::kit::modal::Modal;
use crate::format;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::SessionStore;

/// The Catalog section.
#[component]
pub fn CatalogSection() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let admin = may_change(store);
    let products = RwSignal::new(None::<Vec<Product>>);
    let error = RwSignal::new(None::<String>);
    // `Some(None)`: a new product; `Some(Some(p))`: editing `p`.
    let editing = RwSignal::new(None::<Option<Product>>);
    let reload = move || {
        store.spawn(async move {
            match store.client().catalog().await {
                Ok(list) => products.set(Some(list)),
                Err(failure) => error.set(Some(Refusal::of(store, failure).message)),
            }
        });
    };
    reload();
    let close = Callback::new(move |()| editing.set(None));
    let saved = Callback::new(move |()| {
        editing.set(None);
        reload();
    });
    view! {
        {admin.then(|| view! {
            <div class="settings-actions">
                <button type="button" class="primary" on:click=move |_| editing.set(Some(None))>
                    {td!(locale, settings.add_product)}
                </button>
            </div>
        })}
        <FormError error=error />
        <Loaded items=products empty=td_string!(locale, settings.no_products) show=move |list| view! {
            <table class="settings-table">
                <thead>
                    <tr>
                        <th scope="col">{td!(locale, settings.name)}</th>
                        <th scope="col">{td!(locale, settings.price)}</th>
                        <th scope="col">{td!(locale, settings.stock)}</th>
                        <th scope="col">{td!(locale, settings.status)}</th>
                        {admin.then(|| view! { <th scope="col">{td!(locale, settings.actions)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|product| view! {
                        <ProductRow product=product admin=admin editing=editing on_changed=Callback::new(move |()| reload()) />
                    }).collect_view()}
                </tbody>
            </table>
        } />
        {move || editing.get().map(|product| view! { <ProductDialog product=product on_close=close on_saved=saved /> })}
    }
}

#[component]
fn ProductRow(
    product: Product,
    admin: bool,
    editing: RwSignal<Option<Option<Product>>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = product.id;
    let archived = product.archived;
    let toggle = Sender::new(
        &[],
        move |archive: bool| async move { store.client().set_product_archived(id, archive).await },
        move |_| on_changed.run(()),
    );
    let edit = product.clone();
    let api = expect_context::<crate::api::Api>();
    let picture = product
        .image_url
        .as_deref()
        .and_then(|url| api.resolve(url));
    view! {
        <tr class:inactive=archived>
            <th scope="row">
                {picture.map(|src| view! {
                    <img class="product-thumb" src=src alt="" />
                })}
                <span>{product.name.clone()}</span>
            </th>
            <td>{format::money(locale, &product.price)}</td>
            <td>{product.stock}</td>
            <td>{if archived { td_string!(locale, settings.archived) } else { td_string!(locale, settings.on_offer) }}</td>
            {admin.then(|| view! {
                <td class="row-actions">
                    <button type="button" on:click=move |_| editing.set(Some(Some(edit.clone())))>{td!(locale, settings.edit)}</button>
                    <button type="button" disabled=toggle.pending() on:click=move |_| toggle.send(!archived)>
                        {if archived { td_string!(locale, settings.restore) } else { td_string!(locale, settings.archive) }}
                    </button>
                    <FormError error=toggle.whole() />
                </td>
            })}
        </tr>
    }
}

/// Sends a picture with `POST /files`; answers its id or why it failed.
async fn upload(store: SessionStore, file: web_sys::File) -> Result<FileId, String> {
    let form = web_sys::FormData::new().map_err(|_| "FormData".to_owned())?;
    form.append_with_blob_and_filename("file", &file, &file.name())
        .map_err(|_| "FormData".to_owned())?;
    let (url, authorization) = store.upload_target();
    let response = gloo_net::http::Request::post(&url)
        .header("Authorization", &authorization)
        .body(form)
        .map_err(|error| error.to_string())?
        .send()
        .await
        .map_err(|error| error.to_string())?;
    let text = response.text().await.map_err(|error| error.to_string())?;
    if response.ok() {
        serde_json::from_str::<Attachment>(&text)
            .map(|attachment| attachment.id)
            .map_err(|error| error.to_string())
    } else {
        Err(serde_json::from_str::<ErrorBody>(&text)
            .map(|body| body.error.message)
            .unwrap_or_else(|_| format!("HTTP {}", response.status())))
    }
}

/// Adding or editing a product.
#[component]
fn ProductDialog(
    product: Option<Product>,
    on_close: Callback<()>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id: Option<ProductId> = product.as_ref().map(|product| product.id);
    let name = RwSignal::new(product.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        product
            .as_ref()
            .map(|p| p.description.clone())
            .unwrap_or_default(),
    );
    let price = RwSignal::new(
        product
            .as_ref()
            .map(|p| p.price.amount.clone())
            .unwrap_or_default(),
    );
    let stock = RwSignal::new(
        product
            .as_ref()
            .map(|p| p.stock.to_string())
            .unwrap_or_else(|| "0".into()),
    );
    let picture = RwSignal::new(None::<FileId>);
    let uploading = RwSignal::new(false);
    let picture_error = RwSignal::new(None::<String>);
    let sender = Sender::new(
        &["name", "description", "price", "stock", "image_file"],
        move |request: ProductRequest| async move { store.client().save_product(id, &request).await },
        move |_| on_saved.run(()),
    );
    let stock_error = RwSignal::new(None::<String>);
    let on_file = move |event: leptos::ev::Event| {
        let Some(file) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        uploading.set(true);
        picture_error.set(None);
        store.spawn(async move {
            match upload(store, file).await {
                Ok(id) => picture.set(Some(id)),
                Err(reason) => picture_error.set(Some(reason)),
            }
            uploading.set(false);
        });
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(stock) = stock.get_untracked().trim().parse::<u32>() else {
            stock_error.set(Some(td_string!(locale, settings.stock_invalid).to_owned()));
            return;
        };
        stock_error.set(None);
        sender.send(ProductRequest {
            name: name.get_untracked(),
            description: description.get_untracked(),
            price: price.get_untracked(),
            stock,
            image_file: picture.get_untracked(),
        });
    };
    let title = match &product {
        Some(product) => format!("{} — {}", td_string!(locale, settings.edit), product.name),
        None => td_string!(locale, settings.add_product).to_owned(),
    };
    let stock_field_error =
        Signal::derive(move || stock_error.get().or_else(|| sender.field("stock").get()));
    let picture_field_error = Signal::derive(move || {
        picture_error
            .get()
            .or_else(|| sender.field("image_file").get())
    });
    view! {
        <Modal title=title on_close=on_close>
            <form class="dialog-form" on:submit=submit novalidate=true>
                <TextField label=td_string!(locale, settings.name) value=name error=sender.field("name") required=true maxlength=200 />
                <TextArea label=td_string!(locale, settings.description) value=description rows=3 error=sender.field("description") />
                <TextField label=td_string!(locale, settings.price) value=price error=sender.field("price") required=true />
                <TextField label=td_string!(locale, settings.stock) value=stock kind="number" min="0" error=stock_field_error required=true />
                <label class="field">
                    <span class="field-label">{td!(locale, settings.picture)}</span>
                    <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" on:change=on_file />
                    {move || picture_field_error.get().map(|error| view! { <span class="field-error">{error}</span> })}
                </label>
                <p role="status" class="page-meta">
                    {move || if uploading.get() {
                        Some(td_string!(locale, settings.uploading))
                    } else {
                        picture.with(Option::is_some).then(|| td_string!(locale, settings.picture_ready))
                    }}
                </p>
                <FormError error=sender.whole() />
                <DialogFooter
                    on_cancel=on_close
                    submit=td_string!(locale, settings.save)
                    pending=Signal::derive(move || sender.pending().get() || uploading.get())
                />
            </form>
        </Modal>
    }
}
