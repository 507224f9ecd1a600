//! Where the operator is, written in the URL fragment (`#/c/42`).
//!
//! The fragment, not the path, carries the route so that `dist/` works from
//! any static host and sub-path without rewrite rules: the document URL never
//! changes, only what follows `#`.

use switchboard_protocol::{ConversationId, TeamChatId};

/// A screen of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Route {
    /// The Contact Center queue with no conversation open.
    #[default]
    ContactCenter,
    /// The Contact Center with this conversation open.
    Conversation(ConversationId),
    /// Internal chats, one of them open.
    Chats(Option<TeamChatId>),
    /// My tasks and the ones I created.
    Tasks,
    /// Upcoming calendar events.
    Calendar,
    /// The company feed.
    Feed,
    /// "Settings" (admins; supervisors read), at one of its sections.
    Settings(SettingsSection),
    /// "Reports" (supervisors and admins).
    Reports,
    /// "Supervision": operators' load and waiting conversations (supervisors
    /// and admins).
    Supervision,
}

/// A section of "Settings".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SettingsSection {
    /// "People".
    #[default]
    People,
    /// "Open channels".
    Lines,
    /// "Connectors".
    Connectors,
    /// "Company details".
    Company,
    /// "Catalog".
    Catalog,
    /// "Labels" of conversations.
    Labels,
    /// "Audit log".
    Audit,
}

impl SettingsSection {
    /// Every section, in the order of the settings' navigation.
    pub const ALL: [Self; 7] = [
        Self::People,
        Self::Lines,
        Self::Connectors,
        Self::Company,
        Self::Catalog,
        Self::Labels,
        Self::Audit,
    ];

    /// Its part of the URL (`#/settings/people`).
    pub fn slug(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Lines => "channels",
            Self::Connectors => "connectors",
            Self::Company => "company",
            Self::Catalog => "catalog",
            Self::Labels => "labels",
            Self::Audit => "audit",
        }
    }

    fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|section| section.slug() == slug)
    }
}

impl Route {
    /// Parses a fragment such as `#/c/42`. Anything unknown is the Contact Center.
    pub fn parse(fragment: &str) -> Self {
        let path = fragment.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/');
        let id = |part: &str| part.parse::<i64>().ok().filter(|id| *id > 0);
        match (parts.next(), parts.next(), parts.next()) {
            (Some("c"), Some(part), None) => id(part)
                .map(|id| Self::Conversation(ConversationId(id)))
                .unwrap_or_default(),
            (Some("chats"), None, None) => Self::Chats(None),
            (Some("chats"), Some(part), None) => id(part)
                .map(|id| Self::Chats(Some(TeamChatId(id))))
                .unwrap_or_default(),
            (Some("tasks"), None, None) => Self::Tasks,
            (Some("calendar"), None, None) => Self::Calendar,
            (Some("feed"), None, None) => Self::Feed,
            (Some("reports"), None, None) => Self::Reports,
            (Some("supervision"), None, None) => Self::Supervision,
            (Some("settings"), None, None) => Self::Settings(SettingsSection::People),
            (Some("settings"), Some(slug), None) => SettingsSection::from_slug(slug)
                .map(Self::Settings)
                .unwrap_or_default(),
            _ => Self::ContactCenter,
        }
    }

    /// The fragment for this route, to use in `href` and `location.hash`.
    pub fn href(self) -> String {
        match self {
            Self::ContactCenter => "#/".to_owned(),
            Self::Conversation(id) => format!("#/c/{id}"),
            Self::Chats(None) => "#/chats".to_owned(),
            Self::Chats(Some(id)) => format!("#/chats/{id}"),
            Self::Tasks => "#/tasks".to_owned(),
            Self::Calendar => "#/calendar".to_owned(),
            Self::Feed => "#/feed".to_owned(),
            Self::Reports => "#/reports".to_owned(),
            Self::Settings(section) => format!("#/settings/{}", section.slug()),
            Self::Supervision => "#/supervision".to_owned(),
        }
    }

    /// Whether this route belongs to the Contact Center (queue and conversations).
    pub fn is_contact_center(self) -> bool {
        matches!(self, Self::ContactCenter | Self::Conversation(_))
    }

    /// The open conversation, if any.
    pub fn conversation(self) -> Option<ConversationId> {
        match self {
            Self::Conversation(id) => Some(id),
            _ => None,
        }
    }
}

/// What someone who is not logged in came for: the login screen, or a
/// one-time link the server gave (`#/setup?token=…`, `#/reset?token=…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Log in.
    Login,
    /// Set up a new server with its setup link's token.
    Setup(String),
    /// Choose a new password with a reset link's token.
    Reset(String),
    /// Accept an invitation (choose a first password) with its link's token.
    Invite(String),
}

impl Entry {
    /// Reads a fragment; a link without its token is the login screen.
    pub fn parse(fragment: &str) -> Self {
        let path = fragment.trim_start_matches('#').trim_start_matches('/');
        let (page, query) = path.split_once('?').unwrap_or((path, ""));
        let token = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="))
            .filter(|token| !token.is_empty())
            .map(str::to_owned);
        match (page, token) {
            ("setup", Some(token)) => Self::Setup(token),
            ("reset", Some(token)) => Self::Reset(token),
            ("invite", Some(token)) => Self::Invite(token),
            _ => Self::Login,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_links_are_read_with_their_token() {
        assert_eq!(
            Entry::parse("#/setup?token=ab12"),
            Entry::Setup("ab12".into())
        );
        assert_eq!(
            Entry::parse("#/reset?x=1&token=cd34"),
            Entry::Reset("cd34".into())
        );
        assert_eq!(
            Entry::parse("#/invite?token=ef56"),
            Entry::Invite("ef56".into())
        );
        assert_eq!(Entry::parse("#/setup"), Entry::Login);
        assert_eq!(Entry::parse("#/setup?token="), Entry::Login);
        assert_eq!(Entry::parse("#/c/42"), Entry::Login);
        assert_eq!(Entry::parse(""), Entry::Login);
    }

    #[test]
    fn fragments_round_trip() {
        for route in [
            Route::ContactCenter,
            Route::Conversation(ConversationId(42)),
            Route::Chats(None),
            Route::Chats(Some(TeamChatId(7))),
            Route::Tasks,
            Route::Calendar,
            Route::Feed,
            Route::Settings(SettingsSection::People),
            Route::Settings(SettingsSection::Lines),
            Route::Settings(SettingsSection::Connectors),
            Route::Settings(SettingsSection::Company),
            Route::Settings(SettingsSection::Catalog),
            Route::Settings(SettingsSection::Labels),
            Route::Settings(SettingsSection::Audit),
            Route::Reports,
            Route::Supervision,
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }

    #[test]
    fn unknown_or_malformed_fragments_fall_back_to_the_queue() {
        assert_eq!(Route::parse(""), Route::ContactCenter);
        assert_eq!(Route::parse("#/c/abc"), Route::ContactCenter);
        assert_eq!(Route::parse("#/c/-3"), Route::ContactCenter);
        assert_eq!(Route::parse("#/c/4/extra"), Route::ContactCenter);
        assert_eq!(Route::parse("#/nowhere"), Route::ContactCenter);
        assert_eq!(Route::parse("#/chats/0"), Route::ContactCenter);
        assert_eq!(Route::parse("#/tasks/3"), Route::ContactCenter);
        assert_eq!(Route::parse("#/settings/nope"), Route::ContactCenter);
        assert_eq!(Route::parse("#/reports/2024"), Route::ContactCenter);
        assert_eq!(Route::parse("#/supervision/3"), Route::ContactCenter);
        assert_eq!(
            Route::parse("#/settings"),
            Route::Settings(SettingsSection::People)
        );
    }
}
