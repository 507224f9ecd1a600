//! The calls of the logged-in employee: one method per endpoint, each a
//! line over [`Api`]'s one request helper.

use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard_protocol::OperatorPreferences;
use switchboard_protocol::{
    CannedResponse, CannedResponseId, CannedResponseRequest, ConversationDetail, ConversationId,
    ConversationLabelsRequest, ConversationSummary, EventSeq, Form, HistoryPage, HistoryQuery,
    InstallAppRequest, Label, LabelId, Line, LockRequest, MarkReadRequest, MarketApp, Message,
    MessageId, MessagePage, MessagesQuery, Priority, PriorityRequest, QueuePage, QueueQuery,
    SendFormRequest, SendMessageRequest, SentForm, TypingRequest, User,
};

use super::{page_query, Api, ApiError, Method, NO_BODY};

mod reports;
mod settings;
mod supervision;

use crate::session::Token;
pub use settings::AuditFilter;

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

    /// A call of the logged-in employee, the answer's JSON decoded as `T`.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        self.api
            .json(method, path, query, Some(&self.token), body)
            .await
    }

    /// `GET path?query`, the answer's JSON decoded as `T`.
    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        self.call(Method::Get, path, query, NO_BODY).await
    }

    /// `method path` with `body`, the answer's JSON decoded as `T`.
    async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, ApiError> {
        self.call(method, path, &[], Some(body)).await
    }

    /// A call of the logged-in employee whose answer says nothing more than
    /// its success.
    pub(super) async fn call_empty(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<(), ApiError> {
        self.api
            .request(method, path, &[], Some(&self.token), body)
            .await
            .map(|_| ())
    }

    /// `GET /me`.
    pub async fn me(&self) -> Result<User, ApiError> {
        self.get("/me", &[]).await
    }

    /// `PUT /me/presence`: Online, Away or Offline.
    pub async fn set_presence(
        &self,
        presence: switchboard_protocol::Presence,
    ) -> Result<User, ApiError> {
        let body = switchboard_protocol::SetPresenceRequest { presence };
        self.send_json(Method::Put, "/me/presence", &body).await
    }

    /// `GET /me/preferences`: my shortcuts and undo send.
    pub async fn preferences(&self) -> Result<OperatorPreferences, ApiError> {
        self.get("/me/preferences", &[]).await
    }

    /// `PUT /me/preferences`: replaces them (my other browsers follow).
    pub async fn set_preferences(
        &self,
        preferences: &OperatorPreferences,
    ) -> Result<OperatorPreferences, ApiError> {
        self.send_json(Method::Put, "/me/preferences", preferences)
            .await
    }

    /// `PUT /me/password`: every session ends; the answer is a new one.
    pub async fn change_password(
        &self,
        request: &switchboard_protocol::ChangePasswordRequest,
    ) -> Result<switchboard_protocol::LoginResponse, ApiError> {
        self.send_json(Method::Put, "/me/password", request).await
    }

    /// `POST /me/sessions/logout-others`: ends my other sessions.
    pub async fn logout_others(&self) -> Result<(), ApiError> {
        self.call_empty(Method::Post, "/me/sessions/logout-others", NO_BODY)
            .await
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
        if let Some(label) = query.label {
            params.push(("label", label.to_string()));
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
        self.send_json(
            Method::Post,
            &format!("/conversations/{id}/messages"),
            request,
        )
        .await
    }

    /// `POST /conversations/{id}/answer`: take an unanswered conversation.
    pub async fn answer(&self, id: ConversationId) -> Result<ConversationSummary, ApiError> {
        self.call(
            Method::Post,
            &format!("/conversations/{id}/answer"),
            &[],
            NO_BODY,
        )
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
        self.send_json(Method::Post, &format!("/conversations/{id}/{action}"), body)
            .await
    }

    /// `DELETE /conversations/{id}/snooze`: "Wake now".
    pub async fn wake(&self, id: ConversationId) -> Result<ConversationSummary, ApiError> {
        let path = format!("/conversations/{id}/snooze");
        self.call(Method::Delete, &path, &[], NO_BODY).await
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
        self.send_json(
            Method::Put,
            &format!("/conversations/{id}/title"),
            &Body { title },
        )
        .await
    }

    /// `POST /conversations/{id}/typing`: the operator is typing.
    pub async fn typing(&self, id: ConversationId, internal: bool) -> Result<(), ApiError> {
        self.call_empty(
            Method::Post,
            &format!("/conversations/{id}/typing"),
            Some(&TypingRequest { internal }),
        )
        .await
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
                self.send_json(Method::Put, &format!("/canned-responses/{}", id.0), request)
                    .await
            }
            None => {
                self.send_json(Method::Post, "/canned-responses", request)
                    .await
            }
        }
    }

    /// `DELETE /canned-responses/{id}`.
    pub async fn delete_canned(&self, id: CannedResponseId) -> Result<(), ApiError> {
        self.call_empty(
            Method::Delete,
            &format!("/canned-responses/{}", id.0),
            NO_BODY,
        )
        .await
    }

    /// `PATCH /messages/{id}`: change the text of my message.
    pub async fn edit_message(&self, id: MessageId, text: &str) -> Result<Message, ApiError> {
        let body = switchboard_protocol::EditMessageRequest {
            text: text.to_owned(),
        };
        self.send_json(Method::Patch, &format!("/messages/{id}"), &body)
            .await
    }

    /// `DELETE /messages/{id}`: delete my message.
    pub async fn delete_message(&self, id: MessageId) -> Result<Message, ApiError> {
        self.call(Method::Delete, &format!("/messages/{id}"), &[], NO_BODY)
            .await
    }

    /// `POST /messages/{id}/retry-delivery`: "Retry" a message not delivered.
    pub async fn retry_delivery(&self, id: MessageId) -> Result<Message, ApiError> {
        self.call(
            Method::Post,
            &format!("/messages/{id}/retry-delivery"),
            &[],
            NO_BODY,
        )
        .await
    }

    /// `POST /messages/{id}/split`: a new session from this customer message.
    pub async fn split(
        &self,
        id: MessageId,
    ) -> Result<switchboard_protocol::SplitResult, ApiError> {
        self.call(Method::Post, &format!("/messages/{id}/split"), &[], NO_BODY)
            .await
    }

    /// `POST /conversations/{id}/crm`: "Save to CRM".
    pub async fn save_to_crm(
        &self,
        id: ConversationId,
    ) -> Result<switchboard_protocol::SavedToCrm, ApiError> {
        let body = switchboard_protocol::SaveToCrmRequest::default();
        self.send_json(Method::Post, &format!("/conversations/{id}/crm"), &body)
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
        self.send_json(Method::Patch, &format!("/crm/contacts/{}", id.0), request)
            .await
    }

    /// `PATCH /crm/deals/{id}`.
    pub async fn update_deal(
        &self,
        id: switchboard_protocol::DealId,
        request: &switchboard_protocol::UpdateDealRequest,
    ) -> Result<switchboard_protocol::Deal, ApiError> {
        self.send_json(Method::Patch, &format!("/crm/deals/{}", id.0), request)
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
        self.send_json(
            Method::Post,
            &format!("/conversations/{id}/orders"),
            request,
        )
        .await
    }

    /// `POST /orders/{id}/payment-link`: sends the order's payment link.
    pub async fn send_payment_link(
        &self,
        id: switchboard_protocol::OrderId,
        request: &switchboard_protocol::SendCardRequest,
    ) -> Result<switchboard_protocol::SentCard, ApiError> {
        self.send_json(
            Method::Post,
            &format!("/orders/{}/payment-link", id.0),
            request,
        )
        .await
    }

    /// `POST /conversations/{id}/product-cards`.
    pub async fn send_product_card(
        &self,
        id: ConversationId,
        request: &switchboard_protocol::SendProductCardRequest,
    ) -> Result<switchboard_protocol::SentCard, ApiError> {
        self.send_json(
            Method::Post,
            &format!("/conversations/{id}/product-cards"),
            request,
        )
        .await
    }

    /// `POST /conversations/{id}/company-info`.
    pub async fn send_company_info(
        &self,
        id: ConversationId,
        request: &switchboard_protocol::SendCardRequest,
    ) -> Result<switchboard_protocol::SentCard, ApiError> {
        self.send_json(
            Method::Post,
            &format!("/conversations/{id}/company-info"),
            request,
        )
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
        self.send_json(Method::Put, "/company", company).await
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
        self.send_json(Method::Post, "/tasks", request).await
    }

    /// `PATCH /tasks/{id}`.
    pub async fn update_task(
        &self,
        id: switchboard_protocol::TaskId,
        request: &switchboard_protocol::UpdateTaskRequest,
    ) -> Result<switchboard_protocol::Task, ApiError> {
        self.send_json(Method::Patch, &format!("/tasks/{id}"), request)
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
        self.send_json(Method::Post, "/calendar/events", request)
            .await
    }

    /// `GET /calendar/events/{id}/ics`: the event as an iCalendar file.
    pub async fn calendar_ics(
        &self,
        id: switchboard_protocol::CalendarEventId,
    ) -> Result<String, ApiError> {
        let path = format!("/calendar/events/{id}/ics");
        let (response, deadline) = self
            .api
            .request(Method::Get, &path, &[], Some(&self.token), NO_BODY)
            .await?;
        response
            .text()
            .await
            .map_err(|error| deadline.decode_error(error))
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
        self.send_json(Method::Post, "/feed", request).await
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
        self.send_json(Method::Post, "/team-chats", request).await
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
        self.send_json(Method::Post, &format!("/team-chats/{id}/messages"), request)
            .await
    }

    /// `POST /team-chats/{id}/read`.
    pub async fn mark_team_chat_read(
        &self,
        id: switchboard_protocol::TeamChatId,
        last_read_message_id: MessageId,
    ) -> Result<(), ApiError> {
        let body = switchboard_protocol::MarkTeamChatReadRequest {
            last_read_message_id,
        };
        self.call_empty(Method::Post, &format!("/team-chats/{id}/read"), Some(&body))
            .await
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
        self.send_json(Method::Post, &format!("/conversations/{id}/forms"), request)
            .await
    }

    /// `GET /apps` (installed) or `GET /apps/catalog` (admins).
    pub async fn apps(&self, catalog: bool) -> Result<Vec<MarketApp>, ApiError> {
        self.get(if catalog { "/apps/catalog" } else { "/apps" }, &[])
            .await
    }

    /// `POST /apps/installed` (admins).
    pub async fn install_app(&self, request: &InstallAppRequest) -> Result<MarketApp, ApiError> {
        self.send_json(Method::Post, "/apps/installed", request)
            .await
    }

    /// `PUT /conversations/{id}/lock`: lock as mine, or unlock.
    pub async fn lock(
        &self,
        id: ConversationId,
        request: &LockRequest,
    ) -> Result<ConversationSummary, ApiError> {
        self.send_json(Method::Put, &format!("/conversations/{id}/lock"), request)
            .await
    }

    /// `GET /labels`: every conversation label, by name.
    pub async fn labels(&self) -> Result<Vec<Label>, ApiError> {
        self.get("/labels", &[]).await
    }

    /// `PUT /conversations/{id}/labels`.
    pub async fn set_labels(
        &self,
        id: ConversationId,
        labels: Vec<LabelId>,
    ) -> Result<ConversationSummary, ApiError> {
        let path = format!("/conversations/{id}/labels");
        let request = ConversationLabelsRequest { labels };
        self.send_json(Method::Put, &path, &request).await
    }

    /// `PUT /conversations/{id}/priority`.
    pub async fn set_priority(
        &self,
        id: ConversationId,
        priority: Priority,
    ) -> Result<ConversationSummary, ApiError> {
        let path = format!("/conversations/{id}/priority");
        self.send_json(Method::Put, &path, &PriorityRequest { priority })
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
        self.call_empty(
            Method::Post,
            &format!("/conversations/{id}/read"),
            Some(request),
        )
        .await
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
