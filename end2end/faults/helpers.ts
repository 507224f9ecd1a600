// Helpers of the hostile-input and fault-injection specs: the customer's side
// (webhook and customer view) and the database's side (REST as the admin),
// straight to the reference server, plus what the operator's screen shows.
import { expect, type Page } from '@playwright/test';
import { API, DEMO_PASSWORD, messages } from '../support/workspace';

export const ADMIN = 'admin@example.com';

export interface Delivery {
  chat: { id: string; title: string | null };
  customer: { id: string; name: string; email: string | null; phone: string | null };
  message: {
    id: string;
    text: string;
    attachments: Array<{ url: string; name: string; content_type: string; size: number }>;
  };
}

/** Posts one delivery to a connector's webhook; returns the status and the parsed body. */
export async function deliver(
  connector: string,
  delivery: Delivery,
): Promise<{ status: number; body: { conversation_id: number; message_id: number } | unknown }> {
  const response = await fetch(`${API}/api/v1/inbound/${connector}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(delivery),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text
  }
  return { status: response.status, body };
}

/** Like `deliver`, failing unless the server accepted it (202). */
export async function deliverOk(
  connector: string,
  delivery: Delivery,
): Promise<{ conversation_id: number; message_id: number }> {
  const { status, body } = await deliver(connector, delivery);
  expect(status, `webhook ${JSON.stringify(body).slice(0, 300)}`).toBe(202);
  return body as { conversation_id: number; message_id: number };
}

export function delivery(
  chatId: string,
  name: string,
  messageId: string,
  text: string,
  extra: { title?: string | null; attachments?: Delivery['message']['attachments'] } = {},
): Delivery {
  return {
    chat: { id: chatId, title: extra.title ?? null },
    customer: { id: chatId, name, email: null, phone: null },
    message: { id: messageId, text, attachments: extra.attachments ?? [] },
  };
}

export interface ViewMessage {
  id: number;
  from: 'customer' | 'company';
  author_name: string;
  text: string;
  attachments: Array<{ name: string; url: string; content_type: string }>;
}

/** Everything the customer received in a chat, in order (follows `next_cursor`). */
export async function customerView(connector: string, chatId: string): Promise<ViewMessage[]> {
  const items: ViewMessage[] = [];
  let after: number | null = null;
  for (;;) {
    const query: string = after === null ? '' : `?after=${after}`;
    const response = await fetch(
      `${API}/api/v1/inbound/${connector}/chats/${encodeURIComponent(chatId)}/messages${query}`,
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: ViewMessage[]; next_cursor: number | null };
    items.push(...page.items);
    if (page.items.length === 0 || page.next_cursor === null || page.next_cursor === after) break;
    after = page.next_cursor;
  }
  return items;
}

export async function apiLogin(email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${API}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

export interface StoredMessage {
  id: number;
  client_id: string | null;
  author: { kind: 'customer' | 'employee' | 'system' | 'bot'; name: string };
  text: string;
  internal: boolean;
  attachments: Array<{ id: string; name: string; url: string; content_type: string }>;
}

/** Every message of a conversation as stored, oldest first (REST, following `after`). */
export async function storedMessages(token: string, conversationId: number): Promise<StoredMessage[]> {
  const items: StoredMessage[] = [];
  let after: number | null = null;
  for (;;) {
    const query = `limit=200${after === null ? '' : `&after=${after}`}`;
    const response = await fetch(`${API}/api/v1/conversations/${conversationId}/messages?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: StoredMessage[]; has_more_after: boolean };
    items.push(...page.items);
    if (!page.has_more_after || page.items.length === 0) break;
    after = page.items[page.items.length - 1].id;
  }
  return items;
}

export interface ShownMessage {
  /** `message-<id>` for confirmed messages, '' for the operator's pending ones. */
  domId: string;
  pending: boolean;
  /** A system message ("Olivia Bernard took the conversation"). */
  system: boolean;
  text: string;
}

/** The bubbles of the open conversation's log, top to bottom, with their text as rendered. */
export async function shownMessages(page: Page): Promise<ShownMessage[]> {
  return messages(page)
    .locator('.message')
    .evaluateAll((nodes) =>
      nodes.map((node) => ({
        domId: node.id,
        pending: node.classList.contains('pending'),
        system: node.classList.contains('message-system'),
        text: node.querySelector('.message-text')?.textContent ?? '',
      })),
    );
}

/** Opens a conversation by its address, as a link or the browser's history would. */
export async function goToConversation(page: Page, conversationId: number, heading: string): Promise<void> {
  await page.evaluate((id) => {
    window.location.hash = `#/c/${id}`;
  }, conversationId);
  await expect(page).toHaveURL(new RegExp(`#/c/${conversationId}$`));
  await expect(page.getByRole('heading', { level: 2, name: heading, exact: true })).toBeVisible();
  await expect(messages(page)).toBeVisible();
}
