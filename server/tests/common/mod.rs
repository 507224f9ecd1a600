//! Starts a real server on a free port with a fresh database for each test.

#![allow(dead_code)]

use std::net::SocketAddr;

use switchboard_server::config::Config;

/// A running server and the folder holding its database; both go away on drop.
pub struct TestServer {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    _data: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server with an empty database.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts a server after letting the test adjust its configuration.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data = tempfile::tempdir().expect("temporary folder");
        let mut config = Config::for_tests(data.path().to_path_buf());
        adjust(&mut config);
        let bound = switchboard_server::bind(config)
            .await
            .expect("server starts");
        let addr = bound.local_addr;
        let task = tokio::spawn(async move {
            let _ = bound.serve().await;
        });
        Self {
            addr,
            client: reqwest::Client::new(),
            _data: data,
            task,
        }
    }

    /// Absolute URL of an API path such as `/health`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/api/v1{}", self.addr, path)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
