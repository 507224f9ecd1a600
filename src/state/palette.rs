//! The command palette's entries and how a typed query ranks them.
//!
//! The entries are what the operator may do right now: the conversation
//! actions come from [`available`](super::actions::available), the same
//! function that draws the buttons, so the palette never offers what the
//! buttons would not. Each entry has its label in English and in French, and
//! a query matches either, whatever the language on screen. The actions on
//! a message come from [`message_actions`], the function that draws its
//! menu, and canned responses are offered only where the composer is drawn.

use switchboard_protocol::{
    CannedResponse, CannedResponseId, ConversationId, ConversationStatus, ConversationSummary,
    LineId, Message, MessageId, Presence, SnoozePreset, UserId,
};

use super::actions::{available, can_see, Actor, ConversationAction};
use super::message_actions::{message_actions, MenuContext, MessageAction};
use super::queue::QueueTab;
use super::route::{Route, SettingsSection};
use crate::preferences::Theme;

/// The words the entries are made of; the view gives their English and
/// French text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    /// "Reply".
    Reply,
    /// "Transfer to" (a colleague or a channel follows).
    TransferTo,
    /// "Invite" (a colleague follows).
    Invite,
    /// A conversation action's own name ("Accept and close", "Take"…).
    Action(ConversationAction),
    /// "Go to" (a screen follows).
    GoTo,
    /// A screen of the navigation rail.
    Screen(Route),
    /// "Open" (a conversation follows).
    Open,
    /// "Set status".
    SetStatus,
    /// A presence's name.
    Presence(Presence),
    /// "Language".
    Language,
    /// "Theme".
    Theme,
    /// A theme's name.
    ThemeName(Theme),
    /// "Snooze: In 1 hour" and the other presets.
    Snooze(SnoozePreset),
    /// "Queue tab" (a tab's name follows).
    QueueTab,
    /// A queue tab's name.
    Tab(QueueTab),
    /// "Insert canned response" (its title follows).
    InsertCanned,
    /// "Message" (an action on the focused message follows).
    Message,
    /// An action of the message's menu ("Quote", "Edit"…).
    MessageAction(MessageAction),
}

/// What an entry does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// "Reply": take the unanswered conversation and write.
    Reply(ConversationId),
    /// A conversation action that needs nothing more (close, spam, take,
    /// lock, unlock, finish).
    Act(ConversationId, ConversationAction),
    /// Transfer to a colleague.
    TransferToUser(ConversationId, UserId),
    /// Transfer to another open channel.
    TransferToLine(ConversationId, LineId),
    /// Invite a colleague.
    Invite(ConversationId, UserId),
    /// Show a screen.
    Go(Route),
    /// Open a conversation.
    Open(ConversationId),
    /// Change my presence.
    SetStatus(Presence),
    /// Switch the language (`en`, `fr`).
    Language(&'static str),
    /// Switch the theme.
    Theme(Theme),
    /// Snooze the open conversation until a preset time.
    Snooze(ConversationId, SnoozePreset),
    /// Show a tab of the queue.
    Tab(QueueTab),
    /// Insert a canned response into the open conversation's composer.
    InsertCanned(ConversationId, CannedResponseId),
    /// An action of the focused message's menu.
    OnMessage(ConversationId, MessageId, MessageAction),
}

/// One line of the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What it does.
    pub command: Command,
    /// Its label in English and in French.
    pub labels: [String; 2],
    /// The id of the shortcut action that does the same, if any (its keys
    /// show beside the label).
    pub shortcut: Option<&'static str>,
}

/// What the entries are built from: the stores' data, as plain values.
pub struct Context<'a> {
    /// Who is acting.
    pub actor: &'a Actor,
    /// The conversation on screen, if any.
    pub open: Option<&'a ConversationSummary>,
    /// Active colleagues (me excluded): id and name.
    pub colleagues: &'a [(UserId, String)],
    /// Open channels that are not archived: id and name.
    pub lines: &'a [(LineId, String)],
    /// The conversations the queue holds.
    pub conversations: &'a [&'a ConversationSummary],
    /// My presence now.
    pub presence: Presence,
    /// The language on screen (`en`, `fr`).
    pub language: &'a str,
    /// The theme now.
    pub theme: Theme,
    /// The queue tab shown now.
    pub tab: QueueTab,
    /// The canned responses I may use (empty until they are loaded).
    pub canned: &'a [CannedResponse],
    /// The message of the open conversation that has the focus in its log
    /// (or had it last), with what its menu depends on.
    pub focused: Option<(&'a Message, MenuContext)>,
}

/// Whether the open conversation shows a composer `actor` can write in:
/// in progress and theirs or shared with them, or finished (writing reopens
/// it for the writer), as the conversation's footer draws it.
pub fn has_composer(open: &ConversationSummary, actor: &Actor) -> bool {
    match open.status {
        ConversationStatus::Unanswered => false,
        ConversationStatus::InProgress => {
            open.assignee == Some(actor.id) || open.participants.contains(&actor.id)
        }
        ConversationStatus::Closed | ConversationStatus::Spam => can_see(open, actor),
    }
}

/// The languages of the app, each in its own name.
pub const LANGUAGES: [(&str, &str); 2] = [("en", "English"), ("fr", "Français")];

/// Every entry available in `context`, in the palette's order: what can be
/// done to the conversation on screen first (then to its focused message,
/// then the canned responses to insert), the conversations to open, the
/// queue's tabs, the screens, my status, the language and the theme.
pub fn entries(context: &Context<'_>, words: &dyn Fn(Phrase) -> [&'static str; 2]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut push = |command, labels: [String; 2], shortcut| {
        out.push(Entry {
            command,
            labels,
            shortcut,
        })
    };
    let phrase = |phrase: Phrase| words(phrase).map(str::to_owned);
    let joined = |first: Phrase, rest: &str| words(first).map(|word| format!("{word} {rest}"));
    if let Some(open) = context.open {
        let id = open.id;
        if open.status == ConversationStatus::Unanswered && can_see(open, context.actor) {
            push(Command::Reply(id), phrase(Phrase::Reply), Some("reply"));
        }
        let set = available(open, context.actor);
        for action in set.primary.iter().chain(&set.more).copied() {
            match action {
                ConversationAction::Transfer => {
                    for (user, name) in context.colleagues {
                        let labels = joined(Phrase::TransferTo, name);
                        push(Command::TransferToUser(id, *user), labels, Some("transfer"));
                    }
                    for (line, name) in context.lines.iter().filter(|(l, _)| *l != open.line_id) {
                        let labels = joined(Phrase::TransferTo, name);
                        push(Command::TransferToLine(id, *line), labels, Some("transfer"));
                    }
                }
                ConversationAction::Invite => {
                    let involved = |user: &UserId| {
                        open.assignee == Some(*user) || open.participants.contains(user)
                    };
                    for (user, name) in context.colleagues.iter().filter(|(u, _)| !involved(u)) {
                        push(
                            Command::Invite(id, *user),
                            joined(Phrase::Invite, name),
                            Some("invite"),
                        );
                    }
                }
                ConversationAction::Snooze => {
                    for preset in [
                        SnoozePreset::OneHour,
                        SnoozePreset::Tomorrow,
                        SnoozePreset::NextMonday,
                    ] {
                        let action = words(Phrase::Action(ConversationAction::Snooze));
                        let when = words(Phrase::Snooze(preset));
                        let labels = [0, 1].map(|i| format!("{}: {}", action[i], when[i]));
                        push(Command::Snooze(id, preset), labels, None);
                    }
                }
                ConversationAction::History | ConversationAction::SaveToCrm => {}
                other => push(
                    Command::Act(id, other),
                    phrase(Phrase::Action(other)),
                    shortcut_of(other),
                ),
            }
        }
        if let Some((message, menu)) = context
            .focused
            .filter(|(message, _)| message.conversation_id == id)
        {
            let word = words(Phrase::Message);
            // Disabled items of the menu (an edit the channel cannot
            // deliver) are left out.
            for (action, _) in message_actions(message, &menu)
                .into_iter()
                .filter(|(_, unavailable)| unavailable.is_none())
            {
                let name = words(Phrase::MessageAction(action));
                let labels = [0, 1].map(|i| format!("{}: {}", word[i], name[i]));
                push(Command::OnMessage(id, message.id, action), labels, None);
            }
        }
        if has_composer(open, context.actor) {
            let insert = words(Phrase::InsertCanned);
            for canned in context.canned {
                let mut name = canned.title.clone();
                if let Some(shortcut) = canned.shortcut.as_deref() {
                    name = format!("{name} #{shortcut}");
                }
                let labels = insert.map(|word| format!("{word}: {name}"));
                push(Command::InsertCanned(id, canned.id), labels, None);
            }
        }
    }
    for conversation in context.conversations {
        if !can_see(conversation, context.actor) {
            continue;
        }
        let mut name = conversation.customer.name.clone();
        if let Some(title) = conversation
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            name = format!("{name} — {title}");
        }
        push(
            Command::Open(conversation.id),
            joined(Phrase::Open, &name),
            None,
        );
    }
    for tab in QueueTab::ALL {
        if tab != context.tab {
            let name = words(Phrase::Tab(tab));
            let word = words(Phrase::QueueTab);
            let labels = [0, 1].map(|i| format!("{}: {}", word[i], name[i]));
            push(Command::Tab(tab), labels, None);
        }
    }
    for (route, shortcut) in screens(context.actor) {
        let screen = words(Phrase::Screen(route));
        let labels = words(Phrase::GoTo).map(|go| go.to_owned());
        let labels = [
            format!("{} {}", labels[0], screen[0]),
            format!("{} {}", labels[1], screen[1]),
        ];
        push(Command::Go(route), labels, shortcut);
    }
    for presence in [Presence::Online, Presence::Away, Presence::Offline] {
        if presence != context.presence {
            let status = words(Phrase::Presence(presence));
            let set = words(Phrase::SetStatus);
            let labels = [
                format!("{}: {}", set[0], status[0]),
                format!("{}: {}", set[1], status[1]),
            ];
            push(Command::SetStatus(presence), labels, None);
        }
    }
    for (code, name) in LANGUAGES {
        if code != context.language {
            let labels = words(Phrase::Language).map(|word| format!("{word}: {name}"));
            push(Command::Language(code), labels, None);
        }
    }
    for theme in [Theme::Light, Theme::Dark, Theme::System] {
        if theme != context.theme {
            let name = words(Phrase::ThemeName(theme));
            let word = words(Phrase::Theme);
            let labels = [
                format!("{}: {}", word[0], name[0]),
                format!("{}: {}", word[1], name[1]),
            ];
            push(Command::Theme(theme), labels, None);
        }
    }
    out
}

/// The shortcut action that runs a conversation action, if one does.
pub fn shortcut_of(action: ConversationAction) -> Option<&'static str> {
    Some(match action {
        ConversationAction::Transfer => "transfer",
        ConversationAction::AcceptAndClose => "accept_and_close",
        ConversationAction::MarkSpam => "mark_spam",
        ConversationAction::Take => "take",
        ConversationAction::Invite => "invite",
        ConversationAction::Finish => "finish",
        ConversationAction::Lock | ConversationAction::Unlock => "lock",
        ConversationAction::History
        | ConversationAction::SaveToCrm
        | ConversationAction::Snooze => return None,
    })
}

/// The screens of the rail this person may open, with their shortcut.
fn screens(actor: &Actor) -> Vec<(Route, Option<&'static str>)> {
    let mut screens = vec![
        (Route::ContactCenter, Some("go_contact_center")),
        (Route::Chats(None), Some("go_chats")),
        (Route::Tasks, Some("go_tasks")),
        (Route::Calendar, Some("go_calendar")),
        (Route::Feed, Some("go_feed")),
    ];
    if actor.role != switchboard_protocol::Role::Operator {
        screens.extend([
            (Route::Supervision, None),
            (Route::Settings(SettingsSection::default()), None),
            (Route::Reports, None),
        ]);
    }
    screens
}

/// The entries that match `query`, best first (ties keep the entries'
/// order); every entry, in order, for an empty query.
pub fn rank<'a>(entries: &'a [Entry], query: &str) -> Vec<&'a Entry> {
    let query = fold(query);
    if query.is_empty() {
        return entries.iter().collect();
    }
    let mut scored: Vec<(i32, usize, &Entry)> = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let best = entry
                .labels
                .iter()
                .filter_map(|label| score(&query, &fold(label)))
                .max()?;
            Some((best, index, entry))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, entry)| entry).collect()
}

/// Lower case without accents, spaces dropped from nothing (they mark the
/// starts of words): "Transférer à Marc" → "transferer a marc".
pub fn fold(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'œ' => "oe",
            'æ' => "ae",
            'ß' => "ss",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.extend(plain.chars());
    }
    out
}

/// How well `query` (folded, spaces ignored) matches `label` (folded) as a
/// subsequence, or `None` when it does not. Each letter matched scores; a
/// letter at the start of a word or right after the previous match scores
/// more; letters skipped between matches cost a little, so "fin" ranks
/// "Finish" above "Transfer to Justin".
pub fn score(query: &[char], label: &[char]) -> Option<i32> {
    const MATCH: i32 = 1;
    const WORD_START: i32 = 8;
    const CONSECUTIVE: i32 = 6;
    let query: Vec<char> = query
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace())
        .collect();
    if query.is_empty() {
        return Some(0);
    }
    let n = label.len();
    let start_of_word = |j: usize| j == 0 || !label[j - 1].is_alphanumeric();
    // best[j]: the best score with the query's current letter at label[j].
    let mut best: Vec<Option<i32>> = vec![None; n];
    for (i, &letter) in query.iter().enumerate() {
        let mut next = vec![None; n];
        // The best score of the previous letter at any position before j,
        // less the gap since then.
        let mut running: Option<(i32, usize)> = None;
        for j in 0..n {
            if i > 0 && j > 0 {
                if let Some(previous) = best[j - 1] {
                    let better = running
                        .is_none_or(|(score, at)| previous > score - (j - 1 - at).min(5) as i32);
                    if better {
                        running = Some((previous, j - 1));
                    }
                }
            }
            if label[j] != letter {
                continue;
            }
            let bonus = MATCH + if start_of_word(j) { WORD_START } else { 0 };
            next[j] = if i == 0 {
                // Matching late in the label costs a little.
                Some(bonus - (j as i32).min(10) / 2)
            } else {
                let consecutive = (j > 0)
                    .then(|| best[j - 1])
                    .flatten()
                    .map(|score| score + bonus + CONSECUTIVE);
                let gapped = running.map(|(score, at)| score + bonus - (j - at - 1).min(5) as i32);
                consecutive.max(gapped)
            };
        }
        best = next;
    }
    best.into_iter().flatten().max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::queue::tests::{customer_message, summary};
    use switchboard_protocol::{AuthorKind, CannedScope, Role};

    fn words(phrase: Phrase) -> [&'static str; 2] {
        use ConversationAction::*;
        match phrase {
            Phrase::Reply => ["Reply", "Répondre"],
            Phrase::TransferTo => ["Transfer to", "Transférer à"],
            Phrase::Invite => ["Invite", "Inviter"],
            Phrase::Action(AcceptAndClose) => ["Accept and close", "Accepter et clôturer"],
            Phrase::Action(MarkSpam) => ["Mark as spam", "Marquer comme spam"],
            Phrase::Action(Take) => ["Take", "Prendre"],
            Phrase::Action(Lock) => ["Lock", "Verrouiller"],
            Phrase::Action(Unlock) => ["Unlock", "Déverrouiller"],
            Phrase::Action(Finish) => ["Finish", "Terminer"],
            Phrase::Action(Snooze) => ["Snooze", "Mettre en attente"],
            Phrase::Snooze(SnoozePreset::OneHour) => ["In 1 hour", "Dans 1 heure"],
            Phrase::Snooze(_) => ["Later", "Plus tard"],
            Phrase::Action(_) => ["Other", "Autre"],
            Phrase::GoTo => ["Go to", "Aller à"],
            Phrase::Screen(Route::Chats(_)) => ["Chats", "Discussions"],
            Phrase::Screen(_) => ["Screen", "Écran"],
            Phrase::Open => ["Open", "Ouvrir"],
            Phrase::SetStatus => ["Set status", "Statut"],
            Phrase::Presence(Presence::Away) => ["Away", "Absent"],
            Phrase::Presence(Presence::Offline) => ["Offline", "Hors ligne"],
            Phrase::Presence(_) => ["Online", "En ligne"],
            Phrase::Language => ["Language", "Langue"],
            Phrase::Theme => ["Theme", "Thème"],
            Phrase::ThemeName(Theme::Dark) => ["Dark", "Sombre"],
            Phrase::ThemeName(_) => ["Light", "Clair"],
            Phrase::QueueTab => ["Queue tab", "Onglet de la file"],
            Phrase::Tab(QueueTab::Closed) => ["Closed", "Fermées"],
            Phrase::Tab(QueueTab::Snoozed) => ["Snoozed", "En attente"],
            Phrase::Tab(QueueTab::InProgress) => ["In progress", "En cours"],
            Phrase::Tab(QueueTab::Unanswered) => ["Unanswered", "Sans réponse"],
            Phrase::InsertCanned => ["Insert canned response", "Insérer la réponse prédéfinie"],
            Phrase::Message => ["Message", "Message"],
            Phrase::MessageAction(MessageAction::Quote) => ["Quote", "Citer"],
            Phrase::MessageAction(MessageAction::Edit) => ["Edit", "Modifier"],
            Phrase::MessageAction(MessageAction::Delete) => ["Delete", "Supprimer"],
            Phrase::MessageAction(MessageAction::CreateTask) => ["Create task", "Créer une tâche"],
            Phrase::MessageAction(_) => ["Other", "Autre"],
        }
    }

    fn operator(id: i64) -> Actor {
        Actor {
            id: UserId(id),
            role: Role::Operator,
            lines: vec![LineId(1)],
        }
    }

    fn build(open: Option<&ConversationSummary>, actor: &Actor) -> Vec<Entry> {
        build_with(open, actor, None)
    }

    fn canned() -> Vec<CannedResponse> {
        vec![CannedResponse {
            id: CannedResponseId(5),
            title: "Signature".into(),
            text: "Belle journée, {operator_name}".into(),
            shortcut: Some("sig".into()),
            scope: CannedScope::Personal,
            owner: Some(UserId(2)),
            editable: true,
        }]
    }

    fn menu(me: i64, can_act: bool) -> MenuContext {
        MenuContext {
            me: UserId(me),
            can_act,
            channel_edits: true,
            first_of_session: false,
        }
    }

    fn build_with(
        open: Option<&ConversationSummary>,
        actor: &Actor,
        focused: Option<(&Message, MenuContext)>,
    ) -> Vec<Entry> {
        let colleagues = [
            (UserId(3), "Marc Petit".to_owned()),
            (UserId(4), "Sophie Laurent".to_owned()),
        ];
        let lines = [
            (LineId(1), "Support".to_owned()),
            (LineId(2), "Sales".to_owned()),
        ];
        let canned = canned();
        let mut other = summary(7, ConversationStatus::Unanswered, 1);
        other.customer.name = "Élodie Durand".into();
        other.title = Some("Commande 42".into());
        let context = Context {
            actor,
            open,
            colleagues: &colleagues,
            lines: &lines,
            conversations: &[&other],
            presence: Presence::Online,
            language: "en",
            theme: Theme::System,
            tab: QueueTab::Unanswered,
            canned: &canned,
            focused,
        };
        entries(&context, &words)
    }

    fn english(entries: &[&Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|entry| entry.labels[0].clone())
            .collect()
    }

    fn first(entries: &[Entry], query: &str) -> String {
        rank(entries, query)
            .first()
            .map(|entry| entry.labels[0].clone())
            .unwrap_or_default()
    }

    #[test]
    fn an_unanswered_conversation_offers_what_its_buttons_offer() {
        let open = summary(1, ConversationStatus::Unanswered, 1);
        let entries = build(Some(&open), &operator(2));
        let labels = english(&entries.iter().collect::<Vec<_>>());
        for expected in [
            "Reply",
            "Transfer to Marc Petit",
            "Transfer to Sales",
            "Accept and close",
            "Mark as spam",
            "Take",
        ] {
            assert!(
                labels.contains(&expected.to_owned()),
                "{expected}: {labels:?}"
            );
        }
        // Not to the channel it is already in, and nothing of a conversation
        // in progress.
        assert!(!labels.contains(&"Transfer to Support".to_owned()));
        assert!(!labels.contains(&"Finish".to_owned()));
        assert!(!labels.iter().any(|label| label.starts_with("Invite")));
    }

    #[test]
    fn finish_and_invite_only_for_who_manages_it() {
        let mut open = summary(1, ConversationStatus::InProgress, 1);
        open.assignee = Some(UserId(2));
        open.participants = vec![UserId(4)];
        let mine = build(Some(&open), &operator(2));
        let labels = english(&mine.iter().collect::<Vec<_>>());
        assert!(labels.contains(&"Finish".to_owned()));
        assert!(labels.contains(&"Lock".to_owned()));
        assert!(labels.contains(&"Invite Marc Petit".to_owned()));
        // Sophie already takes part.
        assert!(!labels.contains(&"Invite Sophie Laurent".to_owned()));
        assert!(!labels.contains(&"Reply".to_owned()));
        assert!(!labels.contains(&"Take".to_owned()));
        // A colleague may take it, not finish it.
        let theirs = build(Some(&open), &operator(3));
        let labels = english(&theirs.iter().collect::<Vec<_>>());
        assert!(labels.contains(&"Take".to_owned()));
        assert!(!labels.contains(&"Finish".to_owned()));
        assert!(!labels.iter().any(|label| label.starts_with("Transfer")));
    }

    #[test]
    fn a_lock_takes_take_away_as_the_rules_say() {
        let mut open = summary(1, ConversationStatus::InProgress, 1);
        open.assignee = Some(UserId(2));
        open.locked_by = Some(UserId(2));
        let theirs = build(Some(&open), &operator(3));
        let labels = english(&theirs.iter().collect::<Vec<_>>());
        assert!(!labels.contains(&"Take".to_owned()), "{labels:?}");
        let mine = build(Some(&open), &operator(2));
        assert!(english(&mine.iter().collect::<Vec<_>>()).contains(&"Unlock".to_owned()));
    }

    #[test]
    fn a_closed_conversation_offers_no_action_and_outsiders_see_nothing_to_open() {
        let open = summary(1, ConversationStatus::Closed, 1);
        let entries = build(Some(&open), &operator(2));
        assert!(entries
            .iter()
            .all(|entry| !matches!(entry.command, Command::Act(..) | Command::Reply(_))));
        let outsider = Actor {
            lines: vec![LineId(9)],
            ..operator(5)
        };
        let entries = build(None, &outsider);
        assert!(!entries
            .iter()
            .any(|entry| matches!(entry.command, Command::Open(_))));
    }

    #[test]
    fn screens_status_language_and_theme_leave_out_the_current_choice() {
        let entries = build(None, &operator(2));
        let labels = english(&entries.iter().collect::<Vec<_>>());
        assert!(labels.contains(&"Go to Chats".to_owned()));
        assert!(labels.contains(&"Set status: Away".to_owned()));
        assert!(!labels.contains(&"Set status: Online".to_owned()));
        assert!(labels.contains(&"Language: Français".to_owned()));
        assert!(!labels.contains(&"Language: English".to_owned()));
        assert!(labels.contains(&"Theme: Dark".to_owned()));
        // Operators have no supervision.
        assert_eq!(labels.iter().filter(|l| l.starts_with("Go to")).count(), 5);
    }

    #[test]
    fn word_starts_and_consecutive_letters_rank_first() {
        let open = summary(1, ConversationStatus::Unanswered, 1);
        let entries = build(Some(&open), &operator(2));
        assert_eq!(first(&entries, "reply"), "Reply");
        assert_eq!(first(&entries, "transfer marc"), "Transfer to Marc Petit");
        assert_eq!(first(&entries, "tr sal"), "Transfer to Sales");
        assert_eq!(first(&entries, "spam"), "Mark as spam");
        assert_eq!(first(&entries, "TAKE"), "Take");
        assert!(rank(&entries, "zzz").is_empty());
        // Every entry, in order, for nothing typed.
        assert_eq!(rank(&entries, "  ").len(), entries.len());
    }

    #[test]
    fn matching_ignores_accents_and_reads_both_languages() {
        let open = summary(1, ConversationStatus::Unanswered, 1);
        let entries = build(Some(&open), &operator(2));
        // A customer's accented name, typed without accents.
        assert_eq!(
            first(&entries, "elodie"),
            "Open Élodie Durand — Commande 42"
        );
        assert_eq!(
            first(&entries, "commande"),
            "Open Élodie Durand — Commande 42"
        );
        // French words find the same entries while the app is in English.
        assert_eq!(first(&entries, "répondre"), "Reply");
        assert_eq!(first(&entries, "repondre"), "Reply");
        assert_eq!(
            first(&entries, "transferer a marc"),
            "Transfer to Marc Petit"
        );
        assert_eq!(first(&entries, "theme sombre"), "Theme: Dark");
    }

    fn labels(entries: &[Entry]) -> Vec<String> {
        english(&entries.iter().collect::<Vec<_>>())
    }

    fn mine_in_progress(id: i64, me: i64) -> ConversationSummary {
        let mut open = summary(id, ConversationStatus::InProgress, 1);
        open.assignee = Some(UserId(me));
        open
    }

    #[test]
    fn canned_responses_only_where_the_composer_is_drawn() {
        let insert = "Insert canned response: Signature #sig".to_owned();
        // Mine, in progress: the composer is there.
        let open = mine_in_progress(1, 2);
        let entries = build(Some(&open), &operator(2));
        assert!(labels(&entries).contains(&insert));
        assert!(entries
            .iter()
            .any(|entry| entry.command == Command::InsertCanned(open.id, CannedResponseId(5))));
        assert_eq!(first(&entries, "sig"), insert);
        assert_eq!(first(&entries, "inserer reponse"), insert);
        // A colleague's conversation, an unanswered one (Reply first), or
        // no conversation at all: no composer, no canned response.
        for (open, actor) in [
            (Some(mine_in_progress(1, 3)), operator(2)),
            (
                Some(summary(1, ConversationStatus::Unanswered, 1)),
                operator(2),
            ),
            (None, operator(2)),
        ] {
            let entries = build(open.as_ref(), &actor);
            assert!(
                !entries
                    .iter()
                    .any(|entry| matches!(entry.command, Command::InsertCanned(..))),
                "{open:?}"
            );
        }
        // Invited: I write too. Closed: writing reopens it.
        let mut shared = mine_in_progress(1, 3);
        shared.participants = vec![UserId(2)];
        assert!(labels(&build(Some(&shared), &operator(2))).contains(&insert));
        let closed = summary(1, ConversationStatus::Closed, 1);
        assert!(labels(&build(Some(&closed), &operator(2))).contains(&insert));
        // Not in a line I do not see.
        let outsider = Actor {
            lines: vec![LineId(9)],
            ..operator(2)
        };
        assert!(!labels(&build(Some(&closed), &outsider)).contains(&insert));
    }

    #[test]
    fn the_focused_message_offers_what_its_menu_offers() {
        let open = mine_in_progress(1, 2);
        let actor = operator(2);
        let customers = customer_message(10, 1, "Where is my parcel?");
        let entries = build_with(Some(&open), &actor, Some((&customers, menu(2, true))));
        let found = labels(&entries);
        assert!(found.contains(&"Message: Quote".to_owned()), "{found:?}");
        assert!(found.contains(&"Message: Create task".to_owned()));
        // Nobody edits or deletes a customer's message.
        assert!(!found.contains(&"Message: Edit".to_owned()));
        assert!(!found.contains(&"Message: Delete".to_owned()));
        assert!(entries.iter().any(|entry| entry.command
            == Command::OnMessage(open.id, MessageId(10), MessageAction::Quote)));
        assert_eq!(first(&entries, "quote"), "Message: Quote");
        assert_eq!(first(&entries, "citer"), "Message: Quote");

        // My own message: Edit and Delete, as in its menu.
        let mut own = customer_message(11, 1, "Tomorrow");
        own.author.kind = AuthorKind::Employee;
        own.author.user_id = Some(UserId(2));
        let found = labels(&build_with(
            Some(&open),
            &actor,
            Some((&own, menu(2, true))),
        ));
        assert!(found.contains(&"Message: Edit".to_owned()));
        assert!(found.contains(&"Message: Delete".to_owned()));
        // Where the channel cannot deliver an edit, the menu shows it
        // disabled: the palette leaves it out.
        let no_edits = MenuContext {
            channel_edits: false,
            ..menu(2, true)
        };
        let found = labels(&build_with(Some(&open), &actor, Some((&own, no_edits))));
        assert!(!found.contains(&"Message: Edit".to_owned()));
        assert!(found.contains(&"Message: Delete".to_owned()));

        // Who cannot write in the conversation cannot quote.
        let found = labels(&build_with(
            Some(&open),
            &actor,
            Some((&customers, menu(2, false))),
        ));
        assert!(!found.contains(&"Message: Quote".to_owned()));
        assert!(found.contains(&"Message: Create task".to_owned()));
        // A message of another conversation than the open one, or a deleted
        // one, offers nothing.
        let elsewhere = customer_message(12, 7, "Hello");
        let mut deleted = customer_message(13, 1, "Gone");
        deleted.deleted_at = Some(5);
        for message in [&elsewhere, &deleted] {
            let entries = build_with(Some(&open), &actor, Some((message, menu(2, true))));
            assert!(!entries
                .iter()
                .any(|entry| matches!(entry.command, Command::OnMessage(..))));
        }
    }

    #[test]
    fn every_queue_tab_but_the_shown_one() {
        let entries = build(None, &operator(2));
        let found = labels(&entries);
        assert!(found.contains(&"Queue tab: Closed".to_owned()));
        assert!(found.contains(&"Queue tab: Snoozed".to_owned()));
        assert!(!found.contains(&"Queue tab: Unanswered".to_owned()));
        assert_eq!(first(&entries, "fermees"), "Queue tab: Closed");
        assert!(entries
            .iter()
            .any(|entry| entry.command == Command::Tab(QueueTab::InProgress)));
    }

    #[test]
    fn scores_prefer_word_starts_over_scattered_letters() {
        let at = |query: &str, label: &str| score(&fold(query), &fold(label));
        assert!(at("fin", "Finish") > at("fin", "Transfer to Justin Finn"));
        assert!(at("mp", "Marc Petit") > at("mp", "Transfer to Sample"));
        assert_eq!(at("xyz", "Finish"), None);
        assert_eq!(fold("Œuvre Ça"), fold("oeuvre ca"));
    }
}
