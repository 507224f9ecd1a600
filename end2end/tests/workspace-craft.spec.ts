// What an operator meets in the first hour: logging out and in again without
// a stale listener, the queue following the conversation after "Reply",
// "Mine" and "All" inside "In progress", and a search that finds a
// conversation whatever its status.
import type { APIRequestContext, Page } from '@playwright/test';
import {
  API,
  composer,
  Customer,
  DEMO_PASSWORD,
  expect,
  logIn,
  MARC,
  OLIVIA,
  openConversation,
  openTab,
  queue,
  row,
  test,
  unique,
} from '../support/workspace';

const SOPHIE = 'sophie@example.com';

/** A colleague answers a conversation through the API (it becomes theirs). */
async function answerAs(request: APIRequestContext, email: string, conversation: number): Promise<void> {
  const login = await request.post(`${API}/api/v1/auth/login`, { data: { email, password: DEMO_PASSWORD } });
  const token = (await login.json()).token as string;
  const answered = await request.post(`${API}/api/v1/conversations/${conversation}/answer`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(answered.status(), await answered.text()).toBe(200);
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^User menu/ }).click();
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
}

function scope(page: Page, name: 'Mine' | 'All') {
  return page.getByRole('radiogroup', { name: 'Whose conversations' }).getByRole('radio', { name: new RegExp(`^${name}`) });
}

test('after logging out nothing listens any more, and the next operator switches conversations with Alt+Down', async ({
  page,
  request,
}) => {
  const first = new Customer(request);
  const second = new Customer(request);
  await first.write(`First question ${unique()}`);
  await second.write(`Second question ${unique()}`);

  await logIn(page, OLIVIA);
  await logOut(page);
  // Before the listeners went with their owner, each of these panicked once
  // per login (the page guard fails the test on a panic).
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Alt+ArrowDown');

  // Someone else logs in on the same page, without a reload.
  await page.getByRole('textbox', { name: 'Email' }).fill(MARC);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: /^User menu.*Marc Petit/ })).toBeVisible();
  await expect(row(page, second.name)).toBeVisible();
  await expect(row(page, first.name)).toBeVisible();

  await page.locator('body').press('Alt+ArrowDown');
  await expect(page).toHaveURL(/#\/c\/\d+$/);
  const opened = page.url();
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toBeVisible();
  await page.locator('body').press('Alt+ArrowDown');
  await expect(page).not.toHaveURL(opened);
  await expect(page).toHaveURL(/#\/c\/\d+$/);
  await page.locator('body').press('Alt+ArrowUp');
  await expect(page).toHaveURL(opened);
});

test('after Reply the queue follows the conversation to In progress, its row selected and in view', async ({ page, customer }) => {
  const { conversation_id } = await customer.write(`Where is my parcel? ${unique()}`);
  await logIn(page, OLIVIA);
  await openTab(page, 'Unanswered');
  await openConversation(page, customer.name, conversation_id);
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(composer(page)).toBeFocused();

  await expect(page.getByRole('tab', { name: /^In progress/ })).toHaveAttribute('aria-selected', 'true');
  await expect(scope(page, 'Mine')).toBeChecked();
  const taken = row(page, customer.name);
  await expect(taken).toHaveAttribute('aria-selected', 'true');
  await expect(taken).toBeInViewport();
});

test('In progress: Mine for operators, All for supervisors, each with its count, the choice remembered', async ({
  page,
  request,
  browser,
}, testInfo) => {
  const mine = new Customer(request);
  const marcs = new Customer(request);
  const { conversation_id: mineId } = await mine.write(`Mine ${unique()}`);
  const { conversation_id: marcsId } = await marcs.write(`Marc's ${unique()}`);
  await answerAs(request, OLIVIA, mineId);
  await answerAs(request, MARC, marcsId);

  await logIn(page, OLIVIA);
  await openTab(page, 'In progress');
  // An operator starts with her own conversations.
  await expect(scope(page, 'Mine')).toBeChecked();
  await expect(row(page, mine.name)).toBeVisible();
  await expect(row(page, marcs.name)).toHaveCount(0);
  const count = async (name: 'Mine' | 'All') =>
    Number((await scope(page, name).locator('xpath=..').innerText()).replace(/\D+/g, ''));
  const mineCount = await count('Mine');
  expect(mineCount).toBeGreaterThan(0);
  // Every row shown is hers.
  const shown = await queue(page).getByRole('option').allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  for (const text of shown) expect(text).toContain('Olivia Bernard');

  await scope(page, 'All').check();
  await expect(row(page, marcs.name)).toBeVisible();
  await expect(row(page, mine.name)).toBeVisible();
  expect(await count('All')).toBeGreaterThan(mineCount);

  // Remembered in this browser.
  await page.reload();
  await openTab(page, 'In progress');
  await expect(scope(page, 'All')).toBeChecked();
  await expect(row(page, marcs.name)).toBeVisible();

  // A supervisor starts with everyone's.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-US' });
  const sophie = await context.newPage();
  await logIn(sophie, SOPHIE);
  await openTab(sophie, 'In progress');
  await expect(scope(sophie, 'All')).toBeChecked();
  await expect(row(sophie, marcs.name)).toBeVisible();
  await expect(row(sophie, mine.name)).toBeVisible();
  await context.close();
});

test('search finds a conversation whatever its status; Escape brings the tab back as it was', async ({ page, request }) => {
  const waiting = new Customer(request);
  const renamed = new Customer(request);
  await waiting.write(`Still waiting ${unique()}`);
  const { conversation_id } = await renamed.write(`About my invoice ${unique()}`);
  const title = `Invoice ${unique()}`;

  await logIn(page, OLIVIA);
  await openConversation(page, renamed.name, conversation_id);
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  await composer(page).fill(`/rename ${title}`);
  await composer(page).press('Enter');
  await expect(page.getByRole('main')).toContainText(title);

  await openTab(page, 'Unanswered');
  await expect(row(page, waiting.name)).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search conversations' });
  await search.fill(title);
  const found = row(page, renamed.name);
  await expect(found).toBeVisible();
  await expect(found).toContainText('In progress');
  await expect(row(page, waiting.name)).toHaveCount(0);
  await expect(page.getByRole('tab', { name: /^Unanswered/ })).toHaveAttribute('aria-selected', 'true');

  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(row(page, waiting.name)).toBeVisible();
  await expect(row(page, renamed.name)).toHaveCount(0);

  // Open a result: it opens where it is.
  await search.fill(title);
  await found.click();
  await expect(page).toHaveURL(new RegExp(`#/c/${conversation_id}$`));
});
