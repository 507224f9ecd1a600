// The composer's tools, end to end: what the operator does in the browser,
// and what the customer view endpoint then holds.
import type { Page } from '@playwright/test';
import {
  answered,
  API,
  composer,
  Customer,
  expect,
  MARC,
  messages,
  OLIVIA,
  openConversation,
  openTab,
  test,
  tokenOf,
  unique,
} from '../support/workspace';

type Received = Awaited<ReturnType<Customer['received']>> & Array<{ attachments?: Array<{ name: string; url: string }> }>;

async function companyMessages(customer: Customer): Promise<Received> {
  return (await customer.received()).filter((m) => m.from !== 'customer') as Received;
}

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Composer tools' });

test('files: chosen with "Send file", previewed, sent, received by the customer and opened by a colleague', async ({ page, request, customer }) => {
  await answered(page, customer);
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    toolbar(page).getByRole('button', { name: 'Send file' }).click(),
  ]);
  await chooser.setFiles([
    { name: 'receipt.png', mimeType: 'image/png', buffer: png },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('order 42') },
  ]);
  const attached = page.getByRole('list', { name: 'Attached files' });
  await expect(attached.getByRole('listitem', { name: 'receipt.png' }).getByText('Ready to send')).toBeVisible();
  await expect(attached.getByRole('listitem', { name: 'notes.txt' }).getByText('Ready to send')).toBeVisible();
  await expect(attached.getByRole('listitem', { name: 'receipt.png' }).locator('img')).toBeVisible();

  await composer(page).fill('Here are the documents');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(attached).toBeHidden();
  await expect(messages(page).getByText('Here are the documents')).toBeVisible();
  await expect(messages(page).getByRole('link', { name: /notes\.txt/ })).toBeVisible();

  await expect
    .poll(async () => (await companyMessages(customer)).flatMap((m) => (m.attachments ?? []).map((a) => a.name)))
    .toEqual(['receipt.png', 'notes.txt']);
  const file = (await companyMessages(customer))[0].attachments?.find((a) => a.name === 'notes.txt');
  const url = file!.url.startsWith('http') ? file!.url : `${API}${file!.url}`;
  const download = await request.get(url);
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe('order 42');
});

test('a refused file type is said in place and nothing is uploaded', async ({ page, customer }) => {
  await answered(page, customer);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    toolbar(page).getByRole('button', { name: 'Send file' }).click(),
  ]);
  await chooser.setFiles([{ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') }]);
  const item = page.getByRole('list', { name: 'Attached files' }).getByRole('listitem', { name: 'setup.exe' });
  await expect(item.getByRole('alert')).toContainText('refused');
  await item.getByRole('button', { name: 'Remove' }).click();
  await expect(item).toBeHidden();
});

test('mentions: picked with @, shown to colleagues, plain names for the customer', async ({ page, customer }) => {
  await answered(page, customer);
  await composer(page).pressSequentially('Checking with @Ma');
  const suggestions = page.getByRole('listbox', { name: 'Mention' });
  await suggestions.getByRole('option', { name: /^Marc/ }).click();
  await expect(composer(page)).toHaveValue(/Checking with @Marc \S+ $/);
  await composer(page).pressSequentially('now');
  await composer(page).press('Enter');
  await expect(messages(page).locator('.mention')).toContainText('Marc');

  await expect
    .poll(async () => (await companyMessages(customer)).map((m) => m.text))
    .toEqual([expect.stringMatching(/^Checking with @Marc \S+ now$/)]);
  expect((await companyMessages(customer))[0].text).not.toContain('{user:');
});

test('mentions: my internal chats are offered after @; colleagues get a link to the chat, the customer its title', async ({
  page,
  request,
  customer,
  marc,
}) => {
  // Olivia is in a chat with Marc (created through the API, shown live).
  const token = await tokenOf(request, OLIVIA);
  const auth = { Authorization: `Bearer ${token}` };
  const users = (await (await request.get(`${API}/api/v1/users`, { headers: auth })).json()) as Array<{ id: number; email: string }>;
  const title = `Refunds${unique()}`;
  const created = await request.post(`${API}/api/v1/team-chats`, {
    headers: auth,
    data: { title, members: [users.find((u) => u.email === MARC)!.id] },
  });
  expect(created.status()).toBe(201);
  const chatId = (await created.json()).chat.id as number;
  const conversation = await answered(page, customer);

  await composer(page).pressSequentially(`Details in @${title.slice(0, 10)}`);
  const suggestions = page.getByRole('listbox', { name: 'Mention' });
  const option = suggestions.getByRole('option', { name: new RegExp(`${title}.*Internal chat`) });
  await expect(option).toBeVisible();
  await option.click();
  await expect(composer(page)).toHaveValue(`Details in @${title} `);
  await composer(page).pressSequentially('today');
  await composer(page).press('Enter');

  // In the log, colleagues get a link that opens the chat.
  const link = messages(page).getByRole('link', { name: `@${title}` });
  await expect(link).toHaveAttribute('href', `#/chats/${chatId}`);
  await openTab(marc, 'In progress', 'All');
  await openConversation(marc, customer.name, conversation);
  await messages(marc).getByRole('link', { name: `@${title}` }).click();
  await expect(marc).toHaveURL(new RegExp(`#/chats/${chatId}$`));
  await expect(marc.locator('.chat-open').getByRole('heading', { level: 2 })).toHaveText(title);

  // The customer reads the title as plain text.
  await expect.poll(async () => (await companyMessages(customer)).map((m) => m.text)).toEqual([`Details in @${title} today`]);
});

test('commands run and are never sent; an unknown one is refused in place', async ({ page, customer }) => {
  const conversation = await answered(page, customer);

  await composer(page).fill('/frobnicate');
  await composer(page).press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Unknown command: /frobnicate');
  await expect(composer(page)).toHaveValue('/frobnicate');

  await composer(page).fill('');
  await toolbar(page).getByRole('button', { name: 'Commands' }).click();
  await page.getByRole('menu', { name: 'Commands' }).getByRole('menuitem', { name: /Get chat ID/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Chat ID' })).toContainText(String(conversation));

  await toolbar(page).getByRole('button', { name: 'Commands' }).click();
  await page.getByRole('menu', { name: 'Commands' }).getByRole('menuitem', { name: /Quote text/ }).click();
  await expect(page.locator('.composer-quote')).toContainText('Hello, I need help');
  await composer(page).fill('We are on it');
  await composer(page).press('Enter');
  await expect(messages(page).getByText('We are on it')).toBeVisible();

  await expect.poll(async () => (await companyMessages(customer)).map((m) => m.text)).toEqual(['We are on it']);
});

test('silent mode: an internal note colleagues see and the customer never receives', async ({ page, customer }) => {
  await answered(page, customer);
  const silent = toolbar(page).getByRole('button', { name: 'Silent mode' });
  await expect(silent).toHaveAttribute('aria-pressed', 'false');
  await silent.click();
  await expect(silent).toHaveAttribute('aria-pressed', 'true');
  await composer(page).fill('Internal: VIP customer, offer the discount');
  await composer(page).press('Enter');
  const note = messages(page).locator('.message.internal').filter({ hasText: 'VIP customer' });
  await expect(note).toBeVisible();
  await expect(note.getByText('Internal note')).toBeVisible();

  await silent.click();
  await composer(page).fill('Public reply');
  await composer(page).press('Enter');
  await expect.poll(async () => (await companyMessages(customer)).map((m) => m.text)).toEqual(['Public reply']);
  const everything = JSON.stringify(await customer.received());
  expect(everything).not.toContain('VIP customer');
});

test('emoji: searched in French, inserted at the cursor and delivered', async ({ page, customer }) => {
  await answered(page, customer);
  await composer(page).fill('Merci !');
  await composer(page).press('End');
  await toolbar(page).getByRole('button', { name: 'Emoji' }).click();
  const picker = page.getByRole('dialog', { name: 'Emoji' });
  // Categories have proper names, not the data's keys.
  const categories = picker.getByRole('group', { name: 'Emoji categories' });
  await expect(categories.getByRole('button', { name: 'Smileys & emotion', exact: true })).toBeVisible();
  await expect(categories.getByRole('button', { name: 'Food & drink', exact: true })).toBeVisible();
  await expect(categories.getByRole('button', { name: /^[a-z]/ })).toHaveCount(0);
  await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('pouce');
  await picker.getByRole('button', { name: 'thumbs up' }).click();
  await expect(composer(page)).toHaveValue('Merci !👍️');
  await composer(page).press('Enter');
  await expect.poll(async () => (await companyMessages(customer)).map((m) => m.text)).toEqual(['Merci !👍️']);
});

test('canned responses: #shortcut inserts the text with placeholders filled; a new one is created and used', async ({ page, customer }) => {
  await answered(page, customer);
  await composer(page).pressSequentially('#hel');
  const suggestions = page.getByRole('listbox', { name: 'Canned responses' });
  await expect(suggestions.getByRole('option', { name: /#hello/ })).toBeVisible();
  await composer(page).press('Enter');
  const greeting = `Bonjour ${customer.name}, je suis Olivia Bernard du service Support. Comment puis-je vous aider ?`;
  await expect(composer(page)).toHaveValue(greeting);
  await composer(page).press('Enter');
  await expect.poll(async () => (await companyMessages(customer)).map((m) => m.text)).toEqual([greeting]);

  // Create one from the panel, then find it by its shortcut. The panel
  // floats over the log and the form opens as a dialog: the log keeps its
  // height, however many of them are open.
  const shortcut = `t${Date.now().toString(36)}`;
  const logHeight = async () => (await messages(page).boundingBox())?.height ?? 0;
  const before = await logHeight();
  expect(before).toBeGreaterThan(100);
  await toolbar(page).getByRole('button', { name: 'Canned responses' }).click();
  const panel = page.getByRole('dialog', { name: 'Canned responses' });
  await expect(panel).toBeVisible();
  expect(await logHeight()).toBe(before);
  await panel.getByRole('button', { name: 'Create canned response' }).click();
  const form = page.getByRole('dialog', { name: 'Create canned response' });
  await expect(form.getByLabel('Title')).toBeFocused();
  expect(await logHeight()).toBe(before);
  await form.getByLabel('Title').fill('Thanks for waiting');
  await form.getByLabel('Text').fill('Thank you for your patience, {customer_name}!');
  await form.getByLabel('Shortcut').fill(shortcut);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await panel.getByRole('searchbox', { name: 'Search canned responses' }).fill(shortcut);
  await panel.getByRole('button', { name: /^Thanks for waiting/ }).click();
  await expect(composer(page)).toHaveValue(`Thank you for your patience, ${customer.name}!`);
  await composer(page).press('Enter');
  await expect
    .poll(async () => (await companyMessages(customer)).map((m) => m.text))
    .toEqual([greeting, `Thank you for your patience, ${customer.name}!`]);

  // Mine: I can delete it.
  await toolbar(page).getByRole('button', { name: 'Canned responses' }).click();
  await panel.getByRole('searchbox', { name: 'Search canned responses' }).fill(shortcut);
  await panel.getByRole('button', { name: 'Delete Thanks for waiting' }).click();
  await expect(panel.getByText('No canned response matches.')).toBeVisible();
});

test('CRM form: the link reaches the customer, the form page works and the submission shows up live', async ({ page, request, customer }) => {
  await answered(page, customer);
  await toolbar(page).getByRole('button', { name: 'Send CRM form' }).click();
  const panel = page.getByRole('dialog', { name: 'Send CRM form' });
  await panel.getByRole('searchbox', { name: 'Search forms' }).fill('callback');
  await panel.getByRole('button', { name: /^Callback request/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Form sent' })).toBeVisible();

  let link = '';
  await expect
    .poll(async () => {
      const text = (await companyMessages(customer)).map((m) => m.text).join(' ');
      link = text.match(/https?:\/\/\S+\/forms\/\S+/)?.[0] ?? '';
      return link;
    })
    .not.toBe('');

  // The customer fills the public form in (its own page, no app involved).
  const customerPage = await page.context().newPage();
  await customerPage.goto(link);
  const inputs = customerPage.locator('form input:not([type=hidden]):not([type=checkbox]), form textarea');
  const count = await inputs.count();
  for (let index = 0; index < count; index += 1) {
    const input = inputs.nth(index);
    const type = await input.getAttribute('type');
    await input.fill(type === 'email' ? 'marie@example.com' : type === 'tel' ? '+33612345678' : type === 'number' ? '3' : 'Tomorrow at 10');
  }
  const selects = customerPage.locator('form select');
  for (let index = 0; index < (await selects.count()); index += 1) {
    await selects.nth(index).selectOption({ index: 1 });
  }
  await customerPage.locator('form [type=submit]').click();
  await expect(customerPage.locator('body')).toContainText(/thank/i);
  await customerPage.close();

  // The operator sees the submission arrive, live.
  await expect(messages(page).getByText('Callback request').last()).toBeVisible();
  await expect(messages(page).getByText('Tomorrow at 10').first()).toBeVisible();
});

test('market apps: an operator opens an app that inserts text; only admins see Install, and the API refuses others', async ({ page, request, customer }) => {
  await answered(page, customer);
  await toolbar(page).getByRole('button', { name: 'Market apps' }).click();
  const panel = page.getByRole('dialog', { name: 'Market apps' });
  await expect(panel.getByRole('button', { name: 'Install' })).toHaveCount(0);
  await panel.getByRole('button', { name: /^Translator/ }).click();
  const frame = page.frameLocator('iframe[title="Translator"]');
  await expect(frame.locator('body')).toBeVisible();
  // The app opens in a side panel, right of the message log.
  const side = await page.locator('iframe[title="Translator"]').boundingBox();
  const log = await messages(page).boundingBox();
  expect(side && log && side.x >= log.x + log.width - 1, 'the app is right of the log').toBe(true);
  await expect(page.locator('iframe[title="Translator"]')).toHaveAttribute('sandbox', 'allow-scripts');
  const insert = frame.getByRole('button', { name: /^Insert:/ }).first();
  await insert.click();
  await expect(composer(page)).not.toHaveValue('');

  // The API refuses the catalog and installs to a plain operator.
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('switchboard.session') ?? '{}').token as string);
  const catalog = await request.get(`${API}/api/v1/apps/catalog`, { headers: { Authorization: `Bearer ${token}` } });
  expect(catalog.status()).toBe(403);
  const install = await request.post(`${API}/api/v1/apps/installed`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { app_id: 'tracking-link' },
  });
  expect(install.status()).toBe(403);
  expect((await install.json()).error.code).toBeTruthy();
});
