//! System messages ("Olivia Bernard transferred the conversation to Marc
//! Petit") written in the operator's language from the event they carry.

use switchboard_protocol::SystemEvent;

use crate::i18n::*;

/// A system message in the operator's language ("Olivia Bernard transferred
/// the conversation to Marc Petit"); names come from the event, not the text.
pub fn system_text(locale: Locale, event: &SystemEvent) -> String {
    let names = |users: &[switchboard_protocol::UserRef]| {
        users
            .iter()
            .map(|user| user.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match event {
        SystemEvent::TransferredToUser { by, to } => {
            format!(
                "{} {} {}",
                by.name,
                td_string!(locale, system.transferred_to_user),
                to.name
            )
        }
        SystemEvent::TransferredToLine { by, to, .. } => {
            format!(
                "{} {} {}",
                by.name,
                td_string!(locale, system.transferred_to_line),
                to.name
            )
        }
        SystemEvent::Closed { by } => format!("{} {}", by.name, td_string!(locale, system.closed)),
        SystemEvent::MarkedSpam { by } => {
            format!("{} {}", by.name, td_string!(locale, system.marked_spam))
        }
        SystemEvent::Taken { by, from: None } => {
            format!("{} {}", by.name, td_string!(locale, system.taken))
        }
        SystemEvent::Taken {
            by,
            from: Some(from),
        } => {
            format!(
                "{} {} {}",
                by.name,
                td_string!(locale, system.taken_from),
                from.name
            )
        }
        SystemEvent::Invited { by, users } => {
            format!(
                "{} {} {}",
                by.name,
                td_string!(locale, system.invited),
                names(users)
            )
        }
        SystemEvent::Locked { by } => format!("{} {}", by.name, td_string!(locale, system.locked)),
        SystemEvent::Unlocked { by } => {
            format!("{} {}", by.name, td_string!(locale, system.unlocked))
        }
        SystemEvent::Reopened { by } => {
            format!("{} {}", by.name, td_string!(locale, system.reopened))
        }
        SystemEvent::Released { by, from } => format!(
            "{} {} {}{}",
            by.name,
            td_string!(locale, system.released),
            from.name,
            td_string!(locale, system.released_end)
        ),
        SystemEvent::FormSubmitted {
            form_title,
            answers,
            ..
        } => {
            format!(
                "{} « {form_title} »\n{}",
                td_string!(locale, system.form_submitted),
                switchboard_protocol::FormAnswer::lines(answers)
            )
        }
        SystemEvent::Renamed {
            by,
            title: Some(title),
        } => format!(
            "{} {} « {title} »",
            by.name,
            td_string!(locale, system.renamed)
        ),
        SystemEvent::Renamed { by, title: None } => {
            format!("{} {}", by.name, td_string!(locale, system.title_removed))
        }
        SystemEvent::PaymentReceived {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            td_string!(locale, system.payment_received)
        ),
        SystemEvent::PaymentFailed {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            td_string!(locale, system.payment_failed)
        ),
        SystemEvent::PaymentExpired {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            td_string!(locale, system.payment_expired)
        ),
        SystemEvent::Rated { score, comment } => {
            let rated = format!("{} {score}/5", td_string!(locale, system.rated));
            match comment {
                Some(comment) => format!(
                    "{rated}{}{comment}{}",
                    td_string!(locale, system.rated_comment_open),
                    td_string!(locale, system.rated_comment_close)
                ),
                None => rated,
            }
        }
    }
}
