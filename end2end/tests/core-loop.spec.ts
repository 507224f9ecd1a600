// The operator's core loop, end to end: a customer (played through the
// webhook) writes, two operators of the Support line see it live, Olivia takes
// it and answers, the customer receives the answer once and writes back.
// Each test creates its own customer, so tests do not depend on one another
// nor on the demo conversations.
import type { Page } from '@playwright/test';
import {
  API,
  composer,
  Customer,
  expect,
  expectNoSeriousA11yViolations,
  logIn,
  messages,
  OLIVIA,
  openConversation,
  openTab,
  operator,
  queue,
  row,
  test,
  unique,
} from '../support/workspace';

/** Marks the page so a later check proves it was never reloaded. */
async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { e2eNoReload: boolean }).e2eNoReload = true;
  });
}

async function expectNotReloaded(page: Page): Promise<void> {
  expect(
    await page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload),
    'the page was reloaded',
  ).toBe(true);
}

test('a customer is answered by one of two operators, live on both screens', async ({ page: olivia, customer, marc }, testInfo) => {
  const question = `Where is my parcel? ${unique()}`;
  const reply = `It left the warehouse this morning. ${unique()}`;
  const answer = `Thank you! ${unique()}`;

  await logIn(olivia, OLIVIA);
  if (testInfo.project.name === 'static-host') {
    // The app came from the static host and talks to the API on another origin.
    expect(new URL(olivia.url()).origin).not.toBe(new URL(API).origin);
  }
  for (const page of [olivia, marc]) {
    await openTab(page, 'Unanswered');
    await expect(queue(page)).toBeVisible();
    await markNoReload(page);
  }

  // The customer writes: the conversation appears in both Unanswered queues.
  const { conversation_id: conversationId } = await customer.write(question);
  await expect(row(olivia, customer.name)).toBeVisible();
  await expect(row(marc, customer.name)).toBeVisible();

  // A notice tells Olivia; once she opens the conversation it has nothing
  // more to say and goes, well before it would expire on its own (6 s).
  const notices = olivia.getByRole('region', { name: 'Notifications' });
  await expect(notices).toContainText(question);

  // Olivia opens it and takes it with "Reply": the composer gets the focus.
  await openConversation(olivia, customer.name, conversationId);
  await expect(messages(olivia)).toContainText(question);
  await expect(notices).not.toContainText(question, { timeout: 1000 });
  await olivia.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(composer(olivia)).toBeFocused();
  await expect(olivia.getByRole('button', { name: 'Reply', exact: true })).toHaveCount(0);

  // It leaves Marc's Unanswered without him doing anything, and is in progress.
  await expect(marc.getByRole('tab', { name: /^Unanswered/ })).toHaveAttribute('aria-selected', 'true');
  await expect(queue(marc)).toBeVisible();
  await expect(row(marc, customer.name)).toHaveCount(0);
  await openTab(marc, 'In progress', 'All');
  await expect(row(marc, customer.name)).toBeVisible();

  // She answers with Enter: the message shows in her log and the composer empties.
  await composer(olivia).fill(reply);
  await expect(olivia.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  await composer(olivia).press('Enter');
  await expect(messages(olivia)).toContainText(reply);
  await expect(composer(olivia)).toHaveValue('');

  // The customer receives it, once.
  await expect
    .poll(async () => (await customer.received()).filter((m) => m.text === reply).length)
    .toBe(1);

  // The customer writes back: it appears in Olivia's open conversation.
  await customer.write(answer);
  await expect(messages(olivia)).toContainText(answer);

  // After all that, the customer's chat holds each message exactly once, in order.
  const seen = await customer.received();
  expect(seen.map((m) => [m.from, m.text])).toEqual([
    ['customer', question],
    ['company', reply],
    ['customer', answer],
  ]);
  await expectNotReloaded(olivia);
  await expectNotReloaded(marc);
});

test('a customer who writes while the workspace is still opening its event stream shows up, once', async ({ page, customer }) => {
  // The event stream opens late (a slow network): the customer writes after
  // the queue was loaded but before the socket reached the server.
  let open: () => void = () => {};
  const late = new Promise<void>((resolve) => {
    open = resolve;
  });
  await page.routeWebSocket(/\/api\/v1\/events/, async (socket) => {
    await late;
    socket.connectToServer();
  });
  await logIn(page, OLIVIA);
  await openTab(page, 'Unanswered');
  await expect(queue(page).getByRole('option').first()).toBeVisible();
  await expect(row(page, customer.name)).toHaveCount(0);

  await customer.write('Is anybody there?');
  open();
  await expect(row(page, customer.name)).toBeVisible();
  await expect(row(page, customer.name)).toHaveCount(1);
  await expect(page.getByRole('tab', { name: /^Unanswered/ })).toBeVisible();
});

test('each conversation keeps its own draft, across switching and reload', async ({
  page,
  request,
}) => {
  const first = new Customer(request);
  const second = new Customer(request);
  const firstDraft = `Draft for the first customer ${unique()}`;
  const secondDraft = `Draft for the second customer ${unique()}`;

  await logIn(page, OLIVIA);
  await openTab(page, 'Unanswered');
  const { conversation_id: firstId } = await first.write('Hello, anybody there?');
  const { conversation_id: secondId } = await second.write('I have a question.');

  await openConversation(page, first.name, firstId);
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  await composer(page).fill(firstDraft);
  // "Reply" took it: the queue followed it to my "In progress".
  await expect(page.getByRole('tab', { name: /^In progress/ })).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, first.name)).toHaveAttribute('aria-selected', 'true');

  await openTab(page, 'Unanswered');
  await openConversation(page, second.name, secondId);
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(composer(page)).toHaveValue('');
  await composer(page).fill(secondDraft);

  await openTab(page, 'In progress');
  await openConversation(page, first.name, firstId);
  await expect(composer(page)).toHaveValue(firstDraft);

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: first.name })).toBeVisible();
  await expect(composer(page)).toHaveValue(firstDraft);

  await openTab(page, 'In progress');
  await openConversation(page, second.name, secondId);
  await expect(composer(page)).toHaveValue(secondDraft);

  // Nothing was sent: the customer saw no answer.
  expect((await second.received()).filter((m) => m.from === 'company')).toEqual([]);
});

test('the workspace switches to French from the user menu and remembers it', async ({ page, customer }) => {
  await logIn(page, OLIVIA);
  const { conversation_id: conversationId } = await customer.write('Bonjour !');
  await openConversation(page, customer.name, conversationId);

  const userMenu = page.getByRole('button', { name: /^User menu/ });
  await userMenu.click();
  await expect(userMenu).toHaveAttribute('aria-expanded', 'true');
  const language = page.getByRole('combobox', { name: 'Language' });
  await expect(language).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Desktop notifications' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Notification sound' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log out', exact: true })).toBeVisible();
  await language.selectOption({ label: 'Français' });

  await expect(page.getByRole('tab', { name: /^Sans réponse/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^En cours/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^Unanswered/ })).toHaveCount(0);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Centre de contact' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Répondre', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', /^fr/);

  await page.reload();
  await expect(page.getByRole('tab', { name: /^Sans réponse/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Menu utilisateur/ })).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`login, queue and conversation pass axe (${colorScheme} theme)`, async ({ page, customer }) => {
    // The theme follows the system until the operator picks one.
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `login screen (${colorScheme})`);
    const question = `Can you help me? ${unique()}`;
    const { conversation_id: conversationId } = await customer.write(question);
    await logIn(page, OLIVIA);
    await openTab(page, 'Unanswered');
    await expect(row(page, customer.name)).toBeVisible();
    const search = page
      .getByRole('searchbox', { name: 'Search conversations' })
      .or(page.getByRole('textbox', { name: 'Search conversations' }));
    await expect(search).toBeVisible();
    await expectNoSeriousA11yViolations(page, `queue (${colorScheme})`);

    await openConversation(page, customer.name, conversationId);
    await expect(messages(page)).toContainText(question);
    await expectNoSeriousA11yViolations(page, `conversation (${colorScheme})`);

    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect(composer(page)).toBeVisible();
    await expectNoSeriousA11yViolations(page, `conversation with the composer (${colorScheme})`);
  });
}
