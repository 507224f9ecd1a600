// Helpers shared by the end-to-end specs: the demo accounts, a customer played
// through the webhook, and the operator's screens found by role and name.
import type { APIRequestContext, Browser, Locator, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, test as guarded, watchCsp } from './csp';

export { expect };

/** The reference server's API (the app may be served from another origin). */
export const API = (process.env.API_URL ?? process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(
  /\/$/,
  '',
);

/** Demo connector of the Support line, whose queue holds Olivia and Marc. */
export const SUPPORT_TELEGRAM = 'demo-telegram';

export const OLIVIA = 'olivia@example.com';
export const MARC = 'marc@example.com';
export const DEMO_PASSWORD = 'demo';

/** A value no other test (nor an earlier run on the same database) uses. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A customer on a channel, writing through the connector's webhook. */
export class Customer {
  readonly chatId: string;
  readonly name: string;
  private sent = 0;

  constructor(
    private readonly request: APIRequestContext,
    readonly connector: string = SUPPORT_TELEGRAM,
  ) {
    const id = unique();
    this.chatId = `e2e-chat-${id}`;
    this.name = `E2E Customer ${id}`;
  }

  /** Delivers one message; returns where the server stored it. */
  async write(text: string): Promise<{ conversation_id: number; message_id: number }> {
    this.sent += 1;
    const response = await this.request.post(`${API}/api/v1/inbound/${this.connector}`, {
      data: {
        chat: { id: this.chatId, title: null },
        customer: { id: this.chatId, name: this.name, email: null, phone: null },
        message: { id: `${this.chatId}-m${this.sent}`, text, attachments: [] },
      },
    });
    expect(response.status(), await response.text()).toBe(202);
    return response.json();
  }

  /** What the customer sees of the chat: customer and company messages, in order. */
  async received(): Promise<Array<{ from: string; author_name: string; text: string }>> {
    const response = await this.request.get(
      `${API}/api/v1/inbound/${this.connector}/chats/${encodeURIComponent(this.chatId)}/messages`,
    );
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()).items;
  }
}

/** A session token of a demo account, from the API (for setting up through it). */
export async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const login = await request.post(`${API}/api/v1/auth/login`, { data: { email, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  return (await login.json()).token as string;
}

/** Logs in through the form and waits for the workspace. */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();
}

/**
 * Selects a queue tab ("Unanswered", "In progress", "Closed"); its name also
 * holds a count. Inside "In progress", `scope` picks "Mine" (what an
 * operator starts with) or "All" (everyone's, what supervisors start with).
 */
export async function openTab(page: Page, label: string, scope?: 'Mine' | 'All'): Promise<void> {
  const tab = page.getByRole('tab', { name: new RegExp(`^${label}`) });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  if (scope) {
    const choice = page
      .getByRole('radiogroup', { name: 'Whose conversations' })
      .getByRole('radio', { name: new RegExp(`^${scope}`) });
    await choice.check();
    await expect(choice).toBeChecked();
  }
}

/** The queue's list of conversations. */
export function queue(page: Page): Locator {
  return page.getByRole('listbox', { name: 'Conversations' });
}

/** The queue row of a customer (its accessible name starts with the customer's name). */
export function row(page: Page, customerName: string): Locator {
  return queue(page).getByRole('option', { name: new RegExp(`^${escapeRegExp(customerName)}`) });
}

/** The open conversation's message log. */
export function messages(page: Page): Locator {
  return page.getByRole('log', { name: 'Messages' });
}

/** The composer's text field. */
export function composer(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Message', exact: true });
}

/** Opens a customer's conversation from the queue and waits for its header and log. */
export async function openConversation(
  page: Page,
  customerName: string,
  conversationId: number,
): Promise<void> {
  await row(page, customerName).click();
  await expect(page).toHaveURL(new RegExp(`#/c/${conversationId}$`));
  await expect(page.getByRole('heading', { level: 2, name: customerName })).toBeVisible();
  await expect(messages(page)).toBeVisible();
}

/**
 * Another operator: an independent browser context (own storage, own
 * websocket) on the same app, watched like the test's own page, logged in.
 */
export async function operator(browser: Browser, testInfo: TestInfo, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-US' });
  await watchCsp(context);
  const page = await context.newPage();
  await logIn(page, email);
  return page;
}

/**
 * The specs' `test`: the guard of `./csp`, and two fixtures: `customer`, a
 * new customer on the Support line's Telegram, and `marc`, Marc logged in
 * in a browser context of his own, closed with the test.
 */
export const test = guarded.extend<{ customer: Customer; marc: Page }>({
  customer: async ({ request }, use) => {
    await use(new Customer(request));
  },
  marc: async ({ browser }, use, testInfo) => {
    const page = await operator(browser, testInfo, MARC);
    await use(page);
    await page.context().close();
  },
});

/**
 * A customer writes `first`; Olivia logs in, opens the conversation from
 * Unanswered and takes it with "Reply" (the composer then has the focus).
 */
export async function answered(page: Page, customer: Customer, first = 'Hello, I need help'): Promise<number> {
  const { conversation_id } = await customer.write(first);
  await logIn(page, OLIVIA);
  await openTab(page, 'Unanswered');
  await openConversation(page, customer.name, conversation_id);
  await page.getByRole('button', { name: 'Reply' }).click();
  await expect(composer(page)).toBeFocused();
  return conversation_id;
}

/** Fails on any serious or critical axe violation, listing each one with its elements. */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  const report = serious
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n` +
        v.nodes
          .map((n) => `    ${n.html.slice(0, 200)}\n      ${n.failureSummary ?? ''}`)
          .join('\n'),
    )
    .join('\n');
  // Soft, so one run reports the violations of every screen the test visits.
  expect.soft(serious.length, `axe on the ${screen}:\n${report}`).toBe(0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
