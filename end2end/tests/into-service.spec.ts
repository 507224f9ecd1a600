// Putting Switchboard into service from an empty database, without demo
// data, from the app alone: the setup link, an invited operator, a channel
// with a Telegram connector, a customer's message through its inbound URL,
// the token rotated, and the operator deactivated while their tab is open.
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { test, expect, watchCsp } from '../support/csp';
import { DIST, NO_SERVER, OwnServer, SERVER } from '../support/servers';
import { composer, expectNoSeriousA11yViolations, messages, openTab, queue } from '../support/workspace';

const ADMIN = { name: 'Ada Admin', email: 'ada@acme.example', password: 'a long secret' };
const OPERATOR = { name: 'Olga Operator', email: 'olga@acme.example', password: 'olga secret' };

async function pageOn(browser: Browser, server: OwnServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'en-US' });
  await watchCsp(context);
  return context.newPage();
}

async function deliver(request: APIRequestContext, inbound: string, id: string, text: string): Promise<number> {
  const response = await request.post(inbound, {
    data: {
      chat: { id: 'tg-chat-1', title: null },
      customer: { id: 'tg-user-1', name: 'Tom Customer', email: null, phone: null },
      message: { id, text, attachments: [] },
    },
  });
  return response.status();
}

async function openSettings(page: Page, section: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: section }).click();
  await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
}

test.describe('into service', () => {
  test.skip(!SERVER || !DIST, NO_SERVER);
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'same-origin', 'runs once');
  });

  test('set up, invite, channel and connector, a customer answered, token rotated, operator deactivated', async ({
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const server = await OwnServer.start(false);
    try {
      // The setup link from the server's log.
      await expect.poll(() => server.output).toContain('#/setup?token=');
      const setup = /(#\/setup\?token=\w+)/.exec(server.output)![1];
      const admin = await pageOn(browser, server);
      await admin.goto(`/${setup}`);
      await admin.getByRole('textbox', { name: 'Company name' }).fill('Acme Parcels');
      await admin.getByRole('textbox', { name: 'Your name' }).fill(ADMIN.name);
      await admin.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
      await admin.getByLabel('Password (at least 8 characters)').fill(ADMIN.password);
      await admin.getByRole('textbox', { name: 'First open channel' }).fill('Customer care');
      await admin.getByRole('button', { name: 'Set up' }).click();
      await expect(admin.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();

      // The admin invites an operator.
      await openSettings(admin, 'People');
      await expectNoSeriousA11yViolations(admin, 'People settings');
      await admin.getByRole('button', { name: 'Invite' }).click();
      const invite = admin.getByRole('dialog', { name: 'Invite someone' });
      await invite.getByRole('textbox', { name: 'Name', exact: true }).fill(OPERATOR.name);
      await invite.getByRole('textbox', { name: 'Email' }).fill('not an address');
      await invite.getByRole('button', { name: 'Invite' }).click();
      await expect(invite.getByRole('textbox', { name: 'Email' })).toHaveAttribute('aria-invalid', 'true');
      await expect(invite.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(OPERATOR.name);
      await invite.getByRole('textbox', { name: 'Email' }).fill(OPERATOR.email);
      await invite.getByRole('button', { name: 'Invite' }).click();
      const invitation = await invite.getByRole('textbox', { name: 'Invitation link' }).inputValue();
      expect(invitation).toContain('#/invite?token=');
      await invite.getByRole('button', { name: 'Done' }).click();
      await expect(admin.getByRole('row', { name: new RegExp(OPERATOR.name) })).toContainText('Invited');

      // The operator accepts and is logged in.
      const operator = await pageOn(browser, server);
      await operator.goto(invitation.slice(server.url.length));
      await expect(operator.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
      await operator.getByLabel('New password (at least 8 characters)').fill(OPERATOR.password);
      await operator.getByLabel('Repeat the new password').fill(OPERATOR.password);
      await operator.getByRole('button', { name: 'Join' }).click();
      await expect(operator.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();
      await expect(operator.getByRole('link', { name: 'Settings' }), 'operators have no settings').toHaveCount(0);

      // "Reset password" hands a one-time reset link (the operator does not need it here).
      await admin.getByRole('row', { name: new RegExp(OPERATOR.name) }).getByRole('button', { name: 'Reset password' }).click();
      const reset = admin.getByRole('dialog', { name: new RegExp(`Reset password — ${OPERATOR.name}`) });
      await expect(reset.getByRole('textbox', { name: 'Reset link' })).toHaveValue(/#\/reset\?token=\w+$/);
      await reset.getByRole('button', { name: 'Done' }).click();

      // The admin creates a channel, puts the operator in its queue and adds a Telegram connector.
      await openSettings(admin, 'Open channels');
      await admin.getByRole('textbox', { name: 'New open channel' }).fill('Telegram support');
      await admin.getByRole('button', { name: 'Create' }).click();
      const card = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'Telegram support' }) });
      await expect(card).toBeVisible();
      await expectNoSeriousA11yViolations(admin, 'Open channels settings');
      await card.getByRole('combobox', { name: 'Add to the queue' }).selectOption({ label: OPERATOR.name });
      await card.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(card.getByRole('list', { name: 'Queue, in order' })).toContainText(OPERATOR.name);

      await openSettings(admin, 'Connectors');
      await admin.getByRole('combobox', { name: 'Open channel' }).selectOption({ label: 'Telegram support' });
      await admin.getByRole('combobox', { name: /^Channel/ }).selectOption({ label: 'Telegram' });
      await admin.getByRole('textbox', { name: 'Display name' }).fill('Telegram bot');
      await admin.getByRole('button', { name: 'Add connector' }).click();
      const added = admin.getByRole('dialog', { name: 'Telegram bot' });
      const inbound = await added.getByRole('textbox', { name: 'Inbound URL' }).inputValue();
      expect(inbound).toMatch(/\/api\/v1\/inbound\/\w+$/);
      await added.getByRole('button', { name: 'Done' }).click();
      await expectNoSeriousA11yViolations(admin, 'Connectors settings');

      // A webhook to the new token creates a conversation the operator answers.
      expect(await deliver(request, inbound, 'tg-1', 'Where is my parcel?')).toBe(202);
      await openTab(operator, 'Unanswered');
      await queue(operator).getByRole('option', { name: /^Tom Customer/ }).click();
      await expect(messages(operator)).toContainText('Where is my parcel?');
      await operator.getByRole('button', { name: 'Reply' }).click();
      await composer(operator).fill('It leaves today.');
      await operator.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(messages(operator)).toContainText('It leaves today.');

      // The admin rotates the token: the old one gets 404 at once.
      const row = admin.getByRole('row', { name: /Telegram bot/ });
      await row.getByRole('button', { name: 'Rotate token' }).click();
      await admin.getByRole('dialog').getByRole('button', { name: 'Rotate token' }).click();
      const rotated = await admin
        .getByRole('dialog', { name: 'Telegram bot' })
        .getByRole('textbox', { name: 'Inbound URL' })
        .inputValue();
      expect(rotated).not.toBe(inbound);
      expect(await deliver(request, inbound, 'tg-2', 'Hello?')).toBe(404);
      await admin.getByRole('dialog', { name: 'Telegram bot' }).getByRole('button', { name: 'Done' }).click();

      // The admin deactivates the operator, back at the queue: their open tab falls to the login screen.
      await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contact Center' }).click();
      await openSettings(admin, 'People');
      await admin.getByRole('row', { name: new RegExp(OPERATOR.name) }).getByRole('button', { name: 'Deactivate' }).click();
      await admin.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
      await expect(admin.getByRole('row', { name: new RegExp(OPERATOR.name) })).toContainText('Deactivated');
      await expect(operator.getByRole('button', { name: 'Log in' })).toBeVisible();
      await expect(
        operator.getByRole('alert').filter({ hasText: 'Your account was deactivated by an administrator.' }),
      ).toBeVisible();

      // The conversation is back in Unanswered for the channel's other members (the admin).
      await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contact Center' }).click();
      await openTab(admin, 'Unanswered');
      await queue(admin).getByRole('option', { name: /^Tom Customer/ }).click();
      await expect(messages(admin)).toContainText('deactivated Olga Operator: the conversation is back in Unanswered');
      // And the rotated token delivers.
      expect(await deliver(request, rotated, 'tg-3', 'Thanks!')).toBe(202);

      // The other sections, and what the audit log recorded.
      for (const section of ['Company details', 'Catalog']) {
        await openSettings(admin, section);
        await expectNoSeriousA11yViolations(admin, `${section} settings`);
      }
      await openSettings(admin, 'Audit log');
      const log = admin.getByRole('table');
      for (const change of ['Invited', 'Channel created', 'Queue changed', 'Connector added', 'Token rotated', 'Deactivated']) {
        await expect(log.getByRole('cell', { name: change, exact: true })).not.toHaveCount(0);
      }
      await admin.getByRole('combobox', { name: /^Kind/ }).selectOption({ label: 'Tokens and links' });
      // The header, the reset link and the rotated token, newest first.
      await expect(log.getByRole('row')).toHaveCount(3);
      await expect(log.getByRole('row').nth(1)).toContainText('Token rotated');
      await expect(log.getByRole('row').nth(2)).toContainText('Reset link made');
      await expectNoSeriousA11yViolations(admin, 'Audit log');
    } finally {
      await server.dispose();
    }
  });
});
