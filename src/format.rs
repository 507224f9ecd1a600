//! Dates, times, durations and channel names in the operator's language.
//! Dates and times use the browser's `Intl` so they follow local conventions.

use js_sys::{Array, Intl, Object, Reflect};
use switchboard_protocol::{ConnectorKind, Timestamp};
use wasm_bindgen::JsValue;

use crate::i18n::*;
use crate::state::time::Elapsed;

/// The date and time formats of the app.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    Time,
    Day,
    DateTime,
}

impl DateStyle {
    fn options(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Time => &[("hour", "numeric"), ("minute", "2-digit")],
            Self::Day => &[
                ("weekday", "long"),
                ("day", "numeric"),
                ("month", "long"),
                ("year", "numeric"),
            ],
            Self::DateTime => &[
                ("day", "numeric"),
                ("month", "short"),
                ("hour", "numeric"),
                ("minute", "2-digit"),
            ],
        }
    }
}

thread_local! {
    /// One `Intl.DateTimeFormat` per language and style, made on first use.
    /// Making one loads the locale's data and costs far more than formatting
    /// with it: a formatter per message made scrolling through a long
    /// conversation spend most of its time in the `Intl` constructor.
    static DATE_FORMATS: std::cell::RefCell<Vec<(Locale, DateStyle, js_sys::Function)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn date_format(locale: Locale, style: DateStyle) -> js_sys::Function {
    DATE_FORMATS.with(|formats| {
        let mut formats = formats.borrow_mut();
        if let Some((_, _, format)) = formats.iter().find(|(l, s, _)| *l == locale && *s == style) {
            return format.clone();
        }
        let locales = Array::of1(&JsValue::from_str(locale.as_str()));
        let object = Object::new();
        for (key, value) in style.options() {
            let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        // `format` is a function bound to its formatter.
        let format = Intl::DateTimeFormat::new(&locales, &object).format();
        formats.push((locale, style, format.clone()));
        format
    })
}

fn intl(locale: Locale, style: DateStyle, at: Timestamp) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
    date_format(locale, style)
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// "84,70 €" (or "€84.70"): an exact amount in the operator's language.
/// `Intl` formats the decimal string itself, so no float is involved.
pub fn money(locale: Locale, money: &switchboard_protocol::Money) -> String {
    // `Intl` throws on a malformed currency code.
    if !switchboard_protocol::is_currency_code(&money.currency) {
        return money.to_string();
    }
    let locales = Array::of1(&JsValue::from_str(locale.as_str()));
    let options = Object::new();
    let _ = Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = Reflect::set(
        &options,
        &"currency".into(),
        &JsValue::from_str(&money.currency),
    );
    let format = Intl::NumberFormat::new(&locales, &options);
    format
        .format()
        .call1(&format, &JsValue::from_str(&money.amount))
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_else(|| money.to_string())
}

/// "14:05" (or "2:05 PM"), in the operator's language.
pub fn time(locale: Locale, at: Timestamp) -> String {
    intl(locale, DateStyle::Time, at)
}

/// "Tuesday 24 November 2026", for day separators.
pub fn day(locale: Locale, at: Timestamp) -> String {
    intl(locale, DateStyle::Day, at)
}

/// "24 Nov, 14:05", for a last activity older than today.
pub fn date_time(locale: Locale, at: Timestamp) -> String {
    intl(locale, DateStyle::DateTime, at)
}

/// Offset of local time from UTC in minutes, east positive.
pub fn utc_offset_minutes() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

/// "5 min", "2 h", "3 d", "now".
pub fn elapsed(locale: Locale, elapsed: Elapsed) -> String {
    match elapsed {
        Elapsed::JustNow => td_string!(locale, time.just_now).to_owned(),
        Elapsed::Minutes(n) => format!("{n} {}", td_string!(locale, time.minutes)),
        Elapsed::Hours(n) => format!("{n} {}", td_string!(locale, time.hours)),
        Elapsed::Days(n) => format!("{n} {}", td_string!(locale, time.days)),
    }
}

/// The channel's name ("WhatsApp", "Website chat").
pub fn channel(locale: Locale, kind: ConnectorKind) -> &'static str {
    match kind {
        ConnectorKind::Livechat => td_string!(locale, channel.livechat),
        ConnectorKind::Telegram => "Telegram",
        ConnectorKind::Whatsapp => "WhatsApp",
        ConnectorKind::Facebook => "Facebook",
        ConnectorKind::Instagram => "Instagram",
        ConnectorKind::Viber => "Viber",
        ConnectorKind::Email => td_string!(locale, channel.email),
        ConnectorKind::Webhook => td_string!(locale, channel.webhook),
    }
}

/// A priority's name ("Urgent").
pub fn priority(locale: Locale, priority: switchboard_protocol::Priority) -> &'static str {
    use switchboard_protocol::Priority;
    match priority {
        Priority::None => td_string!(locale, labels.priority_none),
        Priority::Low => td_string!(locale, labels.priority_low),
        Priority::Medium => td_string!(locale, labels.priority_medium),
        Priority::High => td_string!(locale, labels.priority_high),
        Priority::Urgent => td_string!(locale, labels.priority_urgent),
    }
}

/// Every channel, in menu order.
pub const CHANNELS: [ConnectorKind; 8] = [
    ConnectorKind::Livechat,
    ConnectorKind::Whatsapp,
    ConnectorKind::Telegram,
    ConnectorKind::Facebook,
    ConnectorKind::Instagram,
    ConnectorKind::Viber,
    ConnectorKind::Email,
    ConnectorKind::Webhook,
];

/// A short stable key per channel, for CSS and option values.
pub fn channel_key(kind: ConnectorKind) -> &'static str {
    match kind {
        ConnectorKind::Livechat => "livechat",
        ConnectorKind::Telegram => "telegram",
        ConnectorKind::Whatsapp => "whatsapp",
        ConnectorKind::Facebook => "facebook",
        ConnectorKind::Instagram => "instagram",
        ConnectorKind::Viber => "viber",
        ConnectorKind::Email => "email",
        ConnectorKind::Webhook => "webhook",
    }
}

/// Two-letter initials for an avatar ("Marie Dupont" → "MD").
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}
