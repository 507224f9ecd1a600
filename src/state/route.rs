//! Where the operator is, written in the URL fragment (`#/c/42`).
//!
//! The fragment, not the path, carries the route so that `dist/` works from
//! any static host and sub-path without rewrite rules: the document URL never
//! changes, only what follows `#`.

use switchboard_protocol::ConversationId;

/// A screen of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Route {
    /// The Contact Center queue with no conversation open.
    #[default]
    ContactCenter,
    /// The Contact Center with this conversation open.
    Conversation(ConversationId),
}

impl Route {
    /// Parses a fragment such as `#/c/42`. Anything unknown is the Contact Center.
    pub fn parse(fragment: &str) -> Self {
        let path = fragment.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("c"), Some(id), None) => id
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(|id| Self::Conversation(ConversationId(id)))
                .unwrap_or_default(),
            _ => Self::ContactCenter,
        }
    }

    /// The fragment for this route, to use in `href` and `location.hash`.
    pub fn href(self) -> String {
        match self {
            Self::ContactCenter => "#/".to_owned(),
            Self::Conversation(id) => format!("#/c/{id}"),
        }
    }

    /// The open conversation, if any.
    pub fn conversation(self) -> Option<ConversationId> {
        match self {
            Self::Conversation(id) => Some(id),
            Self::ContactCenter => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_round_trip() {
        for route in [
            Route::ContactCenter,
            Route::Conversation(ConversationId(42)),
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
    }
}
