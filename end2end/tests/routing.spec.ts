// Routing on an open channel that distributes "Evenly" with a capacity of 1
// and 10 seconds to take an offer, its queue three operators (Olivia, Marc
// and Alex), watched by Sophie, a supervisor: three customers get one offer
// each; a fourth waits until Olivia finishes a conversation; an offer Marc
// ignores passes on when its time runs out; Supervision follows every load
// live; the day's report counts what this test did.
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { test, expect, watchCsp } from '../support/csp';
import { DIST, NO_SERVER, OwnServer, SERVER } from '../support/servers';
import { composer, expectNoSeriousA11yViolations, openTab, queue } from '../support/workspace';

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

/** The queue's rows offered to the operator of `page`. */
function offers(page: Page) {
  return queue(page).getByRole('option').filter({ hasText: 'Offered to you' });
}

async function write(
  request: APIRequestContext,
  server: OwnServer,
  token: string,
  n: number,
  text = `Hello, this is customer ${n}`,
): Promise<void> {
  const response = await request.post(`${server.url}/api/v1/inbound/${token}`, {
    data: {
      chat: { id: `priority-${n}`, title: null },
      customer: { id: `priority-customer-${n}`, name: `Priority Customer ${n}`, email: null, phone: null },
      message: { id: `priority-${n}-${Math.random().toString(36).slice(2)}`, text, attachments: [] },
    },
  });
  expect(response.status(), await response.text()).toBe(202);
}

/** What customer `n` received: the texts of the company's messages. */
async function received(request: APIRequestContext, server: OwnServer, token: string, n: number): Promise<string[]> {
  const response = await request.get(`${server.url}/api/v1/inbound/${token}/chats/priority-${n}/messages`);
  expect(response.status()).toBe(200);
  const items: Array<{ from: string; text: string }> = (await response.json()).items;
  return items.filter((item) => item.from !== 'customer').map((item) => item.text);
}

/** Accepts the offer on screen, optionally answers, and finishes the conversation. */
async function acceptAndFinish(page: Page, customer: string, reply?: string): Promise<void> {
  await offers(page).filter({ hasText: customer }).click();
  await expect(page.getByText('Offered to you').last()).toBeVisible();
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(composer(page)).toBeFocused();
  if (reply) {
    await composer(page).fill(reply);
    await composer(page).press('Enter');
    await expect(page.getByRole('log', { name: 'Messages' }).getByText(reply)).toBeVisible();
  }
  await page.getByRole('button', { name: 'Finish conversation' }).click();
  await expect(page.getByRole('heading', { level: 2, name: customer })).toBeVisible();
  await expect(page.getByText('Closed', { exact: true }).first()).toBeVisible();
}

test.describe('routing', () => {
  test.skip(!SERVER || !DIST, NO_SERVER);
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'same-origin', 'runs once');
  });

  test('evenly with capacity 1: one offer each, the backlog, an offer passing on, supervision and the report', async ({
    browser,
    request,
  }) => {
    test.setTimeout(150_000);
    const server = await OwnServer.start(true);
    try {
      const api = `${server.url}/api/v1`;
      const login = await request.post(`${api}/auth/login`, {
        data: { email: 'admin@example.com', password: 'demo' },
      });
      const headers = { Authorization: `Bearer ${(await login.json()).token}` };
      const users: Array<{ id: number; email: string }> = await (await request.get(`${api}/users`, { headers })).json();
      const id = (email: string) => users.find((user) => user.email === email)!.id;
      const line = await (await request.post(`${api}/lines`, { headers, data: { name: 'Priority' } })).json();
      const members = ['olivia@example.com', 'marc@example.com', 'admin@example.com'].map(id);
      expect((await request.put(`${api}/lines/${line.id}/members`, { headers, data: { members } })).status()).toBe(200);
      const added = await request.post(`${api}/lines/${line.id}/connectors`, {
        headers,
        data: { kind: 'webhook', name: 'Priority webhook' },
      });
      expect(added.status()).toBe(201);
      const token: string = (await added.json()).token;
      const automation = (closed: string[]) => ({
        time_zone: 'UTC',
        working_hours: { days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })), closed_dates: closed },
        offline_message: 'We are closed today: we answer tomorrow.',
        welcome_message: null,
        auto_close_hours: null,
        closing_message: null,
        rating_request: true,
      });
      const automated = await request.put(`${api}/lines/${line.id}/automation`, { headers, data: automation([]) });
      expect(automated.status(), await automated.text()).toBe(200);

      const olivia = await pageOn(browser, server, 'olivia@example.com');
      const marc = await pageOn(browser, server, 'marc@example.com');
      const alex = await pageOn(browser, server, 'admin@example.com');
      const sophie = await pageOn(browser, server, 'sophie@example.com');

      // Alex sets the channel's routing in Settings → Open channels.
      await alex.goto('/#/settings/channels');
      const routing = alex.getByRole('form', { name: 'Routing of Priority' });
      await routing.getByLabel('Distribution').selectOption({ label: 'Evenly' });
      await routing.getByLabel('Time to take (seconds)').fill('5');
      await routing.getByRole('button', { name: 'Save routing' }).click();
      await expect(routing.getByText('The time to take an offer (seconds) must be between 10 and 3600')).toBeVisible();
      await expect(routing.getByLabel('Time to take (seconds)')).toHaveValue('5');
      await routing.getByLabel('Time to take (seconds)').fill('10');
      await routing.getByLabel('Capacity').fill('1');
      await routing.getByLabel('First-answer target (seconds)').fill('120');
      await routing.getByRole('button', { name: 'Save routing' }).click();
      await expect(routing.getByText('Routing saved.')).toBeVisible();
      await expectNoSeriousA11yViolations(alex, 'settings: routing');
      await alex.goto('/#/');
      await expect(queue(alex)).toBeVisible();

      // Sophie watches Supervision.
      await sophie.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Supervision' }).click();
      await expect(sophie.getByRole('heading', { name: 'Supervision' })).toBeVisible();
      const operators = sophie.getByRole('table', { name: 'Operators' });
      const load = (name: string) => operators.getByRole('row', { name: new RegExp(name) });

      // Three customers: one offer each.
      for (const n of [1, 2, 3]) await write(request, server, token, n);
      for (const page of [olivia, marc, alex]) {
        await openTab(page, 'Unanswered');
        await expect(offers(page)).toHaveCount(1);
      }
      for (const name of ['Olivia Bernard', 'Marc Petit', 'Alex Martin']) {
        await expect(load(name).getByRole('cell').nth(2)).toHaveText('1');
      }
      // A fourth waits: nobody is below capacity.
      await write(request, server, token, 4);
      const waiting = sophie.getByRole('table', { name: 'Waiting conversations' });
      await expect(waiting.getByRole('row', { name: /Priority Customer 4/ })).toContainText('Not offered');
      for (const page of [olivia, marc, alex]) {
        await expect(offers(page).filter({ hasText: 'Priority Customer 4' })).toHaveCount(0);
      }
      await expectNoSeriousA11yViolations(sophie, 'supervision');

      // Olivia answers and finishes hers: the fourth is offered to her.
      const oliviaFirst = (await offers(olivia).first().textContent())!.match(/Priority Customer \d/)![0];
      await acceptAndFinish(olivia, oliviaFirst, 'Hello! How can I help?');
      // The customer is asked for a rating, answers "5": it arrives in
      // Olivia's conversation and its header.
      const rated = Number(oliviaFirst.slice(-1));
      await expect.poll(() => received(request, server, token, rated)).toContainEqual(expect.stringMatching(/How did we do\?/));
      await write(request, server, token, rated, '5');
      await expect(olivia.getByRole('log', { name: 'Messages' }).getByText(/rated the conversation 5\/5/)).toBeVisible();
      await expect(olivia.getByText('Rated 5/5')).toBeVisible();
      await openTab(olivia, 'Unanswered');
      await expect(offers(olivia).filter({ hasText: 'Priority Customer 4' })).toHaveCount(1);
      await expect(waiting.getByRole('row', { name: /Priority Customer 4/ })).toContainText('Olivia Bernard');

      // Alex finishes his without an answer; Marc ignores his offer: after
      // its 10 seconds it passes on to Alex, the only one below capacity.
      const marcs = (await offers(marc).first().textContent())!.match(/Priority Customer \d/)![0];
      const alexs = (await offers(alex).first().textContent())!.match(/Priority Customer \d/)![0];
      await acceptAndFinish(alex, alexs);
      await openTab(alex, 'Unanswered');
      await expect(offers(alex).filter({ hasText: marcs })).toHaveCount(1, { timeout: 20_000 });
      await expect(offers(marc)).toHaveCount(0);
      await expect(waiting.getByRole('row', { name: new RegExp(marcs) })).toContainText('Alex Martin');

      // Outside working hours (today is a closed date), a customer who
      // writes twice gets the offline reply once.
      const today = new Date().toISOString().slice(0, 10);
      const closed = await request.put(`${api}/lines/${line.id}/automation`, { headers, data: automation([today]) });
      expect(closed.status(), await closed.text()).toBe(200);
      await write(request, server, token, 5);
      await write(request, server, token, 5, 'Anyone there?');
      const offline = (texts: string[]) => texts.filter((text) => text.startsWith('We are closed today')).length;
      await expect.poll(async () => offline(await received(request, server, token, 5))).toBe(1);
      await sophie.waitForTimeout(1_000);
      expect(offline(await received(request, server, token, 5))).toBe(1);

      // The day's report of the channel: five new, one answered, one missed.
      await sophie.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
      await expect(sophie.getByRole('heading', { name: 'Reports' })).toBeVisible();
      await sophie.getByLabel('Open channel').selectOption({ label: 'Priority' });
      const perChannel = sophie.getByRole('table', { name: 'Per open channel' });
      const cells = perChannel.getByRole('row', { name: /Priority/ }).getByRole('cell');
      await expect(cells.nth(0)).toHaveText('5');
      await expect(cells.nth(1)).toHaveText('1');
      await expect(cells.nth(2)).toHaveText('1');
      await expect(cells.nth(3)).toHaveText(/\d+ s|\d+ min/);
      await expect(cells.nth(6)).toContainText('5');
      await expectNoSeriousA11yViolations(sophie, 'reports');
      for (const page of [olivia, marc, alex, sophie]) await page.context().close();
    } finally {
      await server.stop();
    }
  });
});
