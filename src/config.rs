//! Runtime configuration read from `config.json` next to `index.html`, so one
//! build can be pointed at any compatible backend without rebuilding.

use serde::Deserialize;

/// The parsed `config.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RuntimeConfig {
    /// Origin (and optional path) of the backend, e.g. `https://api.example.com`.
    /// Empty or absent: the origin that served the app.
    #[serde(default)]
    pub api_base: String,
}

impl RuntimeConfig {
    /// Parses `config.json`. A missing or unreadable file means "same origin":
    /// the app must start even on a host that has no config file.
    pub fn from_json(text: Option<&str>) -> Self {
        text.and_then(|text| serde_json::from_str::<Self>(text).ok())
            .unwrap_or_default()
    }

    /// The base every API URL is built on, without a trailing slash.
    /// Empty means the same origin (URLs start with `/api/v1`).
    pub fn normalized_api_base(&self) -> String {
        self.api_base.trim().trim_end_matches('/').to_owned()
    }
}

/// Fetches `config.json` relative to the page, so a sub-path deployment finds
/// its own file. Any failure yields the default (same origin).
pub async fn load() -> RuntimeConfig {
    let text = match gloo_net::http::Request::get("config.json")
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
    {
        Ok(response) if response.ok() => response.text().await.ok(),
        _ => None,
    };
    RuntimeConfig::from_json(text.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_or_broken_config_means_same_origin() {
        assert_eq!(RuntimeConfig::from_json(None).normalized_api_base(), "");
        assert_eq!(
            RuntimeConfig::from_json(Some("not json")).normalized_api_base(),
            ""
        );
        assert_eq!(
            RuntimeConfig::from_json(Some("{}")).normalized_api_base(),
            ""
        );
    }

    #[test]
    fn api_base_loses_its_trailing_slash() {
        let config = RuntimeConfig::from_json(Some(r#"{"api_base":" https://api.example.com/ "}"#));
        assert_eq!(config.normalized_api_base(), "https://api.example.com");
    }
}
