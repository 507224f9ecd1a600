// The scale section of `make bench` (issue 27): the release server on
// SQLite, on PostgreSQL, and two instances on one PostgreSQL, each started
// here on 127.0.0.1 with throwaway data folders and a throwaway cluster
// (scripts/postgres.sh), all stopped at the end, also on failure.
//
//   node --experimental-websocket bench/scale.mjs [--only=webhook,fanout,queue] [--setups=sqlite,postgres,postgres2]
//
// Each set-up runs 1, 2, 3 in this order on fresh servers.
// 1. webhook: open-loop arrival rate stepped up (SCALE_RATES, STEP seconds
//    each, after a warm-up that is not counted); the highest step whose p99
//    stays under 50 ms, per set-up (two instances: the load alternates
//    between them);
// 2. fan-out: SCALE_SOCKETS websocket clients (Olivia: Sales and Support;
//    Marc: Support; spread over the instances) while the webhook delivers
//    FANOUT_MESSAGES in FANOUT_SECONDS: commit → frame (frame received minus
//    the event's `at`, the server's clock on the same machine), frames
//    received against those expected, and the server's RSS per socket;
// 3. queue: SCALE_CONVERSATIONS conversations and SCALE_MESSAGES messages
//    seeded through the webhook (concurrent requests), then the queue's
//    first page, the next pages by `next_cursor`, and search (`q`); then
//    the app (DIST, default dist/) in headless Chromium on that queue: its
//    first rows after the queue's answer (median of APP_RUNS fresh loads)
//    and APP_SCROLL_SECONDS of scrolling down the queue (rows in the DOM,
//    long tasks), with the budgets of `make bench`'s big queue.
//
// Results go to bench/results.json under `scale` (the other sections are
// kept) and the table is printed; the exit code is 1 when a budget breaks.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { CHROMIUM_FLAGS } from '../end2end/support/chromium.mjs';
import { coldLoad, openFreshPage } from './lib/app.mjs';
import { agent, delivery, login, pool, quantile, request } from './lib/http.mjs';
import { round, webhookLoad } from './lib/load.mjs';
import { longTasksBetween, scrollThrough } from './lib/page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SERVER =
  process.env.SERVER ??
  path.join(process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target'), 'server', 'switchboard-server');
const TMP = path.join(here, 'tmp', 'scale');
const DIST = process.env.DIST ?? path.join(root, 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const require = createRequire(path.join(root, 'end2end', 'package.json'));
const arg = (name) => (process.argv.find((a) => a.startsWith(`--${name}=`)) ?? '').slice(name.length + 3).split(',').filter(Boolean);
const only = arg('only');
const wanted = (name) => only.length === 0 || only.includes(name);
const SETUPS = arg('setups').length ? arg('setups') : ['sqlite', 'postgres', 'postgres2'];

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const RATES = (process.env.SCALE_RATES ?? '100,250,500,1000,2000,4000').split(',').map(Number);
const STEP_SECONDS = num('SCALE_STEP_SECONDS', 3);
const WARMUP_SECONDS = 2;
const P99_BUDGET_MS = 50;
const SOCKETS = num('SCALE_SOCKETS', 500);
const FANOUT_MESSAGES = num('FANOUT_MESSAGES', 1000);
const FANOUT_SECONDS = num('FANOUT_SECONDS', 10);
// 100,000 conversations and 1,000,000 messages, seeded through the webhook
// (about ten minutes a set-up on two cores); smaller sizes for a quick look.
const CONVERSATIONS = num('SCALE_CONVERSATIONS', 100_000);
const MESSAGES = num('SCALE_MESSAGES', 1_000_000);
const SEED_CONCURRENCY = num('SCALE_SEED_CONCURRENCY', 64);
const QUERIES = 20;
const QUERY_BUDGET_MS = 50;
// The app on the seeded queue; its budgets are those of `make bench`.
const APP_RUNS = 3;
const APP_SCROLL_SECONDS = num('SCALE_APP_SCROLL_SECONDS', 60);
const FIRST_ROWS_BUDGET_MS = 100;
const DOM_ROWS_BUDGET = 200;
const TASK_BUDGET_MS = 50;
const ROW = '[role="listbox"] [role="option"]';
const appBuilt = () => fs.existsSync(path.join(DIST, 'index.html'));
// Olivia sees Sales and Support, Marc only Support (README's demo accounts).
const OPERATORS = [
  { email: 'olivia@example.com', lines: ['sales', 'support'] },
  { email: 'marc@example.com', lines: ['support'] },
];
const CONNECTORS = { support: 'demo-telegram', sales: 'demo-livechat' };

const log = (...args) => console.error('scale:', ...args);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const children = new Set();
const clusters = new Set();
function stopAll() {
  for (const child of children) child.kill('SIGTERM');
  for (const dir of clusters) {
    try {
      execFileSync(path.join(root, 'scripts', 'postgres.sh'), ['stop', dir], { stdio: 'ignore' });
    } catch {
      // already stopped
    }
  }
  clusters.clear();
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function freePort() {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts one instance; the first of a set-up loads the demo data. */
async function startInstance(name, { databaseUrl, demo }) {
  const data = path.join(TMP, name);
  fs.rmSync(data, { recursive: true, force: true });
  fs.mkdirSync(data, { recursive: true });
  const port = await freePort();
  const logFile = fs.openSync(path.join(TMP, `${name}.log`), 'w');
  const dist = appBuilt() ? DIST : path.join(TMP, 'no-dist');
  const args = ['--addr', '127.0.0.1', '--port', String(port), '--data-dir', data, '--dist-dir', dist];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  if (demo) args.push('--demo');
  // The Bot API is a closed local port: no delivery waits on a network.
  args.push('--telegram-api-url', 'http://127.0.0.1:9');
  const child = spawn(SERVER, args, { stdio: ['ignore', logFile, logFile] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      const response = await fetch(`${base}/api/v1/health`);
      if (response.ok) return { base, child, name };
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${name} did not start; see ${path.join(TMP, `${name}.log`)}`);
}

/** Starts a set-up: `sqlite`, `postgres` (one instance) or `postgres2`. */
async function startSetup(setup) {
  let databaseUrl = null;
  let cluster = null;
  if (setup !== 'sqlite') {
    // Outside the work tree: the cluster belongs to `postgres` when run as root.
    cluster = fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-scale-${setup}-`));
    clusters.add(cluster);
    databaseUrl = execFileSync(path.join(root, 'scripts', 'postgres.sh'), ['start', cluster], { encoding: 'utf8' }).trim();
  }
  const count = setup === 'postgres2' ? 2 : 1;
  const instances = [];
  for (let i = 1; i <= count; i++) {
    instances.push(await startInstance(`${setup}-${i}`, { databaseUrl, demo: i === 1 }));
  }
  return { setup, instances, cluster };
}

async function stopSetup(running) {
  for (const instance of running.instances) {
    if (instance.child.exitCode === null) {
      instance.child.kill('SIGTERM');
      await new Promise((resolve) => instance.child.once('exit', resolve));
    }
  }
  if (running.cluster) {
    execFileSync(path.join(root, 'scripts', 'postgres.sh'), ['stop', running.cluster], { stdio: 'ignore' });
    clusters.delete(running.cluster);
    fs.rmSync(running.cluster, { recursive: true, force: true });
  }
}

/** Resident memory of a process, in KiB (/proc/PID/status). */
function rssKib(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(/^VmRSS:\s+(\d+) kB/m);
  return match ? Number(match[1]) : null;
}

/** One step of the webhook's open-loop load, the instances in turn. */
async function openLoop(bases, rate, seconds, prefix) {
  const connectors = [CONNECTORS.support, CONNECTORS.sales];
  return { rate, ...(await webhookLoad(bases, { rate, seconds, chats: 200, connectors, prefix })) };
}

/**
 * Steps the arrival rate up until p99 breaks 50 ms (or errors appear),
 * after WARMUP_SECONDS at the first rate that are not counted: a fresh
 * instance's first requests open its database connections, and on
 * PostgreSQL each new connection's server process reads the catalog of
 * every table it meets (tens of milliseconds the first time).
 */
async function webhookScenario(running) {
  const bases = running.instances.map((i) => i.base);
  const warmup = await openLoop(bases, RATES[0], WARMUP_SECONDS, `scale-${running.setup}-warmup`);
  log(`${running.setup}: warm-up at ${RATES[0]} msg/s, p99 ${warmup.p99_ms} ms (not counted)`);
  await sleep(1000);
  const steps = [];
  let best = null;
  for (const rate of RATES) {
    const step = await openLoop(bases, rate, STEP_SECONDS, `scale-${running.setup}-r${rate}`);
    log(`${running.setup}: ${rate} msg/s → ${step.throughput_per_s} msg/s, p99 ${step.p99_ms} ms, ${step.errors} errors`);
    steps.push(step);
    const ok = step.errors === 0 && step.p99_ms !== null && step.p99_ms < P99_BUDGET_MS;
    if (!ok) break;
    best = step;
    await sleep(1000);
  }
  return {
    warmup,
    step_seconds: STEP_SECONDS,
    steps,
    sustained_rate: best?.rate ?? null,
    sustained_throughput_per_s: best?.throughput_per_s ?? null,
    sustained_p99_ms: best?.p99_ms ?? null,
  };
}

/** Opens one event stream; counts the message_created frames by message id. */
function openSocket(base, token, seen) {
  return new Promise((resolve, reject) => {
    const url = `${base.replace(/^http/, 'ws')}/api/v1/events?token=${encodeURIComponent(token)}`;
    const socket = new WebSocket(url);
    const state = { socket, ready: false, frames: 0, messages: 0 };
    const timer = setTimeout(() => reject(new Error(`socket to ${base} not ready in 30 s`)), 30_000);
    socket.addEventListener('message', (message) => {
      const received = Date.now();
      const text = typeof message.data === 'string' ? message.data : '';
      if (!state.ready) {
        if (text.includes('"frame":"ready"')) {
          state.ready = true;
          clearTimeout(timer);
          resolve(state);
        }
        return;
      }
      // Only the fields measured are read: parsing 500 sockets' worth of
      // whole frames would put the client's time in the measure.
      if (!text.startsWith('{"frame":"event"')) return;
      state.frames += 1;
      if (!text.includes('"type":"message_created"')) return;
      const at = text.match(/"at":(\d+)/);
      if (!at) return;
      state.messages += 1;
      seen.push(received - Number(at[1]));
    });
    socket.addEventListener('error', () => {
      clearTimeout(timer);
      reject(new Error(`socket to ${base} failed`));
    });
  });
}

/**
 * SOCKETS event streams (Olivia and Marc in turn, the instances in turn),
 * then FANOUT_MESSAGES customer messages over FANOUT_SECONDS (Support and
 * Sales in turn, the instances in turn).
 */
async function fanoutScenario(running) {
  const bases = running.instances.map((i) => i.base);
  const tokens = [];
  for (const operator of OPERATORS) {
    tokens.push({ ...operator, token: (await login(bases[0], operator.email, 'demo')).token });
  }
  await sleep(1000);
  const rssBefore = running.instances.map((i) => rssKib(i.child.pid));
  const latencies = [];
  const sockets = [];
  const opened = [];
  for (let i = 0; i < SOCKETS; i++) {
    const who = tokens[i % tokens.length];
    const base = bases[Math.floor(i / tokens.length) % bases.length];
    opened.push(openSocket(base, who.token, latencies).then((state) => sockets.push({ ...state, who })));
    if (i % 50 === 49) await Promise.all(opened.splice(0));
  }
  await Promise.all(opened);
  await sleep(2000);
  const rssAfter = running.instances.map((i) => rssKib(i.child.pid));
  const perConnectionKib = (rssAfter.reduce((s, v) => s + v, 0) - rssBefore.reduce((s, v) => s + v, 0)) / SOCKETS;

  const via = bases.map(() => agent(64));
  const sends = [];
  const sent = { support: 0, sales: 0 };
  let errors = 0;
  const start = performance.now();
  for (let i = 0; i < FANOUT_MESSAGES; i++) {
    const due = start + (i * FANOUT_SECONDS * 1000) / FANOUT_MESSAGES;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const line = i % 2 === 0 ? 'support' : 'sales';
    sent[line] += 1;
    const chat = `fanout-${line}-${i % 100}`;
    const which = i % bases.length;
    sends.push(
      request(bases[which], 'POST', `/api/v1/inbound/${CONNECTORS[line]}`, {
        body: delivery(chat, `Fan-out ${i % 100}`, `fanout-${i}`, `Fan-out message ${i}`),
        agent: via[which],
      }).then(
        (response) => {
          if (response.status !== 202) errors += 1;
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(sends);
  const expected = sockets.reduce((sum, s) => sum + s.who.lines.reduce((n, line) => n + sent[line], 0), 0);
  // Frames still on their way: wait until every expected one arrived or
  // nothing new came for 3 s (15 s at most).
  let last = -1;
  for (let waited = 0; waited < 15_000 && latencies.length < expected; waited += 1000) {
    if (latencies.length === last && waited >= 3000) break;
    last = latencies.length;
    await sleep(1000);
  }
  for (const v of via) v.destroy();
  for (const s of sockets) s.socket.close();
  const received = latencies.length;
  latencies.sort((a, b) => a - b);
  return {
    sockets: sockets.length,
    messages: FANOUT_MESSAGES,
    seconds: FANOUT_SECONDS,
    webhook_errors: errors,
    frames_expected: expected,
    frames_received: received,
    commit_to_frame_p50_ms: round(quantile(latencies, 0.5)),
    commit_to_frame_p95_ms: round(quantile(latencies, 0.95)),
    commit_to_frame_max_ms: round(latencies[latencies.length - 1] ?? null),
    rss_before_mib: round(rssBefore.reduce((s, v) => s + v, 0) / 1024),
    rss_with_sockets_mib: round(rssAfter.reduce((s, v) => s + v, 0) / 1024),
    memory_per_connection_kib: round(perConnectionKib),
  };
}

/**
 * Seeds CONVERSATIONS chats with MESSAGES messages in all through the
 * webhook (SEED_CONCURRENCY requests at once), then times the queue.
 */
async function queueScenario(running) {
  const bases = running.instances.map((i) => i.base);
  const via = bases.map(() => agent(SEED_CONCURRENCY));
  const started = performance.now();
  const perConversation = Math.max(1, Math.floor(MESSAGES / CONVERSATIONS));
  const total = CONVERSATIONS * perConversation;
  await pool(total, SEED_CONCURRENCY, async (i) => {
    // Message k of every conversation before message k+1 of any: each
    // conversation's messages arrive in order.
    const chat = i % CONVERSATIONS;
    const k = Math.floor(i / CONVERSATIONS);
    const line = chat % 2 === 0 ? 'support' : 'sales';
    const which = i % bases.length;
    const response = await request(bases[which], 'POST', `/api/v1/inbound/${CONNECTORS[line]}`, {
      body: delivery(`seed-${chat}`, `Seed Customer ${chat}`, `seed-${chat}-${k}`, `Question ${k} about order ord${chat}x`),
      agent: via[which],
    });
    if (response.status !== 202) throw new Error(`seeding: webhook answered ${response.status}`);
  });
  for (const v of via) v.destroy();
  const seedSeconds = (performance.now() - started) / 1000;
  log(`${running.setup}: seeded ${CONVERSATIONS} conversations, ${total} messages in ${seedSeconds.toFixed(1)} s`);

  const session = await login(bases[0], OPERATORS[0].email, 'demo');
  const { token } = session;
  // Server time: the answer's `Server-Timing: app;dur=…`; the round trip
  // on 127.0.0.1 is kept beside it.
  const timed = async (base, query) => {
    const t = performance.now();
    const response = await request(base, 'GET', `/api/v1/conversations?${query}`, { token });
    const roundTrip = performance.now() - t;
    if (response.status !== 200) throw new Error(`queue answered ${response.status}: ${JSON.stringify(response.body)}`);
    const timing = /^app;dur=([0-9.]+)$/.exec(response.headers['server-timing'] ?? '');
    if (!timing) throw new Error(`no Server-Timing in the queue's answer: ${response.headers['server-timing']}`);
    return { server: Number(timing[1]), roundTrip, body: response.body };
  };
  const first = [];
  for (let i = 0; i < QUERIES; i++) first.push(await timed(bases[i % bases.length], 'limit=50'));
  const next = [];
  let cursor = (await timed(bases[0], 'limit=50')).body.next_cursor;
  for (let i = 0; i < QUERIES && cursor; i++) {
    const page = await timed(bases[i % bases.length], `limit=50&cursor=${encodeURIComponent(cursor)}`);
    next.push(page);
    cursor = page.body.next_cursor;
  }
  const search = [];
  for (let i = 0; i < QUERIES; i++) {
    const term = i % 2 === 0 ? `ord${(i * 7919) % CONVERSATIONS}x` : `Seed Customer ${(i * 104729) % CONVERSATIONS}`;
    search.push(await timed(bases[i % bases.length], `limit=50&q=${encodeURIComponent(term)}`));
  }
  const p95 = (answers, key = 'server') => round(quantile(answers.map((a) => a[key]).sort((a, b) => a - b), 0.95));
  return {
    conversations: CONVERSATIONS,
    messages: total,
    seed_seconds: round(seedSeconds),
    seed_per_s: round(total / seedSeconds),
    first_page_p95_ms: p95(first),
    next_pages_p95_ms: p95(next),
    next_pages: next.length,
    search_p95_ms: p95(search),
    round_trip_p95_ms: { first_page: p95(first, 'roundTrip'), next_pages: p95(next, 'roundTrip'), search: p95(search, 'roundTrip') },
    timing: "server time from each answer's Server-Timing header; round trips on 127.0.0.1 beside it",
    app: appBuilt() ? await appOnQueue(bases[0], session) : null,
  };
}

/**
 * The app on the seeded queue, as Olivia (`session`): the first rows after
 * the queue's answer on APP_RUNS fresh loads, then scrolling down the queue
 * for APP_SCROLL_SECONDS (1,000 px a frame, pages loading on the way).
 */
async function appOnQueue(base, session) {
  const { chromium } = require('playwright');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    const firstRows = [];
    const errors = [];
    const load = async () => {
      const fresh = await openFreshPage(browser, session);
      fresh.page.on('pageerror', (error) => errors.push(String(error)));
      const cold = await coldLoad(fresh.page, base, null);
      if (cold.first_rows_after_data_ms !== null) firstRows.push(cold.first_rows_after_data_ms);
      return fresh;
    };
    for (let run = 1; run < APP_RUNS; run += 1) await (await load()).context.close();
    const { context, page } = await load();
    const scroll = await page.evaluate(scrollThrough, {
      selector: '[role="listbox"]',
      direction: 1,
      step: 1000,
      maxMs: APP_SCROLL_SECONDS * 1000,
      idleMs: 2_000,
      doneSelector: null,
      countSelector: ROW,
    });
    const tasks = await page.evaluate(longTasksBetween, scroll);
    const rowHeight = await page.evaluate((row) => document.querySelector(row)?.getBoundingClientRect().height ?? 0, ROW);
    await context.close();
    firstRows.sort((x, y) => x - y);
    return {
      first_rows_after_data_ms: round(quantile(firstRows, 0.5)),
      first_rows_after_data_max_ms: round(firstRows[firstRows.length - 1] ?? null),
      scroll_seconds: round((scroll.end - scroll.start) / 1000),
      rows_scrolled: rowHeight > 0 ? Math.round(scroll.scroll_height / rowHeight) : null,
      dom_rows_max_while_scrolling: scroll.most_elements,
      longest_frame_ms: round(scroll.longest_frame_ms),
      long_tasks: tasks.count,
      longest_task_ms: round(tasks.longest_ms),
      page_errors: errors,
    };
  } finally {
    await browser.close();
  }
}

function table(scale) {
  const rows = [];
  const add = (setup, measure, value, unit, budget = null, ok = null) => rows.push({ setup, measure, value, unit, budget, ok });
  for (const [setup, r] of Object.entries(scale.setups)) {
    if (r.error) add(setup, 'failed', r.error, '', null, false);
    if (r.webhook) {
      const w = r.webhook;
      add(setup, `webhook: highest arrival rate with p99 < ${P99_BUDGET_MS} ms (steps ${RATES.join(', ')})`, w.sustained_rate, 'msg/s', `≥ ${RATES[0]}`, w.sustained_rate !== null);
      add(setup, 'webhook: throughput at that rate', w.sustained_throughput_per_s, 'msg/s');
      add(setup, 'webhook: p99 at that rate', w.sustained_p99_ms, 'ms', `< ${P99_BUDGET_MS}`, w.sustained_p99_ms !== null && w.sustained_p99_ms < P99_BUDGET_MS);
    }
    if (r.fanout) {
      const f = r.fanout;
      add(setup, `fan-out: ${f.sockets} sockets, ${f.messages} messages in ${f.seconds} s: commit → frame p95`, f.commit_to_frame_p95_ms, 'ms');
      add(setup, 'fan-out: commit → frame max', f.commit_to_frame_max_ms, 'ms');
      add(setup, 'fan-out: frames received / expected', `${f.frames_received}/${f.frames_expected}`, '');
      add(setup, 'fan-out: server memory per connection', f.memory_per_connection_kib, 'KiB');
    }
    if (r.queue) {
      const q = r.queue;
      add(setup, `queue: seeded ${q.conversations} conversations, ${q.messages} messages through the webhook`, q.seed_seconds, 's');
      add(setup, 'queue: first page p95 (server time)', q.first_page_p95_ms, 'ms', `< ${QUERY_BUDGET_MS}`, q.first_page_p95_ms !== null && q.first_page_p95_ms < QUERY_BUDGET_MS);
      add(setup, `queue: next pages p95 (${q.next_pages} by cursor, server time)`, q.next_pages_p95_ms, 'ms', `< ${QUERY_BUDGET_MS}`, q.next_pages_p95_ms !== null && q.next_pages_p95_ms < QUERY_BUDGET_MS);
      add(setup, 'queue: search p95 (server time)', q.search_p95_ms, 'ms', `< ${QUERY_BUDGET_MS}`, q.search_p95_ms !== null && q.search_p95_ms < QUERY_BUDGET_MS);
      if (q.app) {
        const a = q.app;
        add(setup, `app: first rows after the queue's answer (median of ${APP_RUNS} loads)`, a.first_rows_after_data_ms, 'ms', `≤ ${FIRST_ROWS_BUDGET_MS}`, a.first_rows_after_data_ms !== null && a.first_rows_after_data_ms <= FIRST_ROWS_BUDGET_MS);
        add(setup, `app: rows scrolled in ${a.scroll_seconds} s`, a.rows_scrolled, 'rows');
        add(setup, 'app: rows in the DOM (most, while scrolling)', a.dom_rows_max_while_scrolling, 'rows', `≤ ${DOM_ROWS_BUDGET}`, a.dom_rows_max_while_scrolling <= DOM_ROWS_BUDGET);
        add(setup, 'app: longest task while scrolling', a.longest_task_ms, 'ms', `≤ ${TASK_BUDGET_MS}`, a.longest_task_ms <= TASK_BUDGET_MS);
        add(setup, 'app: page errors', a.page_errors.length, '', '0', a.page_errors.length === 0);
      } else {
        add(setup, `app: not measured (no build in ${DIST})`, null, '', null, false);
      }
    }
  }
  return rows;
}

async function main() {
  if (typeof WebSocket === 'undefined') throw new Error('run with node --experimental-websocket (Node 20)');
  if (!fs.existsSync(SERVER)) throw new Error(`the server is missing: ${SERVER} (run \`make server\`)`);
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  const started = performance.now();
  const scale = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? 'unknown', memory_gib: round(os.totalmem() / 1024 ** 3), load_average: round(os.loadavg()[0], 2) },
    setups: {},
  };
  for (const setup of SETUPS) {
    const result = {};
    scale.setups[setup] = result;
    let running = null;
    try {
      running = await startSetup(setup);
      // The rate first, on a fresh server; a pause lets each scenario's
      // tail (closing sockets, queued frames) end before the next.
      if (wanted('webhook')) result.webhook = await webhookScenario(running);
      await sleep(3000);
      if (wanted('fanout')) result.fanout = await fanoutScenario(running);
      await sleep(3000);
      if (wanted('queue')) result.queue = await queueScenario(running);
    } catch (error) {
      log(`${setup} failed:`, error);
      result.error = String(error.message ?? error);
    } finally {
      if (running) await stopSetup(running);
    }
  }
  scale.duration_s = round((performance.now() - started) / 1000);
  const rows = table(scale);
  scale.table = rows;
  const file = path.join(here, 'results.json');
  let results = {};
  try {
    results = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // no earlier results
  }
  results.scale = scale;
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`Switchboard scale, ${scale.date}, ${scale.machine.cpus} cores (${scale.machine.cpu_model}), load average ${scale.machine.load_average}`);
  console.log('| Set-up | Measure | Result | Budget | |\n|---|---|---|---|---|');
  for (const row of rows) {
    const value = row.value === null || row.value === undefined ? 'n/a' : `${row.value} ${row.unit}`.trim();
    console.log(`| ${row.setup} | ${row.measure} | ${value} | ${row.budget ?? ''} | ${row.ok === null ? '' : row.ok ? 'ok' : 'FAIL'} |`);
  }
  const failed = rows.filter((row) => row.ok === false);
  if (failed.length > 0) {
    console.log(`\n${failed.length} scale budget(s) broken`);
    process.exitCode = 1;
  }
}

main()
  .catch((error) => {
    console.error('scale: failed:', error);
    process.exitCode = 2;
  })
  .finally(stopAll);
