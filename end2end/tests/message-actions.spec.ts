// The "Message actions" menu, end to end: edit and delete as a colleague and
// the customer see them, quote, save as canned response, move to a new conversation.
import type { Page } from '@playwright/test';
import {
  answered,
  API,
  composer,
  expect,
  MARC,
  messages,
  OLIVIA,
  test,
  tokenOf,
} from '../support/workspace';

function bubble(page: Page, text: string) {
  return messages(page).locator('.message').filter({ hasText: text });
}

async function openMenu(page: Page, text: string) {
  await bubble(page, text).getByRole('button', { name: 'Message actions' }).click();
  return page.getByRole('menu', { name: 'Message actions' });
}

async function asMarc(request: import('@playwright/test').APIRequestContext, conversation: number) {
  const login = await request.post(`${API}/api/v1/auth/login`, { data: { email: MARC, password: 'demo' } });
  const token = (await login.json()).token as string;
  const page = await request.get(`${API}/api/v1/conversations/${conversation}/messages`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(page.status()).toBe(200);
  return (await page.json()).items as Array<{ text: string; edited_at: number | null; deleted_at: number | null }>;
}

test('edit and delete my messages: the colleague and the customer see the change', async ({ page, request, customer }) => {
  const conversation = await answered(page, customer);
  await composer(page).fill('Helo, how can I help?');
  await composer(page).press('Enter');
  await composer(page).fill('Oops, wrong chat');
  await composer(page).press('Enter');
  await expect(bubble(page, 'Oops, wrong chat').getByRole('button', { name: 'Message actions' })).toBeVisible();

  // "Edit" puts the focus in the editor with the text selected: what the
  // operator types replaces it. Escape cancels and gives the focus back to
  // the message.
  let menu = await openMenu(page, 'Helo, how can I help?');
  await menu.getByRole('menuitem', { name: 'Edit' }).click();
  const editor = page.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toBeFocused();
  expect(await editor.evaluate((field: HTMLTextAreaElement) => [field.selectionStart, field.selectionEnd])).toEqual([
    0,
    'Helo, how can I help?'.length,
  ]);
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(bubble(page, 'Helo, how can I help?')).toBeFocused();

  menu = await openMenu(page, 'Helo, how can I help?');
  await menu.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(editor).toBeFocused();
  await page.keyboard.type('Hello, how can I help?');
  await page.keyboard.press('Enter');
  await expect(bubble(page, 'Hello, how can I help?').getByText('edited')).toBeVisible();

  // Arrow-up in the empty composer edits my last message.
  await composer(page).click();
  await composer(page).press('ArrowUp');
  await expect(page.getByRole('textbox', { name: 'Edit message' })).toHaveValue('Oops, wrong chat');
  await page.getByRole('textbox', { name: 'Edit message' }).press('Escape');
  await expect(page.getByRole('textbox', { name: 'Edit message' })).toBeHidden();

  const second = await openMenu(page, 'Oops, wrong chat');
  await second.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete message' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(messages(page).getByText('Message deleted')).toBeVisible();
  await expect(messages(page).getByText('Oops, wrong chat')).toHaveCount(0);

  const seen = await asMarc(request, conversation);
  expect(seen.find((m) => m.text === 'Hello, how can I help?')?.edited_at).toBeTruthy();
  expect(seen.filter((m) => m.deleted_at).map((m) => m.text)).toEqual(['']);
  // Telegram delivers edits and deletions to the customer.
  await expect
    .poll(async () => (await customer.received()).filter((m) => m.from !== 'customer').map((m) => m.text))
    .toEqual(['Hello, how can I help?']);
});

test('quote a customer message; save a message as a canned response', async ({ page, customer }) => {
  await answered(page, customer, 'My parcel never arrived');
  const menu = await openMenu(page, 'My parcel never arrived');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await menu.getByRole('menuitem', { name: 'Quote' }).click();
  await expect(page.locator('.composer-quote')).toContainText('My parcel never arrived');
  await composer(page).fill('Sorry about that, we are checking');
  await composer(page).press('Enter');
  const excerpt = bubble(page, 'Sorry about that').getByRole('button', { name: /My parcel never arrived/ });
  await expect(excerpt).toBeVisible();
  // Clicking the excerpt brings the original into view and focus.
  await excerpt.click();
  const original = messages(page).locator('.message-customer').filter({ hasText: 'My parcel never arrived' });
  await expect(original).toBeFocused();
  await expect(original).toBeInViewport();

  const again = await openMenu(page, 'Sorry about that, we are checking');
  await again.getByRole('menuitem', { name: 'Save as canned response' }).click();
  const form = page.getByRole('dialog', { name: 'Create canned response' });
  await expect(form.getByLabel('Text')).toHaveValue('Sorry about that, we are checking');
  const title = `Parcel ${Date.now().toString(36)}`;
  await form.getByLabel('Title').fill(title);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await page.getByRole('toolbar', { name: 'Composer tools' }).getByRole('button', { name: 'Canned responses' }).click();
  await page.getByRole('searchbox', { name: 'Search canned responses' }).fill(title);
  await expect(page.getByRole('button', { name: new RegExp(`^${title}`) })).toBeVisible();
});

test('move a customer message to a new conversation, linked in the history', async ({ page, customer }) => {
  const first = await answered(page, customer, 'Question about my invoice');
  await composer(page).fill('Let me check the invoice');
  await composer(page).press('Enter');
  await customer.write('Also, another topic: my password');
  await expect(bubble(page, 'another topic')).toBeVisible();
  const menu = await openMenu(page, 'another topic');
  await menu.getByRole('menuitem', { name: 'Move to new conversation' }).click();
  await expect(page).not.toHaveURL(new RegExp(`#/c/${first}$`));
  await expect(bubble(page, 'another topic')).toBeVisible();
  await expect(messages(page).getByText('Question about my invoice')).toHaveCount(0);
  // Both sessions are in the message history, linked: the earlier one is listed.
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Message history', exact: true }).click();
  const history = page.getByRole('dialog', { name: 'Message history' });
  await expect(history.getByRole('region').first()).toContainText('Question about my invoice');
  await expect(history).not.toContainText('another topic');
});

test('create a task from a message: prefilled, listed on Tasks, opens its conversation', async ({ page, request, customer }) => {
  const order = `order ${Date.now().toString(36)}`;
  const text = `Please call me back about ${order}`;
  const conversation = await answered(page, customer, text);
  const menu = await openMenu(page, order);
  await menu.getByRole('menuitem', { name: 'Create task' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create task' });
  await expect(dialog.getByLabel('Title')).toHaveValue(text);
  await expect(dialog.getByLabel('Description')).toHaveValue(new RegExp(`#/c/${conversation}$`));
  await dialog.getByLabel('Assignee').selectOption({ label: 'Marc Petit' });
  await dialog.getByRole('button', { name: 'Create task' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Task created.' })).toBeVisible();

  // Marc has it, linked to the message.
  const marc = await tokenOf(request, MARC);
  const assigned = await request.get(`${API}/api/v1/tasks?scope=assigned_to_me`, { headers: { Authorization: `Bearer ${marc}` } });
  const task = ((await assigned.json()) as Array<{ title: string; link: { conversation_id: number } }>).find(
    (t) => t.title === text,
  );
  expect(task?.link.conversation_id).toBe(conversation);

  await page.getByRole('status').getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Created by me' }).click();
  const item = page.getByRole('list', { name: 'Tasks' }).getByRole('listitem').filter({ hasText: order });
  await expect(item).toContainText('Marc Petit');
  await item.getByRole('link', { name: 'Open conversation' }).click();
  await expect(page).toHaveURL(new RegExp(`#/c/${conversation}$`));
  await expect(messages(page).getByText(text)).toBeVisible();
});

test('create a calendar event from a message: listed on Calendar, its .ics parses', async ({ page, customer }) => {
  await answered(page, customer, 'Can we meet to discuss the contract?');
  const menu = await openMenu(page, 'discuss the contract');
  await menu.getByRole('menuitem', { name: 'Create calendar event' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create calendar event' });
  const title = `Contract review ${Date.now().toString(36)}`;
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Date and time').fill('2031-03-14T15:30');
  await dialog.getByLabel('Duration (minutes)').fill('45');
  await dialog.getByRole('checkbox', { name: 'Marc Petit' }).check();
  await expect(dialog.getByLabel('Description')).toHaveValue(/discuss the contract/);
  await dialog.getByRole('button', { name: 'Create event' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('status').getByRole('link', { name: 'Calendar' }).click();

  const item = page.getByRole('list', { name: 'Upcoming events' }).getByRole('listitem').filter({ hasText: title });
  await expect(item).toContainText('45 min');
  await expect(item).toContainText('Marc Petit');
  const download = page.waitForEvent('download');
  await item.getByRole('button', { name: 'Download .ics' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^event-\d+\.ics$/);
  const path = await file.path();
  const ics = (await import('node:fs')).readFileSync(path!, 'utf8');
  // Unfold continuation lines (RFC 5545 §3.1), then read the properties.
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines).toContain('BEGIN:VEVENT');
  expect(lines).toContain(`SUMMARY:${title}`);
  // 15:30 in Paris in March is 14:30 UTC.
  expect(lines.find((l) => l.startsWith('DTSTART'))).toMatch(/20310314T143000Z$/);
  expect(lines).toContain('DURATION:PT45M');
  expect(lines.some((l) => l.startsWith('ATTENDEE') && l.includes('marc@example.com'))).toBe(true);
  expect(lines.filter((l) => l === 'END:VCALENDAR')).toHaveLength(1);
});

test('discuss a message in the Feed: the post quotes it, newest first and live', async ({ page, request, customer }) => {
  const praise = `Your team is wonderful ${Date.now().toString(36)}`;
  await answered(page, customer, praise);
  const menu = await openMenu(page, praise);
  await menu.getByRole('menuitem', { name: 'Discuss in Feed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Discuss in Feed' });
  await expect(dialog.locator('blockquote')).toContainText(praise);
  await dialog.getByLabel('Your comment (optional)').fill('Well done everyone!');
  await dialog.getByRole('button', { name: 'Post' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('status').getByRole('link', { name: 'Feed' }).click();

  const feed = page.getByRole('feed', { name: 'Feed' });
  const post = feed.getByRole('article').first();
  await expect(post).toContainText('Well done everyone!');
  await expect(post.locator('blockquote')).toContainText(praise);
  await expect(post.getByRole('link', { name: /Open conversation/ })).toHaveAttribute('href', /#\/c\/\d+$/);

  // A colleague's post appears live, on top.
  const marc = await tokenOf(request, MARC);
  const live = `Team lunch on Friday ${Date.now().toString(36)}`;
  const created = await request.post(`${API}/api/v1/feed`, {
    headers: { Authorization: `Bearer ${marc}` },
    data: { text: live },
  });
  expect(created.status()).toBe(201);
  await expect(feed.getByRole('article').first()).toContainText(live);
  await expect(feed.getByRole('article').first()).toContainText('Marc Petit');
});

test('discuss a message in a new chat; chats show unread counts live', async ({ page, request, customer }) => {
  const text = `Is this a refund case? ${Date.now().toString(36)}`;
  await answered(page, customer, text);
  const menu = await openMenu(page, text);
  await menu.getByRole('menuitem', { name: 'Discuss in new chat' }).click();
  await expect(page).toHaveURL(/#\/chats\/\d+$/);
  const chat = page.locator('.chat-open');
  await expect(chat.getByRole('heading', { level: 2 })).toHaveText(customer.name);
  await expect(chat.getByRole('log').locator('.quote')).toContainText(text);
  // The same composer as conversations, without the customer-only tools.
  const tools = chat.getByRole('toolbar', { name: 'Composer tools' });
  await expect(tools.getByRole('button', { name: 'Emoji' })).toBeVisible();
  await expect(tools.getByRole('button', { name: 'Silent mode' })).toHaveCount(0);
  await composer(page).fill('Looks like one to me');
  await composer(page).press('Enter');
  await expect(chat.getByRole('log').locator('.message').filter({ hasText: 'Looks like one to me' })).toBeVisible();

  // Marc starts a chat with Olivia and writes: unread on the rail and in the list, live.
  const railBadge = page.getByRole('navigation', { name: 'Main' }).locator('.rail-badge');
  const unreadOnRail = async () => Number((await railBadge.count()) ? await railBadge.textContent() : 0);
  const before = await unreadOnRail();
  const marc = await tokenOf(request, MARC);
  const auth = { Authorization: `Bearer ${marc}` };
  const users = (await (await request.get(`${API}/api/v1/users`, { headers: auth })).json()) as Array<{ id: number; email: string }>;
  const olivia = users.find((u) => u.email === OLIVIA)!.id;
  const title = `Shift swap ${Date.now().toString(36)}`;
  const created = await request.post(`${API}/api/v1/team-chats`, { headers: auth, data: { title, members: [olivia] } });
  expect(created.status()).toBe(201);
  const id = (await created.json()).chat.id as number;
  for (const n of [1, 2]) {
    const sent = await request.post(`${API}/api/v1/team-chats/${id}/messages`, {
      headers: auth,
      data: { client_id: `swap-${id}-${n}`, text: `Can you take my Saturday? (${n})` },
    });
    expect(sent.status()).toBe(201);
  }
  const row = page.getByRole('navigation', { name: 'Chats' }).getByRole('link', { name: new RegExp(title) });
  await expect(row.getByLabel('2 unread')).toBeVisible();
  await expect.poll(unreadOnRail).toBe(before + 2);
  await row.click();
  await expect(chat.getByRole('log')).toContainText('Can you take my Saturday? (2)');
  await expect(row.getByLabel('2 unread')).toHaveCount(0);
  await expect.poll(unreadOnRail).toBe(before);
});
