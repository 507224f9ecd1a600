//! `/reports`: the measures of the open channels and their operators per
//! day or week (supervisors and admins), as JSON or as a CSV download.

use axum::extract::Query;
use axum::http::header;
use axum::response::IntoResponse;
use switchboard_protocol::{ErrorBody, Report, ReportQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::Caller;
use super::responses::{forward, json, secured, Answer, ApiResult};
use crate::services::reports;
use crate::state::AppState;

/// The routes of the reports.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured("reports", [routes!(report), routes!(report_csv)])
}

forward! {
    /// The report of a range of days in a time zone, per day or ISO week:
    /// for each period the total, each open channel and each operator
    /// (assignee), then the whole range. Every measure is about the
    /// conversations created in the period, spam left out.
    #[utoipa::path(get, path = "/reports", operation_id = "getReport", params(ReportQuery),
        responses((status = 200, body = Report),
            (status = 403, description = "Operators may not read the reports", body = ErrorBody),
            (status = 422, description = "A bad `from`, `to`, `period` or `tz`, a range over 366 days, `to` before `from` (`error.field` names it)", body = ErrorBody)))]
    report(Query(query): Query<ReportQuery>) -> Answer<Report> = json(reports::report(query));
}

/// The same report as CSV (`text/csv`, as an attachment): a header row,
/// then one row per period and scope (`total`, `channel`, `operator`).
#[utoipa::path(get, path = "/reports.csv", operation_id = "downloadReport", params(ReportQuery),
    responses(
        (status = 200, description = "RFC 4180 CSV, one row per period and scope", content_type = "text/csv", body = String),
        (status = 403, description = "Operators may not read the reports", body = ErrorBody),
        (status = 422, description = "As for `/reports`", body = ErrorBody)))]
async fn report_csv(
    caller: Caller,
    Query(query): Query<ReportQuery>,
) -> ApiResult<impl IntoResponse> {
    let report = reports::report(&caller.state, &caller.viewer, query).await?;
    let disposition = format!(
        "attachment; filename=\"switchboard-report-{}-{}.csv\"",
        report.from, report.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        reports::report_csv(&report),
    ))
}
