// Lossless under faults (issue 9): the operator works in the real app, served
// through a fault-injecting TCP proxy (end2end/faults/proxy.ts), while
// customers write through the webhook straight to the server.
//   Phase 1: the proxy cuts the websocket at random moments (FAULTS_CUTS times
//            at least) while messages arrive and the operator replies.
//   Phase 2: the proxy stalls, drops and cuts HTTP requests at random.
// Then the operator's screen, the database (REST as the admin) and the
// customer view must agree: every message exactly once, in order, no reply
// duplicated, none lost. The operator never presses "Retry": replies that
// failed on the way must be resent by the app itself once the network is back.
//
// Size (environment): FAULTS_CONVERSATIONS (default 10), FAULTS_MESSAGES
// (customer messages, default 100), FAULTS_REPLIES (default 20), FAULTS_CUTS
// (websocket cuts, default 30), FAULTS_SEED (replays a run's random choices).
// `make faults-full` runs 50 / 1,000 / 200 / 30.
import { test, expect, type Page } from '@playwright/test';
import { FaultProxy, seededRandom } from '../faults/proxy';
import {
  ADMIN,
  apiLogin,
  customerView,
  deliverOk,
  delivery,
  goToConversation,
  shownMessages,
  storedMessages,
} from '../faults/helpers';
import { API, OLIVIA, SUPPORT_TELEGRAM, composer, logIn, unique } from '../support/workspace';

const size = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const CONVERSATIONS = size('FAULTS_CONVERSATIONS', 10);
const MESSAGES = Math.max(size('FAULTS_MESSAGES', 100), CONVERSATIONS);
const REPLIES = size('FAULTS_REPLIES', 20);
const CUTS = size('FAULTS_CUTS', 30);
const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** How long the app gets, once the network is healthy again, to deliver what it still holds. */
const SETTLE_MS = 60_000;

interface Conversation {
  index: number;
  chatId: string;
  name: string;
  id: number;
  /** Customer texts in the order the webhook accepted them. */
  customer: string[];
  /** Operator replies in the order the operator sent them. */
  replies: string[];
}

const softly = expect.configure({ soft: true });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'serves the app through its own proxy');
});

test(`${MESSAGES} messages in ${CONVERSATIONS} conversations and ${REPLIES} replies survive ${CUTS} websocket cuts and failing HTTP requests`, async ({
  browser,
}) => {
  // Bounded: about a second per cut, the deliveries, the replies, the checks.
  test.setTimeout(120_000 + CUTS * 2_000 + MESSAGES * 60 + REPLIES * 2_500 + CONVERSATIONS * 3_000);
  console.log(`faults: seed ${SEED} (FAULTS_SEED=${SEED} replays it)`);
  const random = seededRandom(SEED);
  const target = new URL(API);
  const proxy = new FaultProxy(
    { host: target.hostname, port: Number(target.port || 80) },
    seededRandom(SEED ^ 0x5bd1e995),
  );
  await proxy.start();
  const run = unique();
  const conversations: Conversation[] = Array.from({ length: CONVERSATIONS }, (_, index) => ({
    index,
    chatId: `faults-${run}-c${index}`,
    name: `Faults ${run} C${String(index).padStart(2, '0')}`,
    id: 0,
    customer: [],
    replies: [],
  }));
  let delivered = 0;
  let replied = 0;

  // One customer message; per conversation, messages go one after another.
  const write = async (conversation: Conversation) => {
    const text = `${conversation.name} customer #${conversation.customer.length + 1}`;
    const accepted = await deliverOk(
      SUPPORT_TELEGRAM,
      delivery(conversation.chatId, conversation.name, `${conversation.chatId}-m${delivered}`, text),
    );
    if (conversation.id === 0) conversation.id = accepted.conversation_id;
    expect(accepted.conversation_id, 'the chat stays in one conversation').toBe(conversation.id);
    conversation.customer.push(text);
    delivered += 1;
  };

  // The customers write `count` messages over about `durationMs`.
  const customers = async (count: number, durationMs: number) => {
    const pause = durationMs / Math.max(count, 1);
    for (let i = 0; i < count; i += 1) {
      await write(conversations[Math.floor(random() * CONVERSATIONS)]);
      await sleep(pause * (0.5 + random()));
    }
  };

  // Retries an operator's step (open, take) the way a person clicks again
  // when the network ate the first attempt. Sending is never retried here.
  const patiently = async (step: () => Promise<void>) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await step();
        return;
      } catch (error) {
        if (attempt >= 6) throw error;
        await sleep(500);
      }
    }
  };

  const reply = async (page: Page, conversation: Conversation) => {
    await patiently(async () => {
      if (!page.url().endsWith(`#/c/${conversation.id}`)) {
        await goToConversation(page, conversation.id, conversation.name);
      }
      const take = page.getByRole('button', { name: 'Reply', exact: true });
      if (await take.isVisible()) await take.click();
      await expect(composer(page)).toBeVisible({ timeout: 5_000 });
    });
    const text = `${conversation.name} reply #${conversation.replies.length + 1}`;
    await composer(page).fill(text);
    await composer(page).press('Enter');
    await expect(composer(page)).toHaveValue('');
    conversation.replies.push(text);
    replied += 1;
  };

  // The operator answers `count` times, spread over about `durationMs`.
  const operator = async (page: Page, count: number, durationMs: number) => {
    const start = Date.now();
    for (let i = 0; i < count; i += 1) {
      const open = conversations.filter((c) => c.id !== 0);
      await reply(page, open[Math.floor(random() * open.length)]);
      const due = start + ((i + 1) * durationMs) / count;
      if (due > Date.now()) await sleep(due - Date.now());
    }
  };

  const context = await browser.newContext({ baseURL: proxy.url, locale: 'en-US' });
  const page = await context.newPage();
  try {
    // Every conversation exists before the faults start, so the operator can answer any.
    for (const conversation of conversations) await write(conversation);
    await logIn(page, OLIVIA);

    // Phase 1: websocket cuts, about one a second.
    const phase1Ms = CUTS * 1_100;
    const phase1Messages = Math.floor((MESSAGES - delivered) / 2);
    const phase1Replies = Math.floor(REPLIES / 2);
    proxy.cutWebsockets(200, 1_500);
    await Promise.all([
      customers(phase1Messages, phase1Ms),
      operator(page, phase1Replies, phase1Ms),
    ]);
    await expect
      .poll(() => proxy.stats.websocketCuts, {
        message: 'websocket cuts',
        timeout: CUTS * 3_000,
      })
      .toBeGreaterThanOrEqual(CUTS);
    proxy.calm();

    // The conversation left open caught up by itself, without reopening it.
    const admin = await apiLogin(ADMIN);
    const open = conversations.find((c) => page.url().endsWith(`#/c/${c.id}`));
    expect(open, 'a conversation is open').toBeDefined();
    if (open) {
      // Both read again on each try: the last reply may still be in its
      // undo window, on screen but not yet sent.
      const difference = async () => {
        const stored = (await storedMessages(admin, open.id))
          .filter((m) => m.author.kind !== 'system')
          .map((m) => m.text);
        const shown = (await shownMessages(page)).filter((m) => !m.system).map((m) => m.text);
        return JSON.stringify(shown) === JSON.stringify(stored) ? null : { shown, stored };
      };
      await expect
        .poll(difference, {
          message: `the open conversation ${open.name} after the websocket cuts`,
          timeout: 20_000,
        })
        .toBeNull();
    }

    // Phase 2: HTTP requests stalled, dropped and cut.
    const phase2Ms = Math.max(20_000, (REPLIES - replied) * 1_000);
    // Sending a reply is the request that matters most: it fails three times as often.
    proxy.failHttp({
      stall: 0.15,
      stallMaxMs: 3_000,
      dropRequest: 0.08,
      cutMidRequest: 0.05,
      cutResponse: 0.08,
      stallResponse: 0.1,
      hot: { method: 'POST', path: /^\/api\/v1\/conversations\/\d+\/messages$/ },
      hotFactor: 3,
    });
    await Promise.all([
      customers(MESSAGES - delivered, phase2Ms),
      operator(page, REPLIES - replied, phase2Ms),
    ]);
    proxy.calm();
    console.log(`faults: proxy ${JSON.stringify(proxy.stats)}`);
    for (const event of proxy.events) console.log(`faults:   ${event.kind} ${event.request}`);
    expect(proxy.stats.websocketCuts).toBeGreaterThanOrEqual(CUTS);
    expect(
      proxy.stats.httpDrops + proxy.stats.httpMidRequestCuts + proxy.stats.httpResponseCuts,
      'HTTP requests failed in phase 2',
    ).toBeGreaterThan(0);
    expect(
      proxy.events.filter((e) => e.kind !== 'stall' && /^POST .*\/messages$/.test(e.request)).length,
      'sending a reply failed at least once in phase 2',
    ).toBeGreaterThan(0);
    expect(delivered).toBe(MESSAGES);
    expect(replied).toBe(REPLIES);

    // The network is healthy again: the app delivers what it still holds, by itself.
    const storedReplies = async () => {
      let count = 0;
      for (const c of conversations) {
        count += (await storedMessages(admin, c.id)).filter((m) => m.author.kind === 'employee').length;
      }
      return count;
    };
    await expect
      .poll(storedReplies, {
        message: 'replies stored once the network is back (no one pressed Retry)',
        timeout: SETTLE_MS,
      })
      .toBeGreaterThanOrEqual(REPLIES)
      .catch(() => undefined); // the exact per-conversation checks below say what is missing

    // Database, customer view and screen agree, conversation by conversation.
    for (const conversation of conversations) {
      const stored = (await storedMessages(admin, conversation.id)).filter(
        (m) => m.author.kind !== 'system',
      );
      const label = `${conversation.name} (conversation ${conversation.id})`;
      expect
        .soft(
          stored.filter((m) => m.author.kind === 'customer').map((m) => m.text),
          `${label}: customer messages in the database, each once, in order`,
        )
        .toEqual(conversation.customer);
      expect
        .soft(
          stored.filter((m) => m.author.kind === 'employee').map((m) => m.text),
          `${label}: replies in the database, each once, in order (none lost, none doubled)`,
        )
        .toEqual(conversation.replies);
      const view = await customerView(SUPPORT_TELEGRAM, conversation.chatId);
      expect
        .soft(
          view.map((m) => [m.id, m.text]),
          `${label}: the customer view shows what the database holds, in the same order`,
        )
        .toEqual(stored.map((m) => [m.id, m.text]));

      await goToConversation(page, conversation.id, conversation.name);
      const expected = stored.map((m) => ({ domId: `message-${m.id}`, text: m.text }));
      await softly
        .poll(
          async () =>
            (await shownMessages(page))
              .filter((m) => !m.system)
              .map((m) => (m.pending ? { domId: 'pending', text: m.text } : { domId: m.domId, text: m.text })),
          { message: `${label}: the operator's screen shows what the database holds`, timeout: 10_000 },
        )
        .toEqual(expected);
    }
  } finally {
    await context.close();
    await proxy.stop();
  }
});
