//! Query strings of the `GET` endpoints, and the text search of the list
//! endpoints (`?q=`).

/// Declares the query string of a `GET` endpoint: a struct of optional
/// fields serde reads from the URL, which (with the `openapi` feature) is
/// also a schema and the operation's query parameters. Its docs, fields
/// and field attributes are kept as written.
macro_rules! query_params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($fields:tt)* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
        pub struct $name { $($fields)* }
    };
}
pub(crate) use query_params;

query_params! {
    /// Query of the list endpoints that search their items by text (canned
    /// responses, colleagues, forms, products); each endpoint says where it
    /// looks.
    pub struct SearchQuery {
        /// Case-insensitive text the items contain; absent or blank: every item.
        pub q: Option<String>,
    }
}
