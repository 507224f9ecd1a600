//! Labels that sort conversations ("Billing", "Bug") and the priority of a
//! conversation. Administrators define the labels; anyone who may act on a
//! conversation adds or removes them and sets its priority.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::LabelId;

named_enum! {
    /// The colours a label may have. A label always shows its name too:
    /// the colour is never the only cue.
    pub enum LabelColour {
        /// Grey.
        Grey = "grey",
        /// Red.
        Red = "red",
        /// Orange.
        Orange = "orange",
        /// Yellow.
        Yellow = "yellow",
        /// Green.
        Green = "green",
        /// Teal.
        Teal = "teal",
        /// Blue.
        Blue = "blue",
        /// Purple.
        Purple = "purple",
        /// Pink.
        Pink = "pink",
    }
}

named_enum! {
    /// How urgent a conversation is, from none to urgent.
    #[derive(Default)]
    pub enum Priority {
        /// No priority set.
        #[default]
        None = "none",
        /// Low.
        Low = "low",
        /// Medium.
        Medium = "medium",
        /// High.
        High = "high",
        /// Urgent.
        Urgent = "urgent",
    }
}

impl Priority {
    /// 0 for none up to 4 for urgent: sorting by priority puts the highest
    /// rank first.
    pub fn rank(self) -> u8 {
        match self {
            Self::None => 0,
            Self::Low => 1,
            Self::Medium => 2,
            Self::High => 3,
            Self::Urgent => 4,
        }
    }
}

/// A label administrators defined.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Label {
    /// Server identifier.
    pub id: LabelId,
    /// Its name, unique regardless of case (hostile: text only).
    pub name: String,
    /// Its colour.
    pub colour: LabelColour,
}

/// Body of `POST /api/v1/labels` and `PATCH /api/v1/labels/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabelRequest {
    /// Name, 1 to 50 characters, unique regardless of case.
    pub name: String,
    /// Colour.
    pub colour: LabelColour,
}

/// Body of `PUT /api/v1/conversations/{id}/labels`: the conversation's
/// labels after the change (unknown ids are refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationLabelsRequest {
    /// Every label the conversation should have.
    pub labels: Vec<LabelId>,
}

/// Body of `PUT /api/v1/conversations/{id}/priority`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriorityRequest {
    /// The new priority.
    pub priority: Priority,
}
