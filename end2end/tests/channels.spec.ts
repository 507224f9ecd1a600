// Real channels: a customer on Telegram reaches the operator and gets the
// replies through the Bot API. A fake Bot API in this spec speaks the
// documented `/bot<token>/<method>` paths and `{"ok": …, "result": …}`
// answers. Each reply shows its delivery live: sending, delivered, or "Not
// delivered" with the reason and "Retry" while the API fails; the channel's
// warning shows meanwhile. The admin pastes the bot token, "Check"s it and
// "Connect"s the webhook in Settings.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Browser, Page } from '@playwright/test';
import { test, expect, watchCsp } from '../support/csp';
import { DIST, NO_SERVER, OwnServer, SERVER, freePort } from '../support/servers';
import { MARC, composer, expectNoSeriousA11yViolations, logIn, messages, openTab, queue } from '../support/workspace';

const BOT_TOKEN = '123456:demo-bot-token';

/** A Bot API that records every call; `failing` answers 503 to sends. */
class FakeBotApi {
  failing = false;
  calls: { method: string; body: Record<string, unknown> }[] = [];
  delivered: string[] = [];
  private nextId = 500;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeBotApi> {
    const port = await freePort();
    let fake: FakeBotApi | undefined;
    const server = createServer((request, response) => void fake!.answer(request, response));
    fake = new FakeBotApi(server, port);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  sent(method: string): Record<string, unknown>[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.body);
  }

  private async answer(request: IncomingMessage, response: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    if (!match || match[1] !== BOT_TOKEN) {
      reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const method = match[2];
    const raw = Buffer.concat(chunks).toString();
    const body = (request.headers['content-type'] ?? '').startsWith('application/json') ? JSON.parse(raw) : { raw };
    this.calls.push({ method, body });
    switch (method) {
      case 'getMe':
        reply(200, { ok: true, result: { id: 123456, is_bot: true, first_name: 'Demo Bot', username: 'demo_bot' } });
        return;
      case 'setWebhook':
      case 'sendChatAction':
      case 'deleteMessage':
        reply(200, { ok: true, result: true });
        return;
      case 'sendMessage':
        if (this.failing) {
          reply(503, { ok: false, error_code: 503, description: 'Service Unavailable' });
          return;
        }
        this.nextId += 1;
        this.delivered.push(String(body.text));
        reply(200, { ok: true, result: { message_id: this.nextId, chat: { id: body.chat_id }, date: 0, text: body.text } });
        return;
      default:
        reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    }
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function pageOn(browser: Browser, server: OwnServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'en-US' });
  await watchCsp(context);
  return context.newPage();
}

function update(updateId: number, messageId: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      from: { id: 77, is_bot: false, first_name: 'Ivan', last_name: 'Petrov' },
      chat: { id: 77, type: 'private' },
      date: 1_700_000_000,
      text,
    },
  };
}

/** The bubble of the operator's message with this text. */
function bubble(page: Page, text: string) {
  return messages(page).locator('.message-employee').filter({ hasText: text });
}

test.describe('real channels', () => {
  test.skip(!SERVER || !DIST, NO_SERVER);
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'same-origin', 'runs once');
  });

  test('a Telegram customer is answered through the Bot API; an outage shows, Retry delivers; Check and Connect', async ({
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const fake = await FakeBotApi.start();
    const server = await OwnServer.start(true, [
      '--telegram-api-url',
      fake.url,
      '--delivery-retry-ms',
      '200',
      '--delivery-max-backoff-ms',
      '800',
      '--delivery-attempts',
      '4',
    ]);
    const hook = `${server.url}/api/v1/connectors/telegram/demo-telegram-bot`;
    const post = (secret: string, body: unknown) =>
      request.post(hook, { data: body, headers: { 'X-Telegram-Bot-Api-Secret-Token': secret } });
    try {
      // The customer writes to the demo bot; Telegram posts the update.
      expect((await post('demo-telegram-secret', update(1, 10, 'My kettle leaks'))).status()).toBe(200);
      expect((await post('wrong', update(2, 11, 'forged'))).status()).toBe(401);

      const marc = await pageOn(browser, server);
      await logIn(marc, MARC);
      await openTab(marc, 'Unanswered');
      await queue(marc).getByRole('option', { name: /^Ivan Petrov/ }).click();
      await expect(messages(marc)).toContainText('My kettle leaks');
      await marc.getByRole('button', { name: 'Reply' }).click();
      await composer(marc).fill('Hello Ivan, sorry about that.');
      await marc.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(bubble(marc, 'Hello Ivan, sorry about that.').getByText('Delivered', { exact: true })).toBeAttached();
      expect(fake.delivered).toEqual(['Hello Ivan, sorry about that.']);
      expect(fake.sent('sendMessage')[0]).toEqual({ chat_id: '77', text: 'Hello Ivan, sorry about that.' });

      // The Bot API fails: the reply keeps trying, then shows "Not delivered"
      // with the reason and "Retry"; the channel's warning shows.
      fake.failing = true;
      await composer(marc).fill('Could you send a photo?');
      await marc.getByRole('button', { name: 'Send', exact: true }).click();
      const failed = bubble(marc, 'Could you send a photo?');
      await expect(failed.getByText('Not delivered')).toBeVisible();
      await expect(failed).toContainText('503');
      await expect(marc.getByRole('alert').filter({ hasText: 'not reaching the customer' })).toContainText('Telegram bot');
      await expectNoSeriousA11yViolations(marc, 'a conversation with a reply not delivered');
      fake.failing = false;
      await failed.getByRole('button', { name: 'Retry' }).click();
      await expect(failed.getByText('Delivered', { exact: true })).toBeAttached();
      await expect(failed.getByText('Not delivered')).toHaveCount(0);
      await expect(marc.getByRole('alert').filter({ hasText: 'not reaching the customer' })).toHaveCount(0);
      expect(fake.delivered).toEqual(['Hello Ivan, sorry about that.', 'Could you send a photo?']);

      // The admin pastes the bot token, checks it and connects the webhook.
      const admin = await pageOn(browser, server);
      await logIn(admin, 'admin@example.com');
      await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await admin.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Connectors' }).click();
      const row = admin.getByRole('row', { name: /Telegram bot/ });
      await expect(row).toContainText('Waiting: 0');
      await row.getByRole('button', { name: 'Delivery' }).click();
      const dialog = admin.getByRole('dialog', { name: 'Delivery — Telegram bot' });
      await dialog.getByLabel('Bot token').fill(BOT_TOKEN);
      await dialog.getByRole('button', { name: 'Save token' }).click();
      await expect(dialog.getByText('Saved.')).toBeVisible();
      await expect(dialog.getByLabel('Bot token'), 'the token is never shown again').toHaveValue('');
      await dialog.getByRole('button', { name: 'Check' }).click();
      await expect(dialog.getByText('Bot: Demo Bot (@demo_bot)')).toBeVisible();
      await dialog.getByRole('button', { name: 'Connect' }).click();
      await expect(dialog.getByText('Connected: Telegram sends its updates here.')).toBeVisible();
      await expectNoSeriousA11yViolations(admin, 'the Telegram bot dialog');
      const webhook = fake.sent('setWebhook').at(-1)!;
      expect(String(webhook.url)).toBe(`${server.url}/api/v1/connectors/telegram/demo-telegram-bot`);
      // The new secret lets updates in; the demo's no longer does.
      const secret = String(webhook.secret_token);
      expect((await post('demo-telegram-secret', update(3, 12, 'old secret'))).status()).toBe(401);
      expect((await post(secret, update(4, 13, 'Here it is'))).status()).toBe(200);
      await expect(messages(marc)).toContainText('Here it is');
      await dialog.getByRole('button', { name: 'Done' }).click();
    } finally {
      await server.dispose();
      await fake.close();
    }
  });
});
