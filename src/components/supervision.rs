//! "Supervision", a part of its own loaded when opened (supervisors and
//! admins): the live load of every operator and the conversations that
//! wait, per open channel, with Take and Transfer.

pub mod operators;
pub mod page;
pub mod waiting;

use switchboard_protocol::Timestamp;

use crate::i18n::*;
use crate::state::supervision::{duration_text, DurationUnits};

/// "3 min 05 s" in the view's language.
pub(crate) fn duration(locale: Locale, ms: Timestamp) -> String {
    let units = DurationUnits {
        hours: td_string!(locale, supervision.hours),
        minutes: td_string!(locale, supervision.minutes),
        seconds: td_string!(locale, supervision.seconds),
    };
    duration_text(ms, units)
}
