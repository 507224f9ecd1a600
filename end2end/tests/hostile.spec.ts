// Hostile input (issue 9): every payload of end2end/faults/corpus.ts is sent
// through the webhook as the customer's name, the chat title, the message text
// and an attachment's file name; the operator opens each conversation in the
// app. The test asserts that
//   - no script ran: a trap on `window` (`__pwned()`, a `pwned` setter) that
//     every payload tries to trigger, and a `dialog` handler;
//   - the text shown is the text the customer wrote (textContent and innerText);
//   - the message text holds only text, checked links and mentions; every link
//     in the log goes to http(s), mailto or tel;
//   - the layout holds: no bubble wider than the message log, nothing in a
//     bubble wider than the bubble, no horizontal scrolling of the log or the
//     page, the header and queue rows inside their columns;
//   - customer text is isolated for bidi (an RLO in a name cannot flip the text
//     next to it).
// Some attachments are images whose URL tries to break out of `src`.
// Each payload is also a CRM form's values: the operator sends the form, the
// customer submits the payload in its fields (first with an error, so the
// public page re-renders the values), and the submission's system message is
// checked like message text.
// It also sends the 100,000-character message (refused: longer than the
// webhook accepts, and the longest accepted message is in the corpus),
// attachment URLs with javascript:/data: schemes (refused), and an SVG with
// script uploaded as a file (served as a sandboxed download, never inline).
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import {
  CORPUS,
  HOSTILE_SVG,
  MAX_TEXT_CHARS,
  OVERSIZED_TEXT,
  MAX_FORM_LINE_CHARS,
  MAX_FORM_TEXTAREA_CHARS,
  clip,
  type HostileInput,
} from '../faults/corpus';
import { apiLogin, deliver, deliverOk, delivery, storedMessages } from '../faults/helpers';
import { installTrap, trapHits } from '../faults/trap';
import {
  API,
  OLIVIA,
  SUPPORT_TELEGRAM,
  expectNoSeriousA11yViolations,
  logIn,
  messages,
  openTab,
  queue,
  unique,
} from '../support/workspace';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'rendering does not depend on the host');
});

interface Sent {
  input: HostileInput;
  chatId: string;
  name: string;
  title: string;
  fileName: string;
  /** The attachment's URL when it is an image (shown inline). */
  imageUrl: string | null;
  conversationId: number;
  messageId: number;
}

/** Layout problems of the open conversation, as readable sentences. */
async function layoutProblems(page: Page, messageId: number, allowClip: boolean): Promise<string[]> {
  return page.evaluate(([messageId, allowClip]) => {
    const problems: string[] = [];
    const tolerance = 1;
    const describe = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.id ? ` id=${el.id}` : ''}${el.className ? ` class="${el.className}"` : ''}>`;
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + tolerance) {
      problems.push(`the page scrolls horizontally (${doc.scrollWidth} > ${doc.clientWidth})`);
    }
    const log = document.querySelector('[role="log"]');
    if (!log) return ['no message log'];
    if (log.scrollWidth > log.clientWidth + tolerance) {
      problems.push(`the message log scrolls horizontally (${log.scrollWidth} > ${log.clientWidth})`);
    }
    const logBox = log.getBoundingClientRect();
    const bubble = document.getElementById(`message-${messageId}`);
    if (!bubble) return [...problems, `message ${messageId} is not shown`];
    const box = bubble.getBoundingClientRect();
    if (box.left < logBox.left - tolerance || box.right > logBox.right + tolerance) {
      problems.push(`the bubble (${Math.round(box.width)}px) is wider than the log (${Math.round(logBox.width)}px)`);
    }
    // Text wraps; clipping is only for a single grapheme wider than the column.
    const text = bubble.querySelector('.message-text');
    if (text && text.scrollWidth > text.clientWidth + tolerance && !allowClip) {
      problems.push(`the message text is cut (${text.scrollWidth}px of text in ${text.clientWidth}px)`);
    }
    const panelName = document.querySelector('.customer-name');
    if (panelName && panelName.scrollWidth > panelName.clientWidth + tolerance && !allowClip) {
      problems.push(`the customer panel's name is cut (${panelName.scrollWidth}px in ${panelName.clientWidth}px)`);
    }
    if (bubble.scrollWidth > bubble.clientWidth + tolerance) {
      problems.push(`the bubble's content overflows it (${bubble.scrollWidth} > ${bubble.clientWidth})`);
    }
    for (const child of bubble.querySelectorAll('*')) {
      const r = child.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < box.left - tolerance || r.right > box.right + tolerance) {
        problems.push(`${describe(child)} (${Math.round(r.width)}px) sticks out of the bubble`);
      }
    }
    // The header's name and chat title are one line each, cut with an
    // ellipsis inside their column (the customer panel shows them whole).
    for (const selector of ['.conversation-header', '.conversation-heading']) {
      const el = document.querySelector(selector);
      if (el && el.scrollWidth > el.clientWidth + tolerance) {
        problems.push(`${describe(el)} overflows (${el.scrollWidth}px in ${el.clientWidth}px)`);
      }
    }
    const heading = document.querySelector('.conversation-heading');
    if (heading) {
      const headingBox = heading.getBoundingClientRect();
      for (const el of heading.children) {
        const r = el.getBoundingClientRect();
        if (r.right > headingBox.right + tolerance) {
          problems.push(`${describe(el)} is wider than the header (${Math.round(r.width)}px in ${Math.round(headingBox.width)}px)`);
        }
      }
    }
    const panel = document.querySelector('.customer-panel');
    if (panel && panel.scrollWidth > panel.clientWidth + tolerance) {
      problems.push(`the customer panel scrolls horizontally (${panel.scrollWidth} > ${panel.clientWidth})`);
    }
    return problems;
  }, [messageId, allowClip] as const);
}

/** Elements showing customer text whose bidi is not isolated from their neighbours. */
async function bidiLeaks(page: Page, messageId: number): Promise<string[]> {
  return page.evaluate((messageId) => {
    const isolated = new Set(['isolate', 'plaintext', 'isolate-override']);
    const selectors = [
      `#message-${messageId} .message-text`,
      `#message-${messageId} .file-name`,
      '#conversation-title',
      '.conversation-meta > span:last-child',
      '.customer-name',
    ];
    const leaks: string[] = [];
    for (const selector of selectors) {
      for (const el of document.querySelectorAll(selector)) {
        const value = getComputedStyle(el).unicodeBidi;
        if (!isolated.has(value)) leaks.push(`${selector} has unicode-bidi: ${value}`);
      }
    }
    return leaks;
  }, messageId);
}

interface StoredSubmission {
  id: number;
  system: { kind: string; form_title?: string; answers?: Array<{ name: string; label: string; value: string }> } | null;
}

/** Trims what `str::trim` trims at the ends of the texts of the corpus. */
const trimEnds = (text: string) => text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');

/**
 * The payload as CRM form values: sent by the operator in the open
 * conversation, submitted by the customer on the public page (once with an
 * invalid phone number, so the page re-renders the values, then valid), and
 * shown live in the conversation as a system message, checked like message text.
 */
async function checkFormValues(page: Page, request: APIRequestContext, token: string, item: Sent, key: string) {
  const label = `[${item.input.id}] form`;
  const auth = { authorization: `Bearer ${token}` };
  const forms = await request.get(`${API}/api/v1/forms?q=Callback`, { headers: auth });
  expect(forms.status()).toBe(200);
  const form = ((await forms.json()) as Array<{ id: number; title: string }>).find((f) => f.title === 'Callback request');
  expect(form, 'the demo form "Callback request"').toBeDefined();
  const sent = await request.post(`${API}/api/v1/conversations/${item.conversationId}/forms`, {
    headers: auth,
    data: { form_id: form!.id, client_id: `hostile-form-${key}` },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const { url } = (await sent.json()) as { url: string };

  const name = clip(item.input.text, MAX_FORM_LINE_CHARS);
  const topic = clip(item.input.text, MAX_FORM_TEXTAREA_CHARS);
  // The page that re-renders the values holds exactly as much markup as with
  // harmless values: every hostile value is escaped text.
  const rerendered = async (values: { name: string; topic: string }) => {
    const response = await request.post(url, { form: { ...values, phone: 'no phone', slot: 'Morning' } });
    expect(response.status(), `${label}: an invalid phone number is refused`).toBe(422);
    return response.text();
  };
  const tags = (html: string) => html.split('<').length;
  const harmless = await rerendered({ name: 'x', topic: 'x' });
  const hostile = await rerendered({ name, topic });
  expect.soft(tags(hostile), `${label}: markup of the re-rendered page`).toBe(tags(harmless));

  const submitted = await request.post(url, {
    form: { name, phone: '+33 6 12 34 56 78', slot: 'Morning', topic },
  });
  expect(submitted.status(), `${label}: the submission is accepted`).toBe(200);

  // Stored as written (a multi-line field keeps everything but the ends).
  let submission: StoredSubmission | undefined;
  await expect
    .poll(async () => {
      const response = await request.get(`${API}/api/v1/conversations/${item.conversationId}/messages?limit=50`, {
        headers: auth,
      });
      const body = (await response.json()) as { items: StoredSubmission[] };
      submission = body.items.find((m) => m.system?.kind === 'form_submitted');
      return submission !== undefined;
    })
    .toBe(true);
  const answers = submission!.system!.answers!;
  const storedTopic = answers.find((a) => a.name === 'topic')?.value;
  const storedName = answers.find((a) => a.name === 'name')?.value;
  expect.soft(storedTopic, `${label}: the multi-line value is stored as written`).toBe(trimEnds(topic));
  expect(storedName, `${label}: the one-line value is stored`).toBeTruthy();

  // Shown live, as text.
  const bubble = page.locator(`#message-${submission!.id}`);
  await expect(bubble, `${label}: the submission appears in the conversation`).toBeVisible({ timeout: 20_000 });
  const shown = await bubble.evaluate((node) => {
    const text = node.querySelector('.message-text') as HTMLElement | null;
    return { text: text?.textContent ?? '', elements: text ? text.querySelectorAll('*').length : -1 };
  });
  expect.soft(shown.text.includes(`What is it about?: ${storedTopic}`), `${label}: the multi-line value is shown as written`).toBe(true);
  expect.soft(shown.text.includes(`Your name: ${storedName}`), `${label}: the one-line value is shown as written`).toBe(true);
  expect.soft(shown.elements, `${label}: the system message holds only text`).toBe(0);
  expect
    .soft(await layoutProblems(page, submission!.id, item.input.id === 'zalgo-cluster'), `${label}: layout`)
    .toEqual([]);
  expect.soft(await bidiLeaks(page, submission!.id), `${label}: bidi isolation`).toEqual([]);
}

test('hostile customer input runs no script, keeps the layout and is shown as written', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const dialogs = await installTrap(page);
  const run = unique();

  // What the webhook refuses, it refuses cleanly.
  const refused = async (label: string, text: string, url = 'https://files.example.test/a.pdf') => {
    const { status, body } = await deliver(
      SUPPORT_TELEGRAM,
      delivery(`hostile-${run}-refused`, 'Refused', `hostile-${run}-${label}`, text, {
        attachments: [{ url, name: 'a.pdf', content_type: 'application/pdf', size: 1 }],
      }),
    );
    expect(status, `${label}: ${JSON.stringify(body)}`).toBe(422);
    expect((body as { error: { code: string } }).error.code).toBe('unprocessable');
  };
  expect(OVERSIZED_TEXT.length).toBe(MAX_TEXT_CHARS + 1);
  await refused('oversized', OVERSIZED_TEXT);
  await refused('javascript-attachment', 'x', "javascript:__pwned('attachment-url')");
  await refused('data-attachment', 'x', 'data:text/html,<script>alert(1)</script>');

  // Each payload is its own customer: name, chat title, text and file name.
  const sent: Sent[] = [];
  for (const input of CORPUS) {
    expect(Array.from(input.text).length, input.id).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    const chatId = `hostile-${run}-${input.id}`;
    const name = clip(input.text);
    const title = clip(input.text);
    const fileName = clip(input.text);
    const svg = input.id.startsWith('svg');
    // Some payloads come as an image whose URL tries to break out of `src`;
    // the image never loads (no such host), so its alt text (the file name) shows.
    const image = ['attribute-breakout', 'long-word', 'bidi-override', 'emoji-zwj'].includes(input.id);
    const imageUrl = image ? `https://files.example.test/${input.id}.png?"onerror="__pwned('src')"x='` : null;
    const accepted = await deliverOk(
      SUPPORT_TELEGRAM,
      delivery(chatId, name, `${chatId}-m1`, input.text, {
        title,
        attachments: [
          imageUrl
            ? {
                url: imageUrl,
                name: fileName,
                content_type: 'image/png',
                size: 1234,
              }
            : {
                url: `https://files.example.test/${encodeURIComponent(input.id)}.${svg ? 'svg' : 'pdf'}`,
                name: fileName,
                content_type: svg ? 'image/svg+xml' : 'application/pdf',
                size: 1234,
              },
        ],
      }),
    );
    sent.push({
      input,
      imageUrl,
      chatId,
      name,
      title,
      fileName,
      conversationId: accepted.conversation_id,
      messageId: accepted.message_id,
    });
  }

  // The SVG with script, uploaded by an operator and sent to a customer.
  const token = await apiLogin(OLIVIA);
  const upload = await request.post(`${API}/api/v1/files`, {
    headers: { authorization: `Bearer ${token}` },
    multipart: {
      file: { name: 'invoice.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(HOSTILE_SVG) },
    },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const file = (await upload.json()) as { id: string; url: string };
  const svgTarget = sent.find((s) => s.input.id === 'svg-script');
  expect(svgTarget).toBeDefined();
  const reply = await request.post(`${API}/api/v1/conversations/${svgTarget!.conversationId}/messages`, {
    headers: { authorization: `Bearer ${token}` },
    data: { client_id: `hostile-${run}-svg`, text: 'Here is your invoice', attachments: [file.id] },
  });
  expect(reply.status(), await reply.text()).toBe(201);
  const replyId = ((await reply.json()) as { id: number }).id;

  // The server serves it as a sandboxed download, never as a document.
  const fileUrl = new URL(file.url, API).toString();
  const served = await request.get(fileUrl);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('application/octet-stream');
  expect(served.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(served.headers()['x-content-type-options']).toBe('nosniff');
  expect(served.headers()['content-security-policy']).toContain('sandbox');

  await logIn(page, OLIVIA);
  // The trap is armed in the app's page (a payload reaching script would call it).
  expect(await page.evaluate(() => typeof (window as unknown as { __pwned?: unknown }).__pwned)).toBe('function');
  expect(await trapHits(page)).toEqual([]);
  const allowedLink = /^(https?:|mailto:|tel:)/i;
  for (const item of sent) {
    const label = `[${item.input.id}]`;
    await page.evaluate((id) => {
      window.location.hash = `#/c/${id}`;
    }, item.conversationId);
    const bubble = page.locator(`#message-${item.messageId}`);
    await expect(messages(page)).toBeVisible();
    await expect(bubble, `${label} the message is shown`).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('#conversation-title')).toBeVisible();

    const shown = await bubble.evaluate((node) => {
      const text = node.querySelector('.message-text') as HTMLElement | null;
      return {
        textContent: text?.textContent ?? null,
        innerText: text?.innerText ?? null,
        tags: text ? [...text.querySelectorAll('*')].map((e) => `${e.tagName}.${e.className}`) : [],
        fileName:
          node.querySelector('.file-name')?.textContent ??
          node.querySelector('.attachments img')?.getAttribute('alt') ??
          null,
        imageSrc: node.querySelector('.attachments img')?.getAttribute('src') ?? null,
        author: node.querySelector('.message-author')?.textContent ?? null,
      };
    });
    expect.soft(shown.textContent, `${label} message text (textContent) equals what the customer wrote`).toBe(
      item.input.text,
    );
    expect.soft(shown.innerText, `${label} message text as rendered (innerText)`).toBe(item.input.text);
    expect
      .soft(
        shown.tags.filter((tag) => !/^(A\.|SPAN\.mention$)/.test(tag)),
        `${label} the message text holds only text, links and mentions`,
      )
      .toEqual([]);
    expect.soft(shown.fileName, `${label} attachment file name`).toBe(item.fileName);
    expect.soft(shown.author, `${label} author name on the bubble`).toBe(item.name);
    if (item.imageUrl) expect.soft(shown.imageSrc, `${label} image URL kept whole in src`).toBe(item.imageUrl);

    const heading = await page.locator('#conversation-title').textContent();
    expect.soft(heading, `${label} customer name in the conversation header`).toBe(item.name);
    const meta = (await page.locator('.conversation-meta').textContent()) ?? '';
    expect.soft(meta.endsWith(` · ${item.title}`), `${label} chat title in the header: ${meta.slice(0, 120)}`).toBe(
      true,
    );
    const panelName = await page.locator('.customer-panel .customer-name').textContent().catch(() => null);
    if (panelName !== null) expect.soft(panelName, `${label} customer name in the customer panel`).toBe(item.name);

    const hrefs = await messages(page)
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect.soft(hrefs.filter((href) => !allowedLink.test(href)), `${label} links in the log`).toEqual([]);
    expect
      .soft(await messages(page).locator('img[src$=".svg"], object, embed, iframe, script, style').count(), `${label} active content in the log`)
      .toBe(0);

    expect.soft(await layoutProblems(page, item.messageId, item.input.id === 'zalgo-cluster'), `${label} layout`).toEqual([]);
    expect.soft(await bidiLeaks(page, item.messageId), `${label} bidi isolation`).toEqual([]);
    if (item.input.id === 'zalgo-cluster') {
      // Its excess is clipped, not scrolled: no region keyboard users cannot reach.
      await expectNoSeriousA11yViolations(page, `conversation ${label}`);
    }
    await checkFormValues(page, request, token, item, `${run}-${item.input.id}`);
    expect.soft(await trapHits(page), `${label} script ran`).toEqual([]);
  }

  // The uploaded SVG shows as a download link, and opening it runs nothing.
  await page.evaluate((id) => {
    window.location.hash = `#/c/${id}`;
  }, svgTarget!.conversationId);
  const svgBubble = page.locator(`#message-${replyId}`);
  await expect(svgBubble).toBeVisible();
  const svgLink = svgBubble.getByRole('link', { name: /invoice\.svg/ });
  await expect(svgLink).toHaveAttribute('download', 'invoice.svg');
  await expect(svgBubble.locator('img, object, embed, iframe')).toHaveCount(0);
  const download = page.waitForEvent('download');
  await svgLink.click();
  await download;
  const opened = await page.context().newPage();
  const openedDownload = opened.waitForEvent('download');
  await opened.goto(fileUrl).catch(() => undefined); // navigating to a download aborts the navigation
  await openedDownload;
  await opened.close();

  // The queue: rows stay inside the list; names shown as written (sending
  // the form answered each conversation: they are In progress).
  await openTab(page, 'In progress');
  const rowProblems = await queue(page).evaluate((list) => {
    const box = list.getBoundingClientRect();
    const problems: string[] = [];
    if (list.scrollWidth > list.clientWidth + 1) problems.push(`the queue scrolls horizontally (${list.scrollWidth} > ${list.clientWidth})`);
    for (const row of list.querySelectorAll('[role="option"]')) {
      const r = row.getBoundingClientRect();
      if (r.right > box.right + 1) problems.push(`${row.id} is wider than the queue`);
      if (row.scrollWidth > row.clientWidth + 1) {
        problems.push(`${row.id}'s content overflows it (${row.scrollWidth} > ${row.clientWidth})`);
      }
    }
    return problems;
  });
  expect.soft(rowProblems, 'queue rows').toEqual([]);
  // The rows on screen show the names as written.
  let rowsSeen = 0;
  for (const item of sent) {
    const name = queue(page).locator(`#queue-row-${item.conversationId} .row-name`);
    if ((await name.count()) === 0) continue; // further down the (virtual) list
    rowsSeen += 1;
    expect.soft(await name.textContent(), `[${item.input.id}] name in the queue row`).toBe(item.name);
  }
  expect(rowsSeen, 'hostile rows on screen in the queue').toBeGreaterThan(0);
  // Stored as sent: the database holds the text byte for byte.
  const stored = await storedMessages(token, sent[0].conversationId);
  expect(stored.find((m) => m.id === sent[0].messageId)?.text).toBe(sent[0].input.text);

  expect(await trapHits(page), 'script ran').toEqual([]);
  expect(dialogs, 'dialogs opened').toEqual([]);
});
