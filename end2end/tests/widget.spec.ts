// The website chat widget (server/assets/widget): a company's site on
// another origin, with hostile CSS of its own and a strict Content Security
// Policy, embeds it with one script tag; the customer writes, sends a file,
// writes while offline, rates the finished conversation; the operator
// answers in the app; what the operator sends (the hostile corpus
// included) shows in the widget as text.
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { CORPUS } from '../faults/corpus';
import { installTrap, trapHits } from '../faults/trap';
import { freePort } from '../support/servers';
import { watchCsp } from '../support/csp';
import {
  API,
  OLIVIA,
  composer,
  expect,
  expectNoSeriousA11yViolations,
  logIn,
  messages,
  openTab,
  row,
  test,
  tokenOf,
  unique,
} from '../support/workspace';

/** What a careless site's stylesheet does to everything it can reach. */
const HOSTILE_CSS = `
  * { font-size: 31px !important; color: #f0f !important; letter-spacing: 4px !important; }
  button, dialog, textarea, input { display: none !important; visibility: hidden !important; }
  div, section, ol, li { border: 7px dashed lime !important; transform: rotate(3deg) !important; }
  switchboard-chat { opacity: 0.1; width: 1px !important; height: 1px !important; }
  body { overflow: hidden; }
`;

/** The company's site: a static page on its own origin embedding the widget. */
async function customerSite(name: string, lang = 'en'): Promise<{ url: string; server: Server }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const page = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Atelier shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${HOSTILE_CSS}</style></head>
<body><h1>Our lamps</h1><p>Handmade in Lyon.</p>
<script src="${API}/widget.js" data-connector="demo-livechat" data-name="${name}" data-email="zoe@example.com" async></script>
</body></html>`;
  // The policy docs/widget.md tells a site to add for the widget.
  const policy =
    `default-src 'self'; script-src 'self' ${API}; connect-src ${API}; ` +
    `img-src 'self' ${API}; style-src 'self' 'unsafe-inline'`;
  const server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `${origin}/`, server };
}

/** A visitor's own browser (storage, network) on the site. */
async function visitor(browser: Browser, url: string, viewport = { width: 1000, height: 800 }): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ viewport, locale: 'en-US' });
  await watchCsp(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

function chat(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Atelier Lumière' });
}

async function openChat(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Open chat' }).click();
  const dialog = chat(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

async function say(dialog: Locator, text: string): Promise<void> {
  await dialog.getByRole('textbox', { name: 'Message' }).fill(text);
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
}

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'the widget does not depend on where the app is hosted');
});

test('a site embeds the widget: the customer writes, the operator answers live, files go both ways, offline text arrives once, the customer rates', async ({
  page,
  browser,
}) => {
  const name = `Zoé ${unique()}`;
  const site = await customerSite(name);
  const customer = await visitor(browser, site.url);
  try {
    // Nothing but the launcher before it is opened; the site's CSS reaches none of it.
    const launcher = customer.getByRole('button', { name: 'Open chat' });
    await expect(launcher).toBeVisible();
    const box = await launcher.boundingBox();
    expect(box!.width).toBeGreaterThan(40);
    const dialog = await openChat(customer);
    await expect(dialog.getByText('Hello! Ask us anything')).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused();
    expect(await dialog.evaluate((node) => getComputedStyle(node).fontSize)).toBe('15px');
    await expectNoSeriousA11yViolations(customer, 'open chat panel');

    await say(dialog, 'Is the Atlas lamp dimmable?');
    const log = dialog.getByRole('log', { name: 'Conversation' });
    await expect(log.getByText('Is the Atlas lamp dimmable?')).toBeVisible();

    // The operator answers in the app; the customer sees the typing, then the reply.
    await logIn(page, OLIVIA);
    await openTab(page, 'Unanswered');
    await row(page, name).click();
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    // What the site said of the visitor is shown as such.
    const panel = page.getByRole('complementary', { name: 'Customer' });
    await expect(panel.getByText('Name and e-mail given by the website, not verified')).toBeVisible();
    await expect(panel.getByText('zoe@example.com')).toBeVisible();
    await page.getByRole('button', { name: 'Reply' }).click();
    await composer(page).pressSequentially('Yes, with ');
    await expect(dialog.getByText('Olivia Bernard is typing…')).toBeVisible();
    await composer(page).fill('Yes, with any dimmer. Details: https://example.com/atlas');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(log.getByText('Yes, with any dimmer.')).toBeVisible();
    await expect(log.getByRole('link', { name: 'https://example.com/atlas' })).toHaveAttribute(
      'href',
      'https://example.com/atlas',
    );
    await expect(log.getByText('Olivia Bernard', { exact: true })).toBeVisible();
    // The widget has it: the operator sees it delivered.
    const reply = messages(page).locator('.message-employee').filter({ hasText: 'Yes, with any dimmer.' });
    await expect(reply.getByText('Delivered', { exact: true })).toBeAttached();

    // A file from the customer...
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'wiring <plan>.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('L N PE'),
    });
    await expect(messages(page).getByRole('link', { name: /wiring <plan>\.txt/ })).toBeVisible();
    // ...and one from the operator.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('toolbar', { name: 'Composer tools' }).getByRole('button', { name: 'Send file' }).click(),
    ]);
    await chooser.setFiles({ name: 'manual.txt', mimeType: 'text/plain', buffer: Buffer.from('Atlas manual') });
    await expect(page.getByRole('list', { name: 'Attached files' }).getByText('Ready to send')).toBeVisible();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const manual = log.getByRole('link', { name: 'manual.txt' });
    await expect(manual).toBeVisible();
    const download = await customer.request.get((await manual.getAttribute('href'))!);
    expect(await download.text()).toBe('Atlas manual');

    // Written while offline: kept, then sent once when back.
    await customer.context().setOffline(true);
    await say(dialog, 'Written on the train');
    await expect(log.getByText('Waiting for the connection')).toBeVisible();
    await customer.waitForTimeout(500);
    await customer.context().setOffline(false);
    await customer.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(messages(page).getByText('Written on the train')).toHaveCount(1);
    await expect(log.getByText('Waiting for the connection')).toHaveCount(0);
    await customer.waitForTimeout(1000);
    await expect(messages(page).getByText('Written on the train')).toHaveCount(1);
    await expect(log.getByText('Written on the train')).toHaveCount(1);

    // The operator finishes; the customer rates; the rating shows in the conversation.
    await page.getByRole('button', { name: 'Finish' }).click();
    const rating = dialog.getByRole('group', { name: 'How did we do?' });
    await expect(rating).toBeVisible();
    await rating.getByRole('radio', { name: '4 out of 5' }).check({ force: true });
    await dialog.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick and kind');
    await dialog.getByRole('button', { name: 'Send rating' }).click();
    await expect(dialog.getByText('Thank you for your rating!')).toBeVisible();
    await expect(messages(page).getByText('The customer rated the conversation 4/5: “Quick and kind”')).toBeVisible();

    // Escape closes the panel and gives the focus back to the launcher.
    await dialog.getByRole('textbox', { name: 'Message' }).press('Escape');
    await expect(dialog).toBeHidden();
    await expect(launcher).toBeFocused();
  } finally {
    await customer.context().close();
    site.server.close();
  }
});

test('at phone width, and in French, the widget fills the screen and speaks the page language', async ({ browser }) => {
  const site = await customerSite(`Léa ${unique()}`, 'fr');
  const customer = await visitor(browser, site.url, { width: 360, height: 740 });
  try {
    await customer.getByRole('button', { name: 'Ouvrir le chat' }).click();
    const dialog = chat(customer);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Envoyer' })).toBeVisible();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(box.y + box.height).toBeLessThanOrEqual(740);
    await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeInViewport();
    await expect(dialog.getByRole('button', { name: 'Envoyer' })).toBeInViewport();
    await expectNoSeriousA11yViolations(customer, 'chat panel at 360 px');
  } finally {
    await customer.context().close();
    site.server.close();
  }
});

test('what an operator sends shows in the widget as text: the hostile corpus runs nothing', async ({ browser, request }) => {
  const name = `Hostile ${unique()}`;
  const site = await customerSite(name);
  const context = await browser.newContext({ locale: 'en-US' });
  await watchCsp(context);
  const customer = await context.newPage();
  const dialogs = await installTrap(customer);
  try {
    await customer.goto(site.url);
    const dialog = await openChat(customer);
    await say(dialog, 'Show me everything');
    const log = dialog.getByRole('log', { name: 'Conversation' });
    await expect(log.getByText('Show me everything')).toBeVisible();

    const token = await tokenOf(request, OLIVIA);
    const headers = { authorization: `Bearer ${token}` };
    // The widget shows what the visitor wrote at once; the server has it a
    // moment later.
    let id = 0;
    await expect
      .poll(async () => {
        const found = await request.get(`${API}/api/v1/conversations?q=${encodeURIComponent(name)}&limit=5`, {
          headers,
        });
        const items = (await found.json()).items as Array<{ conversation: { id: number } }>;
        id = items[0]?.conversation.id ?? 0;
        return id;
      })
      .toBeGreaterThan(0);
    const sent: string[] = [];
    for (const input of CORPUS.filter((input) => input.text.length <= 5_000)) {
      const answer = await request.post(`${API}/api/v1/conversations/${id}/messages`, {
        headers,
        data: { client_id: `hostile-${input.id}-${unique()}`, text: input.text },
      });
      if (answer.ok()) sent.push(input.id);
    }
    expect(sent).toContain('script-tag');
    expect(sent).toContain('img-onerror');
    await expect(log.getByText("<script>__pwned('script-tag')</script>Hello")).toBeVisible();
    await expect(log.getByText(`<img src=x onerror="__pwned('img-onerror')">`)).toBeVisible();
    await expect(log.locator('li')).toHaveCount(sent.length + 2);
    // Nothing but text and http(s) links came out of it.
    expect(await log.locator('script, style, iframe, svg, img, object, embed, form').count()).toBe(0);
    for (const href of await log.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))) {
      expect(href).toMatch(/^https?:\/\//);
    }
    await customer.waitForTimeout(300);
    expect(await trapHits(customer)).toEqual([]);
    expect(dialogs).toEqual([]);
  } finally {
    await context.close();
    site.server.close();
  }
});
