//! The only module that talks HTTP: it builds URLs, holds the bearer token and
//! maps failures to [`ApiError`]. Components never call `gloo_net` themselves.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard_protocol::{
    CannedResponse, CannedResponseId, CannedResponseRequest, ConversationDetail, ConversationId,
    ConversationSummary, ErrorBody, EventSeq, Form, Health, HistoryPage, HistoryQuery,
    InstallAppRequest, Line, LockRequest, LoginRequest, LoginResponse, MarkReadRequest, MarketApp,
    Message, MessageId, MessagePage, MessagesQuery, QueuePage, QueueQuery, SendFormRequest,
    SendMessageRequest, SentForm, TypingRequest, User, API_PREFIX,
};

use crate::session::Token;

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer: server down, network cut, CORS refused.
    #[error("the server cannot be reached")]
    Unreachable,
    /// The session is missing, expired or revoked (HTTP 401).
    #[error("unauthorized: {message}")]
    Unauthorized {
        /// Machine-readable code from the server.
        code: String,
        /// The server's explanation.
        message: String,
    },
    /// The server refused the request with a JSON error body.
    #[error("{status} {code}: {message}")]
    Server {
        /// HTTP status.
        status: u16,
        /// Machine-readable code, e.g. `invalid_credentials`.
        code: String,
        /// The server's explanation.
        message: String,
        /// The colleague whose action caused a conflict (`already_answered`).
        by: Option<String>,
    },
    /// The answer could not be understood (not the protocol this app speaks).
    #[error("unexpected answer: {0}")]
    Decode(String),
}

/// The header in which the server tells, on every `GET`, the latest event
/// its answer reflects.
pub const SEQ_HEADER: &str = switchboard_protocol::SEQ_HEADER;

/// A client for one backend. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Api {
    base: Arc<str>,
    /// The lowest [`SEQ_HEADER`] seen since [`Api::start_snapshot`]
    /// (`i64::MAX`: none yet).
    snapshot: Arc<AtomicI64>,
}

impl Api {
    /// A client for the backend at `base` (empty: same origin).
    pub fn new(base: impl Into<Arc<str>>) -> Self {
        Self {
            base: base.into(),
            snapshot: Arc::new(AtomicI64::new(i64::MAX)),
        }
    }

    /// Starts noting the oldest event that the answers from now on reflect:
    /// the workspace loads its first snapshots over REST, then opens the
    /// event stream after [`Api::snapshot_seq`], so that an event between a
    /// snapshot and the socket's opening is replayed rather than lost.
    pub fn start_snapshot(&self) {
        self.snapshot.store(i64::MAX, Ordering::Relaxed);
    }

    /// The oldest event reflected by the answers since [`Api::start_snapshot`],
    /// if any answer said.
    pub fn snapshot_seq(&self) -> Option<EventSeq> {
        let seq = self.snapshot.load(Ordering::Relaxed);
        (seq != i64::MAX).then_some(EventSeq(seq))
    }

    fn note_snapshot(&self, response: &Response) {
        if let Some(seq) = response
            .headers()
            .get(SEQ_HEADER)
            .and_then(|value| value.trim().parse::<i64>().ok())
        {
            self.snapshot.fetch_min(seq, Ordering::Relaxed);
        }
    }

    /// Absolute or origin-relative URL of an API path such as `/health`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base, API_PREFIX, path)
    }

    /// Resolves a URL the server gave (e.g. an attachment's `/api/v1/files/…`)
    /// against the backend. Only server paths and http(s) URLs are accepted:
    /// anything else (`javascript:`, `data:`) gives `None`.
    pub fn resolve(&self, url: &str) -> Option<String> {
        if url.starts_with('/') && !url.starts_with("//") {
            Some(format!("{}{url}", self.base))
        } else if url.starts_with("https://") || url.starts_with("http://") {
            Some(url.to_owned())
        } else {
            None
        }
    }

    /// `GET /health`.
    pub async fn health(&self) -> Result<Health, ApiError> {
        self.call(Request::get(&self.url("/health")), None, None::<&()>)
            .await
    }

    /// `POST /auth/login`.
    pub async fn login(&self, request: &LoginRequest) -> Result<LoginResponse, ApiError> {
        self.call(Request::post(&self.url("/auth/login")), None, Some(request))
            .await
    }

    /// `POST /auth/logout`: revokes the token on the server.
    pub async fn logout(&self, token: &Token) -> Result<(), ApiError> {
        let deadline = Deadline::start();
        let response = self
            .send(
                Request::post(&self.url("/auth/logout")),
                Some(token),
                None::<&()>,
                &deadline,
            )
            .await?;
        check(response).await.map(|_| ())
    }

    async fn call<T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        token: Option<&Token>,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let deadline = Deadline::start();
        let response = check(self.send(builder, token, body, &deadline).await?).await?;
        self.note_snapshot(&response);
        response
            .json::<T>()
            .await
            .map_err(|error| match deadline.expired() {
                true => ApiError::Unreachable,
                false => ApiError::Decode(error.to_string()),
            })
    }

    /// Sends without reading the body: the caller keeps `deadline` alive
    /// until it has read the answer.
    async fn send(
        &self,
        builder: RequestBuilder,
        token: Option<&Token>,
        body: Option<&impl Serialize>,
        deadline: &Deadline,
    ) -> Result<Response, ApiError> {
        let builder = builder.abort_signal(deadline.signal().as_ref());
        let builder = match token {
            Some(token) => builder.header("Authorization", &token.authorization()),
            None => builder,
        };
        let request = match body {
            Some(body) => builder
                .json(body)
                .map_err(|error| ApiError::Decode(error.to_string()))?,
            None => builder
                .build()
                .map_err(|error| ApiError::Decode(error.to_string()))?,
        };
        request.send().await.map_err(|_| ApiError::Unreachable)
    }
}

/// How long a call may take, answer included, before it counts as failed
/// (a stalled connection would otherwise hold a reply forever; repeating a
/// send is harmless since it carries its client id).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Aborts a call that outlives [`REQUEST_TIMEOUT`]; dropping it disarms it.
struct Deadline {
    controller: Option<web_sys::AbortController>,
    timer: Option<leptos::prelude::TimeoutHandle>,
}

impl Deadline {
    fn start() -> Self {
        let controller = web_sys::AbortController::new().ok();
        let timer = controller.clone().and_then(|controller| {
            leptos::prelude::set_timeout_with_handle(move || controller.abort(), REQUEST_TIMEOUT)
                .ok()
        });
        Self { controller, timer }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller
            .as_ref()
            .map(web_sys::AbortController::signal)
    }

    fn expired(&self) -> bool {
        self.signal().is_some_and(|signal| signal.aborted())
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
    }
}

/// An [`Api`] with the logged-in employee's token: every workspace call.
#[derive(Clone, Debug)]
pub struct Client {
    api: Api,
    token: Token,
}

impl Client {
    /// A client acting as the holder of `token`.
    pub fn new(api: Api, token: Token) -> Self {
        Self { api, token }
    }

    /// The backend this client talks to.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// URL of `POST /files` (uploads).
    pub fn files_url(&self) -> String {
        self.api.url("/files")
    }

    /// The token (for the websocket URL and logging out).
    pub fn token(&self) -> &Token {
        &self.token
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        let builder = Request::get(&self.api.url(path))
            .query(query.iter().map(|(key, value)| (*key, value.as_str())));
        self.api.call(builder, Some(&self.token), None::<&()>).await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        self.api
            .call(Request::post(&self.api.url(path)), Some(&self.token), body)
            .await
    }

    /// `GET /me`.
    pub async fn me(&self) -> Result<User, ApiError> {
        self.get("/me", &[]).await
    }

    /// `GET /users`: every employee with their presence.
    pub async fn users(&self) -> Result<Vec<User>, ApiError> {
        self.get("/users", &[]).await
    }

    /// `GET /lines`: the open channels and their connectors.
    pub async fn lines(&self) -> Result<Vec<Line>, ApiError> {
        self.get("/lines", &[]).await
    }

    /// `GET /conversations`: a page of the queue.
    pub async fn queue(&self, query: &QueueQuery) -> Result<QueuePage, ApiError> {
        let mut params = Vec::new();
        if let Some(status) = query.status {
            params.push(("status", status.as_str().to_owned()));
        }
        if let Some(line) = query.line_id {
            params.push(("line_id", line.to_string()));
        }
        if let Some(assignee) = query.assignee {
            params.push(("assignee", assignee.0.to_string()));
        }
        if let Some(q) = query.q.as_ref().filter(|q| !q.is_empty()) {
            params.push(("q", q.clone()));
        }
        if let Some(cursor) = &query.cursor {
            params.push(("cursor", cursor.clone()));
        }
        if let Some(limit) = query.limit {
            params.push(("limit", limit.to_string()));
        }
        self.get("/conversations", &params).await
    }

    /// `GET /conversations/{id}`.
    pub async fn conversation(&self, id: ConversationId) -> Result<ConversationDetail, ApiError> {
        self.get(&format!("/conversations/{id}"), &[]).await
    }

    /// `GET /conversations/{id}/messages`.
    pub async fn messages(
        &self,
        id: ConversationId,
        query: &MessagesQuery,
    ) -> Result<MessagePage, ApiError> {
        self.get(&format!("/conversations/{id}/messages"), &page_query(query))
            .await
    }

    /// `POST /conversations/{id}/messages`: idempotent on the client id.
    pub async fn send(
        &self,
        id: ConversationId,
        request: &SendMessageRequest,
    ) -> Result<Message, ApiError> {
        self.post(&format!("/conversations/{id}/messages"), Some(request))
            .await
    }

    /// `POST /conversations/{id}/answer`: take an unanswered conversation.
    pub async fn answer(&self, id: ConversationId) -> Result<ConversationSummary, ApiError> {
        self.post(&format!("/conversations/{id}/answer"), None::<&()>)
            .await
    }

    /// A conversation action (`transfer`, `close`, `spam`, `take`, `invite`):
    /// `POST /conversations/{id}/{action}` with its body.
    pub async fn act(
        &self,
        id: ConversationId,
        action: &str,
        body: &impl Serialize,
    ) -> Result<ConversationSummary, ApiError> {
        self.post(&format!("/conversations/{id}/{action}"), Some(body))
            .await
    }

    /// `PUT /conversations/{id}/title`: the title employees see (`/rename`).
    pub async fn rename(
        &self,
        id: ConversationId,
        title: &str,
    ) -> Result<ConversationSummary, ApiError> {
        #[derive(Serialize)]
        struct Body<'a> {
            title: &'a str,
        }
        let url = self.api.url(&format!("/conversations/{id}/title"));
        self.api
            .call(Request::put(&url), Some(&self.token), Some(&Body { title }))
            .await
    }

    /// `POST /conversations/{id}/typing`: the operator is typing.
    pub async fn typing(&self, id: ConversationId, internal: bool) -> Result<(), ApiError> {
        let deadline = Deadline::start();
        let response = self
            .api
            .send(
                Request::post(&self.api.url(&format!("/conversations/{id}/typing"))),
                Some(&self.token),
                Some(&TypingRequest { internal }),
                &deadline,
            )
            .await?;
        check(response).await.map(|_| ())
    }

    /// `GET /canned-responses`: mine and my lines'.
    pub async fn canned(&self) -> Result<Vec<CannedResponse>, ApiError> {
        self.get("/canned-responses", &[]).await
    }

    /// `POST /canned-responses`, or `PUT /canned-responses/{id}` to change one.
    pub async fn save_canned(
        &self,
        id: Option<CannedResponseId>,
        request: &CannedResponseRequest,
    ) -> Result<CannedResponse, ApiError> {
        match id {
            Some(id) => {
                let url = self.api.url(&format!("/canned-responses/{}", id.0));
                self.api
                    .call(Request::put(&url), Some(&self.token), Some(request))
                    .await
            }
            None => self.post("/canned-responses", Some(request)).await,
        }
    }

    /// `DELETE /canned-responses/{id}`.
    pub async fn delete_canned(&self, id: CannedResponseId) -> Result<(), ApiError> {
        let deadline = Deadline::start();
        let response = self
            .api
            .send(
                Request::delete(&self.api.url(&format!("/canned-responses/{}", id.0))),
                Some(&self.token),
                None::<&()>,
                &deadline,
            )
            .await?;
        check(response).await.map(|_| ())
    }

    /// `PATCH /messages/{id}`: change the text of my message.
    pub async fn edit_message(&self, id: MessageId, text: &str) -> Result<Message, ApiError> {
        let url = self.api.url(&format!("/messages/{}", id.0));
        let body = switchboard_protocol::EditMessageRequest {
            text: text.to_owned(),
        };
        self.api
            .call(Request::patch(&url), Some(&self.token), Some(&body))
            .await
    }

    /// `DELETE /messages/{id}`: delete my message.
    pub async fn delete_message(&self, id: MessageId) -> Result<Message, ApiError> {
        let url = self.api.url(&format!("/messages/{}", id.0));
        self.api
            .call(Request::delete(&url), Some(&self.token), None::<&()>)
            .await
    }

    /// `POST /messages/{id}/split`: a new session from this customer message.
    pub async fn split(
        &self,
        id: MessageId,
    ) -> Result<switchboard_protocol::SplitResult, ApiError> {
        self.post(&format!("/messages/{}/split", id.0), None::<&()>)
            .await
    }

    /// `POST /conversations/{id}/crm`: "Save to CRM".
    pub async fn save_to_crm(
        &self,
        id: ConversationId,
    ) -> Result<switchboard_protocol::SavedToCrm, ApiError> {
        let body = switchboard_protocol::SaveToCrmRequest::default();
        self.post(&format!("/conversations/{id}/crm"), Some(&body))
            .await
    }

    /// `GET /conversations/{id}/crm`: the customer card.
    pub async fn conversation_crm(
        &self,
        id: ConversationId,
    ) -> Result<switchboard_protocol::ConversationCrm, ApiError> {
        self.get(&format!("/conversations/{id}/crm"), &[]).await
    }

    /// `PATCH /crm/contacts/{id}`.
    pub async fn update_contact(
        &self,
        id: switchboard_protocol::ContactId,
        request: &switchboard_protocol::UpdateContactRequest,
    ) -> Result<switchboard_protocol::Contact, ApiError> {
        let url = self.api.url(&format!("/crm/contacts/{}", id.0));
        self.api
            .call(Request::patch(&url), Some(&self.token), Some(request))
            .await
    }

    /// `PATCH /crm/deals/{id}`.
    pub async fn update_deal(
        &self,
        id: switchboard_protocol::DealId,
        request: &switchboard_protocol::UpdateDealRequest,
    ) -> Result<switchboard_protocol::Deal, ApiError> {
        let url = self.api.url(&format!("/crm/deals/{}", id.0));
        self.api
            .call(Request::patch(&url), Some(&self.token), Some(request))
            .await
    }

    /// `GET /products?q=`: the catalog.
    pub async fn products(
        &self,
        query: &str,
    ) -> Result<Vec<switchboard_protocol::Product>, ApiError> {
        self.get("/products", &[("q", query.to_owned())]).await
    }

    /// `POST /conversations/{id}/orders`.
    pub async fn create_order(
        &self,
        id: ConversationId,
        request: &switchboard_protocol::CreateOrderRequest,
    ) -> Result<switchboard_protocol::Order, ApiError> {
        self.post(&format!("/conversations/{id}/orders"), Some(request))
            .await
    }

    /// `POST /orders/{id}/payment-link`: sends the order's payment link.
    pub async fn send_payment_link(
        &self,
        id: switchboard_protocol::OrderId,
        request: &switchboard_protocol::SendCardRequest,
    ) -> Result<switchboard_protocol::SentCard, ApiError> {
        self.post(&format!("/orders/{}/payment-link", id.0), Some(request))
            .await
    }

    /// `POST /conversations/{id}/product-cards`.
    pub async fn send_product_card(
        &self,
        id: ConversationId,
        request: &switchboard_protocol::SendProductCardRequest,
    ) -> Result<switchboard_protocol::SentCard, ApiError> {
        self.post(&format!("/conversations/{id}/product-cards"), Some(request))
            .await
    }

    /// `POST /conversations/{id}/company-info`.
    pub async fn send_company_info(
        &self,
        id: ConversationId,
        request: &switchboard_protocol::SendCardRequest,
    ) -> Result<switchboard_protocol::SentCard, ApiError> {
        self.post(&format!("/conversations/{id}/company-info"), Some(request))
            .await
    }

    /// `GET /company`: the company's details.
    pub async fn company(&self) -> Result<switchboard_protocol::CompanyInfo, ApiError> {
        self.get("/company", &[]).await
    }

    /// `PUT /company` (admins).
    pub async fn update_company(
        &self,
        company: &switchboard_protocol::CompanyInfo,
    ) -> Result<switchboard_protocol::CompanyInfo, ApiError> {
        let url = self.api.url("/company");
        self.api
            .call(Request::put(&url), Some(&self.token), Some(company))
            .await
    }

    /// `GET /tasks`: my tasks, or the ones I created.
    pub async fn tasks(
        &self,
        scope: switchboard_protocol::TaskScope,
    ) -> Result<Vec<switchboard_protocol::Task>, ApiError> {
        let scope = match scope {
            switchboard_protocol::TaskScope::AssignedToMe => "assigned_to_me",
            switchboard_protocol::TaskScope::CreatedByMe => "created_by_me",
        };
        self.get("/tasks", &[("scope", scope.to_owned())]).await
    }

    /// `POST /tasks`.
    pub async fn create_task(
        &self,
        request: &switchboard_protocol::CreateTaskRequest,
    ) -> Result<switchboard_protocol::Task, ApiError> {
        self.post("/tasks", Some(request)).await
    }

    /// `PATCH /tasks/{id}`.
    pub async fn update_task(
        &self,
        id: switchboard_protocol::TaskId,
        request: &switchboard_protocol::UpdateTaskRequest,
    ) -> Result<switchboard_protocol::Task, ApiError> {
        let url = self.api.url(&format!("/tasks/{id}"));
        self.api
            .call(Request::patch(&url), Some(&self.token), Some(request))
            .await
    }

    /// `GET /calendar/events`: upcoming events I organize or attend.
    pub async fn calendar(&self) -> Result<Vec<switchboard_protocol::CalendarEvent>, ApiError> {
        self.get("/calendar/events", &[]).await
    }

    /// `POST /calendar/events`.
    pub async fn create_calendar_event(
        &self,
        request: &switchboard_protocol::CreateCalendarEventRequest,
    ) -> Result<switchboard_protocol::CalendarEvent, ApiError> {
        self.post("/calendar/events", Some(request)).await
    }

    /// `GET /calendar/events/{id}/ics`: the event as an iCalendar file.
    pub async fn calendar_ics(
        &self,
        id: switchboard_protocol::CalendarEventId,
    ) -> Result<String, ApiError> {
        let deadline = Deadline::start();
        let url = self.api.url(&format!("/calendar/events/{id}/ics"));
        let response = check(
            self.api
                .send(
                    Request::get(&url),
                    Some(&self.token),
                    None::<&()>,
                    &deadline,
                )
                .await?,
        )
        .await?;
        response
            .text()
            .await
            .map_err(|error| ApiError::Decode(error.to_string()))
    }

    /// `GET /feed`: a page of the company feed, newest first.
    pub async fn feed(
        &self,
        before: Option<switchboard_protocol::FeedPostId>,
    ) -> Result<switchboard_protocol::FeedPage, ApiError> {
        let query: Vec<(&str, String)> = before
            .map(|before| ("before", before.to_string()))
            .into_iter()
            .collect();
        self.get("/feed", &query).await
    }

    /// `POST /feed`.
    pub async fn create_feed_post(
        &self,
        request: &switchboard_protocol::CreateFeedPostRequest,
    ) -> Result<switchboard_protocol::FeedPost, ApiError> {
        self.post("/feed", Some(request)).await
    }

    /// `GET /team-chats`: my internal chats, most recent activity first.
    pub async fn team_chats(&self) -> Result<Vec<switchboard_protocol::TeamChatItem>, ApiError> {
        self.get("/team-chats", &[]).await
    }

    /// `POST /team-chats`.
    pub async fn create_team_chat(
        &self,
        request: &switchboard_protocol::CreateTeamChatRequest,
    ) -> Result<switchboard_protocol::TeamChatItem, ApiError> {
        self.post("/team-chats", Some(request)).await
    }

    /// `GET /team-chats/{id}/messages`.
    pub async fn team_messages(
        &self,
        id: switchboard_protocol::TeamChatId,
        query: &MessagesQuery,
    ) -> Result<MessagePage, ApiError> {
        self.get(&format!("/team-chats/{id}/messages"), &page_query(query))
            .await
    }

    /// `POST /team-chats/{id}/messages`.
    pub async fn send_team_message(
        &self,
        id: switchboard_protocol::TeamChatId,
        request: &SendMessageRequest,
    ) -> Result<Message, ApiError> {
        self.post(&format!("/team-chats/{id}/messages"), Some(request))
            .await
    }

    /// `POST /team-chats/{id}/read`.
    pub async fn mark_team_chat_read(
        &self,
        id: switchboard_protocol::TeamChatId,
        last_read_message_id: MessageId,
    ) -> Result<(), ApiError> {
        let deadline = Deadline::start();
        let body = switchboard_protocol::MarkTeamChatReadRequest {
            last_read_message_id,
        };
        let url = self.api.url(&format!("/team-chats/{id}/read"));
        let response = self
            .api
            .send(
                Request::post(&url),
                Some(&self.token),
                Some(&body),
                &deadline,
            )
            .await?;
        check(response).await.map(|_| ())
    }

    /// `GET /forms`: the CRM web forms.
    pub async fn forms(&self) -> Result<Vec<Form>, ApiError> {
        self.get("/forms", &[]).await
    }

    /// `POST /conversations/{id}/forms`: sends a form's link to the customer.
    pub async fn send_form(
        &self,
        id: ConversationId,
        request: &SendFormRequest,
    ) -> Result<SentForm, ApiError> {
        self.post(&format!("/conversations/{id}/forms"), Some(request))
            .await
    }

    /// `GET /apps` (installed) or `GET /apps/catalog` (admins).
    pub async fn apps(&self, catalog: bool) -> Result<Vec<MarketApp>, ApiError> {
        self.get(if catalog { "/apps/catalog" } else { "/apps" }, &[])
            .await
    }

    /// `POST /apps/installed` (admins).
    pub async fn install_app(&self, request: &InstallAppRequest) -> Result<MarketApp, ApiError> {
        self.post("/apps/installed", Some(request)).await
    }

    /// `PUT /conversations/{id}/lock`: lock as mine, or unlock.
    pub async fn lock(
        &self,
        id: ConversationId,
        request: &LockRequest,
    ) -> Result<ConversationSummary, ApiError> {
        let url = self.api.url(&format!("/conversations/{id}/lock"));
        self.api
            .call(Request::put(&url), Some(&self.token), Some(request))
            .await
    }

    /// `GET /conversations/{id}/history`: earlier sessions, newest first.
    pub async fn history(
        &self,
        id: ConversationId,
        query: &HistoryQuery,
    ) -> Result<HistoryPage, ApiError> {
        let mut params = Vec::new();
        if let Some(q) = query.q.as_ref().filter(|q| !q.is_empty()) {
            params.push(("q", q.clone()));
        }
        if let Some(cursor) = &query.cursor {
            params.push(("cursor", cursor.clone()));
        }
        self.get(&format!("/conversations/{id}/history"), &params)
            .await
    }

    /// `POST /conversations/{id}/read`: move my read marker.
    pub async fn mark_read(
        &self,
        id: ConversationId,
        request: &MarkReadRequest,
    ) -> Result<(), ApiError> {
        let deadline = Deadline::start();
        let response = self
            .api
            .send(
                Request::post(&self.api.url(&format!("/conversations/{id}/read"))),
                Some(&self.token),
                Some(request),
                &deadline,
            )
            .await?;
        check(response).await.map(|_| ())
    }

    /// URL of the event stream, resuming after `after` when given.
    pub fn events_url(&self, after: Option<EventSeq>) -> String {
        let mut url = self.api.url("/events");
        if url.starts_with('/') {
            let location = web_sys::window().map(|window| window.location());
            let origin = location
                .as_ref()
                .and_then(|location| location.origin().ok())
                .unwrap_or_default();
            url = format!("{origin}{url}");
        }
        let url = if let Some(rest) = url.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = url.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            url
        };
        let mut url = format!("{url}?token={}", self.token.query_value());
        if let Some(after) = after {
            url.push_str(&format!("&after={}", after.0));
        }
        url
    }
}

/// Turns a non-2xx answer into the matching [`ApiError`].
/// The query string of a page of messages.
fn page_query(query: &MessagesQuery) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    if let Some(before) = query.before {
        params.push(("before", before.0.to_string()));
    }
    if let Some(after) = query.after {
        params.push(("after", after.0.to_string()));
    }
    if let Some(limit) = query.limit {
        params.push(("limit", limit.to_string()));
    }
    params
}

async fn check(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = match response.json::<ErrorBody>().await {
        Ok(body) => body,
        Err(_) => ErrorBody::new(format!("http_{status}"), response.status_text()),
    };
    Err(classify(status, body))
}

/// Maps a status and the server's error body to an [`ApiError`].
pub fn classify(status: u16, body: ErrorBody) -> ApiError {
    let ErrorBody { error } = body;
    match status {
        401 => ApiError::Unauthorized {
            code: error.code,
            message: error.message,
        },
        // A proxy or static host answering "bad gateway" means the API is not there.
        502..=504 => ApiError::Unreachable,
        _ => ApiError::Server {
            status,
            code: error.code,
            message: error.message,
            by: error.by.map(|user| user.name),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_built_on_the_configured_base() {
        assert_eq!(Api::new("").url("/health"), "/api/v1/health");
        assert_eq!(
            Api::new("https://api.example.com").url("/auth/login"),
            "https://api.example.com/api/v1/auth/login"
        );
    }

    #[test]
    fn only_server_paths_and_web_urls_resolve() {
        let api = Api::new("https://api.example.com");
        assert_eq!(
            api.resolve("/api/v1/files/ab12").as_deref(),
            Some("https://api.example.com/api/v1/files/ab12")
        );
        assert_eq!(api.resolve("javascript:alert(1)"), None);
        assert_eq!(api.resolve("data:text/html,x"), None);
        assert_eq!(api.resolve("//evil.example.com/x"), None);
    }

    #[test]
    fn statuses_map_to_the_errors_the_ui_distinguishes() {
        assert!(matches!(
            classify(401, ErrorBody::new("invalid_credentials", "no")),
            ApiError::Unauthorized { .. }
        ));
        assert_eq!(
            classify(502, ErrorBody::new("x", "y")),
            ApiError::Unreachable
        );
        assert_eq!(
            classify(422, ErrorBody::new("unprocessable", "bad email")),
            ApiError::Server {
                status: 422,
                code: "unprocessable".into(),
                message: "bad email".into(),
                by: None,
            }
        );
    }
}
