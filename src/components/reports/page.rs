//! The Reports page: its filters, the report's charts and tables, and the
//! CSV export.

use std::sync::Arc;

use leptos::prelude::*;
use switchboard_protocol::{LineId, Report, ReportPeriod, ReportQuery, Role};
use wasm_bindgen::JsCast;

use super::chart::MeasureChart;
use super::tables::BreakdownTable;
use crate::api::ApiError;
use crate::components::kit::form::{SelectField, TextField};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::reports::{day_number, default_range, is_empty, parse_iso_date, Measure};
use crate::stores::SessionStore;

/// The browser's time zone (`Europe/Paris`), `UTC` if it does not say.
fn browser_time_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .filter(|zone| !zone.is_empty())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// Today's day number in the browser's time zone.
fn today() -> i64 {
    let now = js_sys::Date::new_0();
    day_number(
        i64::from(now.get_full_year()),
        now.get_month() + 1,
        now.get_date(),
    )
}

/// Where the report stands.
#[derive(Clone)]
enum Loading {
    /// On its way.
    Waiting,
    /// Here.
    Ready(Arc<Report>),
    /// Refused or unreachable, with what to tell.
    Failed(String),
}

/// "Reports".
#[component]
pub fn ReportsPage() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let readable = move || store.me.with(|me| me.role != Role::Operator);
    view! {
        // Its styles come with it: the start module's stylesheet stays small.
        <link rel="stylesheet" href="reports.css" />
        <div class="page reports-page">
            <h1>{td!(locale, reports.title)}</h1>
            <Show
                when=readable
                fallback=move || view! { <p class="empty-state">{td!(locale, reports.not_allowed)}</p> }
            >
                <ReportsView />
            </Show>
        </div>
    }
}

/// The filters and the report they ask for.
#[component]
fn ReportsView() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let (first, last) = default_range(today(), false);
    let period = RwSignal::new(ReportPeriod::Day.as_str().to_owned());
    let from = RwSignal::new(first);
    let to = RwSignal::new(last);
    let line = RwSignal::new(String::new());
    let tz = browser_time_zone();
    let state = RwSignal::new(Loading::Waiting);
    let export_error = RwSignal::new(None::<String>);
    // Answers to an older query are dropped.
    let generation = StoredValue::new(0_u32);

    let query = Memo::new(move |_| ReportQuery {
        from: Some(from.get()),
        to: Some(to.get()),
        period: Some(period.get()),
        tz: Some(tz.clone()),
        line_id: line.get().parse::<i64>().ok().map(LineId),
    });
    let valid = move |query: &ReportQuery| {
        let day = |value: &Option<String>| value.as_deref().and_then(parse_iso_date);
        matches!((day(&query.from), day(&query.to)), (Some(from), Some(to)) if from <= to && to - from < 366)
    };
    let load = move || {
        let query = query.get_untracked();
        generation.update_value(|generation| *generation += 1);
        let mine = generation.get_value();
        if !valid(&query) {
            state.set(Loading::Failed(
                td_string!(locale, reports.invalid_range).to_owned(),
            ));
            return;
        }
        state.set(Loading::Waiting);
        store.spawn(async move {
            let answer = store.client().report(&query).await;
            if generation.get_value() != mine {
                return;
            }
            state.set(match answer {
                Ok(report) => Loading::Ready(Arc::new(report)),
                Err(ApiError::Server { status: 422, .. }) => {
                    Loading::Failed(td_string!(locale, reports.invalid_range).to_owned())
                }
                Err(error) => {
                    store.failed(&error);
                    Loading::Failed(error.explanation())
                }
            });
        });
    };
    // Again whenever a filter changes.
    Effect::new(move |_| {
        query.track();
        load();
    });
    let export = move |_| {
        let query = query.get_untracked();
        export_error.set(None);
        store.spawn(async move {
            let name = format!(
                "switchboard-report-{}-{}.csv",
                query.from.clone().unwrap_or_default(),
                query.to.clone().unwrap_or_default()
            );
            match store.check(store.client().report_csv(&query).await) {
                Ok(text) => {
                    if save_file(&name, &text).is_none() {
                        export_error
                            .set(Some(td_string!(locale, reports.export_failed).to_owned()));
                    }
                }
                Err(reason) => export_error.set(Some(reason)),
            }
        });
    };
    let lines = move || {
        store.lines.with(|lines| {
            lines
                .iter()
                .map(|line| (line.id, line.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="report-filters" role="search" aria-label=td_string!(locale, reports.filters)>
            <SelectField label=td_string!(locale, reports.group_by) value=period>
                <option value="day">{td!(locale, reports.day)}</option>
                <option value="week">{td!(locale, reports.week)}</option>
            </SelectField>
            <TextField label=td_string!(locale, reports.from) value=from kind="date" />
            <TextField label=td_string!(locale, reports.to) value=to kind="date" />
            <SelectField label=td_string!(locale, reports.line) value=line>
                <option value="">{td!(locale, reports.all_lines)}</option>
                {move || lines().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
            </SelectField>
            <button type="button" class="report-export" on:click=export>{td!(locale, reports.export)}</button>
        </div>
        {move || export_error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
        {move || match state.get() {
            Loading::Waiting => view! { <p role="status" class="page-meta">{td!(locale, loading)}</p> }.into_any(),
            Loading::Failed(reason) => view! {
                <div class="report-failed" role="alert">
                    <p>{reason}</p>
                    <button type="button" on:click=move |_| load()>{td!(locale, reports.retry)}</button>
                </div>
            }
            .into_any(),
            Loading::Ready(report) if is_empty(&report.overall) => {
                view! { <p role="status" class="empty-state">{td!(locale, reports.empty)}</p> }.into_any()
            }
            Loading::Ready(report) => view! { <ReportBody report=report /> }.into_any(),
        }}
    }
}

/// The charts of a report, then its tables per operator, per channel and
/// per label.
#[component]
fn ReportBody(report: Arc<Report>) -> impl IntoView {
    let locale = use_locale();
    let charts = Measure::ALL
        .into_iter()
        .map(|measure| view! { <MeasureChart measure=measure report=report.clone() /> })
        .collect_view();
    let operators = report
        .overall
        .operators
        .iter()
        .map(|row| (row.name.clone(), row.measures.clone()))
        .collect::<Vec<_>>();
    let lines = report
        .overall
        .lines
        .iter()
        .map(|row| (row.name.clone(), row.measures.clone()))
        .collect::<Vec<_>>();
    let labels = report
        .overall
        .labels
        .iter()
        .map(|row| (row.name.clone(), row.measures.clone()))
        .collect::<Vec<_>>();
    view! {
        <div class="report-charts">{charts}</div>
        <BreakdownTable
            caption=td_string!(locale, reports.per_operator)
            name_header=td_string!(locale, reports.operator)
            rows=operators
        />
        <BreakdownTable
            caption=td_string!(locale, reports.per_line)
            name_header=td_string!(locale, reports.line)
            rows=lines
        />
        <BreakdownTable
            caption=td_string!(locale, labels.per_label)
            name_header=td_string!(locale, labels.label)
            rows=labels
        />
    }
}

/// Saves `text` as a download named `name`.
fn save_file(name: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlElement = document().create_element("a").ok()?.dyn_into().ok()?;
    link.set_attribute("href", &url).ok()?;
    link.set_attribute("download", name).ok()?;
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
