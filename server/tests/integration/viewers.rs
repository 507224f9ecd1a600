//! Collision warnings on the event stream: a connection says which
//! conversation it shows (`viewing`), colleagues who may see it get its
//! viewers (`viewers`), a closed connection stops counting, and colleagues
//! get each other's typing.

use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::support::{next_frame, Demo, Socket};

async fn view(socket: &mut Socket, conversation: Option<i64>) {
    let frame = json!({"frame": "viewing", "conversation_id": conversation}).to_string();
    socket.send(WsMessage::Text(frame.into())).await.unwrap();
}

/// The next `viewers` frame of `conversation`, skipping others (2 s at most).
async fn viewers(socket: &mut Socket, conversation: i64) -> Option<Vec<i64>> {
    while let Some(frame) = next_frame(socket, 2000).await {
        if frame["frame"] == "viewers" && frame["conversation_id"] == conversation {
            let ids = frame["user_ids"]
                .as_array()?
                .iter()
                .filter_map(Value::as_i64);
            return Some(ids.collect());
        }
    }
    None
}

#[tokio::test]
async fn colleagues_see_who_views_a_conversation_until_they_leave() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "viewers-1").await;
    let mut olivia = demo.live_events(&demo.olivia).await;
    let mut marc = demo.live_events(&demo.marc).await;

    view(&mut olivia, Some(id)).await;
    assert_eq!(viewers(&mut olivia, id).await, Some(vec![demo.olivia_id]));
    assert_eq!(viewers(&mut marc, id).await, Some(vec![demo.olivia_id]));

    view(&mut marc, Some(id)).await;
    let both = {
        let mut ids = vec![demo.olivia_id, demo.marc_id];
        ids.sort_unstable();
        ids
    };
    assert_eq!(viewers(&mut olivia, id).await, Some(both));

    // Marc types: Olivia is told.
    let (status, body) = demo
        .act(&demo.marc, id, "typing", json!({"internal": false}))
        .await;
    assert!(status < 300, "{status} {body}");
    let mut typing = None;
    while let Some(frame) = next_frame(&mut olivia, 2000).await {
        if frame["frame"] == "typing" {
            typing = Some(frame);
            break;
        }
    }
    let typing = typing.expect("a typing frame");
    assert_eq!(typing["user"]["id"], demo.marc_id);

    // Marc's connection closes: only Olivia is left.
    marc.close(None).await.unwrap();
    drop(marc);
    assert_eq!(viewers(&mut olivia, id).await, Some(vec![demo.olivia_id]));

    // Olivia looks at nothing any more.
    let mut sophie = demo.live_events(&demo.sophie).await;
    view(&mut olivia, None).await;
    assert_eq!(viewers(&mut sophie, id).await, Some(vec![]));
}

#[tokio::test]
async fn a_conversation_one_may_not_see_is_viewed_as_nothing() {
    let demo = Demo::start().await;
    // Sales: Marc is not in its line.
    let id = demo.new_conversation("demo-livechat", "viewers-2").await;
    let mut marc = demo.live_events(&demo.marc).await;
    let mut olivia = demo.live_events(&demo.olivia).await;
    view(&mut marc, Some(id)).await;
    assert_eq!(viewers(&mut olivia, id).await, None, "nobody told");
    assert_eq!(viewers(&mut marc, id).await, None, "nothing sent back");
}
