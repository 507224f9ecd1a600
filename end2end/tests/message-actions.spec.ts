// The "Message actions" menu, end to end: edit and delete as a colleague and
// the customer see them, quote, save as canned response, move to a new conversation.
import { expect, test } from '../support/csp';
import type { Page } from '@playwright/test';
import { API, composer, Customer, logIn, MARC, messages, OLIVIA, openConversation, openTab } from '../support/workspace';

async function answered(page: Page, customer: Customer, first = 'Hello, I need help'): Promise<number> {
  const { conversation_id } = await customer.write(first);
  await logIn(page, OLIVIA);
  await openTab(page, 'Unanswered');
  await openConversation(page, customer.name, conversation_id);
  await page.getByRole('button', { name: 'Reply' }).click();
  await expect(composer(page)).toBeFocused();
  return conversation_id;
}

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

test('edit and delete my messages: the colleague and the customer see the change', async ({ page, request }) => {
  const customer = new Customer(request);
  const conversation = await answered(page, customer);
  await composer(page).fill('Helo, how can I help?');
  await composer(page).press('Enter');
  await composer(page).fill('Oops, wrong chat');
  await composer(page).press('Enter');
  await expect(bubble(page, 'Oops, wrong chat').getByRole('button', { name: 'Message actions' })).toBeVisible();

  const menu = await openMenu(page, 'Helo, how can I help?');
  await menu.getByRole('menuitem', { name: 'Edit' }).click();
  const editor = page.getByRole('textbox', { name: 'Edit message' });
  await editor.fill('Hello, how can I help?');
  await editor.press('Enter');
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

test('quote a customer message; save a message as a canned response', async ({ page, request }) => {
  const customer = new Customer(request);
  await answered(page, customer, 'My parcel never arrived');
  const menu = await openMenu(page, 'My parcel never arrived');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await menu.getByRole('menuitem', { name: 'Quote' }).click();
  await expect(page.locator('.composer-quote')).toContainText('My parcel never arrived');
  await composer(page).fill('Sorry about that, we are checking');
  await composer(page).press('Enter');
  await expect(bubble(page, 'Sorry about that').locator('blockquote')).toContainText('My parcel never arrived');

  const again = await openMenu(page, 'Sorry about that, we are checking');
  await again.getByRole('menuitem', { name: 'Save as canned response' }).click();
  const form = page.getByRole('form', { name: 'Create canned response' });
  await expect(form.getByLabel('Text')).toHaveValue('Sorry about that, we are checking');
  const title = `Parcel ${Date.now().toString(36)}`;
  await form.getByLabel('Title').fill(title);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await page.getByRole('toolbar', { name: 'Composer tools' }).getByRole('button', { name: 'Canned responses' }).click();
  await page.getByRole('searchbox', { name: 'Search canned responses' }).fill(title);
  await expect(page.getByRole('button', { name: new RegExp(`^${title}`) })).toBeVisible();
});

test('move a customer message to a new conversation, linked in the history', async ({ page, request }) => {
  const customer = new Customer(request);
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
});
