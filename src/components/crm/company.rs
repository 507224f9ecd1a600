//! "Company details" (admins, from the user menu): what "Send company info"
//! sends customers, and the store's currency.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::CompanyInfo;

use crate::components::kit::modal::Modal;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::CrmStore;

/// The dialog with the company's details, loaded then saved.
#[component]
pub fn CompanyDialog(on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let crm = expect_context::<CrmStore>();
    let loaded = RwSignal::new(None::<Result<CompanyInfo, String>>);
    spawn_local(async move {
        loaded.set(Some(crm.company().await));
    });
    view! {
        <Modal title=td_string!(locale, company.title) on_close=on_close>
            {move || match loaded.get() {
                None => view! { <p role="status">{td!(locale, loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="form-error" role="alert">{error}</p> }.into_any(),
                Some(Ok(company)) => view! { <CompanyForm company=company on_saved=on_close on_cancel=on_close /> }.into_any(),
            }}
        </Modal>
    }
}

/// "Company details" in the settings: the form in place, saved with "Save"
/// (read only for supervisors).
#[component]
pub fn CompanyEditor(read_only: bool) -> impl IntoView {
    let locale = use_locale();
    let crm = expect_context::<CrmStore>();
    let loaded = RwSignal::new(None::<Result<CompanyInfo, String>>);
    let saved = RwSignal::new(false);
    spawn_local(async move {
        loaded.set(Some(crm.company().await));
    });
    move || match loaded.get() {
        None => view! { <p role="status">{td!(locale, loading)}</p> }.into_any(),
        Some(Err(error)) => view! { <p class="form-error" role="alert">{error}</p> }.into_any(),
        Some(Ok(company)) => view! {
            <fieldset class="settings-form" disabled=read_only>
                <CompanyForm company=company on_saved=Callback::new(move |()| saved.set(true)) />
            </fieldset>
            <p role="status">{move || saved.get().then(|| td_string!(locale, company.saved))}</p>
        }
        .into_any(),
    }
}

#[component]
fn CompanyForm(
    company: CompanyInfo,
    on_saved: Callback<()>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let locale = use_locale();
    let crm = expect_context::<CrmStore>();
    let name = RwSignal::new(company.name);
    let address = RwSignal::new(company.address);
    let phone = RwSignal::new(company.phone);
    let hours = RwSignal::new(company.opening_hours);
    let website = RwSignal::new(company.website);
    let currency = RwSignal::new(company.currency);
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let company = CompanyInfo {
            name: name.get_untracked().trim().to_owned(),
            address: address.get_untracked().trim().to_owned(),
            phone: phone.get_untracked().trim().to_owned(),
            opening_hours: hours.get_untracked().trim().to_owned(),
            website: website.get_untracked().trim().to_owned(),
            currency: currency.get_untracked().trim().to_uppercase(),
        };
        saving.set(true);
        spawn_local(async move {
            let result = crm.update_company(company).await;
            saving.set(false);
            match result {
                Ok(()) => on_saved.run(()),
                Err(reason) => error.set(Some(reason)),
            }
        });
    };
    let field = move |label: &'static str, value: RwSignal<String>, kind: &'static str| {
        view! {
            <label>
                {label}
                <input type=kind prop:value=value on:input=move |e| value.set(event_target_value(&e)) />
            </label>
        }
    };
    view! {
        <form class="dialog-form" on:submit=submit>
            {field(td_string!(locale, company.name), name, "text")}
            <label>
                {td!(locale, company.address)}
                <textarea rows="2" prop:value=address on:input=move |e| address.set(event_target_value(&e))></textarea>
            </label>
            {field(td_string!(locale, company.phone), phone, "tel")}
            {field(td_string!(locale, company.hours), hours, "text")}
            {field(td_string!(locale, company.website), website, "url")}
            {field(td_string!(locale, company.currency), currency, "text")}
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            <div class="dialog-actions">
                {on_cancel.map(|on_cancel| view! {
                    <button type="button" on:click=move |_| on_cancel.run(())>{td!(locale, collab.cancel)}</button>
                })}
                <button type="submit" class="primary" disabled=move || saving.get()>{td!(locale, company.save)}</button>
            </div>
        </form>
    }
}
