//! A local S3-compatible server (moto's `moto_server`, installed in
//! `tools/venv` by `scripts/install-tools.sh --test`) for the file store's
//! tests; stopped on drop.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `moto_server` on a free port of 127.0.0.1, reached over plain HTTP.
pub struct S3Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
    client: reqwest::Client,
}

impl S3Server {
    /// Starts `moto_server` and waits until it answers. Fails with the way
    /// to install it when it is missing.
    pub async fn start() -> Self {
        let moto = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/venv/bin/moto_server");
        assert!(
            moto.exists(),
            "{} is missing: install the test tools with `scripts/install-tools.sh --test` \
             (`make test` does it first)",
            moto.display()
        );
        // The port is free when picked; another process may take it before
        // moto binds it, so a server that exits at once is tried again.
        for _ in 0..3 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .expect("a free port")
                .port();
            let child = Command::new(&moto)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("moto_server starts");
            let mut server = Self {
                child,
                endpoint: format!("http://127.0.0.1:{port}"),
                client: reqwest::Client::new(),
            };
            if server.answers_within(Duration::from_secs(60)).await {
                return server;
            }
        }
        panic!("moto_server did not start");
    }

    /// Whether the server answers before `limit` (false: it exited or stayed silent).
    async fn answers_within(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return false;
            }
            if self.client.get(&self.endpoint).send().await.is_ok() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// Creates a bucket (S3 `CreateBucket`).
    pub async fn create_bucket(&self, bucket: &str) {
        let response = self
            .client
            .put(format!("{}/{bucket}", self.endpoint))
            .send()
            .await
            .expect("moto answers");
        assert!(
            response.status().is_success(),
            "CreateBucket {bucket}: {}",
            response.status()
        );
    }

    /// The size of the object under `key`, if there is one (from the
    /// bucket's listing: moto keeps the objects of a signed upload from
    /// anonymous reads).
    pub async fn object_size(&self, bucket: &str, key: &str) -> Option<u64> {
        let response = self
            .client
            .get(format!("{}/{bucket}", self.endpoint))
            .query(&[("list-type", "2"), ("prefix", key)])
            .send()
            .await
            .expect("moto answers");
        assert!(
            response.status().is_success(),
            "ListObjectsV2 {key}: {}",
            response.status()
        );
        let listing = response.text().await.expect("the listing");
        listing.split("<Contents>").skip(1).find_map(|object| {
            let between = |tag: &str| {
                let (_, rest) = object.split_once(&format!("<{tag}>"))?;
                Some(rest.split_once(&format!("</{tag}>"))?.0.to_owned())
            };
            (between("Key")? == key).then(|| between("Size")?.parse().ok())?
        })
    }

    /// Writes an object directly, behind the server's back.
    pub async fn put_object(&self, bucket: &str, key: &str, bytes: &[u8]) {
        let response = self
            .client
            .put(format!("{}/{bucket}/{key}", self.endpoint))
            .body(bytes.to_vec())
            .send()
            .await
            .expect("moto answers");
        assert!(
            response.status().is_success(),
            "PUT {key}: {}",
            response.status()
        );
    }

    /// The standard `AWS_*` variables that point a client at this server
    /// (moto takes any credentials).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ALLOW_HTTP", "true".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID", "switchboard-test".into()),
            ("AWS_SECRET_ACCESS_KEY", "switchboard-test".into()),
        ]
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
