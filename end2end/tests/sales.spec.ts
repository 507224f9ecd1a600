// CRM and sales in the chat, end to end: save to CRM (twice, no duplicate),
// move the deal, send a product card, an order of two products as a payment
// link paid on the payment page, the paid status live, company info.
import type { Page } from '@playwright/test';
import { answered, API, expect, logIn, messages, OLIVIA, test } from '../support/workspace';

async function crmOf(page: Page, conversation: number) {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('switchboard.session') ?? '{}').token as string);
  const response = await page.request.get(`${API}/api/v1/conversations/${conversation}/crm`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  return response.json();
}

async function saveToCrm(page: Page) {
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: /^Save to CRM/ }).click();
}

test('save to CRM twice: one contact, one deal; the deal stage moves from the card', async ({ page, customer }) => {
  const conversation = await answered(page, customer, 'I would like a quote for ten lamps');
  const card = page.getByRole('region', { name: 'CRM' });
  await expect(card.getByText('Not in the CRM yet.')).toBeVisible();

  await saveToCrm(page);
  await expect(card.getByRole('status')).toHaveText('Saved to CRM: contact and deal created.');
  const contact = card.getByRole('form', { name: 'CRM contact' });
  await expect(contact.getByLabel('Name')).toHaveValue(customer.name);
  const first = await crmOf(page, conversation);

  // Again: the same contact and deal, and the menu says what is linked.
  await saveToCrm(page);
  await expect(card.getByRole('status')).toHaveText('Already in the CRM: the same contact and deal, nothing duplicated.');
  const second = await crmOf(page, conversation);
  expect(second.contact.id).toBe(first.contact.id);
  expect(second.deals).toHaveLength(1);
  expect(second.deal_id).toBe(first.deal_id);
  await page.getByRole('button', { name: 'More actions' }).click();
  await expect(page.getByRole('menu').getByRole('menuitem', { name: /^Save to CRM/ })).toContainText(`Linked: ${customer.name}`);
  await page.keyboard.press('Escape');

  // Edit the contact (a bad phone is refused in place, the typing kept), move the deal.
  await contact.getByLabel('Phone').fill('call me maybe');
  await contact.getByRole('button', { name: 'Save contact' }).click();
  await expect(contact.getByRole('alert')).toBeVisible();
  await expect(contact.getByLabel('Phone')).toHaveValue('call me maybe');
  await contact.getByLabel('Phone').fill('+33 6 12 34 56 78');
  await contact.getByLabel('E-mail').fill('lamps@example.com');
  await contact.getByRole('button', { name: 'Save contact' }).click();
  await expect(contact.getByRole('status')).toHaveText('Contact saved.');
  const stage = card.getByRole('combobox', { name: /^Stage of/ });
  await stage.selectOption({ label: 'Proposal' });
  await expect.poll(async () => (await crmOf(page, conversation)).deals[0].stage).toBe('proposal');
  expect((await crmOf(page, conversation)).contact.email).toBe('lamps@example.com');
});

test('sell in the chat: a product card, an order paid through its link live, company info', async ({ page, customer }) => {
  const conversation = await answered(page, customer, 'Do you sell mugs?');
  await saveToCrm(page);
  await expect(page.getByRole('region', { name: 'CRM' }).getByRole('status')).toContainText('Saved to CRM');

  await page.getByRole('toolbar', { name: 'Composer tools' }).getByRole('button', { name: 'Start selling' }).click();
  const panel = page.getByRole('dialog', { name: 'Sales' });
  // Beside the conversation, not over it: the log stays readable while selling.
  const beside = await panel.boundingBox();
  const log = await messages(page).boundingBox();
  expect(beside && log && beside.x >= log.x + log.width - 1, 'the sales panel is right of the log').toBe(true);
  expect(log!.height, 'the log keeps its height').toBeGreaterThan(200);
  await panel.getByRole('searchbox', { name: 'Search products' }).fill('mug');
  await panel.getByRole('button', { name: 'Send card Nova ceramic mug' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Product card sent.' })).toBeVisible();
  await expect(messages(page).locator('.card-product')).toContainText('Nova ceramic mug');
  await expect(messages(page).locator('.card-product')).toContainText('€12.50');

  // Two mugs and a notebook: 2 × 12.50 + 19.90 = 44.90, exactly.
  await panel.getByRole('button', { name: 'Add to order Nova ceramic mug' }).click();
  await panel.getByRole('searchbox', { name: 'Search products' }).fill('notebook');
  await panel.getByRole('button', { name: 'Add to order Linen notebook A5' }).click();
  await panel.getByRole('spinbutton', { name: 'Quantity of Nova ceramic mug' }).fill('2');
  await panel.getByRole('spinbutton', { name: 'Quantity of Nova ceramic mug' }).press('Tab');
  await expect(panel.locator('output')).toHaveText('€44.90');
  await panel.getByRole('button', { name: 'Send payment link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Payment link sent.' })).toBeVisible();
  await expect(messages(page).locator('.card-payment')).toContainText('€44.90');

  // What the customer received: the card and the link, as cards with a text rendering.
  type Received = { text: string; card?: { kind: string; url?: string } | null };
  let received: Received[] = [];
  await expect
    .poll(async () => {
      received = (await customer.received()) as Received[];
      return received.map((m) => m.card?.kind).filter(Boolean);
    })
    .toEqual(['product', 'payment_link']);
  const link = received.find((m) => m.card?.kind === 'payment_link')!.card!.url!;
  expect(link).toMatch(/^https?:\/\/.+\/pay\//);

  // The customer pays on the payment page; the operator sees it live.
  const payment = await page.context().newPage();
  await payment.goto(link);
  await expect(payment.locator('body')).toContainText('44.90');
  await payment.getByRole('button', { name: /^Pay/ }).click();
  await expect(payment.locator('body')).toContainText('Payment received');
  // Paying twice charges nothing more.
  await payment.goBack();
  await payment.reload();
  await expect(payment.getByRole('button', { name: /^Pay/ })).toHaveCount(0);
  await payment.close();

  await expect(messages(page)).toContainText('Payment received for order');
  const card = page.getByRole('region', { name: 'CRM' });
  await expect(card.getByRole('list', { name: 'Orders' })).toContainText('Paid');
  await expect(card.getByRole('combobox', { name: /^Stage of/ })).toHaveValue('won');
  const crm = await crmOf(page, conversation);
  expect(crm.orders[0].status).toBe('paid');
  expect(crm.orders[0].total).toEqual({ amount: '44.90', currency: 'EUR' });

  // Company info (the panel is still open).
  await page.getByRole('dialog', { name: 'Sales' }).getByRole('button', { name: 'Send company info' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Company info sent.' })).toBeVisible();
  await expect(messages(page).locator('.card-company')).toContainText('Atelier Lumière');
  await expect
    .poll(async () => ((await customer.received()) as Received[]).map((m) => m.card?.kind).filter(Boolean))
    .toEqual(['product', 'payment_link', 'company_info']);
});

test('admins edit the company details in settings; operators cannot', async ({ browser, page, request }, testInfo) => {
  await logIn(page, 'admin@example.com');
  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('button', { name: 'Company details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Company details' });
  await expect(dialog.getByLabel('Company name')).toHaveValue('Atelier Lumière');
  const phone = `+33 1 42 00 ${String(Date.now() % 100).padStart(2, '0')} 00`;
  await dialog.getByLabel('Phone').fill(phone);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const company = await (await request.get(`${API}/api/v1/company`, {
    headers: { Authorization: `Bearer ${await page.evaluate(() => JSON.parse(localStorage.getItem('switchboard.session') ?? '{}').token)}` },
  })).json();
  expect(company.phone).toBe(phone);

  // An operator has no such setting, and the API refuses her.
  const login = await request.post(`${API}/api/v1/auth/login`, { data: { email: OLIVIA, password: 'demo' } });
  const token = (await login.json()).token as string;
  const refused = await request.put(`${API}/api/v1/company`, { headers: { Authorization: `Bearer ${token}` }, data: company });
  expect(refused.status()).toBe(403);
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-US' });
  const operator = await context.newPage();
  await logIn(operator, OLIVIA);
  await operator.getByRole('button', { name: /User menu/ }).click();
  await expect(operator.getByRole('button', { name: 'Log out', exact: true })).toBeVisible();
  await expect(operator.getByRole('button', { name: 'Company details' })).toHaveCount(0);
  await context.close();
});
