//! A real server in this process, on a free port, with a fresh database.

use std::ops::Deref;

use switchboard_server::config::Config;
use tempfile::TempDir;

use super::api::Api;

/// A running server and the folder holding its database; both go away on drop.
/// It is reached through its [`Api`].
pub struct TestServer {
    api: Api,
    /// The token of the setup link, on an empty database without demo data.
    pub setup_token: Option<String>,
    data: TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server with an empty database.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts a server with the demo workspace.
    pub async fn demo() -> Self {
        Self::start_with(|config| config.demo = true).await
    }

    /// Starts a server with the demo workspace and logs in as one of its
    /// employees (`olivia@example.com`...); returns the server and the token.
    pub async fn demo_as(email: &str) -> (Self, String) {
        let server = Self::demo().await;
        let token = server.login(email).await;
        (server, token)
    }

    /// Starts a server after letting the test adjust its configuration.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        Self::start_in(tempfile::tempdir().expect("temporary folder"), adjust).await
    }

    /// Starts a server on a data folder that may hold an earlier database.
    pub async fn start_in(data: TempDir, adjust: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config::for_tests(data.path().to_path_buf());
        adjust(&mut config);
        if config.database_url.is_none() {
            config.database_url = super::database::url_for(&config.data_dir);
        }
        let bound = switchboard_server::bind(config)
            .await
            .expect("server starts");
        let api = Api::new(bound.local_addr);
        let setup_token = bound.setup_token.clone();
        let task = tokio::spawn(async move {
            let _ = bound.serve().await;
        });
        Self {
            api,
            setup_token,
            data,
            task,
        }
    }

    /// The folder holding the database (for the command line, which works
    /// beside a running server).
    pub fn data_dir(&self) -> &std::path::Path {
        self.data.path()
    }
}

impl Deref for TestServer {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
