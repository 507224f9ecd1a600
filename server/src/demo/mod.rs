//! The demo workspace loaded by `--demo`: four employees (password `demo`),
//! the lines Sales and Support with five connectors, and a dozen customers
//! with conversations in every state. Loading twice changes nothing.

mod collab;
mod composer;
mod sales;

use switchboard_protocol::{
    AuthorKind, ConnectorId, ConnectorKind, ConversationId, ConversationStatus, DistributionMode,
    FileId, LineId, Presence, Role, UserId,
};

use crate::error::ApiError;
use crate::services::settings::channels::{add_connector_to, add_line};
use crate::services::settings::people::{add_person, NewPerson};
use crate::state::AppState;
use crate::store::{self, conversations, customers, files, messages, users};

/// Password of every demo account.
pub const DEMO_PASSWORD: &str = "demo";

/// A 1×1 PNG, the demo's image attachment.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

const INVOICE_TXT: &str = "Facture FA-2024-0117\nMontant : 149,00 EUR\nStatut : payée\n";

/// Who writes a demo message.
#[derive(Clone, Copy)]
enum By {
    Customer,
    Employee,
    Note,
    System,
}

/// A demo session: status, assignee index, minutes ago, messages, attachment.
struct Session {
    status: ConversationStatus,
    assignee: Option<usize>,
    minutes_ago: i64,
    lines: &'static [(By, &'static str)],
    attachment: Option<&'static str>,
}

struct DemoCustomer {
    connector: usize,
    name: &'static str,
    email: Option<&'static str>,
    phone: Option<&'static str>,
    sessions: &'static [Session],
}

use By::{Customer as C, Employee as E, Note as N, System as S};
use ConversationStatus::{Closed, InProgress, Spam, Unanswered};

// Employee indexes: 0 Alex, 1 Olivia, 2 Marc, 3 Sophie.
// Connector indexes: 0 livechat, 1 whatsapp (Sales); 2 telegram, 3 facebook, 4 instagram (Support).
const CUSTOMERS: &[DemoCustomer] = &[
    DemoCustomer {
        connector: 0,
        name: "Marie Dupont",
        email: Some("marie.dupont@example.fr"),
        phone: None,
        sessions: &[
            Session {
                status: Closed,
                assignee: Some(1),
                minutes_ago: 60 * 24 * 40,
                attachment: None,
                lines: &[
                    (C, "Bonjour, avez-vous le modèle Atlas en stock ?"),
                    (E, "Bonjour Marie, oui, livraison sous 48 h."),
                    (C, "Parfait, merci !"),
                ],
            },
            Session {
                status: Closed,
                assignee: Some(1),
                minutes_ago: 60 * 24 * 25,
                attachment: Some("png"),
                lines: &[
                    (C, "Le colis est arrivé abîmé, voici une photo."),
                    (E, "Désolée ! Nous vous renvoyons un article aujourd'hui."),
                ],
            },
            Session {
                status: Closed,
                assignee: Some(0),
                minutes_ago: 60 * 24 * 10,
                attachment: None,
                lines: &[
                    (C, "Pouvez-vous m'envoyer la facture ?"),
                    (E, "C'est fait, vérifiez vos e-mails."),
                ],
            },
            Session {
                status: Unanswered,
                assignee: None,
                minutes_ago: 4,
                attachment: None,
                lines: &[
                    (
                        C,
                        "Bonjour ! Je voudrais commander trois Atlas pour mon bureau.",
                    ),
                    (C, "Y a-t-il une remise à partir de trois ?"),
                ],
            },
        ],
    },
    DemoCustomer {
        connector: 1,
        name: "John Carter",
        email: None,
        phone: Some("+44 20 7946 0958"),
        sessions: &[Session {
            status: Unanswered,
            assignee: None,
            minutes_ago: 12,
            attachment: None,
            lines: &[(C, "Hi, do you ship to the UK?")],
        }],
    },
    DemoCustomer {
        connector: 0,
        name: "Camille Moreau",
        email: Some("camille@example.fr"),
        phone: None,
        sessions: &[Session {
            status: InProgress,
            assignee: Some(1),
            minutes_ago: 30,
            attachment: None,
            lines: &[
                (
                    C,
                    "Bonsoir, quelle est la différence entre Atlas et Atlas Pro ?",
                ),
                (E, "Bonsoir Camille ! La version Pro a une batterie double."),
                (N, "Cliente fidèle, proposer le code FIDELE10."),
                (C, "Et le prix ?"),
            ],
        }],
    },
    DemoCustomer {
        connector: 1,
        name: "Emma Wilson",
        email: Some("emma.wilson@example.com"),
        phone: Some("+1 555 0100"),
        sessions: &[Session {
            status: InProgress,
            assignee: Some(0),
            minutes_ago: 55,
            attachment: Some("txt"),
            lines: &[
                (C, "Could you send me a quote for 20 units?"),
                (E, "Sure Emma, here is our quote."),
                (C, "Thanks, I'll check with my manager."),
            ],
        }],
    },
    DemoCustomer {
        connector: 0,
        name: "Lucas Bernard",
        email: None,
        phone: None,
        sessions: &[Session {
            status: Closed,
            assignee: Some(1),
            minutes_ago: 60 * 5,
            attachment: None,
            lines: &[
                (C, "Merci pour votre aide !"),
                (E, "Avec plaisir, bonne journée !"),
                (S, "Conversation terminée"),
            ],
        }],
    },
    DemoCustomer {
        connector: 1,
        name: "Win a FREE iPhone",
        email: None,
        phone: Some("+1 555 0199"),
        sessions: &[Session {
            status: Spam,
            assignee: None,
            minutes_ago: 60 * 7,
            attachment: None,
            lines: &[(C, "Congratulations!!! Click here to claim your prize")],
        }],
    },
    DemoCustomer {
        connector: 2,
        name: "Pierre Lefèvre",
        email: None,
        phone: None,
        sessions: &[Session {
            status: Unanswered,
            assignee: None,
            minutes_ago: 2,
            attachment: None,
            lines: &[(C, "Mon application ne se synchronise plus depuis ce matin.")],
        }],
    },
    DemoCustomer {
        connector: 3,
        name: "Sarah Johnson",
        email: Some("sarah.j@example.com"),
        phone: None,
        sessions: &[Session {
            status: Unanswered,
            assignee: None,
            minutes_ago: 18,
            attachment: Some("png"),
            lines: &[(C, "I get this error when I log in, see the screenshot.")],
        }],
    },
    DemoCustomer {
        connector: 4,
        name: "Léa Garnier",
        email: None,
        phone: None,
        sessions: &[Session {
            status: InProgress,
            assignee: Some(2),
            minutes_ago: 40,
            attachment: None,
            lines: &[
                (C, "Salut ! Mon mot de passe ne marche plus."),
                (
                    E,
                    "Bonjour Léa, je vous envoie un lien de réinitialisation.",
                ),
                (C, "Je ne l'ai pas reçu…"),
            ],
        }],
    },
    DemoCustomer {
        connector: 2,
        name: "David Miller",
        email: None,
        phone: None,
        sessions: &[Session {
            status: InProgress,
            assignee: Some(1),
            minutes_ago: 75,
            attachment: None,
            lines: &[
                (C, "The export to CSV is missing a column."),
                (N, "@{user:3} can you confirm this is a known bug?"),
                (E, "Thanks David, we're looking into it."),
            ],
        }],
    },
    DemoCustomer {
        connector: 3,
        name: "Nicolas Roux",
        email: None,
        phone: None,
        sessions: &[Session {
            status: Closed,
            assignee: Some(2),
            minutes_ago: 60 * 26,
            attachment: None,
            lines: &[
                (C, "Comment changer mon adresse de facturation ?"),
                (E, "Dans Paramètres > Facturation, tout en bas."),
                (C, "Trouvé, merci !"),
            ],
        }],
    },
    DemoCustomer {
        connector: 4,
        name: "Olga Ivanova",
        email: None,
        phone: None,
        sessions: &[Session {
            status: Spam,
            assignee: None,
            minutes_ago: 60 * 30,
            attachment: None,
            lines: &[(C, "Buy followers cheap!!! 10k for $5")],
        }],
    },
];

/// Loads the demo workspace unless it is already there.
pub async fn seed(state: &AppState) -> Result<(), ApiError> {
    {
        let mut db = state.pool.acquire().await?;
        if users::by_email(&mut db, "admin@example.com")
            .await?
            .is_some()
        {
            return Ok(());
        }
    }
    // One hash for the four accounts: they share the password anyway, and
    // argon2 is deliberately slow.
    let hash = crate::services::auth::hash_password(DEMO_PASSWORD.into()).await?;
    let now = store::now_ms();
    let mut tx = store::begin_write(&state.pool).await?;
    let people = [
        (
            "Alex Martin",
            "admin@example.com",
            Role::Admin,
            Presence::Online,
        ),
        (
            "Olivia Bernard",
            "olivia@example.com",
            Role::Operator,
            Presence::Online,
        ),
        (
            "Marc Petit",
            "marc@example.com",
            Role::Operator,
            Presence::Online,
        ),
        (
            "Sophie Laurent",
            "sophie@example.com",
            Role::Supervisor,
            Presence::Away,
        ),
    ];
    // Built through the settings' own services, as an administrator would.
    let mut staff: Vec<(UserId, &str)> = Vec::new();
    for (name, email, role, presence) in people {
        let person = NewPerson {
            name,
            email,
            role,
            lines: &[],
            password_hash: Some(&hash),
        };
        let id = add_person(&mut tx, &person, now).await?;
        users::set_presence(&mut tx, id, presence).await?;
        staff.push((id, name));
    }
    let (alex, olivia, marc) = (staff[0].0, staff[1].0, staff[2].0);
    let sales = add_line(&mut tx, "Sales", &[olivia, alex]).await?;
    let support = add_line(&mut tx, "Support", &[olivia, marc, alex]).await?;
    let connector_specs: [(LineId, ConnectorKind, &str, &str); 5] = [
        (
            sales,
            ConnectorKind::Livechat,
            "Website chat",
            "demo-livechat",
        ),
        (sales, ConnectorKind::Whatsapp, "WhatsApp", "demo-whatsapp"),
        (
            support,
            ConnectorKind::Telegram,
            "Telegram",
            "demo-telegram",
        ),
        (
            support,
            ConnectorKind::Facebook,
            "Facebook Messenger",
            "demo-facebook",
        ),
        (
            support,
            ConnectorKind::Instagram,
            "Instagram",
            "demo-instagram",
        ),
    ];
    let mut connectors: Vec<(ConnectorId, LineId)> = Vec::new();
    for (line, kind, name, token) in connector_specs {
        let id = add_connector_to(&mut tx, &state.secrets, line, kind, name, token).await?;
        connectors.push((id, line));
    }
    // The website chat, as a site embeds it: its script tag names
    // `demo-livechat`, and any page of this machine may embed it.
    let (livechat, _) = connectors[0];
    let widget = switchboard_protocol::WidgetSettings {
        public_id: "demo-livechat".into(),
        allowed_origins: vec!["http://127.0.0.1:*".into(), "http://localhost:*".into()],
        welcome_message: Some("Hello! Ask us anything: we usually answer within minutes.".into()),
        offline_message: Some(
            "Nobody is online right now: leave a message and we will answer as soon as we are back."
                .into(),
        ),
    };
    store::widget::update(&mut tx, livechat, &widget).await?;
    // A native Telegram connector, its bot token known: with
    // --telegram-api-url pointed at a fake Bot API it works end to end
    // (without, its deliveries fail visibly, as with a wrong bot token).
    let bot = add_connector_to(
        &mut tx,
        &state.secrets,
        support,
        ConnectorKind::Telegram,
        "Telegram bot",
        "demo-telegram-bot",
    )
    .await?;
    store::delivery::set_bot_token(&mut tx, bot, &state.secrets.seal("123456:demo-bot-token"))
        .await?;
    let webhook_secret = crate::services::auth::token_hash("demo-telegram-secret");
    store::delivery::set_bot_secret_hash(&mut tx, bot, &webhook_secret).await?;
    // "VIP": offered evenly to Olivia and Marc, two conversations each at
    // most, 30 seconds to take an offer, a first answer within 2 minutes;
    // always open. Its generic webhook's token is `demo-vip`.
    let vip = add_line(&mut tx, "VIP", &[olivia, marc]).await?;
    let routing = switchboard_protocol::LineRouting {
        time_to_take_seconds: 30,
        capacity: Some(2),
        first_answer_target_seconds: Some(120),
    };
    store::lines::set_routing(&mut tx, vip, DistributionMode::Evenly, &routing).await?;
    let kind = ConnectorKind::Webhook;
    add_connector_to(
        &mut tx,
        &state.secrets,
        vip,
        kind,
        "VIP webhook",
        "demo-vip",
    )
    .await?;
    // Mention tokens in the demo texts refer to the fourth employee (Sophie).
    let sophie_token = format!("@{{user:{}}}", staff[3].0 .0);
    // Customer messages the per-message demo data refers to.
    let mut support_message: Option<collab::DemoMessage> = None;
    let mut praise: Option<collab::DemoMessage> = None;
    // The latest session of each customer, by name (for the demo labels).
    let mut latest: Vec<(&str, ConversationId)> = Vec::new();
    for (index, customer) in CUSTOMERS.iter().enumerate() {
        let (connector, line) = connectors[customer.connector];
        let external = format!("demo-customer-{}", index + 1);
        let who = customers::Identity {
            connector,
            external_id: &external,
            name: customer.name,
            email: customer.email,
            phone: customer.phone,
        };
        let customer_id = customers::upsert_by_identity(&mut tx, &who, now).await?;
        let link = customers::ChatLink {
            line,
            customer: customer_id,
            connector,
            external_chat_id: &external,
            title: None,
        };
        let chat = customers::chat_for(&mut tx, &link).await?;
        for (number, session) in customer.sessions.iter().enumerate() {
            let started = now - session.minutes_ago * 60_000;
            let conversation = conversations::insert(
                &mut tx,
                &conversations::NewConversation {
                    chat,
                    session_number: i64::try_from(number + 1).unwrap_or(1),
                    connector,
                    external_chat_id: &external,
                    status: ConversationStatus::Unanswered,
                    assignee: None,
                    now: started,
                },
            )
            .await?;
            let mut at = started;
            for (position, (by, text)) in session.lines.iter().enumerate() {
                let assignee = session.assignee.map(|i| staff[i]);
                let (kind, user, name, internal) = match by {
                    By::Customer => (AuthorKind::Customer, None, customer.name, false),
                    By::Employee => (
                        AuthorKind::Employee,
                        assignee.map(|a| a.0),
                        assignee.map_or("", |a| a.1),
                        false,
                    ),
                    By::Note => (
                        AuthorKind::Employee,
                        assignee.map(|a| a.0),
                        assignee.map_or("", |a| a.1),
                        true,
                    ),
                    By::System => (AuthorKind::System, None, "Switchboard", false),
                };
                let text = text.replace("@{user:3}", &sophie_token);
                let mentions = messages::Mentions {
                    users: if text.contains(&sophie_token) {
                        vec![switchboard_protocol::Mention {
                            user_id: staff[3].0,
                            name: staff[3].1.into(),
                        }]
                    } else {
                        Vec::new()
                    },
                    chats: Vec::new(),
                };
                let external_id = format!("{external}-{number}-{position}");
                let message = messages::insert(
                    &mut tx,
                    &messages::NewMessage {
                        conversation,
                        author_kind: kind,
                        author_user: user,
                        author_customer: (kind == AuthorKind::Customer).then_some(customer_id),
                        author_name: name,
                        text: &text,
                        internal,
                        quote: None,
                        mentions: &mentions,
                        client_id: None,
                        external: (kind == AuthorKind::Customer)
                            .then_some((connector, external_id.as_str())),
                        now: at,
                        system: None,
                        card: None,
                    },
                )
                .await?;
                if kind == AuthorKind::Customer {
                    let found = collab::DemoMessage {
                        conversation,
                        message,
                        customer: customer.name.into(),
                        text: text.clone(),
                    };
                    if line == support && support_message.is_none() {
                        support_message = Some(found.clone());
                    }
                    if praise.is_none() && text.to_lowercase().contains("merci") {
                        praise = Some(found);
                    }
                }
                if position == 0 {
                    if let Some(kind) = session.attachment {
                        let file = demo_file(state, &mut tx, kind, at).await?;
                        files::attach(&mut tx, message.0, &[file]).await?;
                    }
                }
                conversations::touch_with_message(
                    &mut tx,
                    conversation,
                    message,
                    kind,
                    internal,
                    at,
                )
                .await?;
                at += 90_000;
            }
            conversations::set_state(
                &mut tx,
                conversation,
                session.status,
                session.assignee.map(|i| staff[i].0),
                at,
            )
            .await?;
            latest.push((customer.name, conversation));
        }
    }
    seed_labels(&mut tx, &latest, now).await?;
    composer::seed(&mut tx, (sales, support), (olivia, marc), now).await?;
    sales::seed(&mut tx, (alex, olivia), connectors[1].0, now).await?;
    if let (Some(support_message), Some(praise)) = (support_message, praise) {
        let name = |i: usize| (staff[i].0, staff[i].1.to_owned());
        let people = collab::Staff {
            olivia: name(1),
            marc: name(2),
            sophie: name(3),
        };
        collab::seed(&mut tx, &people, &support_message, &praise, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The demo labels ("Billing", "Bug", "Feedback"), a bug reported by
/// Sarah Johnson marked high priority, and Lucas Bernard's feedback.
async fn seed_labels(
    db: &mut crate::store::Conn,
    latest: &[(&str, ConversationId)],
    now: i64,
) -> Result<(), ApiError> {
    use switchboard_protocol::{LabelColour, Priority};
    store::labels::insert(db, "Billing", LabelColour::Blue, now).await?;
    let bug = store::labels::insert(db, "Bug", LabelColour::Red, now).await?;
    let feedback = store::labels::insert(db, "Feedback", LabelColour::Green, now).await?;
    let of = |name: &str| {
        latest
            .iter()
            .find(|(customer, _)| *customer == name)
            .map(|(_, id)| *id)
    };
    if let Some(sarah) = of("Sarah Johnson") {
        store::labels::set_for_conversation(db, sarah, &[bug]).await?;
        store::labels::set_priority(db, sarah, Priority::High).await?;
    }
    if let Some(lucas) = of("Lucas Bernard") {
        store::labels::set_for_conversation(db, lucas, &[feedback]).await?;
    }
    Ok(())
}

async fn demo_file(
    state: &AppState,
    db: &mut crate::store::Conn,
    kind: &str,
    at: i64,
) -> Result<FileId, ApiError> {
    let (name, content_type, bytes): (&str, &str, &[u8]) = if kind == "png" {
        ("photo.png", "image/png", PIXEL_PNG)
    } else {
        (
            "facture-FA-2024-0117.txt",
            "text/plain",
            INVOICE_TXT.as_bytes(),
        )
    };
    let id = crate::services::files::new_file_id();
    state
        .files
        .put(&id.0, axum::body::Bytes::from_static(bytes))
        .await?;
    files::insert(
        db,
        &id,
        name,
        content_type,
        bytes.len() as u64,
        None,
        None,
        at,
    )
    .await?;
    Ok(id)
}
