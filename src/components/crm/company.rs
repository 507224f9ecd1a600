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
                Some(Ok(company)) => view! { <CompanyForm company=company on_close=on_close /> }.into_any(),
            }}
        </Modal>
    }
}

#[component]
fn CompanyForm(company: CompanyInfo, on_close: Callback<()>) -> impl IntoView {
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
                Ok(()) => on_close.run(()),
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
                <button type="button" on:click=move |_| on_close.run(())>{td!(locale, collab.cancel)}</button>
                <button type="submit" class="primary" disabled=move || saving.get()>{td!(locale, company.save)}</button>
            </div>
        </form>
    }
}
