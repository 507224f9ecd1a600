//! The command palette and the keyboard cheat sheet, a part loaded on
//! demand: the start module carries only the keyboard listener
//! ([`crate::components::workspace::keys`]) and the button.

pub mod cheat_sheet;
pub mod dialog;
pub mod run;
