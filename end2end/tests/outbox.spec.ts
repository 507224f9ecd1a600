// The offline outbox: replies written while the server cannot be reached are
// kept, shown as waiting, survive a reload and go out in order, exactly once,
// when it answers again; an expired session keeps them and the draft.
import type { Page, Route } from '@playwright/test';
import { answered, API, composer, expect, messages, OLIVIA, test } from '../support/workspace';

/** Sends of replies fail as if the network were down, until `restore` is called. */
async function cutReplies(page: Page): Promise<() => Promise<void>> {
  const pattern = /\/api\/v1\/conversations\/\d+\/messages$/;
  const handler = async (route: Route) => {
    if (route.request().method() === 'POST') {
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  };
  await page.route(pattern, handler);
  return () => page.unroute(pattern, handler);
}

test('replies written offline wait, survive a reload and are delivered in order once', async ({ page, customer }) => {
  await answered(page, customer, 'Is anyone there?');

  let restore = await cutReplies(page);
  for (const text of ['First, offline', 'Second, offline', 'Third, offline']) {
    await composer(page).fill(text);
    await composer(page).press('Enter');
  }
  const waiting = messages(page).getByText('Waiting for the connection: will be sent automatically');
  await expect(waiting).toHaveCount(3);
  await expect(composer(page)).toHaveValue('');

  // Still unreachable after a reload: the replies come back from the outbox.
  await page.reload();
  await expect(messages(page).getByText('Third, offline')).toBeVisible();
  await expect(waiting).toHaveCount(3, { timeout: 15_000 });
  expect((await customer.received()).filter((m) => m.from !== 'customer')).toHaveLength(0);

  await restore();
  await expect(waiting).toHaveCount(0, { timeout: 40_000 });
  await expect(messages(page).getByText('Sending…')).toHaveCount(0);

  const replies = (await customer.received()).filter((m) => m.from !== 'customer');
  expect(replies.map((m) => m.text)).toEqual(['First, offline', 'Second, offline', 'Third, offline']);
  // And once only on the operator's screen, after another reload.
  await page.reload();
  await expect(messages(page).getByText('Third, offline')).toHaveCount(1);
  await expect(messages(page).getByText('First, offline')).toHaveCount(1);
  restore = async () => {};
});

test('an expired session keeps the outbox; work resumes after logging in', async ({ page, request, customer }) => {
  await answered(page, customer, 'Is anyone there?');

  // The token is revoked on the server while the operator works.
  const token = await page.evaluate(() => {
    const raw = window.localStorage.getItem('switchboard.session');
    return raw ? (JSON.parse(raw).token as string) : '';
  });
  expect(token).not.toBe('');
  const logout = await request.post(`${API}/api/v1/auth/logout`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(logout.ok()).toBeTruthy();

  await composer(page).fill('Sent while my session expired');
  await composer(page).press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Your session has expired' });
  await expect(dialog).toBeVisible();
  await expect(messages(page).getByText('Sent while my session expired')).toBeVisible();

  await dialog.getByRole('textbox', { name: 'Email' }).fill(OLIVIA);
  await dialog.getByLabel('Password').fill('demo');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await expect(dialog).toBeHidden();

  await expect
    .poll(async () => (await customer.received()).filter((m) => m.from !== 'customer').map((m) => m.text), {
      timeout: 20_000,
    })
    .toEqual(['Sent while my session expired']);
  await expect(messages(page).getByText('Waiting for the connection: will be sent automatically')).toHaveCount(0);
});
