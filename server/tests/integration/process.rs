//! The real server binary as a child process, for tests that kill or stop it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

/// A `switchboard-server` process with demo data on a given data folder.
pub struct ChildServer {
    pub child: Child,
    pub addr: SocketAddr,
    pub client: reqwest::Client,
}

impl ChildServer {
    /// Starts the binary on a free port and waits until it listens.
    pub fn start(data_dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard-server"))
            .args(["--addr", "127.0.0.1", "--port", "0", "--demo", "--dist-dir"])
            .arg(data_dir.join("no-dist"))
            .arg("--data-dir")
            .arg(data_dir)
            .env("RUST_LOG", "switchboard_server=info")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (found, addr) = mpsc::channel();
        // Reads the address, then keeps draining the pipe so the server never blocks on it.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.split("running on http://").nth(1) {
                    let _ = found.send(url.trim().to_owned());
                }
            }
        });
        let addr = addr
            .recv_timeout(Duration::from_secs(30))
            .expect("the server prints its address")
            .parse()
            .expect("an address");
        Self {
            child,
            addr,
            client: reqwest::Client::new(),
        }
    }

    /// Absolute URL of an API path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/api/v1{}", self.addr, path)
    }

    /// Logs in with the demo password.
    pub async fn login(&self, email: &str) -> String {
        let body: Value = self
            .client
            .post(self.url("/auth/login"))
            .json(&json!({"email": email, "password": "demo"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["token"].as_str().expect("a token").to_owned()
    }

    /// Every message of a conversation, oldest first (all pages).
    pub async fn all_messages(&self, token: &str, conversation: i64) -> Vec<Value> {
        let mut items = Vec::new();
        let mut after = 0;
        loop {
            let page: Value = self
                .client
                .get(self.url(&format!(
                    "/conversations/{conversation}/messages?after={after}&limit=200"
                )))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let batch = page["items"].as_array().cloned().unwrap_or_default();
            if let Some(last) = batch.last() {
                after = last["id"].as_i64().unwrap();
            }
            items.extend(batch);
            if page["has_more_after"] != true {
                return items;
            }
        }
    }

    /// Sends a signal with `kill(1)`.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name}");
    }

    /// Waits for the process to exit, at most `limit`; returns its status.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
