//! SIGTERM stops the real server binary gracefully: it stops accepting
//! connections, finishes the request in flight, closes every event stream
//! with close code 1012 and the reason the app recognises, and exits 0.

use std::time::Duration;

use futures_util::StreamExt;
use switchboard_protocol::{CLOSE_REASON_RESTARTING, CLOSE_SERVICE_RESTART};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::support::{inbound, items, ChildServer, Socket};

/// The close frame the server sends, skipping pings and events.
async fn close_frame(socket: &mut Socket) -> (u16, String) {
    loop {
        let next = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("the server closes the socket in time");
        match next {
            Some(Ok(WsMessage::Close(Some(frame)))) => {
                return (u16::from(frame.code), frame.reason.to_string())
            }
            Some(Ok(WsMessage::Close(None))) => panic!("a close frame without code"),
            Some(Ok(_)) => continue,
            other => panic!("the socket ended without a close frame: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_requests_and_closes_sockets_with_a_reason() {
    let data = tempfile::tempdir().unwrap();
    let mut server = ChildServer::start(data.path());
    let olivia = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let mut sockets = vec![
        server.live_events(&olivia).await,
        server.live_events(&marc).await,
    ];

    // A webhook delivery in flight: headers and half the body sent.
    let body = inbound(
        "sigterm-chat",
        "sigterm-customer",
        "Late Customer",
        "sigterm-1",
        "sent while the server stops",
    )
    .to_string();
    let mut in_flight = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /api/v1/inbound/demo-telegram HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        body.len()
    );
    let (first_half, second_half) = body.split_at(body.len() / 2);
    in_flight.write_all(head.as_bytes()).await.unwrap();
    in_flight.write_all(first_half.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    server.signal("TERM");

    for socket in &mut sockets {
        let (code, reason) = close_frame(socket).await;
        assert_eq!(code, CLOSE_SERVICE_RESTART);
        assert_eq!(reason, CLOSE_REASON_RESTARTING);
    }
    // No new connection is accepted while the last request finishes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        tokio::net::TcpStream::connect(server.addr).await.is_err(),
        "the listener is closed"
    );
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "still finishing the request"
    );

    in_flight.write_all(second_half.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), in_flight.read_to_end(&mut answer))
        .await
        .expect("the request is answered")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 202"), "{answer}");

    let status = server
        .wait_exit(Duration::from_secs(10))
        .expect("the server exits after SIGTERM");
    assert!(status.success(), "{status:?}");

    // The late message was stored: it is there after a restart.
    let restarted = ChildServer::start(data.path());
    let admin = restarted.login("admin@example.com").await;
    let (_, page) = restarted
        .get(&admin, "/conversations?q=Late%20Customer")
        .await;
    assert_eq!(items(&page["items"]).len(), 1, "{page}");
}
