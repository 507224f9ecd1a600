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

/// The panel of a tool, floating over the log: Escape closes it and gives
/// the focus back to the field, unless what is open inside (a form's
/// dialog, an app) takes the Escape for itself.
#[component]
pub fn ToolPanel(
    /// The panel's accessible name, in the view's language.
    label: &'static str,
    /// Its own class, beside `tool-panel`.
    #[prop(optional)]
    class: &'static str,
    /// `dialog`, or `menu` for a list of commands.
    #[prop(optional, default = "dialog")]
    role: &'static str,
    /// Whether something open inside takes the Escape.
    #[prop(optional, into)]
    inner_open: Option<Signal<bool>>,
    /// The panel's content.
    children: Children,
) -> impl IntoView {
    let compose = expect_context::<Compose>();
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if !inner_open.is_some_and(|open| open.get_untracked()) {
            compose.close_on_escape(&event);
        }
    };
    view! {
        <div class=format!("tool-panel {class}") role=role aria-label=label on:keydown=on_keydown>
            {children()}
        </div>
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
                {[
                    (td_string!(locale, composer.canned), Panel::Canned),
                    (td_string!(locale, composer.send_form), Panel::Forms),
                    (td_string!(locale, composer.market_apps), Panel::Apps),
                    (td_string!(locale, composer.start_selling), Panel::Sales),
                ]
                    .map(|(label, panel)| {
                        view! { <ToolbarButton label=label expanded=opens(panel) on_click=toggle(panel) /> }
                    })}
                <ToolbarButton
                    label=td_string!(locale, composer.silent_mode)
                    pressed=Signal::derive(move || compose.silent.get())
                    on_click=Callback::new(move |()| compose.silent.update(|silent| *silent = !*silent))
                />
            </Show>
        </div>
    }
}
