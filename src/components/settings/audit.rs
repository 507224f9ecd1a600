//! "Audit log": who changed which setting and when, newest first,
//! filtered by person and kind, a page at a time ("Show older").

use leptos::prelude::*;
use switchboard_protocol::{AuditAction, AuditEntry, AuditKind, UserId};

use super::form::Refusal;
use crate::api::AuditFilter;
use crate::components::kit::form::{FormError, SelectField};
use crate::format;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::SessionStore;

/// What an action was, in words.
fn action_name(locale: Locale, action: AuditAction) -> &'static str {
    match action {
        AuditAction::PersonInvited => td_string!(locale, audit.person_invited),
        AuditAction::AdminCreated => td_string!(locale, audit.admin_created),
        AuditAction::PersonUpdated => td_string!(locale, audit.person_updated),
        AuditAction::RoleChanged => td_string!(locale, audit.role_changed),
        AuditAction::PersonDeactivated => td_string!(locale, audit.person_deactivated),
        AuditAction::PersonReactivated => td_string!(locale, audit.person_reactivated),
        AuditAction::ResetLinkCreated => td_string!(locale, audit.reset_link_created),
        AuditAction::LineCreated => td_string!(locale, audit.line_created),
        AuditAction::LineRenamed => td_string!(locale, audit.line_renamed),
        AuditAction::LineArchived => td_string!(locale, audit.line_archived),
        AuditAction::LineRestored => td_string!(locale, audit.line_restored),
        AuditAction::LineMembersChanged => td_string!(locale, audit.line_members_changed),
        AuditAction::LineFormsChanged => td_string!(locale, audit.line_forms_changed),
        AuditAction::LineRoutingChanged => td_string!(locale, audit.line_routing_changed),
        AuditAction::LineAutomationChanged => td_string!(locale, audit.line_automation_changed),
        AuditAction::ConnectorAdded => td_string!(locale, audit.connector_added),
        AuditAction::ConnectorUpdated => td_string!(locale, audit.connector_updated),
        AuditAction::TokenRotated => td_string!(locale, audit.token_rotated),
        AuditAction::CompanyUpdated => td_string!(locale, audit.company_updated),
        AuditAction::ProductAdded => td_string!(locale, audit.product_added),
        AuditAction::ProductUpdated => td_string!(locale, audit.product_updated),
        AuditAction::ProductArchived => td_string!(locale, audit.product_archived),
        AuditAction::LabelCreated => td_string!(locale, audit.label_created),
        AuditAction::LabelUpdated => td_string!(locale, audit.label_updated),
        AuditAction::LabelDeleted => td_string!(locale, audit.label_deleted),
    }
}

/// A kind's name, for the filter.
fn kind_name(locale: Locale, kind: AuditKind) -> &'static str {
    match kind {
        AuditKind::People => td_string!(locale, settings.people),
        AuditKind::Roles => td_string!(locale, audit.roles),
        AuditKind::Lines => td_string!(locale, settings.lines),
        AuditKind::Connectors => td_string!(locale, settings.connectors),
        AuditKind::Tokens => td_string!(locale, audit.tokens),
        AuditKind::Company => td_string!(locale, settings.company),
        AuditKind::Catalog => td_string!(locale, settings.catalog),
        AuditKind::Labels => td_string!(locale, labels.labels),
    }
}

/// The Audit log section.
#[component]
pub fn AuditSection() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let person = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<i64>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let filter = move || AuditFilter {
        actor: person.get().parse::<i64>().ok().map(UserId),
        kind: kind.get().parse::<AuditKind>().ok(),
        before: None,
    };
    let load = move |filter: AuditFilter, more: bool| {
        loading.set(true);
        store.spawn(async move {
            match store.client().audit(filter).await {
                Ok(page) => {
                    if more {
                        entries.update(|entries| entries.extend(page.entries));
                    } else {
                        entries.set(page.entries);
                    }
                    next.set(page.next_cursor);
                    error.set(None);
                }
                Err(failure) => error.set(Some(Refusal::of(store, failure).message)),
            }
            loading.set(false);
        });
    };
    // The first page again whenever a filter changes.
    Effect::new(move |_| load(filter(), false));
    let older = move |_| {
        let before = next.get_untracked();
        load(
            AuditFilter {
                before,
                ..untrack(filter)
            },
            true,
        );
    };
    let people = move || {
        let mut list: Vec<(UserId, String)> = store.users.with(|users| {
            users
                .values()
                .map(|user| (user.id, user.name.clone()))
                .collect()
        });
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    };
    view! {
        <div class="settings-inline-form" role="search" aria-label=td_string!(locale, audit.filters)>
            <SelectField label=td_string!(locale, audit.person) value=person>
                <option value="">{td!(locale, audit.everyone)}</option>
                {move || people().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
            </SelectField>
            <SelectField label=td_string!(locale, audit.kind) value=kind>
                <option value="">{td!(locale, audit.every_kind)}</option>
                {AuditKind::ALL.into_iter().map(|each| view! { <option value=each.as_str()>{kind_name(locale, each)}</option> }).collect_view()}
            </SelectField>
        </div>
        <FormError error=error />
        <table class="settings-table">
            <thead>
                <tr>
                    <th scope="col">{td!(locale, audit.when)}</th>
                    <th scope="col">{td!(locale, audit.person)}</th>
                    <th scope="col">{td!(locale, audit.change)}</th>
                    <th scope="col">{td!(locale, audit.subject)}</th>
                    <th scope="col">{td!(locale, audit.details)}</th>
                </tr>
            </thead>
            <tbody>
                {move || entries.get().into_iter().map(|entry| view! {
                    <tr>
                        <td>{format::date_time(locale, entry.at)}</td>
                        <td>{match entry.actor_id {
                            Some(_) => entry.actor_name,
                            None => td_string!(locale, audit.command_line).to_owned(),
                        }}</td>
                        <td>{action_name(locale, entry.action)}</td>
                        <td>{entry.subject}</td>
                        <td>{entry.details}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p role="status" class="page-meta">
            {move || if loading.get() {
                Some(td_string!(locale, loading))
            } else {
                entries.with(Vec::is_empty).then(|| td_string!(locale, audit.empty))
            }}
        </p>
        {move || next.get().map(|_| view! {
            <button type="button" on:click=older disabled=loading>{td!(locale, audit.older)}</button>
        })}
    }
}
