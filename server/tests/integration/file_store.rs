//! Where uploaded files live (`--files`): a bucket of S3-compatible object
//! storage (a local moto server) or a folder several instances share, never
//! the data folder then. What the operators see does not change: the same
//! upload, the same bytes back with the same headers, the same refusals.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;

use crate::support::{assert_json_error, Api, ChildServer, S3Server, TestServer};

/// Bytes no text encoding would leave alone, over several network reads.
fn sample(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// Uploads a file as Olivia, downloads it back byte for byte with the
/// headers of a download, and checks what is refused; returns its id.
async fn round_trip(server: &Api) -> String {
    let token = server.login("olivia@example.com").await;
    let bytes = sample(300_000);
    let attachment = server
        .uploaded(&token, "relevé.pdf", "application/pdf", &bytes)
        .await;
    let id = attachment["id"].as_str().unwrap().to_owned();
    assert_eq!(attachment["size"], bytes.len());

    let response = server
        .request(Method::GET, &format!("/files/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/octet-stream");
    assert_eq!(headers["content-length"], bytes.len().to_string().as_str());
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(response.bytes().await.unwrap(), bytes);

    // Without a token nothing is uploaded; without the file's id nothing is read.
    let anonymous = server
        .request(Method::POST, "/files")
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"sneaky".to_vec()).file_name("a.txt"),
        ))
        .send()
        .await
        .unwrap();
    assert_json_error(anonymous, 401).await;
    let guessed = server
        .request(Method::GET, &format!("/files/{}", "0".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_json_error(guessed, 404).await;
    id
}

#[tokio::test]
async fn files_live_in_the_bucket_under_the_prefix() {
    let s3 = S3Server::start().await;
    s3.create_bucket("uploads").await;
    let data = tempfile::tempdir().unwrap();
    let server = ChildServer::start_with_env(
        data.path(),
        &["--files", "s3://uploads/switchboard/test"],
        &s3.env(),
    );

    let id = round_trip(&server).await;
    assert_eq!(
        s3.object_size("uploads", &format!("switchboard/test/{id}"))
            .await,
        Some(300_000),
        "the file is an object of the bucket, under the prefix"
    );
    assert!(!data.path().join("files").join(&id).exists());

    // An object the server did not record is not served: the bucket is no
    // way around the file's record.
    let stray = "f".repeat(32);
    s3.put_object("uploads", &format!("switchboard/test/{stray}"), b"stray")
        .await;
    let answer = server
        .request(Method::GET, &format!("/files/{stray}"))
        .send()
        .await
        .unwrap();
    assert_json_error(answer, 404).await;
}

#[tokio::test]
async fn a_bucket_that_cannot_be_reached_stops_the_start_with_the_reason() {
    let s3 = S3Server::start().await;
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard-server"))
        .args(["--port", "0", "--files", "s3://missing-bucket/files"])
        .arg("--data-dir")
        .arg(data.path())
        .envs(s3.env())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server started without its bucket");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!status.success());
    assert!(
        stderr.contains("cannot reach s3://missing-bucket/files")
            && stderr.contains("NoSuchBucket"),
        "{stderr}"
    );
}

#[tokio::test]
async fn files_live_in_the_shared_folder() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("switchboard-files");
    let server = TestServer::start_with(|config| {
        config.demo = true;
        config.files = Some(folder.display().to_string());
    })
    .await;

    let id = round_trip(&server).await;
    assert_eq!(
        std::fs::read(folder.join(&id)).unwrap(),
        sample(300_000),
        "the file is in the shared folder, under its id"
    );
    assert!(!server.data_dir().join("files").join(&id).exists());
}
