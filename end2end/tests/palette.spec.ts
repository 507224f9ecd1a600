// The command palette and the keyboard shortcuts: after logging in, Olivia
// does the whole core loop with the keyboard only, through the palette
// (find a conversation, Reply, send, Transfer, Finish); she remaps a
// shortcut in the cheat sheet ("?"), and her new keys work in another
// browser (they are stored on the server). She inserts a canned response
// and quotes and edits the focused message through the palette, and shows a
// queue tab. Axe checks the palette and the cheat sheet while they are open.
import type { APIRequestContext, Page } from '@playwright/test';
import {
  API,
  composer,
  Customer,
  expect,
  expectNoSeriousA11yViolations,
  logIn,
  MARC,
  messages,
  OLIVIA,
  operator,
  test,
  tokenOf,
  unique,
} from '../support/workspace';

function palette(page: Page) {
  return page.getByRole('dialog', { name: 'Command palette' });
}

/** Ctrl+K, types `query`, and runs the first entry with Enter. */
async function command(page: Page, query: string, expected: RegExp): Promise<void> {
  await page.keyboard.press('Control+k');
  const field = palette(page).getByRole('combobox', { name: 'Type a command' });
  await expect(field).toBeFocused();
  await page.keyboard.type(query);
  // The first entry is the active one, and it is the one expected.
  await expect(palette(page).getByRole('option').first()).toHaveAccessibleName(expected);
  await expect(field).toHaveAttribute('aria-activedescendant', 'palette-option-0');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
}

async function conversation(request: APIRequestContext, token: string, id: number) {
  const response = await request.get(`${API}/api/v1/conversations/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  return response.json();
}

test('the core loop with the keyboard only, through the command palette', async ({ page, request }) => {
  const first = new Customer(request);
  const second = new Customer(request);
  const token = await tokenOf(request, OLIVIA);
  const marcId = (
    (await (await request.get(`${API}/api/v1/users`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{
      id: number;
      email: string;
    }>
  ).find((user) => user.email === MARC)?.id;

  await logIn(page, OLIVIA);
  const { conversation_id: firstId } = await first.write(`My order is late ${unique()}`);
  const { conversation_id: secondId } = await second.write(`Wrong size ${unique()}`);
  // The button opens it too.
  await expect(page.getByRole('button', { name: 'Command palette' })).toBeVisible();

  // Part of the customer's name finds the conversation; Enter opens it.
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  await expect(palette(page).getByRole('combobox', { name: 'Type a command' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'command palette');
  // Escape closes it and nothing happened.
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await command(page, first.name.slice(-10), new RegExp(`^Open ${first.name}`));
  await expect(page).toHaveURL(new RegExp(`#/c/${firstId}$`));
  await expect(page.getByRole('heading', { level: 2, name: first.name })).toBeVisible();

  // "Reply" takes it and the composer has the focus: type and send.
  await command(page, 'reply', /^Reply/);
  await expect(composer(page)).toBeFocused();
  const text = `On its way today ${unique()}`;
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(messages(page)).toContainText(text);

  // "transfer marc": to Marc.
  await command(page, 'transfer marc', /^Transfer to Marc Petit/);
  await expect
    .poll(async () => (await conversation(request, token, firstId)).conversation.assignee)
    .toBe(marcId);

  // Another conversation: open it, reply, finish it.
  await command(page, second.name.slice(-10), new RegExp(`^Open ${second.name}`));
  await expect(page).toHaveURL(new RegExp(`#/c/${secondId}$`));
  await command(page, 'reply', /^Reply/);
  await expect(composer(page)).toBeFocused();
  await command(page, 'finish', /^Finish/);
  await expect
    .poll(async () => (await conversation(request, token, secondId)).conversation.status)
    .toBe('closed');
});

test('a canned response, an action on the focused message and a queue tab, through the palette', async ({ page, request }) => {
  const customer = new Customer(request);
  await logIn(page, OLIVIA);
  const question = `Where is my parcel ${unique()}`;
  const { conversation_id: id } = await customer.write(question);
  await command(page, customer.name.slice(-10), new RegExp(`^Open ${customer.name}`));
  await expect(page).toHaveURL(new RegExp(`#/c/${id}$`));
  // No composer yet: nothing to insert a canned response into.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('signature');
  await expect(palette(page).getByRole('option', { name: /^Insert canned response/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await command(page, 'reply', /^Reply/);
  await expect(composer(page)).toBeFocused();

  // Her canned "Signature" (#sig), its placeholders filled, as the
  // composer's picker inserts it.
  await command(page, 'signature', /^Insert canned response: Signature #sig$/);
  await expect(composer(page)).toBeFocused();
  await expect(composer(page)).toHaveValue('Belle journée à vous,\nOlivia Bernard');

  // The customer's message has the focus (its menu's button, reached with
  // Tab): the palette offers its menu's actions, and no Edit.
  const original = messages(page).locator('.message-customer').filter({ hasText: question });
  await original.getByRole('button', { name: 'Message actions' }).focus();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('message');
  await expect(palette(page).getByRole('option', { name: 'Message: Create task' })).toBeVisible();
  await expect(palette(page).getByRole('option', { name: 'Message: Edit' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  // "Quote": the message goes above the composer, which has the focus.
  await command(page, 'quote', /^Message: Quote$/);
  await expect(composer(page)).toBeFocused();
  await expect(page.locator('.composer-quote')).toContainText(question);
  await page.keyboard.press('Enter');
  const sent = messages(page).locator('.message-employee:not(.pending)').filter({ hasText: 'Belle journée à vous' });
  await expect(sent.getByRole('button', { name: new RegExp(question) })).toBeVisible({ timeout: 20_000 });

  // Her own message, focused: "Edit" opens its editor.
  await sent.getByRole('button', { name: 'Message actions' }).focus();
  await command(page, 'edit', /^Message: Edit$/);
  const editor = page.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);

  // A queue tab: shown, with the focus on it.
  await command(page, 'queue tab closed', /^Queue tab: Closed$/);
  const closed = page.getByRole('tab', { name: /^Closed/ });
  await expect(closed).toHaveAttribute('aria-selected', 'true');
  await expect(closed).toBeFocused();
});

test('"?" shows the shortcuts; a remapped key is stored on the server and works in another browser', async ({ page, browser }, testInfo) => {
  await logIn(page, OLIVIA);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('checkbox', { name: 'Single-key shortcuts' })).not.toBeChecked();
  await expect(sheet.getByRole('spinbutton', { name: 'Undo send (seconds)' })).toHaveValue('5');
  await expectNoSeriousA11yViolations(page, 'keyboard shortcuts');
  // Escape closes it from where the focus landed, and "?" opens it again.
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await page.keyboard.press('?');
  await expect(sheet).toBeVisible();

  // A clash is refused with a message; Escape cancels the recording, not the dialog.
  const chats = sheet.getByRole('row', { name: /^Go to Chats/ });
  await chats.getByRole('button', { name: 'Change' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Alt+r');
  await expect(sheet.getByRole('alert')).toContainText('Reply');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeVisible();
  await expect(chats).toContainText('Alt+2');

  // "Go to Tasks" becomes Alt+Y.
  const tasks = sheet.getByRole('row', { name: /^Go to Tasks/ });
  await tasks.getByRole('button', { name: 'Change' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Alt+y');
  await expect(tasks).toContainText('Alt+Y');
  await sheet.getByRole('button', { name: 'Save' }).focus();
  await page.keyboard.press('Enter');
  await expect(sheet.getByRole('status').filter({ hasText: 'Shortcuts saved.' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  // Another browser: the server gives her keys.
  const elsewhere = await operator(browser, testInfo, OLIVIA);
  await elsewhere.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(async () => {
    await elsewhere.keyboard.press('Alt+y');
    await expect(elsewhere).toHaveURL(/#\/tasks$/, { timeout: 1000 });
  }).toPass();
  // The old keys do nothing any more.
  await elsewhere.keyboard.press('Alt+1');
  await expect(elsewhere).toHaveURL(/#\/$/);
  await elsewhere.keyboard.press('Alt+3');
  await expect(elsewhere).toHaveURL(/#\/$/);
  await elsewhere.context().close();
});
