//! Browser tests of dates and times in the operator's language.
#![cfg(target_arch = "wasm32")]

use switchboard::format;
use switchboard::i18n::Locale;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-11-29 14:05 UTC.
const AT: i64 = 1_795_961_100_000;

#[wasm_bindgen_test]
fn each_language_and_style_keeps_its_own_format() {
    // French first, so a cache keyed on the style alone would serve the
    // French formatter to English too.
    let fr_time = format::time(Locale::fr, AT);
    let en_time = format::time(Locale::en, AT);
    let fr_day = format::day(Locale::fr, AT);
    let en_day = format::day(Locale::en, AT);

    assert!(!fr_time.is_empty() && !en_time.is_empty());
    assert_ne!(fr_time, en_time, "French and English times differ");
    assert!(
        en_time.contains("AM") || en_time.contains("PM"),
        "English: {en_time}"
    );
    assert!(!fr_time.contains('M'), "French uses 24 hours: {fr_time}");
    assert!(
        fr_day.contains("novembre") && fr_day.contains("2026"),
        "{fr_day}"
    );
    assert!(
        en_day.contains("November") && en_day.contains("2026"),
        "{en_day}"
    );
    assert_ne!(fr_day, fr_time, "a day is not a time");
    // Formatting again gives the same text (the formatter is reused).
    assert_eq!(format::time(Locale::fr, AT), fr_time);
    assert_eq!(format::time(Locale::en, AT + 60_000).len(), en_time.len());
}
