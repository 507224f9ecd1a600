//! Conversation labels as the workspace keeps them: the list administrators
//! define, followed through the events, and the changes the header's
//! "Labels" menu asks for.

use switchboard_protocol::{Event, Label, LabelId};

/// Applies an event to the workspace's labels; true when they changed.
pub fn apply_event(labels: &mut Vec<Label>, event: &Event) -> bool {
    match event {
        Event::LabelsChanged { labels: now } if now != labels => {
            labels.clone_from(now);
            true
        }
        _ => false,
    }
}

/// A conversation's labels with `label` added, or taken off when it has it.
pub fn toggled(current: &[LabelId], label: LabelId) -> Vec<LabelId> {
    if current.contains(&label) {
        current.iter().copied().filter(|id| *id != label).collect()
    } else {
        let mut next = current.to_vec();
        next.push(label);
        next
    }
}

/// The label filter once the labels are `labels`: a deleted label filters
/// nothing any more.
pub fn filter_after(filter: Option<LabelId>, labels: &[Label]) -> Option<LabelId> {
    filter.filter(|id| labels.iter().any(|label| label.id == *id))
}

/// The labels of `ids` that exist, in the order given.
pub fn named<'a>(ids: &'a [LabelId], labels: &'a [Label]) -> impl Iterator<Item = &'a Label> {
    ids.iter()
        .filter_map(|id| labels.iter().find(|label| label.id == *id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::LabelColour;

    fn label(id: i64, name: &str) -> Label {
        Label {
            id: LabelId(id),
            name: name.into(),
            colour: LabelColour::Blue,
        }
    }

    #[test]
    fn labels_follow_the_events() {
        let mut labels = vec![label(1, "Billing")];
        let changed = Event::LabelsChanged {
            labels: vec![label(1, "Billing"), label(2, "Bug")],
        };
        assert!(apply_event(&mut labels, &changed));
        assert_eq!(labels.len(), 2);
        assert!(!apply_event(&mut labels, &changed));
        let other = Event::PresenceChanged {
            user_id: switchboard_protocol::UserId(1),
            presence: switchboard_protocol::Presence::Away,
        };
        assert!(!apply_event(&mut labels, &other));
        // A deleted label drops out of the filter; a known one stays.
        let deleted = Event::LabelsChanged {
            labels: vec![label(2, "Bug")],
        };
        assert!(apply_event(&mut labels, &deleted));
        assert_eq!(filter_after(Some(LabelId(1)), &labels), None);
        assert_eq!(filter_after(Some(LabelId(2)), &labels), Some(LabelId(2)));
        assert_eq!(filter_after(None, &labels), None);
    }

    #[test]
    fn the_menu_adds_and_removes_one_label() {
        let current = [LabelId(1), LabelId(2)];
        assert_eq!(toggled(&current, LabelId(1)), [LabelId(2)]);
        assert_eq!(
            toggled(&current, LabelId(3)),
            [LabelId(1), LabelId(2), LabelId(3)]
        );
        let labels = [label(2, "Bug"), label(1, "Billing")];
        let names: Vec<&str> = named(&[LabelId(1), LabelId(9), LabelId(2)], &labels)
            .map(|label| label.name.as_str())
            .collect();
        assert_eq!(names, ["Billing", "Bug"]);
    }
}
