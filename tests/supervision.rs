//! Browser tests of "Supervision": the operators' load and the waiting
//! conversations per open channel, as a supervisor reads them.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::prelude::*;
use switchboard::components::supervision::page::SupervisionView;
use switchboard::stores::{Stores, SupervisionStore};
use switchboard_protocol::{
    ConversationStatus, Line, LineId, OperatorLoad, Presence, Supervision, User, UserId,
};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use common::{eventually, mount_in_workspace, offline_stores, olivia, queue_item, text_of};

wasm_bindgen_test_configure!(run_in_browser);

/// The time the tests' screen shows.
const NOW: i64 = 10_000_000;

/// "VIP", whose first answer is due within 2 minutes.
fn vip() -> Line {
    serde_json::from_value(serde_json::json!({
        "id": 3,
        "name": "VIP",
        "mode": "evenly",
        "members": [2, 3],
        "connectors": [],
        "routing": {
            "time_to_take_seconds": 30,
            "capacity": 2,
            "first_answer_target_seconds": 120,
        },
    }))
    .expect("a line")
}

fn marc() -> User {
    User {
        id: UserId(3),
        name: "Marc Petit".into(),
        email: "marc@example.com".into(),
        presence: Presence::Away,
        ..olivia()
    }
}

/// Stores that know Olivia, Marc and VIP.
fn stores() -> Stores {
    let stores = offline_stores();
    stores.session.users.set(
        [olivia(), marc()]
            .into_iter()
            .map(|user| (user.id, user))
            .collect(),
    );
    stores.session.lines.set(vec![vip()]);
    stores
}

/// Mounts the supervision's content over `snapshot`, its clock still at [`NOW`].
fn mount(snapshot: Supervision) -> (HtmlElement, impl Sized) {
    let stores = stores();
    mount_in_workspace(stores, move || {
        let supervision = SupervisionStore::new(stores.session);
        supervision.snapshot.set(Some(snapshot));
        provide_context(supervision);
        view! { <SupervisionView now=Signal::stored(NOW) /> }
    })
}

/// The texts of the cells (`th` and `td`) of the rows matching `selector`.
fn rows(host: &HtmlElement, selector: &str) -> Vec<Vec<String>> {
    let list = host.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|index| list.item(index))
        .map(|row| {
            let cells = wasm_bindgen::JsCast::unchecked_into::<web_sys::Element>(row)
                .query_selector_all("th, td")
                .unwrap();
            (0..cells.length())
                .filter_map(|index| cells.item(index))
                .map(|cell| cell.text_content().unwrap_or_default().trim().to_owned())
                .collect()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn operators_show_their_status_load_offers_and_longest_wait() {
    let snapshot = Supervision {
        operators: vec![
            OperatorLoad {
                user_id: UserId(3),
                presence: Presence::Away,
                active: 0,
                offers: 0,
                capacity: None,
                at_capacity: false,
                longest_wait_since: None,
            },
            OperatorLoad {
                user_id: UserId(2),
                presence: Presence::Online,
                active: 1,
                offers: 1,
                capacity: Some(2),
                at_capacity: true,
                longest_wait_since: Some(NOW - 185_000),
            },
        ],
        waiting: vec![],
    };
    let (host, _handle) = mount(snapshot);
    assert!(
        eventually(|| host.query_selector("table").unwrap().is_some()).await,
        "the tables are drawn"
    );
    let operators = rows(&host, "table:first-of-type tbody tr");
    assert_eq!(text_of(&host, "table:first-of-type caption"), "Operators");
    assert_eq!(
        operators,
        [
            vec!["Marc Petit", "Away", "0", "0", "None"],
            vec![
                "Olivia Bernard",
                "Online",
                "1 / 2 at capacity",
                "1",
                "3 min 05 s"
            ],
        ]
    );
    assert_eq!(
        host.query_selector("tbody th[scope=row]")
            .unwrap()
            .map(|cell| cell.text_content().unwrap_or_default()),
        Some("Marc Petit".into())
    );
    assert!(text_of(&host, ".supervision-waiting").contains("Nobody is waiting."));
}

#[wasm_bindgen_test]
async fn a_channel_past_its_target_says_so_and_each_row_can_be_taken_or_transferred() {
    let mut late =
        queue_item(7, "Marie Dupont", ConversationStatus::Unanswered, "Hi", 1).conversation;
    late.line_id = LineId(3);
    late.waiting_since = Some(NOW - 180_000);
    late.assignee = Some(UserId(2));
    late.offer_expires_at = Some(NOW + 20_000);
    let mut calm =
        queue_item(8, "John Carter", ConversationStatus::Unanswered, "Hello", 1).conversation;
    calm.line_id = LineId(3);
    calm.waiting_since = Some(NOW - 10_000);
    let (host, _handle) = mount(Supervision {
        operators: vec![],
        waiting: vec![late, calm],
    });
    assert!(
        eventually(|| host
            .query_selector(".supervision-summary")
            .unwrap()
            .is_some())
        .await,
        "the channel's summary is drawn"
    );
    assert_eq!(
        text_of(&host, ".supervision-summary th"),
        "⚠ VIP: 2 waiting, longest 3 min 00 s — over target"
    );
    let waiting = rows(&host, ".supervision-channel tr:not(.supervision-summary)");
    assert_eq!(waiting.len(), 2);
    assert_eq!(waiting[0][0], "Marie Dupont");
    assert_eq!(waiting[0][1], "VIP");
    // Not the colour alone: the icon and the words say it too.
    assert_eq!(waiting[0][2], "3 min 00 s ⚠ Over target");
    assert_eq!(waiting[0][3], "Olivia Bernard, 20 s left");
    assert_eq!(waiting[1][0], "John Carter");
    assert_eq!(waiting[1][2], "10 s");
    assert_eq!(waiting[1][3], "Not offered");

    let buttons = host
        .query_selector_all(".supervision-actions button")
        .unwrap();
    assert_eq!(buttons.length(), 4, "Take and Transfer on each row");
    let transfer: HtmlElement = common::element(
        &host,
        ".supervision-channel tr:nth-child(2) .supervision-actions button:nth-child(2)",
    );
    assert_eq!(transfer.text_content().as_deref(), Some("Transfer"));
    assert_eq!(
        transfer.get_attribute("aria-describedby").as_deref(),
        Some("supervision-customer-7")
    );
    transfer.click();
    assert!(
        eventually(|| host.query_selector("dialog[open]").unwrap().is_some()).await,
        "Transfer opens its dialog"
    );
    assert!(text_of(&host, "dialog").contains("Transfer conversation"));
}
