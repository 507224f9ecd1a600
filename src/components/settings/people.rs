//! "People": everyone with their role, open channels, status and last
//! activity; "Invite", editing, "Deactivate" / "Reactivate" and "Reset
//! password" for administrators.

use leptos::prelude::*;
use switchboard_protocol::{
    Invitation, InvitePersonRequest, LineId, OneTimeLink, Person, Presence, Role,
    UpdatePersonRequest, UserId,
};

use super::form::{Confirm, Refusal, SecretBox, Sender};
use super::page::may_change;
use crate::components::kit::form::{Choice, DialogFooter, FormError, SelectField, TextField};
use crate::components::kit::loaded::Loaded;
use crate::components::kit::modal::Modal;
use crate::format;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::SessionStore;

/// A role's name.
pub fn role_name(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Admin => td_string!(locale, settings.role_admin),
        Role::Supervisor => td_string!(locale, settings.role_supervisor),
        Role::Operator => td_string!(locale, settings.role_operator),
    }
}

/// What a person's status says: deactivated, invited, or their presence.
fn status(locale: Locale, person: &Person) -> &'static str {
    if !person.user.active {
        td_string!(locale, settings.deactivated)
    } else if person.invitation_pending {
        td_string!(locale, settings.invited)
    } else {
        match person.user.presence {
            Presence::Online => td_string!(locale, menu.online),
            Presence::Away => td_string!(locale, menu.away),
            Presence::Offline => td_string!(locale, menu.offline),
        }
    }
}

/// What is open over the list.
#[derive(Clone)]
enum Open {
    Invite,
    Edit(Person),
    Deactivate(Person),
    Link(String, Result<OneTimeLink, String>),
}

/// The People section.
#[component]
pub fn PeopleSection() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let people = RwSignal::new(None::<Vec<Person>>);
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(None::<Open>);
    // Loaded when shown, and again whenever people or channels change
    // (here or in another administrator's workspace).
    Effect::new(move |_| {
        store.users.track();
        store.lines.track();
        store.spawn(async move {
            match store.client().people().await {
                Ok(list) => people.set(Some(list)),
                Err(failure) => error.set(Some(Refusal::of(store, failure).message)),
            }
        });
    });
    let admin = may_change(store);
    let close = Callback::new(move |()| open.set(None));
    view! {
        {admin.then(|| view! {
            <div class="settings-actions">
                <button type="button" class="primary" on:click=move |_| open.set(Some(Open::Invite))>
                    {td!(locale, settings.invite)}
                </button>
            </div>
        })}
        <FormError error=error />
        <Loaded items=people empty=td_string!(locale, settings.no_people) show=move |list| view! {
            <table class="settings-table">
                <thead>
                    <tr>
                        <th scope="col">{td!(locale, settings.name)}</th>
                        <th scope="col">{td!(locale, settings.role)}</th>
                        <th scope="col">{td!(locale, settings.lines)}</th>
                        <th scope="col">{td!(locale, settings.status)}</th>
                        <th scope="col">{td!(locale, settings.last_seen)}</th>
                        {admin.then(|| view! { <th scope="col">{td!(locale, settings.actions)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|person| view! { <PersonRow person=person admin=admin open=open /> }).collect_view()}
                </tbody>
            </table>
        } />
        {move || match open.get() {
            None => ().into_any(),
            Some(Open::Invite) => view! { <InviteDialog on_close=close /> }.into_any(),
            Some(Open::Edit(person)) => view! { <EditDialog person=person on_close=close /> }.into_any(),
            Some(Open::Deactivate(person)) => view! { <DeactivateDialog person=person on_close=close /> }.into_any(),
            Some(Open::Link(name, link)) => view! { <ResetLinkDialog name=name link=link on_close=close /> }.into_any(),
        }}
    }
}

#[component]
fn PersonRow(person: Person, admin: bool, open: RwSignal<Option<Open>>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let lines = person
        .lines
        .iter()
        .map(|line| store.line_name(*line))
        .collect::<Vec<_>>()
        .join(", ");
    let seen = person
        .last_seen_at
        .map(|at| format::date_time(locale, at))
        .unwrap_or_else(|| td_string!(locale, settings.never).to_owned());
    let me = store.my_id() == person.user.id;
    let id = person.user.id;
    let name = person.user.name.clone();
    let active = person.user.active;
    let reactivate = Sender::new(
        &[],
        move |()| async move { store.client().set_active(id, true).await },
        |_| {},
    );
    let reset = move |_| {
        let name = name.clone();
        store.spawn(async move {
            let link = store.client().reset_link(id).await;
            let link = link.map_err(|failure| Refusal::of(store, failure).message);
            open.set(Some(Open::Link(name, link)));
        });
    };
    let edit = person.clone();
    let deactivate = person.clone();
    view! {
        <tr class:inactive=!active>
            <th scope="row">
                <span class="person-name">{person.user.name.clone()}</span>
                <span class="page-meta">{person.user.email.clone()}</span>
            </th>
            <td>{role_name(locale, person.user.role)}</td>
            <td>{lines}</td>
            <td>{status(locale, &person)}</td>
            <td>{seen}</td>
            {admin.then(|| view! {
                <td class="row-actions">
                    <button type="button" on:click=move |_| open.set(Some(Open::Edit(edit.clone())))>
                        {td!(locale, settings.edit)}
                    </button>
                    {if active {
                        view! {
                            <button type="button" disabled=me on:click=move |_| open.set(Some(Open::Deactivate(deactivate.clone())))>
                                {td!(locale, settings.deactivate)}
                            </button>
                            <button type="button" on:click=reset.clone()>{td!(locale, settings.reset_password)}</button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" disabled=reactivate.pending() on:click=move |_| reactivate.send(())>
                                {td!(locale, settings.reactivate)}
                            </button>
                        }.into_any()
                    }}
                    <FormError error=reactivate.whole() />
                </td>
            })}
        </tr>
    }
}

/// The role picker and the open channels of a person's form.
#[component]
fn RoleAndLines(role: RwSignal<String>, lines: RwSignal<Vec<LineId>>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let open_lines = move || {
        store.lines.with(|all| {
            all.iter()
                .filter(|line| !line.archived)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <SelectField label=td_string!(locale, settings.role) value=role>
            {[Role::Operator, Role::Supervisor, Role::Admin]
                .into_iter()
                .map(|each| view! { <option value=each.as_str()>{role_name(locale, each)}</option> })
                .collect_view()}
        </SelectField>
        <fieldset class="form-group">
            <legend>{td!(locale, settings.lines)}</legend>
            <For each=open_lines key=|line| line.id let:line>
                {
                    let id = line.id;
                    view! {
                        <Choice
                            kind="checkbox"
                            label=line.name.clone()
                            checked=Signal::derive(move || lines.with(|lines| lines.contains(&id)))
                            on_change=Callback::new(move |on: bool| lines.update(|lines| {
                                lines.retain(|line| *line != id);
                                if on {
                                    lines.push(id);
                                }
                            }))
                        />
                    }
                }
            </For>
        </fieldset>
    }
}

fn role_of(value: &str) -> Role {
    value.parse().unwrap_or(Role::Operator)
}

/// "Invite": the form, then the invitation link to hand over.
#[component]
fn InviteDialog(on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Operator.as_str().to_owned());
    let lines = RwSignal::new(Vec::<LineId>::new());
    let invited = RwSignal::new(None::<Invitation>);
    let sender = Sender::new(
        &["name", "email"],
        move |request: InvitePersonRequest| async move { store.client().invite(&request).await },
        move |invitation| invited.set(Some(invitation)),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sender.send(InvitePersonRequest {
            name: name.get_untracked(),
            email: email.get_untracked(),
            role: role_of(&role.get_untracked()),
            lines: lines.get_untracked(),
        });
    };
    view! {
        <Modal title=td_string!(locale, settings.invite_title) on_close=on_close>
            {move || match invited.get() {
                Some(invitation) => {
                    let hint = td_string!(locale, settings.invitation_hint)
                        .replace("{name}", &invitation.person.user.name);
                    view! {
                        <SecretBox label=td_string!(locale, settings.invitation_link) value=invitation.invitation.link.clone() hint=hint />
                        <div class="dialog-actions">
                            <button type="button" class="primary" on:click=move |_| on_close.run(())>{td!(locale, settings.done)}</button>
                        </div>
                    }
                    .into_any()
                }
                None => view! {
                    <form class="dialog-form" on:submit=submit novalidate=true>
                        <TextField label=td_string!(locale, settings.name) value=name error=sender.field("name") required=true maxlength=100 />
                        <TextField label=td_string!(locale, settings.email) value=email kind="email" error=sender.field("email") required=true />
                        <RoleAndLines role=role lines=lines />
                        <FormError error=sender.whole() />
                        <DialogFooter on_cancel=on_close submit=td_string!(locale, settings.invite) pending=sender.pending() />
                    </form>
                }
                .into_any(),
            }}
        </Modal>
    }
}

/// "Edit": name, role and open channels.
#[component]
fn EditDialog(person: Person, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id: UserId = person.user.id;
    let name = RwSignal::new(person.user.name.clone());
    let role = RwSignal::new(person.user.role.as_str().to_owned());
    let lines = RwSignal::new(person.lines.clone());
    let sender = Sender::new(
        &["name"],
        move |request: UpdatePersonRequest| async move {
            store.client().update_person(id, &request).await
        },
        move |_| on_close.run(()),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sender.send(UpdatePersonRequest {
            name: name.get_untracked(),
            role: role_of(&role.get_untracked()),
            lines: lines.get_untracked(),
        });
    };
    let title = format!(
        "{} — {}",
        td_string!(locale, settings.edit),
        person.user.name
    );
    view! {
        <Modal title=title on_close=on_close>
            <form class="dialog-form" on:submit=submit novalidate=true>
                <TextField label=td_string!(locale, settings.name) value=name error=sender.field("name") required=true maxlength=100 />
                <RoleAndLines role=role lines=lines />
                <FormError error=sender.whole() />
                <DialogFooter on_cancel=on_close submit=td_string!(locale, settings.save) pending=sender.pending() />
            </form>
        </Modal>
    }
}

/// "Deactivate", confirmed.
#[component]
fn DeactivateDialog(person: Person, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = person.user.id;
    let sender = Sender::new(
        &[],
        move |()| async move { store.client().set_active(id, false).await },
        move |_| on_close.run(()),
    );
    let title = format!(
        "{} {}?",
        td_string!(locale, settings.deactivate),
        person.user.name
    );
    let text = td_string!(locale, settings.deactivate_text).replace("{name}", &person.user.name);
    view! {
        <Confirm
            title=title
            text=text
            confirm=td_string!(locale, settings.deactivate)
            pending=sender.pending()
            error=sender.whole()
            on_confirm=Callback::new(move |()| sender.send(()))
            on_cancel=on_close
        />
    }
}

/// The reset link of "Reset password".
#[component]
fn ResetLinkDialog(
    name: String,
    link: Result<OneTimeLink, String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let title = format!("{} — {name}", td_string!(locale, settings.reset_password));
    view! {
        <Modal title=title on_close=on_close>
            {match link {
                Ok(link) => {
                    let hint = td_string!(locale, settings.reset_hint).replace("{name}", &name);
                    view! { <SecretBox label=td_string!(locale, settings.reset_link) value=link.link hint=hint /> }.into_any()
                }
                Err(error) => view! { <p class="form-error" role="alert">{error}</p> }.into_any(),
            }}
            <div class="dialog-actions">
                <button type="button" class="primary" on:click=move |_| on_close.run(())>{td!(locale, settings.done)}</button>
            </div>
        </Modal>
    }
}
