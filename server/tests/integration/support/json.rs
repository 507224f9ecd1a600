//! Building and reading the JSON the API speaks.

use serde_json::{json, Value};

/// A customer message as a connector's webhook receives it, from customer
/// `customer` named `name` (no e-mail, no phone; set them on the value).
pub fn inbound(chat: &str, customer: &str, name: &str, message_id: &str, text: &str) -> Value {
    json!({
        "chat": {"id": chat, "title": null},
        "customer": {"id": customer, "name": name, "email": null, "phone": null},
        "message": {"id": message_id, "text": text, "attachments": []}
    })
}

/// A JSON list: an array value, or the items already taken out of one.
pub trait List {
    fn list(&self) -> &[Value];
}

impl List for Value {
    #[track_caller]
    fn list(&self) -> &[Value] {
        items(self)
    }
}

impl List for [Value] {
    fn list(&self) -> &[Value] {
        self
    }
}

impl List for Vec<Value> {
    fn list(&self) -> &[Value] {
        self
    }
}

/// The items of a JSON array.
#[track_caller]
pub fn items(list: &Value) -> &Vec<Value> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
}

/// The string at `pointer` (`/conversation/status`; `""` for the item itself)
/// of every item of a list.
#[track_caller]
pub fn strings(list: &(impl List + ?Sized), pointer: &str) -> Vec<String> {
    list.list()
        .iter()
        .map(|item| match item.pointer(pointer).and_then(Value::as_str) {
            Some(text) => text.to_owned(),
            None => panic!("no string at {pointer} in {item}"),
        })
        .collect()
}

/// The number at `pointer` (`/conversation/id`; `""` for the item itself)
/// of every item of a list.
#[track_caller]
pub fn numbers(list: &(impl List + ?Sized), pointer: &str) -> Vec<i64> {
    list.list()
        .iter()
        .map(|item| match item.pointer(pointer).and_then(Value::as_i64) {
            Some(number) => number,
            None => panic!("no number at {pointer} in {item}"),
        })
        .collect()
}

/// The first item of a list whose `field` is `value`.
#[track_caller]
pub fn find<'a>(list: &'a (impl List + ?Sized), field: &str, value: &str) -> &'a Value {
    list.list()
        .iter()
        .find(|item| item[field] == value)
        .unwrap_or_else(|| panic!("no {field} = {value:?} in {:?}", list.list()))
}
