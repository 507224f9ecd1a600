//! The real server binary as a child process, for tests that kill or stop it.

use std::io::{BufRead, BufReader};
use std::ops::Deref;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::api::Api;

/// A `switchboard-server` process with demo data on a given data folder,
/// reached through its [`Api`]; killed on drop.
pub struct ChildServer {
    pub child: Child,
    api: Api,
}

impl ChildServer {
    /// Starts the binary on a free port and waits until it listens.
    pub fn start(data_dir: &Path) -> Self {
        Self::start_with(data_dir, &[])
    }

    /// [`start`](Self::start) with more command-line arguments.
    pub fn start_with(data_dir: &Path, args: &[&str]) -> Self {
        Self::start_with_env(data_dir, args, &[])
    }

    /// [`start_with`](Self::start_with) with more environment variables
    /// (the `AWS_*` of a file store in S3).
    pub fn start_with_env(data_dir: &Path, args: &[&str], env: &[(&str, String)]) -> Self {
        let mut command = Command::new(server_binary());
        if let Some(url) = super::database::url_for(data_dir) {
            command.arg("--database-url").arg(url);
        }
        let mut child = command
            .args(args)
            .envs(env.iter().map(|(name, value)| (name, value)))
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
            api: Api::new(addr),
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
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

/// The server binary: cargo's, or the one `SWITCHBOARD_TEST_SERVER_BIN`
/// names. Checkouts that share a target folder overwrite each other's
/// `target/debug/switchboard-server`; each keeps its own copy under
/// `target/debug/deps/`, which this variable can point at.
fn server_binary() -> std::ffi::OsString {
    std::env::var_os("SWITCHBOARD_TEST_SERVER_BIN")
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_switchboard-server").into())
}

impl Deref for ChildServer {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
