//! Enums with a fixed set of names (statuses, roles, kinds...): one list of
//! names per enum, used by serde on the wire and by a server's storage, so
//! what is written to a database column always reads back.

/// A name that is none of an enum's: a value stored by another version, or
/// a corrupted one. Reading it fails instead of falling back to a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The enum, e.g. `ConversationStatus`.
    pub kind: &'static str,
    /// What was read.
    pub value: String,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not a {}", self.value, self.kind)
    }
}

impl std::error::Error for UnknownName {}

/// Declares a field-less enum whose variants each have one name: the serde
/// name (`#[serde(rename)]` from the same literal), `as_str`, `parse`,
/// [`FromStr`](std::str::FromStr) (failing with [`UnknownName`]) and `ALL`,
/// every variant in declaration order. Extra attributes (docs, derives)
/// before `pub enum` are kept.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $text:tt,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[cfg_attr(feature = "openapi", schema(rename = $text))]
                $variant,
            )+
        }

        // Written by hand rather than derived: a name is a string on the
        // wire, and parsing it through `parse` costs the app a fraction of
        // the code serde's derive generates for each enum.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Self::parse(&value).ok_or_else(|| {
                    <D::Error as serde::de::Error>::unknown_variant(&value, &[$($text),+])
                })
            }
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [Self; [$($text),+].len()] = [$(Self::$variant),+];

            /// The name on the wire and in storage, e.g. `"in_progress"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            /// The variant of a name, if it is one.
            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::names::UnknownName;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::parse(value).ok_or_else(|| $crate::names::UnknownName {
                    kind: stringify!($name),
                    value: value.to_owned(),
                })
            }
        }
    };
}

pub(crate) use named_enum;

#[cfg(test)]
mod tests {
    use crate::{
        AuthorKind, ConnectorKind, ConversationStatus, DealStage, DistributionMode, OrderStatus,
        PaymentStatus, Presence, Role, TaskStatus,
    };

    /// Every name reads back as its variant and is what serde writes.
    fn round_trips<T>(all: &[T], as_str: fn(T) -> &'static str)
    where
        T: Copy + std::fmt::Debug + PartialEq + serde::Serialize + std::str::FromStr,
        T::Err: std::fmt::Debug,
    {
        for &variant in all {
            let name = as_str(variant);
            assert_eq!(name.parse::<T>().unwrap(), variant);
            assert_eq!(serde_json::to_value(variant).unwrap(), name);
        }
    }

    #[test]
    fn names_are_the_wire_names_and_read_back() {
        round_trips(&Role::ALL, Role::as_str);
        round_trips(&Presence::ALL, Presence::as_str);
        round_trips(&DistributionMode::ALL, DistributionMode::as_str);
        round_trips(&ConnectorKind::ALL, ConnectorKind::as_str);
        round_trips(&ConversationStatus::ALL, ConversationStatus::as_str);
        round_trips(&AuthorKind::ALL, AuthorKind::as_str);
        round_trips(&TaskStatus::ALL, TaskStatus::as_str);
        round_trips(&DealStage::ALL, DealStage::as_str);
        round_trips(&OrderStatus::ALL, OrderStatus::as_str);
        round_trips(&PaymentStatus::ALL, PaymentStatus::as_str);
    }

    #[test]
    fn an_unknown_name_is_an_error_not_a_default() {
        let error = "archived".parse::<ConversationStatus>().unwrap_err();
        assert_eq!(error.kind, "ConversationStatus");
        assert_eq!(
            error.to_string(),
            "\"archived\" is not a ConversationStatus"
        );
        assert!("".parse::<Role>().is_err());
        assert_eq!(Role::parse("Admin"), None, "names are exact");
    }
}
