//! The text search of the list endpoints (`?q=`).

use serde::{Deserialize, Serialize};

/// Query of the list endpoints that search their items by text (canned
/// responses, colleagues, forms, products); each endpoint says where it
/// looks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// Case-insensitive text the items contain; absent or blank: every item.
    pub q: Option<String>,
}
