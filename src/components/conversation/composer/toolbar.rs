//! The composer's toolbar (`role="toolbar"`): one button per tool, and the
//! panel of the tool that is open, floating above the field.

use leptos::prelude::*;

use super::compose::{Compose, Panel};
use super::{apps, canned, commands, emoji, files, forms, sales};
use crate::components::kit::toolbar::ToolbarButton;
use crate::i18n::*;
use crate::projection::use_locale;

/// The panel of the tool that is open, if any.
#[component]
pub fn OpenPanel() -> impl IntoView {
    let compose = expect_context::<Compose>();
    move || match compose.panel.get() {
        Some(Panel::Emoji) => view! { <emoji::EmojiPicker /> }.into_any(),
        Some(Panel::Commands) => view! { <commands::CommandMenu /> }.into_any(),
        Some(Panel::Canned) => view! { <canned::CannedPanel /> }.into_any(),
        Some(Panel::Forms) => view! { <forms::FormPanel /> }.into_any(),
        Some(Panel::Apps) => view! { <apps::AppsPanel /> }.into_any(),
        Some(Panel::Sales) => view! { <sales::SalesPanel /> }.into_any(),
        None => ().into_any(),
    }
}

/// The tools; those that need a customer conversation only there.
#[component]
pub fn ComposerToolbar() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let customer = compose.thread.conversation().is_some();
    let opens = move |panel: Panel| Signal::derive(move || compose.panel.get() == Some(panel));
    let toggle = move |panel: Panel| Callback::new(move |()| compose.toggle(panel));
    let mention = Callback::new(move |()| {
        let needs_space = compose.text.with_untracked(|text| {
            text[..compose.cursor.get_untracked().min(text.len())]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace())
        });
        compose.insert(if needs_space { " @" } else { "@" });
    });
    view! {
        <div class="composer-toolbar" role="toolbar" aria-label=move || td_string!(locale, composer.tools)>
            <files::FileButton />
            <ToolbarButton label=td_string!(locale, composer.mention) on_click=mention />
            <Show when=move || customer>
                <ToolbarButton
                    label=td_string!(locale, composer.commands)
                    haspopup="menu"
                    expanded=opens(Panel::Commands)
                    on_click=toggle(Panel::Commands)
                />
            </Show>
            <ToolbarButton
                label=td_string!(locale, composer.emoji)
                expanded=opens(Panel::Emoji)
                on_click=toggle(Panel::Emoji)
            />
            <Show when=move || customer>
                <ToolbarButton
                    label=td_string!(locale, composer.canned)
                    expanded=opens(Panel::Canned)
                    on_click=toggle(Panel::Canned)
                />
                <ToolbarButton
                    label=td_string!(locale, composer.send_form)
                    expanded=opens(Panel::Forms)
                    on_click=toggle(Panel::Forms)
                />
                <ToolbarButton
                    label=td_string!(locale, composer.market_apps)
                    expanded=opens(Panel::Apps)
                    on_click=toggle(Panel::Apps)
                />
                <ToolbarButton
                    label=td_string!(locale, composer.start_selling)
                    expanded=opens(Panel::Sales)
                    on_click=toggle(Panel::Sales)
                />
                <ToolbarButton
                    label=td_string!(locale, composer.silent_mode)
                    pressed=Signal::derive(move || compose.silent.get())
                    on_click=Callback::new(move |()| compose.silent.update(|silent| *silent = !*silent))
                />
            </Show>
        </div>
    }
}
