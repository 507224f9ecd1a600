//! "Labels": the labels operators put on conversations. Administrators add
//! them (name and colour), rename and recolour them, and delete them (after
//! a confirmation: they leave every conversation). Every open workspace
//! follows through the events; the list shown is the workspace's own.

use leptos::prelude::*;
use switchboard_protocol::{Label, LabelColour, LabelRequest};

use super::form::{Confirm, Sender};
use super::page::may_change;
use crate::components::kit::form::{DialogFooter, FormError, SelectField, TextField};
use crate::components::kit::modal::Modal;
use crate::components::queue::row::LabelChip;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::SessionStore;

/// A colour's name, in the view's language.
pub fn colour_name(locale: Locale, colour: LabelColour) -> &'static str {
    match colour {
        LabelColour::Grey => td_string!(locale, labels.grey),
        LabelColour::Red => td_string!(locale, labels.red),
        LabelColour::Orange => td_string!(locale, labels.orange),
        LabelColour::Yellow => td_string!(locale, labels.yellow),
        LabelColour::Green => td_string!(locale, labels.green),
        LabelColour::Teal => td_string!(locale, labels.teal),
        LabelColour::Blue => td_string!(locale, labels.blue),
        LabelColour::Purple => td_string!(locale, labels.purple),
        LabelColour::Pink => td_string!(locale, labels.pink),
    }
}

/// Keeps a label the server answered in the workspace's list at once (its
/// event follows and says the same).
fn remember(store: SessionStore, label: Label) {
    store.labels.update(|labels| {
        match labels.iter_mut().find(|known| known.id == label.id) {
            Some(known) => *known = label,
            None => labels.push(label),
        }
        labels.sort_by_key(|label| label.name.to_lowercase());
    });
}

/// The Labels section.
#[component]
pub fn LabelsSection() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let admin = may_change(store);
    let editing = RwSignal::new(None::<Label>);
    let deleting = RwSignal::new(None::<Label>);
    view! {
        {admin.then(|| view! { <NewLabelForm /> })}
        <Show
            when=move || store.labels.with(|labels| !labels.is_empty())
            fallback=move || view! { <p class="empty-state">{td!(locale, labels.none_yet)}</p> }
        >
            <table class="settings-table">
                <thead>
                    <tr>
                        <th scope="col">{td!(locale, settings.name)}</th>
                        <th scope="col">{td!(locale, labels.colour)}</th>
                        {admin.then(|| view! { <th scope="col">{td!(locale, settings.actions)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || store.labels.get()
                        key=|label| (label.id, label.name.clone(), label.colour)
                        children=move |label| {
                            let edit = label.clone();
                            let delete = label.clone();
                            view! {
                                <tr>
                                    <th scope="row"><LabelChip label=label.clone() /></th>
                                    <td>{colour_name(locale, label.colour)}</td>
                                    {admin.then(|| view! {
                                        <td class="row-actions">
                                            <button type="button" on:click=move |_| editing.set(Some(edit.clone()))>
                                                {td!(locale, settings.edit)}
                                            </button>
                                            <button type="button" class="danger" on:click=move |_| deleting.set(Some(delete.clone()))>
                                                {td!(locale, labels.delete)}
                                            </button>
                                        </td>
                                    })}
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </Show>
        {move || editing.get().map(|label| view! { <EditLabelDialog label=label on_close=Callback::new(move |()| editing.set(None)) /> })}
        {move || deleting.get().map(|label| view! { <DeleteLabelDialog label=label on_close=Callback::new(move |()| deleting.set(None)) /> })}
    }
}

/// The colour choices, `selected` first chosen.
fn colour_options(locale: Locale) -> impl IntoView {
    LabelColour::ALL
        .into_iter()
        .map(
            |colour| view! { <option value=colour.as_str()>{colour_name(locale, colour)}</option> },
        )
        .collect_view()
}

/// The request of the form's values (an unknown colour is the server's to
/// refuse; the select offers only the palette).
fn request(name: RwSignal<String>, colour: RwSignal<String>) -> LabelRequest {
    LabelRequest {
        name: name.get_untracked(),
        colour: colour.get_untracked().parse().unwrap_or(LabelColour::Grey),
    }
}

/// "Label name", "Colour" and "Add label".
#[component]
fn NewLabelForm() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let name = RwSignal::new(String::new());
    let colour = RwSignal::new(LabelColour::Blue.as_str().to_owned());
    let sender = Sender::new(
        &["name", "colour"],
        move |request: LabelRequest| async move { store.client().save_label(None, &request).await },
        move |label: Label| {
            remember(store, label);
            name.set(String::new());
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sender.send(request(name, colour));
    };
    view! {
        <form class="settings-inline-form" on:submit=submit novalidate=true>
            <TextField label=td_string!(locale, labels.label_name) value=name error=sender.field("name") required=true maxlength=50 />
            <SelectField label=td_string!(locale, labels.colour) value=colour>
                {colour_options(locale)}
            </SelectField>
            <button type="submit" class="primary" disabled=sender.pending()>{td!(locale, labels.add)}</button>
            <FormError error=sender.whole() />
        </form>
    }
}

/// Renaming or recolouring a label.
#[component]
fn EditLabelDialog(label: Label, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = label.id;
    let name = RwSignal::new(label.name.clone());
    let colour = RwSignal::new(label.colour.as_str().to_owned());
    let sender = Sender::new(
        &["name", "colour"],
        move |request: LabelRequest| async move { store.client().save_label(Some(id), &request).await },
        move |label: Label| {
            remember(store, label);
            on_close.run(());
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sender.send(request(name, colour));
    };
    let title = format!("{} — {}", td_string!(locale, settings.edit), label.name);
    view! {
        <Modal title=title on_close=on_close>
            <form class="dialog-form" on:submit=submit novalidate=true>
                <TextField label=td_string!(locale, labels.label_name) value=name error=sender.field("name") required=true maxlength=50 />
                <SelectField label=td_string!(locale, labels.colour) value=colour>
                    {colour_options(locale)}
                </SelectField>
                <FormError error=sender.whole() />
                <DialogFooter on_cancel=on_close submit=td_string!(locale, settings.save) pending=sender.pending() />
            </form>
        </Modal>
    }
}

/// "Delete", confirmed: the label leaves every conversation.
#[component]
fn DeleteLabelDialog(label: Label, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = label.id;
    let sender = Sender::new(
        &[],
        move |()| async move { store.client().delete_label(id).await },
        move |()| {
            store
                .labels
                .update(|labels| labels.retain(|label| label.id != id));
            on_close.run(());
        },
    );
    let title = td_string!(locale, labels.delete_title).replace("{name}", &label.name);
    view! {
        <Confirm
            title=title
            text=td_string!(locale, labels.delete_text).to_owned()
            confirm=td_string!(locale, labels.delete)
            pending=sender.pending()
            error=sender.whole()
            on_confirm=Callback::new(move |()| sender.send(()))
            on_cancel=on_close
        />
    }
}
