//! "Open channels": creating, renaming, archiving (its open conversations
//! moved first) and restoring them, and each one's queue in order (moved
//! with the keyboard or by dragging), and the CRM forms each one offers.
//! Every workspace follows at once (`line_updated`), this list included.

use leptos::prelude::*;
use switchboard_protocol::{
    ArchiveLineRequest, DistributionMode, Form, FormId, Line, LineAutomation, LineFormsRequest,
    LineId, LineMembersRequest, LineRequest, LineRouting, LineRoutingRequest, UserId,
};

use super::form::{Refusal, Sender};
use super::page::may_change;
use crate::api::ApiError;
use crate::components::kit::form::{
    Choice, DialogFooter, FormError, SelectField, TextArea, TextField,
};
use crate::components::kit::modal::Modal;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::automation::{automation_request, AutomationFields};
use crate::state::routing::routing_request;
use crate::stores::SessionStore;

/// What is open over the list.
#[derive(Clone)]
enum Open {
    Rename(Line),
    Archive(Line),
}

/// The Open channels section.
#[component]
pub fn ChannelsSection() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let admin = may_change(store);
    let open = RwSignal::new(None::<Open>);
    let close = Callback::new(move |()| open.set(None));
    // The channel whose routing was just saved: its card is drawn again
    // with the saved line, and still says so.
    let saved = RwSignal::new(None::<LineId>);
    let lines = move || store.lines.get();
    // Every CRM form, for the choice of those each channel offers.
    let forms = RwSignal::new(Vec::<Form>::new());
    store.spawn(async move {
        match store.client().forms().await {
            Ok(list) => forms.set(list),
            Err(error) => store.failed(&error),
        }
    });
    view! {
        {admin.then(|| view! { <NewChannel /> })}
        <ul class="settings-cards" aria-label=td_string!(locale, settings.lines)>
            <For each=lines key=|line| (line.id, line.name.clone(), line.archived, line.members.clone(), line.forms.clone(), line.mode, line.routing) let:line>
                <ChannelCard line=line admin=admin open=open forms=forms saved=saved />
            </For>
        </ul>
        {move || match open.get() {
            None => ().into_any(),
            Some(Open::Rename(line)) => view! { <RenameDialog line=line on_close=close /> }.into_any(),
            Some(Open::Archive(line)) => view! { <ArchiveDialog line=line on_close=close /> }.into_any(),
        }}
    }
}

/// "New open channel": a name and "Create".
#[component]
fn NewChannel() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let name = RwSignal::new(String::new());
    let sender = Sender::new(
        &["name"],
        move |request: LineRequest| async move { store.client().create_line(&request).await },
        move |_| name.set(String::new()),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sender.send(LineRequest {
            name: name.get_untracked(),
        });
    };
    view! {
        <form class="settings-inline-form" on:submit=submit novalidate=true aria-label=td_string!(locale, settings.new_line)>
            <TextField label=td_string!(locale, settings.new_line) value=name error=sender.field("name") required=true maxlength=100 />
            <button type="submit" class="primary" disabled=sender.pending()>{td!(locale, settings.create)}</button>
            <FormError error=sender.whole() />
        </form>
    }
}

#[component]
fn ChannelCard(
    line: Line,
    admin: bool,
    open: RwSignal<Option<Open>>,
    forms: RwSignal<Vec<Form>>,
    saved: RwSignal<Option<LineId>>,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = line.id;
    let archived = line.archived;
    let title_id = format!("line-{id}");
    let labelled_by = title_id.clone();
    let rename = line.clone();
    let archive = line.clone();
    let restore = Sender::new(
        &[],
        move |()| async move { store.client().restore_line(id).await },
        |_| {},
    );
    view! {
        <li class="settings-card" aria-labelledby=labelled_by>
            <h3 id=title_id>
                {line.name.clone()}
                {archived.then(|| view! { <span class="badge">{td!(locale, settings.archived)}</span> })}
            </h3>
            {admin.then(|| view! {
                <div class="row-actions">
                    <button type="button" on:click=move |_| open.set(Some(Open::Rename(rename.clone())))>{td!(locale, settings.rename)}</button>
                    {if archived {
                        view! {
                            <button type="button" disabled=restore.pending() on:click=move |_| restore.send(())>{td!(locale, settings.restore)}</button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" on:click=move |_| open.set(Some(Open::Archive(archive.clone())))>{td!(locale, settings.archive)}</button>
                        }.into_any()
                    }}
                </div>
            })}
            <FormError error=restore.whole() />
            <Queue line=id members=line.members.clone() admin=admin />
            <Routing line=line.clone() admin=admin saved=saved />
            <Automation line=line.clone() admin=admin />
            <Offered line=id chosen=line.forms.clone() forms=forms admin=admin />
            <p class="page-meta">{td!(locale, settings.canned_note)}</p>
        </li>
    }
}

/// A channel's queue members in order: "Move up", "Move down", "Remove",
/// dragging, and "Add to the queue". Each change is saved at once.
#[component]
fn Queue(line: LineId, members: Vec<UserId>, admin: bool) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let order = RwSignal::new(members);
    let dragged = RwSignal::new(None::<usize>);
    let sender = Sender::new(
        &[],
        move |members: Vec<UserId>| async move {
            let request = LineMembersRequest { members };
            store.client().set_line_members(line, &request).await
        },
        |_| {},
    );
    let save = move |next: Vec<UserId>| {
        order.set(next.clone());
        sender.send(next);
    };
    let moved = move |from: usize, to: usize| {
        let mut next = order.get_untracked();
        if from < next.len() && to < next.len() && from != to {
            let member = next.remove(from);
            next.insert(to, member);
            save(next);
        }
    };
    let name = move |id: UserId| store.user_name(id).unwrap_or_default();
    let candidate = RwSignal::new(String::new());
    let candidates = move || {
        let order = order.get();
        let mut list: Vec<(UserId, String)> = store.users.with(|users| {
            users
                .values()
                .filter(|user| user.active && !order.contains(&user.id))
                .map(|user| (user.id, user.name.clone()))
                .collect()
        });
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    };
    let add = move |_| {
        if let Ok(id) = candidate.get_untracked().parse::<i64>() {
            let mut next = order.get_untracked();
            next.push(UserId(id));
            candidate.set(String::new());
            save(next);
        }
    };
    let queue_label = td_string!(locale, settings.queue);
    view! {
        <ol class="settings-queue" aria-label=queue_label>
            {move || {
                let members = order.get();
                let last = members.len().saturating_sub(1);
                members
                    .into_iter()
                    .enumerate()
                    .map(|(index, member)| {
                        let who = name(member);
                        view! {
                            <li
                                draggable=admin.then_some("true")
                                on:dragstart=move |_| dragged.set(Some(index))
                                on:dragover=move |event: leptos::ev::DragEvent| event.prevent_default()
                                on:drop=move |event: leptos::ev::DragEvent| {
                                    event.prevent_default();
                                    if let Some(from) = dragged.get_untracked() {
                                        moved(from, index);
                                    }
                                    dragged.set(None);
                                }
                            >
                                <span>{who.clone()}</span>
                                {admin.then(|| view! {
                                    <span class="row-actions">
                                        <button type="button" disabled=index == 0 aria-label=format!("{} {who}", td_string!(locale, settings.move_up)) on:click=move |_| moved(index, index.saturating_sub(1))>"↑"</button>
                                        <button type="button" disabled=index == last aria-label=format!("{} {who}", td_string!(locale, settings.move_down)) on:click=move |_| moved(index, index + 1)>"↓"</button>
                                        <button type="button" aria-label=format!("{} {who}", td_string!(locale, settings.remove)) on:click=move |_| {
                                            let mut next = order.get_untracked();
                                            next.retain(|id| *id != member);
                                            save(next);
                                        }>"✕"</button>
                                    </span>
                                })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
        {move || order.with(Vec::is_empty).then(|| view! { <p class="page-meta">{td!(locale, settings.queue_empty)}</p> })}
        {admin.then(|| view! {
            <div class="settings-inline-form">
                <SelectField label=td_string!(locale, settings.add_member) value=candidate>
                    <option value="">{td!(locale, settings.choose)}</option>
                    <For each=candidates key=|(id, _)| *id let:candidate>
                        <option value=candidate.0.to_string()>{candidate.1}</option>
                    </For>
                </SelectField>
                <button type="button" on:click=add disabled=move || candidate.with(String::is_empty)>{td!(locale, settings.add)}</button>
            </div>
        })}
        <FormError error=sender.whole() />
    }
}

/// "Rename".
#[component]
fn RenameDialog(line: Line, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = line.id;
    let name = RwSignal::new(line.name.clone());
    let sender = Sender::new(
        &["name"],
        move |request: LineRequest| async move { store.client().rename_line(id, &request).await },
        move |_| on_close.run(()),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sender.send(LineRequest {
            name: name.get_untracked(),
        });
    };
    let title = format!("{} {}", td_string!(locale, settings.rename), line.name);
    view! {
        <Modal title=title on_close=on_close>
            <form class="dialog-form" on:submit=submit novalidate=true>
                <TextField label=td_string!(locale, settings.name) value=name error=sender.field("name") required=true maxlength=100 />
                <FormError error=sender.whole() />
                <DialogFooter on_cancel=on_close submit=td_string!(locale, settings.save) pending=sender.pending() />
            </form>
        </Modal>
    }
}

/// "Archive": refused while the channel has open conversations, until a
/// channel to move them to is chosen.
#[component]
fn ArchiveDialog(line: Line, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = line.id;
    let target = RwSignal::new(String::new());
    // Set when the server said how many conversations are still open.
    let blocked = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let action = Action::new_local(move |move_to: &Option<LineId>| {
        let request = ArchiveLineRequest { move_to: *move_to };
        async move {
            match store.client().archive_line(id, &request).await {
                Ok(_) => on_close.run(()),
                Err(ApiError::Server { code, message, .. }) if code == "open_conversations" => {
                    error.set(None);
                    blocked.set(Some(message));
                }
                Err(failure) => error.set(Some(Refusal::of(store, failure).message)),
            }
        }
    });
    let others = move || {
        store.lines.with(|lines| {
            lines
                .iter()
                .filter(|other| other.id != id && !other.archived)
                .map(|other| (other.id, other.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let confirm = move |()| {
        let move_to = target.get_untracked().parse::<i64>().ok().map(LineId);
        if blocked.get_untracked().is_some() && move_to.is_none() {
            error.set(Some(td_string!(locale, settings.choose_line).to_owned()));
            return;
        }
        action.dispatch_local(move_to);
    };
    let title = format!("{} {}?", td_string!(locale, settings.archive), line.name);
    let pending = action.pending();
    view! {
        <Modal title=title on_close=on_close>
            <p>{td!(locale, settings.archive_text)}</p>
            {move || blocked.get().map(|message| view! {
                <p role="alert">{message}</p>
                <SelectField label=td_string!(locale, settings.move_to) value=target>
                    <option value="">{td!(locale, settings.choose)}</option>
                    {others().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </SelectField>
            })}
            <FormError error=error />
            <DialogFooter
                on_cancel=on_close
                submit=td_string!(locale, settings.archive)
                pending=Signal::derive(move || pending.get())
                danger=true
                on_confirm=Callback::new(confirm)
            />
        </Modal>
    }
}

/// The CRM forms a channel offers (none checked: every form), saved at each change.
#[component]
fn Offered(
    line: LineId,
    chosen: Vec<FormId>,
    forms: RwSignal<Vec<Form>>,
    admin: bool,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let chosen = RwSignal::new(chosen);
    let sender = Sender::new(
        &[],
        move |forms: Vec<FormId>| async move {
            store
                .client()
                .set_line_forms(line, &LineFormsRequest { forms })
                .await
        },
        |_| {},
    );
    view! {
        <fieldset class="form-group" disabled=!admin>
            <legend>{td!(locale, settings.forms_offered)}</legend>
            <p class="page-meta">
                {move || chosen.with(Vec::is_empty).then(|| td_string!(locale, settings.every_form))}
            </p>
            <For each=move || forms.get() key=|form| form.id let:form>
                {
                    let id = form.id;
                    view! {
                        <Choice
                            kind="checkbox"
                            label=form.title.clone()
                            checked=Signal::derive(move || chosen.with(|chosen| chosen.contains(&id)))
                            on_change=Callback::new(move |on: bool| {
                                let mut next = chosen.get_untracked();
                                next.retain(|form| *form != id);
                                if on {
                                    next.push(id);
                                }
                                chosen.set(next.clone());
                                sender.send(next);
                            })
                        />
                    }
                }
            </For>
            <FormError error=sender.whole() />
        </fieldset>
    }
}

/// How the channel distributes its conversations: "Distribution", "Time to
/// take (seconds)", "Capacity" and "First-answer target (seconds)", saved
/// with "Save routing".
#[component]
fn Routing(line: Line, admin: bool, saved: RwSignal<Option<LineId>>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = line.id;
    let number = |value: Option<u32>| value.map(|n| n.to_string()).unwrap_or_default();
    let mode = RwSignal::new(line.mode.as_str().to_owned());
    let take = RwSignal::new(line.routing.time_to_take_seconds.to_string());
    let capacity = RwSignal::new(number(line.routing.capacity));
    let target = RwSignal::new(number(line.routing.first_answer_target_seconds));
    let sender = Sender::new(
        &[
            "time_to_take_seconds",
            "capacity",
            "first_answer_target_seconds",
        ],
        move |request: LineRoutingRequest| async move {
            store.client().set_line_routing(id, &request).await
        },
        move |_| saved.set(Some(id)),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let fields = [
            take.get_untracked(),
            capacity.get_untracked(),
            target.get_untracked(),
        ];
        match routing_request(&mode.get_untracked(), &fields) {
            Ok(request) => sender.send(request),
            Err(field) => sender.refusal.set(Some(Refusal::at(
                field,
                td_string!(locale, routing.whole_number),
            ))),
        }
    };
    let modes = [
        (
            DistributionMode::All,
            td_string!(locale, routing.all_at_once),
        ),
        (DistributionMode::Evenly, td_string!(locale, routing.evenly)),
        (
            DistributionMode::Strict,
            td_string!(locale, routing.strictly),
        ),
    ];
    let label = format!("{} {}", td_string!(locale, routing.routing_of), line.name);
    view! {
        <form class="settings-routing" on:submit=submit novalidate=true aria-label=label>
            <fieldset class="form-group" disabled=!admin>
                <legend>{td!(locale, routing.distribution)}</legend>
                <SelectField label=td_string!(locale, routing.distribution) value=mode>
                    {modes.into_iter().map(|(mode, text)| view! { <option value=mode.as_str()>{text}</option> }).collect_view()}
                </SelectField>
                <TextField label=td_string!(locale, routing.time_to_take) kind="number" value=take error=sender.field("time_to_take_seconds") min=LineRouting::MIN_TIME_TO_TAKE.to_string() max=LineRouting::MAX_TIME_TO_TAKE.to_string() required=true />
                <TextField label=td_string!(locale, routing.capacity) kind="number" value=capacity error=sender.field("capacity") min="1" max=LineRouting::MAX_CAPACITY.to_string() />
                <TextField label=td_string!(locale, routing.target) kind="number" value=target error=sender.field("first_answer_target_seconds") min="1" max=LineRouting::MAX_TARGET.to_string() />
                <p class="page-meta">{td!(locale, routing.hint)}</p>
                {admin.then(|| view! {
                    <button type="submit" disabled=sender.pending()>{td!(locale, routing.save)}</button>
                })}
                <p role="status" class="page-meta">
                    {move || (saved.get() == Some(id)).then(|| td_string!(locale, routing.saved))}
                </p>
                <FormError error=sender.whole() />
            </fieldset>
        </form>
    }
}

/// The channel's working hours and automatic messages: "Time zone", an
/// "Opens" and a "Closes" time per weekday (empty: closed), "Closed dates",
/// "Welcome message", "Offline message", "Automatic close after (hours)",
/// "Closing message" and "Ask for a rating", saved with "Save automatic
/// messages".
#[component]
fn Automation(line: Line, admin: bool) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let id = line.id;
    let start = AutomationFields::of(&line.automation);
    let time_zone = RwSignal::new(start.time_zone);
    let welcome = RwSignal::new(start.welcome);
    let offline = RwSignal::new(start.offline);
    let auto_close = RwSignal::new(start.auto_close);
    let closing = RwSignal::new(start.closing);
    let rating = RwSignal::new(start.rating);
    let closed_dates = RwSignal::new(start.closed_dates);
    let days = start
        .days
        .map(|(opens, closes)| (RwSignal::new(opens), RwSignal::new(closes)));
    let saved = RwSignal::new(false);
    let sender = Sender::new(
        &[
            "time_zone",
            "working_hours",
            "closed_dates",
            "welcome_message",
            "offline_message",
            "auto_close_hours",
            "closing_message",
        ],
        move |request: LineAutomation| async move {
            store.client().set_line_automation(id, &request).await
        },
        move |_| saved.set(true),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        let fields = AutomationFields {
            time_zone: time_zone.get_untracked(),
            welcome: welcome.get_untracked(),
            offline: offline.get_untracked(),
            auto_close: auto_close.get_untracked(),
            closing: closing.get_untracked(),
            rating: rating.get_untracked(),
            days: days.map(|(opens, closes)| (opens.get_untracked(), closes.get_untracked())),
            closed_dates: closed_dates.get_untracked(),
        };
        match automation_request(&fields) {
            Ok(request) => sender.send(request),
            Err(field) => {
                let why = if field == "auto_close_hours" {
                    td_string!(locale, routing.whole_number)
                } else {
                    td_string!(locale, automation.both_times)
                };
                sender.refusal.set(Some(Refusal::at(field, why)));
            }
        }
    };
    let weekdays = [
        td_string!(locale, automation.monday),
        td_string!(locale, automation.tuesday),
        td_string!(locale, automation.wednesday),
        td_string!(locale, automation.thursday),
        td_string!(locale, automation.friday),
        td_string!(locale, automation.saturday),
        td_string!(locale, automation.sunday),
    ];
    let label = format!(
        "{} {}",
        td_string!(locale, automation.automation_of),
        line.name
    );
    let max_hours = LineAutomation::MAX_AUTO_CLOSE_HOURS.to_string();
    view! {
        <form class="settings-automation" on:submit=submit novalidate=true aria-label=label>
            <fieldset class="form-group" disabled=!admin>
                <legend>{td!(locale, automation.title)}</legend>
                <TextField label=td_string!(locale, automation.time_zone) value=time_zone error=sender.field("time_zone") required=true maxlength=64 />
                <fieldset class="form-group">
                    <legend>{td!(locale, automation.working_hours)}</legend>
                    <p class="page-meta">{td!(locale, automation.hours_hint)}</p>
                    {weekdays.into_iter().zip(days).map(|(day, (opens, closes))| view! {
                        <fieldset class="form-group opening-day">
                            <legend>{day}</legend>
                            <TextField label=td_string!(locale, automation.opens) kind="time" value=opens />
                            <TextField label=td_string!(locale, automation.closes) kind="time" value=closes />
                        </fieldset>
                    }).collect_view()}
                    <FormError error=sender.field("working_hours") />
                </fieldset>
                <TextField label=td_string!(locale, automation.closed_dates) value=closed_dates error=sender.field("closed_dates") />
                <TextArea label=td_string!(locale, automation.welcome) value=welcome rows=2 error=sender.field("welcome_message") />
                <TextArea label=td_string!(locale, automation.offline) value=offline rows=2 error=sender.field("offline_message") />
                <TextField label=td_string!(locale, automation.auto_close) kind="number" value=auto_close error=sender.field("auto_close_hours") min="1" max=max_hours />
                <TextArea label=td_string!(locale, automation.closing) value=closing rows=2 error=sender.field("closing_message") />
                <Choice
                    kind="checkbox"
                    label=td_string!(locale, automation.rating).to_owned()
                    checked=Signal::derive(move || rating.get())
                    on_change=Callback::new(move |on: bool| rating.set(on))
                />
                <p class="page-meta">{td!(locale, automation.hint)}</p>
                {admin.then(|| view! {
                    <button type="submit" disabled=sender.pending()>{td!(locale, automation.save)}</button>
                })}
                <p role="status" class="page-meta">
                    {move || saved.get().then(|| td_string!(locale, automation.saved))}
                </p>
                <FormError error=sender.whole() />
            </fieldset>
        </form>
    }
}
