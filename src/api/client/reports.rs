//! The calls of "Reports" (supervisors and administrators).

use switchboard_protocol::{Report, ReportQuery};

use super::super::{ApiError, Method, NO_BODY};
use super::Client;

/// The query string of a report.
fn report_params(query: &ReportQuery) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    let text = [
        ("from", &query.from),
        ("to", &query.to),
        ("period", &query.period),
        ("tz", &query.tz),
    ];
    for (name, value) in text {
        if let Some(value) = value.as_ref().filter(|value| !value.is_empty()) {
            params.push((name, value.clone()));
        }
    }
    if let Some(line) = query.line_id {
        params.push(("line_id", line.to_string()));
    }
    params
}

impl Client {
    /// `GET /reports`.
    pub async fn report(&self, query: &ReportQuery) -> Result<Report, ApiError> {
        self.get("/reports", &report_params(query)).await
    }

    /// `GET /reports.csv`: the same report as CSV text.
    pub async fn report_csv(&self, query: &ReportQuery) -> Result<String, ApiError> {
        let params = report_params(query);
        let (response, deadline) = self
            .api
            .request(
                Method::Get,
                "/reports.csv",
                &params,
                Some(&self.token),
                NO_BODY,
            )
            .await?;
        response
            .text()
            .await
            .map_err(|error| deadline.decode_error(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::LineId;

    #[test]
    fn only_the_given_parts_of_a_query_are_sent() {
        let query = ReportQuery {
            from: Some("2024-03-04".into()),
            to: Some("2024-03-10".into()),
            period: Some("week".into()),
            tz: Some(String::new()),
            line_id: Some(LineId(3)),
        };
        assert_eq!(
            report_params(&query),
            [
                ("from", "2024-03-04".to_owned()),
                ("to", "2024-03-10".to_owned()),
                ("period", "week".to_owned()),
                ("line_id", "3".to_owned()),
            ]
        );
    }
}
