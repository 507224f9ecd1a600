// The parts of the app loaded on demand (src/lazy.rs, scripts/split-wasm.mjs):
// the queue comes with the start module alone, the other parts are fetched
// once it is on screen, and a part that cannot arrive says so in place of
// the view, with "Retry", without stopping the rest of the workspace.
import type { Request, Route } from '@playwright/test';
import { expect, logIn, messages, OLIVIA, openTab, row, test } from '../support/workspace';

/** The wasm files of the lazily loaded parts. */
const PARTS = /\/(split_|chunk_)[^/]*-[0-9a-f]{16}\.wasm$/;

test('the queue needs only the start module; the parts follow, and load once', async ({ page, request, customer }) => {
  const { conversation_id } = await customer.write('Do you deliver on Sundays?');
  const parts: string[] = [];
  let queueAnswered = -1;
  page.on('request', (sent: Request) => {
    if (PARTS.test(sent.url())) parts.push(sent.url());
  });
  page.on('response', (response) => {
    if (queueAnswered < 0 && /\/api\/v1\/conversations(\?|$)/.test(response.url())) {
      queueAnswered = parts.length;
    }
  });

  await logIn(page, OLIVIA);
  await openTab(page, 'Unanswered');
  await expect(row(page, customer.name)).toBeVisible();
  // Nothing of the parts was asked for before the queue had its answer...
  expect(queueAnswered).toBe(0);
  // ...and they arrive right after, before anyone opens a conversation.
  await expect.poll(() => parts.length).toBeGreaterThanOrEqual(3);
  const fetched = parts.length;

  await row(page, customer.name).click();
  await expect(page).toHaveURL(new RegExp(`#/c/${conversation_id}$`));
  await expect(messages(page).getByText('Do you deliver on Sundays?')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  expect(parts.length, 'each part is fetched once').toBe(fetched);
});

test('a part that cannot arrive says so in place, and Retry loads it', async ({ page, customer }) => {
  const { conversation_id } = await customer.write('Hello from a flaky network');
  let refused = 0;
  const cut = async (route: Route) => {
    refused += 1;
    await route.abort('internetdisconnected');
  };
  await page.route(PARTS, cut);

  await logIn(page, OLIVIA);
  await openTab(page, 'Unanswered');
  await expect(row(page, customer.name)).toBeVisible();
  await expect.poll(() => refused).toBeGreaterThan(0);

  await row(page, customer.name).click();
  await expect(page).toHaveURL(new RegExp(`#/c/${conversation_id}$`));
  const failed = page.getByRole('main').getByRole('alert');
  await expect(failed).toContainText('This part of Switchboard could not be loaded. Check your connection.');
  // The rest of the workspace still works.
  await openTab(page, 'In progress');
  await openTab(page, 'Unanswered');
  await expect(row(page, customer.name)).toBeVisible();

  await page.unroute(PARTS, cut);
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 2, name: customer.name })).toBeVisible();
  await expect(messages(page).getByText('Hello from a flaky network')).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
});
