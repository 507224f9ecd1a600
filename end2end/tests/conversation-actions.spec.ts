// Conversation actions (issue 5), end to end: two operators (sometimes the
// supervisor too) in separate browser contexts, each with its own websocket.
// Every flow checks what both screens show: queues, the system message in the
// log, the header. Each test plays its own customer through the webhook.
import type { Locator, Page } from '@playwright/test';
import {
  composer,
  Customer,
  expect,
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

const SOPHIE = 'sophie@example.com';
/** Demo connector of the Sales line, whose queue holds Olivia but not Marc. */
const SALES_LIVECHAT = 'demo-livechat';

// The flows are about the workspace, not about where the app is hosted: the
// core loop already runs on both projects.
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'runs on the same-origin project only');
});

/** Opens "More actions" and returns its menu. */
async function openMoreActions(page: Page): Promise<Locator> {
  const more = page.getByRole('button', { name: 'More actions' });
  await expect(more).toHaveAttribute('aria-haspopup', 'menu');
  await more.click();
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  return menu;
}

/** Picks an item of "More actions". */
async function moreAction(page: Page, item: string): Promise<void> {
  const menu = await openMoreActions(page);
  await menu.getByRole('menuitem', { name: item, exact: true }).click();
}

function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

/** The header line naming the assignee. */
function assignee(page: Page, name: string): Locator {
  return page.getByText(`Assigned to: ${name}`, { exact: true });
}

/** The open conversation's "Locked" badge (the queue rows show their own lock). */
function lockBadge(page: Page): Locator {
  return page.getByRole('main').getByText(/🔒\s*Locked/);
}

/** The customer writes; the conversation shows in the Unanswered queue of each page. */
async function newConversation(customer: Customer, text: string, pages: Page[]): Promise<number> {
  for (const page of pages) await openTab(page, 'Unanswered');
  const { conversation_id: id } = await customer.write(text);
  for (const page of pages) await expect(row(page, customer.name)).toBeVisible();
  return id;
}

/** Olivia opens the conversation and takes it with "Reply": it is in progress, hers. */
async function takeWithReply(page: Page, customer: Customer, id: number): Promise<void> {
  await openConversation(page, customer.name, id);
  await button(page, 'Reply').click();
  await expect(button(page, 'Reply')).toHaveCount(0);
  await expect(assignee(page, 'Olivia Bernard')).toBeVisible();
}

test('transfer to a colleague: Marc gets it in progress, with the system message', async ({ page: olivia, customer, marc }) => {
  await logIn(olivia, OLIVIA);
  const question = `My order never arrived ${unique()}`;
  const comment = `He handled this order last week ${unique()}`;
  const id = await newConversation(customer, question, [olivia, marc]);

  await openConversation(olivia, customer.name, id);
  for (const name of ['Reply', 'Transfer', 'Accept and close', 'Mark as spam']) {
    await expect(button(olivia, name)).toBeVisible();
  }
  await button(olivia, 'Transfer').click();
  const dialog = olivia.getByRole('dialog', { name: 'Transfer conversation' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('searchbox', { name: 'Search colleagues and channels' }).fill('Marc');
  await dialog.getByRole('radio', { name: /Marc Petit/ }).check();
  await dialog.getByRole('textbox', { name: 'Comment (employees only)' }).fill(comment);
  await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  const systemMessage = 'Olivia Bernard transferred the conversation to Marc Petit';
  // Olivia's screen: the system message, Marc as the assignee, gone from Unanswered.
  await expect(messages(olivia)).toContainText(systemMessage);
  await expect(assignee(olivia, 'Marc Petit')).toBeVisible();
  await expect(row(olivia, customer.name)).toHaveCount(0);

  // Marc's screen: it left his Unanswered and is his under In progress.
  await expect(row(marc, customer.name)).toHaveCount(0);
  await openTab(marc, 'In progress');
  await expect(row(marc, customer.name)).toBeVisible();
  await openConversation(marc, customer.name, id);
  await expect(messages(marc)).toContainText(question);
  await expect(messages(marc)).toContainText(systemMessage);
  await expect(messages(marc)).toContainText(comment);
  await expect(assignee(marc, 'Marc Petit')).toBeVisible();
  await expect(button(marc, 'Finish conversation')).toBeVisible();
  await expect(marc.getByRole('region', { name: 'Notifications' })).toContainText(
    'Olivia Bernard transferred this conversation to you.',
  );
});

test('transfer to the other line: it leaves the old line\'s queue, live', async ({ page: olivia, customer, marc }) => {
  await logIn(olivia, OLIVIA);
  const id = await newConversation(customer, `Do you sell gift cards? ${unique()}`, [olivia, marc]);

  await openConversation(olivia, customer.name, id);
  await button(olivia, 'Transfer').click();
  const dialog = olivia.getByRole('dialog', { name: 'Transfer conversation' });
  await dialog.getByRole('radio', { name: 'Sales' }).check();
  await expect(dialog.getByRole('radio', { name: 'Support' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  // Olivia is in Sales too: it stays in her Unanswered, now on Sales.
  await expect(messages(olivia)).toContainText(
    'Olivia Bernard transferred the conversation to the channel Sales',
  );
  await expect(row(olivia, customer.name)).toContainText('Sales');
  await expect(assignee(olivia, 'Nobody yet')).toBeVisible();
  // Marc is not in Sales: the row leaves his queue without a reload.
  await expect(row(marc, customer.name)).toHaveCount(0);
});

test('accept and close: the conversation moves to Closed on both screens', async ({ page: olivia, customer, marc }) => {
  await logIn(olivia, OLIVIA);
  const text = `test message, please ignore ${unique()}`;
  const id = await newConversation(customer, text, [olivia, marc]);

  await openConversation(olivia, customer.name, id);
  await button(olivia, 'Accept and close').click();
  await expect(messages(olivia)).toContainText('Olivia Bernard closed the conversation');
  await expect(button(olivia, 'Accept and close')).toHaveCount(0);

  for (const page of [olivia, marc]) {
    await expect(row(page, customer.name)).toHaveCount(0);
    await openTab(page, 'Closed');
    await expect(row(page, customer.name)).toBeVisible();
  }
  // Closed conversations stay readable.
  await openConversation(marc, customer.name, id);
  await expect(messages(marc)).toContainText(text);
  await expect(messages(marc)).toContainText('Olivia Bernard closed the conversation');

  // Writing to it reopens it, in progress for the writer, on both screens.
  const followUp = `One more thing about your order ${unique()}`;
  await composer(olivia).fill(followUp);
  await composer(olivia).press('Enter');
  await expect(messages(olivia)).toContainText('Olivia Bernard reopened the conversation');
  await expect(messages(marc)).toContainText(followUp);
  for (const page of [olivia, marc]) {
    await expect(row(page, customer.name)).toHaveCount(0);
    // Olivia's own (she wrote); Marc sees it among everyone's.
    await openTab(page, 'In progress', page === olivia ? 'Mine' : 'All');
    await expect(row(page, customer.name)).toBeVisible();
  }
  await expect(assignee(olivia, 'Olivia Bernard')).toBeVisible();
});

test('spam, then the customer writes again: a new session, with the earlier ones in the history', async ({ page: olivia, customer, marc }) => {
  await logIn(olivia, OLIVIA);
  const first = `First question, closed without a reply ${unique()}`;
  const second = `BUY CHEAP WATCHES ${unique()}`;
  const third = `Sorry, my account was hacked; now a real question ${unique()}`;

  // A first session, accepted and closed.
  const firstId = await newConversation(customer, first, [olivia, marc]);
  await openConversation(olivia, customer.name, firstId);
  await button(olivia, 'Accept and close').click();
  await expect(row(marc, customer.name)).toHaveCount(0);

  // A second session, marked as spam.
  const spamId = await newConversation(customer, second, [olivia, marc]);
  expect(spamId).not.toBe(firstId);
  await openConversation(olivia, customer.name, spamId);
  await button(olivia, 'Mark as spam').click();
  await expect(messages(olivia)).toContainText('Olivia Bernard marked the conversation as spam');
  await expect(row(olivia, customer.name)).toHaveCount(0);
  await expect(row(marc, customer.name)).toHaveCount(0);

  // The same customer writes again: a new session, unanswered on both screens.
  const newId = await newConversation(customer, third, [olivia, marc]);
  expect(newId).not.toBe(spamId);
  expect(newId).not.toBe(firstId);

  for (const page of [olivia, marc]) {
    await openConversation(page, customer.name, newId);
    await expect(messages(page)).toContainText(third);
    await expect(messages(page)).not.toContainText(second);

    await moreAction(page, 'Message history');
    const dialog = page.getByRole('dialog', { name: 'Message history' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(first);
    await expect(dialog).toContainText(second);
    // Newest first: the spam session before the closed one; the current one is not history.
    const sessions = dialog.getByRole('region');
    await expect(sessions).toHaveCount(2);
    await expect(sessions.nth(0)).toContainText(second);
    await expect(sessions.nth(1)).toContainText(first);
    await expect(dialog).not.toContainText(third);

    // Searchable: only the matching session stays.
    await dialog.getByRole('searchbox', { name: 'Search the history' }).fill('CHEAP WATCHES');
    await expect(sessions).toHaveCount(1);
    await expect(sessions.first()).toContainText(second);

    if (page === olivia) {
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    } else {
      await page.keyboard.press('Escape');
    }
    await expect(dialog).toHaveCount(0);
  }
});

test('take over: Marc takes Olivia’s conversation and she is told', async ({ page: olivia, customer, marc }) => {
  await logIn(olivia, OLIVIA);
  const question = `Can someone call me back? ${unique()}`;
  const id = await newConversation(customer, question, [olivia, marc]);
  await takeWithReply(olivia, customer, id);
  await expect(button(olivia, 'Finish conversation')).toBeVisible();

  await openTab(marc, 'In progress', 'All');
  await openConversation(marc, customer.name, id);
  await expect(assignee(marc, 'Olivia Bernard')).toBeVisible();
  // Not his: he may not manage it, only take it.
  await expect(button(marc, 'Finish conversation')).toHaveCount(0);
  await moreAction(marc, 'Take conversation');

  const systemMessage = 'Marc Petit took the conversation over from Olivia Bernard';
  await expect(messages(marc)).toContainText(systemMessage);
  await expect(assignee(marc, 'Marc Petit')).toBeVisible();
  await expect(button(marc, 'Finish conversation')).toBeVisible();

  // Olivia's screen, without reloading: the system message and the new assignee.
  await expect(messages(olivia)).toContainText(systemMessage);
  await expect(assignee(olivia, 'Marc Petit')).toBeVisible();
  await expect(button(olivia, 'Finish conversation')).toHaveCount(0);
  // She is told in a notification, too.
  await expect(olivia.getByRole('region', { name: 'Notifications' })).toContainText(
    'Marc Petit took this conversation over from you.',
  );
});

test('a locked conversation: a plain operator cannot take it, the supervisor can', async ({ browser, page: olivia, customer, marc }, testInfo) => {
  await logIn(olivia, OLIVIA);
  const id = await newConversation(customer, `Please keep my case with you ${unique()}`, [
    olivia,
    marc,
  ]);
  await takeWithReply(olivia, customer, id);
  await openTab(marc, 'In progress', 'All');
  await expect(row(marc, customer.name)).toBeVisible();

  await moreAction(olivia, 'Lock as mine');
  await expect(messages(olivia)).toContainText('Olivia Bernard locked the conversation');
  await expect(lockBadge(olivia)).toBeVisible();
  // The lock shows live in Marc's queue.
  await expect(row(marc, customer.name)).toHaveAccessibleName(/Locked/);
  const oliviaMenu = await openMoreActions(olivia);
  await expect(oliviaMenu.getByRole('menuitem', { name: 'Unlock', exact: true })).toBeVisible();
  await expect(oliviaMenu.getByRole('menuitem', { name: 'Lock as mine', exact: true })).toHaveCount(0);
  await olivia.keyboard.press('Escape');
  await expect(oliviaMenu).toHaveCount(0);

  // Marc sees the lock and is offered nothing but the history (and recording the customer).
  await openConversation(marc, customer.name, id);
  await expect(lockBadge(marc)).toBeVisible();
  await expect(messages(marc)).toContainText('Olivia Bernard locked the conversation');
  const marcMenu = await openMoreActions(marc);
  await expect(marcMenu.getByRole('menuitem')).toHaveText(['Save to CRM', 'Message history']);
  await expect(marcMenu.getByRole('menuitem', { name: 'Take conversation' })).toHaveCount(0);
  await marc.keyboard.press('Escape');
  await expect(marcMenu).toHaveCount(0);

  // Sophie, the supervisor, takes it over.
  const sophie = await operator(browser, testInfo, SOPHIE);
  await openTab(sophie, 'In progress');
  await openConversation(sophie, customer.name, id);
  await expect(lockBadge(sophie)).toBeVisible();
  await moreAction(sophie, 'Take conversation');
  const systemMessage = 'Sophie Laurent took the conversation over from Olivia Bernard';
  await expect(messages(sophie)).toContainText(systemMessage);
  await expect(assignee(sophie, 'Sophie Laurent')).toBeVisible();

  // Both operators see it on their screens.
  for (const page of [olivia, marc]) {
    await expect(messages(page)).toContainText(systemMessage);
    await expect(assignee(page, 'Sophie Laurent')).toBeVisible();
  }
  await sophie.context().close();
});

test('invite shows the conversation to the invitee; finish moves it to Closed', async ({ page: olivia, request, marc }) => {
  await logIn(olivia, OLIVIA);
  // A Sales conversation: Marc, not on that line, sees it only once invited.
  const customer = new Customer(request, SALES_LIVECHAT);
  const question = `Do you ship to Belgium? ${unique()}`;
  await openTab(marc, 'In progress', 'All');
  await expect(queue(marc)).toBeVisible();
  const id = await newConversation(customer, question, [olivia]);
  await takeWithReply(olivia, customer, id);
  await expect(row(marc, customer.name)).toHaveCount(0);

  await button(olivia, 'Invite users').click();
  const dialog = olivia.getByRole('dialog', { name: 'Invite users' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('searchbox', { name: 'Search colleagues' }).fill('Marc');
  await dialog.getByRole('checkbox', { name: /Marc Petit/ }).check();
  await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  const invited = 'Olivia Bernard invited Marc Petit';
  await expect(messages(olivia)).toContainText(invited);
  await expect(olivia.getByText('Participants: Marc Petit', { exact: true })).toBeVisible();

  // Marc: it appears under In progress, live, and he can read it.
  await expect(row(marc, customer.name)).toBeVisible();
  await openConversation(marc, customer.name, id);
  await expect(messages(marc)).toContainText(question);
  await expect(messages(marc)).toContainText(invited);
  await expect(button(marc, 'Finish conversation')).toBeVisible();

  // Olivia finishes it: it moves to Closed on both screens.
  await button(olivia, 'Finish conversation').click();
  const closed = 'Olivia Bernard closed the conversation';
  for (const page of [olivia, marc]) {
    await expect(messages(page)).toContainText(closed);
    await expect(button(page, 'Finish conversation')).toHaveCount(0);
  }
  await openTab(olivia, 'In progress');
  for (const page of [olivia, marc]) {
    await expect(row(page, customer.name)).toHaveCount(0);
    await openTab(page, 'Closed');
    await expect(row(page, customer.name)).toBeVisible();
  }
});
