// The first run of a server without demo data: nobody can log in until the
// setup link it prints is used; "Set up Switchboard" creates the company, the
// first administrator and the first open channel, and logs the administrator
// in. The command line's reset link chooses a new password. Each test runs
// its own server on an empty data folder.
import type { Browser, Page } from '@playwright/test';
import { test, expect, watchCsp } from '../support/csp';
import { DIST, NO_SERVER, OwnServer, SERVER } from '../support/servers';
import { expectNoSeriousA11yViolations, logIn } from '../support/workspace';

const ADMIN = { company: 'Acme Parcels', name: 'Ada Admin', email: 'ada@acme.example', password: 'a long secret' };

/** The setup link the server printed (its path and fragment). */
async function setupLink(server: OwnServer): Promise<string> {
  await expect.poll(() => server.output).toContain('#/setup?token=');
  const link = /(http:\/\/\S+#\/setup\?token=\w+)/.exec(server.output)![1];
  expect(link.startsWith(server.url)).toBe(true);
  return link.slice(server.url.length);
}

async function pageOn(browser: Browser, server: OwnServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'en-US' });
  await watchCsp(context);
  return context.newPage();
}

test.describe('first run', () => {
  test.skip(!SERVER || !DIST, NO_SERVER);
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'same-origin', 'runs once');
  });

  test('the setup link sets up the company, its first admin and channel, then logs the admin in; used once', async ({
    browser,
  }) => {
    const server = await OwnServer.start(false);
    try {
      expect(server.output).toContain('nobody can log in until this one-time link is used');
      const link = await setupLink(server);
      const page = await pageOn(browser, server);

      // Trying to log in first says where to go.
      await page.goto('/');
      await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByRole('alert')).toHaveText(/Switchboard is not set up yet: open the setup link/);

      await page.goto(link);
      await expect(page.getByRole('heading', { name: 'Set up Switchboard' })).toBeVisible();
      await expectNoSeriousA11yViolations(page, 'setup screen');
      await page.getByRole('textbox', { name: 'Company name' }).fill(ADMIN.company);
      await page.getByRole('textbox', { name: 'Your name' }).fill(ADMIN.name);
      await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
      const password = page.getByLabel('Password (at least 8 characters)');
      await password.fill('short');
      await page.getByRole('textbox', { name: 'First open channel' }).fill('Customer care');
      await page.getByRole('button', { name: 'Set up' }).click();
      // Refused next to the field, with what was typed kept.
      await expect(password).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByText('At least 8 characters.')).toBeVisible();
      await expect(page.getByRole('textbox', { name: 'Company name' })).toHaveValue(ADMIN.company);

      await password.fill(ADMIN.password);
      await page.getByRole('button', { name: 'Set up' }).click();
      await expect(page.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();
      expect(new URL(page.url()).hash, 'the token leaves the address bar').toBe('#/');
      await expect(page.getByRole('button', { name: /Ada Admin/ })).toBeVisible();
      await expect(page.getByRole('combobox').first().getByRole('option', { name: 'Customer care' })).toHaveCount(1);

      // The link again, in another browser: the server is set up already.
      const other = await pageOn(browser, server);
      await other.goto(link);
      await expect(other.getByRole('status').filter({ hasText: 'Switchboard is already set up.' })).toBeVisible();
      await other.getByRole('link', { name: 'Go to the login screen' }).click();
      await other.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
      await other.getByLabel('Password').fill(ADMIN.password);
      await other.getByRole('button', { name: 'Log in' }).click();
      await expect(other.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();
    } finally {
      await server.dispose();
    }
  });

  test('admin create and reset-password on the command line; the reset link chooses a new password once', async ({
    browser,
  }) => {
    const server = await OwnServer.start(false);
    try {
      const created = server.command(['admin', 'create', '--email', ADMIN.email, '--name', ADMIN.name], `${ADMIN.password}\n`);
      expect(created).toContain(ADMIN.email);
      const said = server.command(['admin', 'reset-password', '--email', ADMIN.email]);
      const link = /(#\/reset\?token=\w+)/.exec(said)![1];

      const page = await pageOn(browser, server);
      await page.goto(`/${link}`);
      await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
      await expectNoSeriousA11yViolations(page, 'reset screen');
      await page.getByLabel('New password (at least 8 characters)').fill('another secret');
      await page.getByLabel('Repeat the new password').fill('another secreT');
      await page.getByRole('button', { name: 'Save the password' }).click();
      await expect(page.getByText('The two passwords differ.')).toBeVisible();
      await page.getByLabel('Repeat the new password').fill('another secret');
      await page.getByRole('button', { name: 'Save the password' }).click();
      await expect(page.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();

      const again = await pageOn(browser, server);
      await again.goto(`/${link}`);
      await again.getByLabel('New password (at least 8 characters)').fill('a third secret');
      await again.getByLabel('Repeat the new password').fill('a third secret');
      await again.getByRole('button', { name: 'Save the password' }).click();
      await expect(again.getByRole('alert').filter({ hasText: 'This reset link cannot be used any more' })).toBeVisible();
    } finally {
      await server.dispose();
    }
  });

  test('my account: my status, log out my other sessions, change my password', async ({ browser }) => {
    const server = await OwnServer.start(false);
    try {
      server.command(['admin', 'create', '--email', ADMIN.email, '--name', ADMIN.name], `${ADMIN.password}\n`);
      const page = await pageOn(browser, server);
      const phone = await pageOn(browser, server);
      await logIn(page, ADMIN.email, ADMIN.password);
      await logIn(phone, ADMIN.email, ADMIN.password);
      const menu = page.getByRole('button', { name: /User menu/ });

      await menu.click();
      const status = page.getByRole('combobox', { name: 'My status' });
      // Reloaded once the server has the new status (a reload cancels a
      // request still on its way).
      const saved = page.waitForResponse(
        (response) => response.url().endsWith('/api/v1/me/presence') && response.request().method() === 'PUT',
      );
      await status.selectOption({ label: 'Away' });
      expect((await saved).ok()).toBe(true);
      await page.reload();
      await menu.click();
      await expect(status).toHaveValue('away');

      await page.getByRole('button', { name: 'Log out other sessions' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Your other sessions have ended.' })).toBeVisible();
      await phone.reload();
      await expect(phone.getByRole('button', { name: 'Log in' })).toBeVisible();

      await page.getByRole('button', { name: 'Change password' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change password' });
      await dialog.getByLabel('Current password').fill('not my password');
      await dialog.getByLabel('New password (at least 8 characters)').fill('a newer secret');
      await dialog.getByLabel('Repeat the new password').fill('a newer secret');
      await dialog.getByRole('button', { name: 'Change password' }).click();
      await expect(dialog.getByRole('alert')).toHaveText('The current password is wrong.');
      await dialog.getByLabel('Current password').fill(ADMIN.password);
      await dialog.getByRole('button', { name: 'Change password' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('status').filter({ hasText: 'Password changed.' })).toBeVisible();
      // This session goes on with its new token, after a reload too.
      await page.reload();
      await expect(page.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
      const again = await pageOn(browser, server);
      await logIn(again, ADMIN.email, 'a newer secret');
    } finally {
      await server.dispose();
    }
  });
});
