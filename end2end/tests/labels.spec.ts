// Conversation labels and priority across three screens: Alex, the
// administrator, creates a label in Settings → Labels; Olivia puts it on a
// conversation from its header; Marc, whose workspace was open all along
// (no reload), filters his queue by that label and sees exactly that
// conversation, then sees it leave when Olivia takes the label off; Olivia
// marks it Urgent, Marc's row says so and "Sort by" Priority puts it first;
// in French, Marc's queue keeps its label filter and order, in French.
import type { Browser, Page } from '@playwright/test';
import { test, expect, watchCsp } from '../support/csp';
import { DIST, NO_SERVER, OwnServer, SERVER } from '../support/servers';
import { expectNoSeriousA11yViolations, openTab, queue } from '../support/workspace';

async function pageOn(browser: Browser, server: OwnServer, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'en-US' });
  await watchCsp(context);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();
  return page;
}

test.describe('labels', () => {
  test.skip(!SERVER || !DIST, NO_SERVER);
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'same-origin', 'runs once');
  });

  test('a label filters a colleague’s queue live; priority shows in the row and sorts it first', async ({
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const server = await OwnServer.start(true);
    try {
      // A customer writes to Support, whose queue holds Olivia and Marc.
      const customer = 'Label Customer';
      const written = await request.post(`${server.url}/api/v1/inbound/demo-telegram`, {
        data: {
          chat: { id: 'labels-e2e', title: null },
          customer: { id: 'labels-e2e', name: customer, email: null, phone: null },
          message: { id: 'labels-e2e-1', text: 'My invoice is wrong', attachments: [] },
        },
      });
      expect(written.status(), await written.text()).toBe(202);

      const olivia = await pageOn(browser, server, 'olivia@example.com');
      const marc = await pageOn(browser, server, 'marc@example.com');
      const alex = await pageOn(browser, server, 'admin@example.com');
      await openTab(marc, 'Unanswered');
      await expect(queue(marc).getByRole('option', { name: new RegExp(`^${customer}`) })).toBeVisible();

      // Alex adds "Escalation" in Settings → Labels; a second one with the
      // same name in other letters is refused beside the name, kept typed.
      await alex.goto('/#/settings/labels');
      await expect(alex.getByRole('heading', { level: 2, name: 'Labels' })).toBeVisible();
      await alex.getByRole('textbox', { name: 'Label name' }).fill('Escalation');
      await alex.getByRole('combobox', { name: 'Colour' }).selectOption({ label: 'Purple' });
      await alex.getByRole('button', { name: 'Add label' }).click();
      const table = alex.getByRole('table');
      await expect(table.getByRole('row', { name: /Escalation/ })).toContainText('Purple');
      await alex.getByRole('textbox', { name: 'Label name' }).fill('escalation');
      await alex.getByRole('button', { name: 'Add label' }).click();
      await expect(alex.getByText('There is already a label named escalation')).toBeVisible();
      await expect(alex.getByRole('textbox', { name: 'Label name' })).toHaveValue('escalation');
      await expectNoSeriousA11yViolations(alex, 'settings: labels');

      // Marc filters his queue by the new label (it reached his open
      // workspace through the events): nothing carries it yet.
      const filter = marc.getByRole('combobox', { name: 'Filter by label' });
      await expect(filter.getByRole('option', { name: 'Escalation' })).toHaveCount(1);
      await filter.selectOption({ label: 'Escalation' });
      await expect(queue(marc).getByRole('option')).toHaveCount(0);

      // Olivia labels the conversation from its header.
      await openTab(olivia, 'Unanswered');
      await queue(olivia).getByRole('option', { name: new RegExp(`^${customer}`) }).click();
      await expect(olivia.getByRole('heading', { level: 2, name: customer })).toBeVisible();
      await olivia.getByRole('button', { name: 'Labels', exact: true }).click();
      const escalation = olivia.getByRole('menuitemcheckbox', { name: 'Escalation' });
      await expect(escalation).toHaveAttribute('aria-checked', 'false');
      await escalation.click();
      await expect(escalation).toHaveAttribute('aria-checked', 'true');
      await expect(olivia.getByRole('list', { name: 'Labels' }).getByText('Escalation')).toBeVisible();
      await expectNoSeriousA11yViolations(olivia, 'conversation header with labels');

      // Marc's filtered queue shows exactly that conversation, live.
      await expect(queue(marc).getByRole('option')).toHaveCount(1);
      await expect(queue(marc).getByRole('option').first()).toHaveAccessibleName(new RegExp(`^${customer}`));
      await expect(queue(marc).getByRole('option').first()).toContainText('Escalation');

      // Olivia takes the label off: it leaves Marc's filtered queue.
      await escalation.click();
      await expect(escalation).toHaveAttribute('aria-checked', 'false');
      await olivia.keyboard.press('Escape');
      await expect(queue(marc).getByRole('option')).toHaveCount(0);

      // Olivia marks it Urgent; Marc, back on all labels, reads it in the
      // row, and "Sort by" Priority puts it first (above the demo's High).
      await olivia.getByRole('combobox', { name: 'Priority' }).selectOption({ label: 'Urgent' });
      await filter.selectOption({ label: 'All labels' });
      const row = queue(marc).getByRole('option', { name: new RegExp(`^${customer}`) });
      await expect(row).toContainText('Urgent');
      await marc.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Priority' });
      await expect(queue(marc).getByRole('option').first()).toHaveAccessibleName(new RegExp(`^${customer}`));
      await expectNoSeriousA11yViolations(marc, 'queue sorted by priority');

      // In French, the same controls, the same order and the row's priority
      // speak French.
      const userMenu = marc.getByRole('button', { name: /^User menu/ });
      await userMenu.click();
      await marc.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Français' });
      await expect(marc.getByRole('combobox', { name: 'Filtrer par étiquette' })).toBeVisible();
      await expect(
        marc.getByRole('combobox', { name: 'Filtrer par étiquette' }).getByRole('option', { name: 'Escalation' }),
      ).toHaveCount(1);
      const sortFr = marc.getByRole('combobox', { name: 'Trier par' });
      await expect(sortFr).toHaveValue('priority');
      await expect(sortFr.getByRole('option', { name: 'Priorité' })).toHaveCount(1);
      await expect(queue(marc).getByRole('option').first()).toHaveAccessibleName(new RegExp(`^${customer}`));
      await expect(queue(marc).getByRole('option').first()).toContainText('Urgente');
      await marc.keyboard.press('Escape');
      await expectNoSeriousA11yViolations(marc, 'queue sorted by priority, in French');
      for (const page of [olivia, marc, alex]) await page.context().close();
    } finally {
      await server.stop();
    }
  });
});
