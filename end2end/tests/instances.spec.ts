// Several instances (issue 27), in real browsers: two servers on one
// throwaway PostgreSQL, each operator's app pinned to a different instance
// by a balancer that prefers it (switchboard-conformance balance --prefer),
// Olivia's websocket cut at random by the fault proxy on the way. Customers
// write through A and through B; both operators see every message live, in
// order, once. Then A is killed with SIGKILL: the apps reconnect to B, the
// customers keep writing through B, and every acknowledged message is there
// exactly once (both screens, the database, the customer view) and every
// reply Olivia sent is delivered to the channel's receiver exactly once,
// including those still queued when A died.
//
// Needs PostgreSQL (scripts/postgres.sh; scripts/install-tools.sh --test
// installs it) and the balancer's binary (SWITCHBOARD_CONFORMANCE, set by
// scripts/e2e.sh).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { FaultProxy, seededRandom } from '../faults/proxy';
import { ADMIN, delivery, goToConversation, shownMessages } from '../faults/helpers';
import { watchCsp } from '../support/csp';
import { DIST, OwnServer, SERVER, freePort } from '../support/servers';
import {
  DEMO_PASSWORD,
  MARC,
  OLIVIA,
  composer,
  expect,
  logIn,
  openTab,
  row,
  test,
  unique,
} from '../support/workspace';

/** The Support line's connector whose deliveries go to our receiver (Telegram's go to a bot). */
const CONNECTOR = 'demo-facebook';
const CONNECTOR_NAME = 'Facebook Messenger';
const POSTGRES = resolve(process.cwd(), '..', 'scripts', 'postgres.sh');
const BALANCER =
  process.env.SWITCHBOARD_CONFORMANCE ?? (SERVER ? join(dirname(SERVER), 'switchboard-conformance') : '');
/** Deliveries retried quickly, and many times, so a receiver that refuses for a while loses none. */
const DELIVERY = ['--delivery-retry-ms', '200', '--delivery-max-backoff-ms', '1000', '--delivery-attempts', '100'];

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'serves the app through its own balancers');
});

interface Conversation {
  chatId: string;
  name: string;
  id: number;
  /** Customer texts in the order the webhook acknowledged them (202). */
  customer: string[];
}

/** One request the channel's receiver answered. */
interface Arrival {
  key: string;
  kind: string;
  messageId: number | null;
  status: number;
}

/** The channel's end of outbound deliveries: records each request; refuses with 503 while `refusing`. */
class Receiver {
  arrivals: Arrival[] = [];
  refusing = false;
  private server: Server = createServer((request, response) => this.answer(request, response));
  port = 0;

  async start(): Promise<void> {
    this.port = await freePort();
    await new Promise<void>((done) => this.server.listen(this.port, '127.0.0.1', done));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  private answer(request: IncomingMessage, response: import('node:http').ServerResponse): void {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const status = this.refusing ? 503 : 200;
      let parsed: { type?: string; message?: { id?: number } | null } = {};
      try {
        parsed = JSON.parse(body);
      } catch {
        // recorded without its body
      }
      this.arrivals.push({
        key: String(request.headers['x-switchboard-delivery'] ?? ''),
        kind: parsed.type ?? '',
        messageId: parsed.message?.id ?? null,
        status,
      });
      response.writeHead(status, status === 503 ? { 'retry-after': '1' } : {});
      response.end();
    });
  }

  /** The accepted (2xx) new-message deliveries of one message. */
  delivered(messageId: number): Arrival[] {
    return this.arrivals.filter((a) => a.messageId === messageId && a.kind === 'message.created' && a.status === 200);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

/** A balancer of our own (`--prefer`: the instances in the order given, failing over). */
async function balancer(targets: number[]): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const args = ['balance', '--prefer', '--listen', `127.0.0.1:${port}`];
  for (const target of targets) args.push('--to', `127.0.0.1:${target}`);
  const child = spawn(BALANCER, args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${url}/api/v1/health`).catch(() => null))?.status ?? 0, { timeout: 10_000 })
    .toBe(200);
  return { child, url };
}

async function login(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

interface Stored {
  id: number;
  author: { kind: string };
  text: string;
}

/** A conversation's messages as stored, oldest first, without system messages. */
async function stored(base: string, token: string, conversationId: number): Promise<Stored[]> {
  const response = await fetch(`${base}/api/v1/conversations/${conversationId}/messages?limit=200`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const page = (await response.json()) as { items: Stored[]; has_more_after: boolean };
  expect(page.has_more_after, 'one page holds the conversation').toBe(false);
  return page.items.filter((m) => m.author.kind !== 'system');
}

/** What the customer sees of a chat (one page is enough here). */
async function customerView(base: string, chatId: string): Promise<Array<{ id: number; text: string }>> {
  const response = await fetch(`${base}/api/v1/inbound/${CONNECTOR}/chats/${encodeURIComponent(chatId)}/messages`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Array<{ id: number; text: string }> }).items;
}

/** The texts of the open conversation's confirmed bubbles, top to bottom. */
async function shownTexts(page: Page): Promise<string[]> {
  return (await shownMessages(page)).filter((m) => !m.system && !m.pending).map((m) => m.text);
}

test('two instances on PostgreSQL behind balancers: live, in order, once, and nothing lost when one is killed', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  expect(SERVER && DIST, 'SWITCHBOARD_SERVER and SWITCHBOARD_DIST are set by scripts/e2e.sh').toBeTruthy();
  expect(existsSync(BALANCER), `the balancer's binary (SWITCHBOARD_CONFORMANCE): ${BALANCER}`).toBe(true);

  const cluster = mkdtempSync(join(tmpdir(), 'switchboard-pg-'));
  const shared = mkdtempSync(join(tmpdir(), 'switchboard-instances-'));
  const children: ChildProcess[] = [];
  const servers: OwnServer[] = [];
  const contexts: BrowserContext[] = [];
  const receiver = new Receiver();
  let proxy: FaultProxy | null = null;
  try {
    const started = spawnSync(POSTGRES, ['start', cluster], { encoding: 'utf8' });
    if (started.error || started.status !== 0) {
      throw new Error(
        `PostgreSQL did not start (${POSTGRES}): ${started.error?.message ?? started.stderr}` +
          ' (is it installed? scripts/install-tools.sh --test)',
      );
    }
    const database = ['--database-url', started.stdout.trim(), ...DELIVERY];
    // A migrates and seeds the demo; B joins the same database and the same
    // folder (uploads and the secret key that seals connector secrets).
    const a = new OwnServer(await freePort(), shared, true, database);
    servers.push(a);
    await a.healthy();
    const b = new OwnServer(await freePort(), shared, false, database);
    servers.push(b);
    await b.healthy();

    // Olivia's app prefers A, Marc's prefers B; both fail over to the other.
    const towardA = await balancer([a.port, b.port]);
    children.push(towardA.child);
    const towardB = await balancer([b.port, a.port]);
    children.push(towardB.child);
    const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`instances: seed ${seed}`);
    proxy = new FaultProxy({ host: '127.0.0.1', port: Number(new URL(towardA.url).port) }, seededRandom(seed));
    await proxy.start();

    await receiver.start();
    const admin = await login(a.url, ADMIN);
    const lines = (await (
      await fetch(`${a.url}/api/v1/lines`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as Array<{ name: string; connectors: Array<{ id: number; name: string }> }>;
    const connector = lines
      .find((line) => line.name === 'Support')
      ?.connectors.find((c) => c.name === CONNECTOR_NAME);
    expect(connector, `${CONNECTOR_NAME} on Support`).toBeDefined();
    const outbound = await fetch(`${b.url}/api/v1/connectors/${connector!.id}/outbound`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ url: receiver.url }),
    });
    expect(outbound.status, await outbound.text()).toBe(200);

    const run = unique();
    const conversations: Conversation[] = [0, 1, 2].map((index) => ({
      chatId: `instances-${run}-c${index}`,
      name: `Instances ${run} C${index}`,
      id: 0,
      customer: [],
    }));
    let written = 0;
    /** One customer message through `base`; kept only once acknowledged. */
    const write = async (base: string, conversation: Conversation) => {
      written += 1;
      const text = `${conversation.name} customer #${written}`;
      const response = await fetch(`${base}/api/v1/inbound/${CONNECTOR}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(delivery(conversation.chatId, conversation.name, `${conversation.chatId}-m${written}`, text)),
      });
      const body = await response.text();
      expect(response.status, body).toBe(202);
      const accepted = JSON.parse(body) as { conversation_id: number };
      if (conversation.id === 0) conversation.id = accepted.conversation_id;
      expect(accepted.conversation_id).toBe(conversation.id);
      conversation.customer.push(text);
    };
    for (const conversation of conversations) await write(a.url, conversation);
    const [first, second, third] = conversations;

    const open = async (baseURL: string, email: string): Promise<Page> => {
      const context = await browser.newContext({ baseURL, locale: 'en-US' });
      contexts.push(context);
      await watchCsp(context);
      const page = await context.newPage();
      await logIn(page, email);
      await openTab(page, 'Unanswered');
      return page;
    };
    const olivia = await open(proxy.url, OLIVIA);
    const marc = await open(towardB.url, MARC);
    for (const page of [olivia, marc]) await goToConversation(page, first.id, first.name);
    await olivia.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect(composer(olivia)).toBeVisible();
    proxy.cutWebsockets(800, 2_500);

    const replies: string[] = [];
    const reply = async () => {
      const text = `${first.name} reply #${replies.length + 1}`;
      await composer(olivia).fill(text);
      await composer(olivia).press('Enter');
      await expect(composer(olivia)).toHaveValue('');
      replies.push(text);
    };
    const storedReplies = async () =>
      (await stored(b.url, admin, first.id)).filter((m) => m.author.kind === 'employee');

    /** Both screens show the open conversation exactly as stored; the queue shows the others' last words. */
    const bothSeeEverything = async (server: string, what: string) => {
      for (const [name, page] of [
        ['Olivia', olivia],
        ['Marc', marc],
      ] as const) {
        await expect
          .poll(
            async () => {
              const expected = (await stored(server, admin, first.id)).map((m) => m.text);
              const shown = await shownTexts(page);
              return JSON.stringify(shown) === JSON.stringify(expected) ? null : { shown, expected };
            },
            { message: `${name} sees ${first.name} as stored, in order, once (${what})`, timeout: 20_000 },
          )
          .toBeNull();
        // Taking a conversation shows In progress; the others wait in Unanswered.
        await openTab(page, 'Unanswered');
        for (const other of [second, third]) {
          const last = other.customer[other.customer.length - 1];
          await expect(row(page, other.name), `${name}'s queue: ${other.name} once, live`).toHaveCount(1);
          await expect(row(page, other.name)).toContainText(last);
        }
      }
    };

    // Both instances up: customers write through A and B in turn, Olivia answers.
    for (let i = 0; i < 6; i += 1) {
      await write(i % 2 === 0 ? a.url : b.url, conversations[i % 3]);
      if (i % 3 === 1) await reply();
    }
    await expect.poll(async () => (await storedReplies()).length, { timeout: 20_000 }).toBe(replies.length);
    await bothSeeEverything(b.url, 'both instances up');
    await expect
      .poll(() => proxy!.stats.websocketCuts, { message: "Olivia's websocket was cut", timeout: 10_000 })
      .toBeGreaterThan(0);

    // The channel refuses for a while: Olivia's next replies stay queued as delivery jobs.
    receiver.refusing = true;
    await reply();
    await reply();
    // Deliveries of one chat go in order: the first held reply is tried
    // (and refused), the next waits behind it.
    const queued = async () => {
      const ids = (await storedReplies()).map((m) => m.id);
      const held = ids.slice(-2);
      return {
        stored: ids.length,
        tried: receiver.arrivals.some((x) => x.messageId === held[0] && x.status === 503),
      };
    };
    await expect
      .poll(queued, { message: 'the last replies stored, queued and refused before A dies', timeout: 20_000 })
      .toEqual({ stored: replies.length, tried: true });

    // A dies mid-run.
    process.kill(a.child.pid!, 'SIGKILL');
    await expect.poll(() => a.child.exitCode ?? a.child.signalCode, { timeout: 5_000 }).toBe('SIGKILL');
    receiver.refusing = false;

    // Customers keep writing through B; Olivia's app, now through B, answers again.
    for (let i = 0; i < 6; i += 1) await write(b.url, conversations[i % 3]);
    await reply();
    await expect
      .poll(async () => (await storedReplies()).map((m) => m.text), {
        message: "every reply Olivia sent is stored once, in order (none lost with A)",
        timeout: 30_000,
      })
      .toEqual(replies);
    await expect
      .poll(
        async () =>
          (await storedReplies()).map((m) => ({ text: m.text, delivered: receiver.delivered(m.id).length })),
        { message: 'every reply delivered to the channel, once', timeout: 30_000 },
      )
      .toEqual(replies.map((text) => ({ text, delivered: 1 })));
    proxy.calm();
    await bothSeeEverything(b.url, 'after A was killed');

    // The database, the customer view and both screens agree, conversation by conversation.
    for (const conversation of conversations) {
      const messages = await stored(b.url, admin, conversation.id);
      expect(
        messages.filter((m) => m.author.kind === 'customer').map((m) => m.text),
        `${conversation.name}: every acknowledged customer message once, in order`,
      ).toEqual(conversation.customer);
      const view = await customerView(b.url, conversation.chatId);
      expect(view.map((m) => [m.id, m.text]), `${conversation.name}: the customer view`).toEqual(
        messages.map((m) => [m.id, m.text]),
      );
      for (const page of [olivia, marc]) {
        if (!page.url().endsWith(`#/c/${conversation.id}`)) {
          await goToConversation(page, conversation.id, conversation.name);
        }
        await expect
          .poll(() => shownTexts(page), { message: `${conversation.name} on screen`, timeout: 10_000 })
          .toEqual(messages.map((m) => m.text));
      }
    }
    // Each delivery job ran once: no idempotency key answered twice.
    const accepted = receiver.arrivals.filter((x) => x.status === 200).map((x) => x.key);
    expect(accepted.length, 'no delivery accepted twice').toBe(new Set(accepted).size);
  } finally {
    proxy?.calm();
    for (const context of contexts) await context.close().catch(() => undefined);
    await proxy?.stop().catch(() => undefined);
    for (const child of children) child.kill('SIGKILL');
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await receiver.stop().catch(() => undefined);
    spawnSync(POSTGRES, ['stop', cluster]);
    rmSync(cluster, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  }
});
