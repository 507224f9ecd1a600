// Operator speed: snoozing a conversation until the customer writes, and
// taking a reply back with "Undo" before it leaves.
import type { Page } from '@playwright/test';
import {
  answered,
  composer,
  expect,
  expectNoSeriousA11yViolations,
  messages,
  openConversation,
  openTab,
  queue,
  row,
  test,
} from '../support/workspace';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'runs on the same-origin project only');
});

/** Picks an item of "More actions". */
async function moreAction(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: item, exact: true }).click();
}

/** Olivia invites Marc, so that he may write in her conversation too. */
async function inviteMarc(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Invite users', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite users' });
  await dialog.getByRole('searchbox', { name: 'Search colleagues' }).fill('Marc');
  await dialog.getByRole('checkbox', { name: /Marc Petit/ }).check();
  await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.getByText('Participants: Marc Petit', { exact: true })).toBeVisible();
}

/** The texts the customer received from the company. */
async function repliesTo(customer: { received(): Promise<Array<{ from: string; text: string }>> }) {
  return (await customer.received()).filter((m) => m.from !== 'customer').map((m) => m.text);
}

test('a snoozed conversation leaves In progress and comes back when the customer writes', async ({
  page,
  customer,
}) => {
  const id = await answered(page, customer, 'Please check my order');
  await moreAction(page, 'Snooze');
  const dialog = page.getByRole('dialog', { name: 'Snooze' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Tomorrow 9:00' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Next Monday 9:00' })).toBeVisible();
  await expect(dialog.getByLabel('Snooze until')).toHaveAttribute('type', 'datetime-local');
  await expectNoSeriousA11yViolations(page, 'snooze dialog');

  // A time in the past is refused under its field, which keeps it.
  await dialog.getByLabel('Snooze until').fill('2020-01-01T09:00');
  await dialog.getByRole('button', { name: 'Snooze', exact: true }).click();
  await expect(dialog.getByText('Choose a time in the future.')).toBeVisible();
  await expect(dialog.getByLabel('Snooze until')).toHaveValue('2020-01-01T09:00');

  await dialog.getByRole('button', { name: 'In 1 hour' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^⏰ Snoozed until/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Wake now' })).toBeVisible();

  await openTab(page, 'In progress', 'Mine');
  await expect(row(page, customer.name)).toHaveCount(0);
  await openTab(page, 'Snoozed');
  await expect(row(page, customer.name)).toBeVisible();
  await expect(row(page, customer.name)).toContainText('Snoozed until');
  await expectNoSeriousA11yViolations(page, 'snoozed tab');

  // The customer writes: it is back in progress, and Olivia is told.
  await page.getByRole('navigation').getByRole('link', { name: 'Contact Center' }).click();
  await customer.write('Any news?');
  await expect(queue(page).getByRole('option', { name: new RegExp(customer.name) })).toHaveCount(0);
  await openTab(page, 'In progress', 'Mine');
  await expect(row(page, customer.name)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Notifications' }).getByText('Any news?')).toBeVisible();
  await openConversation(page, customer.name, id);
  await expect(page.getByText(/Snoozed until/)).toHaveCount(0);
});

test('Wake now brings a snoozed conversation back at once', async ({ page, customer }) => {
  await answered(page, customer, 'Call me later');
  await moreAction(page, 'Snooze');
  await page.getByRole('dialog', { name: 'Snooze' }).getByRole('button', { name: 'Next Monday 9:00' }).click();
  await page.getByRole('button', { name: 'Wake now' }).click();
  await expect(page.getByText(/Snoozed until/)).toHaveCount(0);
  await openTab(page, 'In progress', 'Mine');
  await expect(row(page, customer.name)).toBeVisible();
});

test('an undone reply never leaves; one not undone arrives after the window', async ({
  page,
  customer,
  marc,
}) => {
  const id = await answered(page, customer, 'Can you help?');
  // Marc follows the same conversation.
  await openTab(marc, 'In progress', 'All');
  await openConversation(marc, customer.name, id);

  await composer(page).fill('Oops, wrong customer');
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue('');
  const undo = messages(page).getByRole('button', { name: 'Undo' });
  await expect(undo).toBeVisible();
  await undo.click();
  await expect(composer(page)).toHaveValue('Oops, wrong customer');
  await expect(messages(page).getByText('Oops, wrong customer')).toHaveCount(0);

  await composer(page).fill('Yes, of course');
  await composer(page).press('Enter');
  // Held: nobody sees it yet.
  expect(await repliesTo(customer)).toEqual([]);
  await expect
    .poll(() => repliesTo(customer), { timeout: 15_000 })
    .toEqual(['Yes, of course']);
  await expect(messages(marc).getByText('Yes, of course')).toBeVisible();
  await expect(messages(page).getByRole('button', { name: 'Undo' })).toHaveCount(0);

  // Well after the window: the undone reply never reached anyone.
  await page.waitForTimeout(6_000);
  expect(await repliesTo(customer)).toEqual(['Yes, of course']);
  await expect(messages(marc).getByText('Oops, wrong customer')).toHaveCount(0);
});

test('Olivia sees Marc viewing, then replying, in her header', async ({ page, customer, marc }) => {
  const id = await answered(page, customer, 'Two of you?');
  await inviteMarc(page);
  const presence = page.getByRole('status').filter({ hasText: /Marc .*is (viewing|replying)/ });
  await expect(presence).toHaveCount(0);
  await openTab(marc, 'In progress', 'All');
  await openConversation(marc, customer.name, id);
  await expect(page.getByRole('status').filter({ hasText: /^Marc .*is viewing$/ })).toBeVisible();
  // Never herself, on Marc's screen either.
  await expect(marc.getByRole('status').filter({ hasText: /^Olivia .*is viewing$/ })).toBeVisible();
  await expect(marc.getByRole('status').filter({ hasText: /^Marc / })).toHaveCount(0);

  await composer(marc).pressSequentially('Let me check', { delay: 50 });
  await expect(page.getByRole('status').filter({ hasText: /^Marc .*is replying$/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'conversation with a colleague replying');

  // Marc leaves: nobody is named any more.
  await marc.getByRole('navigation').getByRole('link', { name: 'Contact Center' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Marc .*is/ })).toHaveCount(0, { timeout: 15_000 });
});

test('a colleague who replied while I typed is shown before I send', async ({ page, customer, marc }) => {
  const id = await answered(page, customer, 'Is my parcel lost?');
  await inviteMarc(page);
  await openTab(marc, 'In progress', 'All');
  await openConversation(marc, customer.name, id);

  await composer(page).fill('Let me look into it');
  await composer(marc).fill('It left the warehouse today');
  await composer(marc).press('Enter');
  await expect(messages(page).getByText('It left the warehouse today')).toBeVisible({ timeout: 15_000 });

  await composer(page).press('Enter');
  const alert = page.getByRole('alertdialog');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/Marc .* replied \d+ s ago: It left the warehouse today/);
  await expectNoSeriousA11yViolations(page, 'reply collision warning');
  await alert.getByRole('button', { name: 'Cancel' }).click();
  await expect(alert).toBeHidden();
  await expect(composer(page)).toHaveValue('Let me look into it');

  await composer(page).press('Enter');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Send anyway' }).click();
  await expect(composer(page)).toHaveValue('');
  await expect
    .poll(() => repliesTo(customer), { timeout: 15_000 })
    .toEqual(['It left the warehouse today', 'Let me look into it']);
});
