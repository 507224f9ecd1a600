//! The settings page: its sections' navigation and the section shown.

use leptos::prelude::*;
use switchboard_protocol::Role;

use super::{audit::AuditSection, catalog::CatalogSection, channels::ChannelsSection};
use super::{connectors::ConnectorsSection, labels::LabelsSection, people::PeopleSection};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::route::{Route, SettingsSection};
use crate::stores::SessionStore;

/// The name of a section, in the view's language.
pub fn section_name(locale: Locale, section: SettingsSection) -> &'static str {
    match section {
        SettingsSection::People => td_string!(locale, settings.people),
        SettingsSection::Lines => td_string!(locale, settings.lines),
        SettingsSection::Connectors => td_string!(locale, settings.connectors),
        SettingsSection::Company => td_string!(locale, settings.company),
        SettingsSection::Catalog => td_string!(locale, settings.catalog),
        SettingsSection::Labels => td_string!(locale, labels.labels),
        SettingsSection::Audit => td_string!(locale, settings.audit),
    }
}

/// Whether the logged-in employee may change settings (supervisors only read).
pub fn may_change(store: SessionStore) -> bool {
    store.me.with(|me| me.role == Role::Admin)
}

/// "Settings" at `section`.
#[component]
pub fn SettingsPage(section: SettingsSection) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let readable = move || store.me.with(|me| me.role != Role::Operator);
    view! {
        // Its styles come with it: the start module's stylesheet stays small.
        <link rel="stylesheet" href="settings.css" />
        <div class="page settings-page">
            <h1>{td!(locale, nav.settings)}</h1>
            <Show
                when=readable
                fallback=move || view! { <p class="empty-state">{td!(locale, settings.not_allowed)}</p> }
            >
                <nav class="settings-nav" aria-label=td_string!(locale, settings.sections)>
                    <ul>
                        {SettingsSection::ALL
                            .into_iter()
                            .map(|each| {
                                view! {
                                    <li>
                                        <a
                                            href=Route::Settings(each).href()
                                            aria-current=(each == section).then_some("page")
                                        >
                                            {section_name(locale, each)}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
                <section class="settings-section" aria-labelledby="settings-section-title">
                    <h2 id="settings-section-title">{section_name(locale, section)}</h2>
                    {match section {
                        SettingsSection::People => view! { <PeopleSection /> }.into_any(),
                        SettingsSection::Lines => view! { <ChannelsSection /> }.into_any(),
                        SettingsSection::Connectors => view! { <ConnectorsSection /> }.into_any(),
                        SettingsSection::Company => view! { <CompanySection /> }.into_any(),
                        SettingsSection::Catalog => view! { <CatalogSection /> }.into_any(),
                        SettingsSection::Labels => view! { <LabelsSection /> }.into_any(),
                        SettingsSection::Audit => view! { <AuditSection /> }.into_any(),
                    }}
                </section>
            </Show>
        </div>
    }
}

/// "Company details": what "Send company info" sends, and the currency.
#[component]
fn CompanySection() -> impl IntoView {
    use crate::components::crm::company::CompanyEditor;
    let store = expect_context::<SessionStore>();
    view! { <CompanyEditor read_only=!may_change(store) /> }
}
