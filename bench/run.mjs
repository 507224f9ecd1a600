// The performance benchmark (`make bench`, issue 10): drives the release
// build of the app (dist/) in headless Chromium against the reference server
// (target/server/switchboard-server) on a fresh data folder seeded through the
// webhook, measures with the browser's own APIs, loads the webhook at a fixed
// rate, writes bench/results.json, prints each measure against its budget and
// exits with 1 when a budget is broken.
//
//   node bench/run.mjs [--only=bundle,cold,queue,long,burst,memory,switching,lighthouse,server]
//
// Environment: SERVER (binary; default $CARGO_TARGET_DIR or target/, then
// server/switchboard-server), DIST (app build, default dist/), CHROMIUM.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { agent, deliver, delivery, login, pool, quantile } from './lib/http.mjs';
import { CHROMIUM_FLAGS } from '../end2end/support/chromium.mjs';
import { lighthouseRuns } from './lib/lighthouse.mjs';
import { round, webhookLoad } from './lib/load.mjs';
import { coldLoad, openFreshPage } from './lib/app.mjs';
import { longTasksBetween, navigateUntil, scrollThrough, switchConversations } from './lib/page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(path.join(root, 'end2end', 'package.json'));
const { chromium } = require('playwright');

const SERVER =
  process.env.SERVER ??
  path.join(process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target'), 'server', 'switchboard-server');
const DIST = process.env.DIST ?? path.join(root, 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TMP = path.join(here, 'tmp');
const only = (process.argv.find((arg) => arg.startsWith('--only=')) ?? '').slice(7).split(',').filter(Boolean);
const wanted = (name) => only.length === 0 || only.includes(name);

// Sizes of the scenarios (issue 10).
const QUEUE_SIZE = 10_000;
const LONG_SIZE = 5_000;
const BURST_MESSAGES = 1_000;
const COLD_RUNS = 5;
const BURST_CONVERSATIONS = 200;
const BURST_SECONDS = 10;
const SERVER_RATE = 1_000;
// Switching conversations (issue 22): sweeps over the first SWITCH_SPAN rows.
const SWITCH_SPAN = Number(process.env.SWITCH_SPAN ?? 60);
const SWITCH_MESSAGES = 12;
const SWITCHES = Number(process.env.SWITCHES ?? 2_000);
const SWITCH_TAIL = 100;
const LIGHTHOUSE_RUNS = 3;
const SERVER_SECONDS = 10;
const OPERATOR = 'olivia@example.com';
const PASSWORD = 'demo';
const ROW = '[role="listbox"] [role="option"]';

const MiB = 1024 * 1024;

const log = (...args) => console.error('bench:', ...args);

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

const children = new Set();
function stopAll() {
  for (const child of children) child.kill('SIGTERM');
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

/** Starts the reference server with demo data on a fresh folder. */
async function startServer(name) {
  const data = path.join(TMP, name);
  fs.rmSync(data, { recursive: true, force: true });
  fs.mkdirSync(data, { recursive: true });
  const port = await freePort();
  const logFile = fs.openSync(path.join(TMP, `${name}.log`), 'w');
  const child = spawn(
    SERVER,
    ['--addr', '127.0.0.1', '--port', String(port), '--data-dir', data, '--dist-dir', DIST, '--demo'],
    { stdio: ['ignore', logFile, logFile] },
  );
  children.add(child);
  child.on('exit', () => children.delete(child));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      const response = await fetch(`${base}/api/v1/health`);
      if (response.ok) return { base, child };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not start; see ${path.join(TMP, `${name}.log`)}`);
}

async function stopServer(server) {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
}

/**
 * Seeds through the webhook: the long conversation (one chat, LONG_SIZE
 * messages) then QUEUE_SIZE single-message chats, all Unanswered.
 */
async function seed(base) {
  const via = agent(32);
  const started = performance.now();
  const longIds = [];
  let longConversation = null;
  await pool(LONG_SIZE, 8, async (i) => {
    const n = String(i + 1).padStart(5, '0');
    const text = `Long conversation lc${n}x: ${'the order is still not here, '.repeat(1 + (i % 4))}`;
    const accepted = await deliver(
      base,
      'demo-telegram',
      delivery('bench-long', 'Long Conversation Customer', `bench-long-${n}`, text),
      via,
    );
    longConversation = accepted.conversation_id;
    longIds.push(accepted.message_id);
  });
  const queueConversations = new Array(QUEUE_SIZE);
  await pool(QUEUE_SIZE, 32, async (i) => {
    const connector = i % 2 === 0 ? 'demo-telegram' : 'demo-livechat';
    const accepted = await deliver(
      base,
      connector,
      delivery(`bench-q${i}`, `Queue Customer ${i}`, `bench-q${i}-1`, `Hello, question number ${i} about my order`),
      via,
    );
    queueConversations[i] = { connector, chat: `bench-q${i}`, name: `Queue Customer ${i}`, id: accepted.conversation_id };
  });
  via.destroy();
  longIds.sort((a, b) => a - b);
  const seconds = (performance.now() - started) / 1000;
  log(`seeded ${LONG_SIZE + QUEUE_SIZE} messages through the webhook in ${seconds.toFixed(1)} s`);
  return {
    seconds,
    long: { id: longConversation, first: longIds[0], last: longIds[longIds.length - 1] },
    queue: queueConversations,
  };
}

/** Fixed-rate burst of customer messages over the given conversations. */
async function burst(base, targets) {
  const via = agent(32);
  const sends = [];
  const start = performance.now();
  for (let i = 0; i < BURST_MESSAGES; i++) {
    const due = start + (i * BURST_SECONDS * 1000) / BURST_MESSAGES;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const target = targets[i % targets.length];
    const token = `bt${String(i).padStart(5, '0')}x`;
    sends.push(
      deliver(
        base,
        target.connector,
        delivery(target.chat, target.name, `${target.chat}-burst-${i}`, `Burst ${token}: any news?`),
        via,
      ),
    );
  }
  await Promise.all(sends);
  via.destroy();
  return (performance.now() - start) / 1000;
}

/** Chromium's cumulative main-thread time by kind (CDP Performance.getMetrics), in ms. */
async function mainThread(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return {
    task: get('TaskDuration'),
    script: get('ScriptDuration'),
    layout: get('LayoutDuration'),
    style: get('RecalcStyleDuration'),
    layouts: metrics.find((m) => m.name === 'LayoutCount')?.value ?? 0,
  };
}

/** Where the main thread's time went between two `mainThread` snapshots. */
function spent(before, after) {
  return {
    task_ms: round(after.task - before.task),
    script_ms: round(after.script - before.script),
    layout_ms: round(after.layout - before.layout),
    style_ms: round(after.style - before.style),
    layouts: after.layouts - before.layouts,
  };
}

async function heapAndWasm(cdp, page) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__bench.wasmMemoryBytes());
  return {
    js_heap_mib: round(heap.usedSize / MiB),
    wasm_mib: round(wasm / MiB),
    total_mib: round((heap.usedSize + wasm) / MiB),
  };
}

async function browserScenarios(results) {
  const server = await startServer('app-data');
  try {
    log('seeding the big queue and the long conversation (webhook)...');
    const seeded = await seed(server.base);
    results.seed = { messages: LONG_SIZE + QUEUE_SIZE, seconds: round(seeded.seconds) };
    const session = await login(server.base, OPERATOR, PASSWORD);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, '--enable-precise-memory-info'],
    });
    try {
      const freshPage = () => openFreshPage(browser, session);

      // 1. Cold start: navigation to the first queue rows painted. One load
      // on a machine that shares its cores varies by tens of milliseconds,
      // so the cold start (with the first rows after the queue's data, and
      // the opening of the long conversation a moment later) is measured on
      // COLD_RUNS fresh loads, and the median is what counts.
      log(`cold start (${COLD_RUNS} fresh loads)...`);
      const samples = [];
      for (let run = 0; run < COLD_RUNS; run += 1) {
        const fresh = await freshPage();
        samples.push(await coldLoad(fresh.page, server.base, seeded.long));
        await fresh.context.close();
      }
      const { context, page, cdp } = await freshPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      const cold = await coldLoad(page, server.base, null);
      samples.push(cold);
      const median = (key) => round(quantile(samples.map((s) => s[key]).filter((v) => v !== null).sort((a, b) => a - b), 0.5));
      const most = (key) => round(Math.max(...samples.map((s) => s[key]).filter((v) => v !== null)));
      results.cold = {
        runs: samples.length,
        interactive_ms: median('interactive_ms'),
        interactive_max_ms: most('interactive_ms'),
        first_contentful_paint_ms: median('first_contentful_paint_ms'),
        dom_content_loaded_ms: median('dom_content_loaded_ms'),
        wasm_started_ms: median('wasm_started_ms'),
        long_tasks: cold.long_tasks,
        longest_task_ms: median('longest_task_ms'),
        transferred_kib: round(cold.transferred_bytes / 1024),
        transferred_files: cold.transferred_files,
      };

      // 2. Big queue.
      log('big queue...');
      const rowsAtRest = await page.evaluate((row) => document.querySelectorAll(row).length, ROW);
      const beforeQueue = await mainThread(cdp);
      const queueScroll = await page.evaluate(scrollThrough, {
        selector: '[role="listbox"]',
        direction: 1,
        step: 1000,
        maxMs: 120_000,
        idleMs: 2_000,
        doneSelector: null,
        countSelector: ROW,
      });
      const queueTasks = await page.evaluate(longTasksBetween, queueScroll);
      const queueSpent = spent(beforeQueue, await mainThread(cdp));
      const rowHeight = await page.evaluate((row) => document.querySelector(row)?.getBoundingClientRect().height ?? 0, ROW);
      results.queue = {
        first_rows_after_data_ms: median('first_rows_after_data_ms'),
        first_rows_after_data_max_ms: most('first_rows_after_data_ms'),
        first_page_bytes: cold.queue_response_bytes,
        dom_rows_at_rest: rowsAtRest,
        dom_rows_max_while_scrolling: queueScroll.most_elements,
        rows_scrolled: rowHeight > 0 ? Math.round(queueScroll.scroll_height / rowHeight) : null,
        reached_end: queueScroll.reached_end,
        scroll_seconds: round((queueScroll.end - queueScroll.start) / 1000),
        longest_frame_ms: round(queueScroll.longest_frame_ms),
        long_tasks: queueTasks.count,
        longest_task_ms: round(queueTasks.longest_ms),
        main_thread: queueSpent,
      };
      results.memory = { after_queue: await heapAndWasm(cdp, page) };

      // 3. Long conversation.
      log('long conversation...');
      const open = await page.evaluate(navigateUntil, {
        hash: `#/c/${seeded.long.id}`,
        selector: `#message-${seeded.long.last}`,
        maxMs: 30_000,
      });
      const openTasks = await page.evaluate(longTasksBetween, open);
      await page.waitForTimeout(300);
      const beforeLong = await mainThread(cdp);
      const longScroll = await page.evaluate(scrollThrough, {
        selector: '[role="log"]',
        direction: -1,
        step: 1500,
        maxMs: 150_000,
        idleMs: 0,
        doneSelector: `#message-${seeded.long.first}`,
        countSelector: '[role="log"] .message[id]',
      });
      const longTasks = await page.evaluate(longTasksBetween, longScroll);
      const longSpent = spent(beforeLong, await mainThread(cdp));
      const opens = samples.map((s) => s.long_open_ms).filter((v) => v !== null);
      results.long = {
        // Median of the opening a moment after each fresh load, and of this one.
        interactive_ms: round(quantile([...opens, open.ms].sort((a, b) => a - b), 0.5)),
        interactive_max_ms: round(Math.max(...opens, open.ms)),
        opened: open.found,
        long_tasks_while_opening: openTasks.count,
        longest_task_while_opening_ms: round(openTasks.longest_ms),
        reached_oldest: longScroll.reached_end,
        scroll_seconds: round((longScroll.end - longScroll.start) / 1000),
        dom_messages_max: longScroll.most_elements,
        longest_frame_ms: round(longScroll.longest_frame_ms),
        long_tasks: longTasks.count,
        longest_task_ms: round(longTasks.longest_ms),
        main_thread: longSpent,
      };

      // 4. Burst while a conversation of the burst is open.
      log('burst...');
      const targets = seeded.queue.slice(0, BURST_CONVERSATIONS);
      const opened = await page.evaluate(navigateUntil, {
        hash: `#/c/${targets[0].id}`,
        selector: '[role="log"] .message[id]',
        maxMs: 30_000,
      });
      if (!opened.found) throw new Error('the burst conversation did not open');
      await page.waitForTimeout(500);
      const burstStart = await page.evaluate(() => {
        window.__bench.tokenPattern = /bt\d{5}x/g;
        return performance.now();
      });
      const beforeBurst = await mainThread(cdp);
      const sendSeconds = await burst(server.base, targets);
      await page.waitForTimeout(3_000);
      const burstSpent = spent(beforeBurst, await mainThread(cdp));
      const burstData = await page.evaluate(
        ({ start }) => {
          const B = window.__bench;
          B.tokenPattern = null;
          const end = performance.now();
          const delays = [];
          let neverShown = 0;
          for (const [token, at] of Object.entries(B.frameAt)) {
            if (token in B.shownAt) delays.push(Math.max(0, B.shownAt[token] - at));
            else neverShown += 1;
          }
          const tasks = B.longtasks.filter((t) => t.start >= start && t.start <= end);
          return {
            frames_with_token: Object.keys(B.frameAt).length,
            delays,
            never_shown: neverShown,
            long_tasks: tasks.length,
            longest_task_ms: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
          };
        },
        { start: burstStart },
      );
      const delays = burstData.delays.sort((a, b) => a - b);
      results.burst = {
        messages: BURST_MESSAGES,
        conversations: BURST_CONVERSATIONS,
        send_seconds: round(sendSeconds),
        frames_received: burstData.frames_with_token,
        shown_in_dom: delays.length,
        never_shown: burstData.never_shown,
        p50_ms: round(quantile(delays, 0.5)),
        p95_ms: round(quantile(delays, 0.95)),
        max_ms: round(delays[delays.length - 1] ?? null),
        long_tasks: burstData.long_tasks,
        longest_task_ms: round(burstData.longest_task_ms),
        main_thread: burstSpent,
      };
      results.memory.after_burst = await heapAndWasm(cdp, page);
      results.page_errors = errors;
      await context.close();
    } finally {
      await browser.close();
    }
  } finally {
    await stopServer(server);
  }
}

/**
 * Switching conversations for a whole shift (issue 22): a fresh server with
 * SWITCH_SPAN conversations of SWITCH_MESSAGES messages each; the operator
 * opens each once, then switches SWITCHES times with Alt+Down / Alt+Up.
 * The wasm memory must stay flat and the last switches be as quick as the
 * first.
 */
async function switchingScenario(results) {
  const server = await startServer('switching-data');
  try {
    const via = agent(16);
    await pool(SWITCH_SPAN * SWITCH_MESSAGES, 16, async (i) => {
      const chat = i % SWITCH_SPAN;
      const n = Math.floor(i / SWITCH_SPAN);
      await deliver(
        server.base,
        'demo-telegram',
        delivery(`switch-${chat}`, `Switching Customer ${chat}`, `switch-${chat}-${n}`, `Message ${n} of customer ${chat}`),
        via,
      );
    });
    via.destroy();
    const session = await login(server.base, OPERATOR, PASSWORD);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      await context.addInitScript(
        ({ saved }) => localStorage.setItem('switchboard.session', saved),
        { saved: JSON.stringify({ token: session.token, user: session.user }) },
      );
      await context.addInitScript({ path: path.join(here, 'lib', 'probe.js') });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(server.base + '/', { waitUntil: 'load' });
      await page.waitForFunction(() => window.__bench.firstRowPaintedAt !== null, null, { timeout: 30_000 });
      // The conversation part arrives once the queue is on screen.
      await page.waitForFunction(
        () => performance.getEntriesByType('resource').some((e) => /\/split_conversation-[0-9a-f]+\.wasm$/.test(e.name)),
        null,
        { timeout: 30_000 },
      );
      await page.waitForTimeout(500);
      log(`switching: a first pass over ${SWITCH_SPAN} conversations, then ${SWITCHES} switches...`);
      const run = await page.evaluate(switchConversations, { span: SWITCH_SPAN, switches: SWITCHES, tail: SWITCH_TAIL });
      results.switching = {
        conversations: SWITCH_SPAN,
        switches: SWITCHES,
        failed_switches: run.failed,
        seconds: round(run.seconds),
        wasm_before_mib: round(run.memory_before / MiB),
        wasm_after_mib: round(run.memory_after / MiB),
        wasm_growth_mib: round((run.memory_after - run.memory_before) / MiB),
        last_switches: SWITCH_TAIL,
        long_tasks_last: run.tail_long_tasks,
        longest_task_last_ms: round(run.tail_longest_task_ms),
        page_errors: errors,
      };
      await context.close();
    } finally {
      await browser.close();
    }
  } finally {
    await stopServer(server);
  }
}

/** Lighthouse on the login screen (median of LIGHTHOUSE_RUNS runs). */
async function lighthouseScenario(results) {
  const server = await startServer('lighthouse-data');
  try {
    log(`lighthouse on the login screen (${LIGHTHOUSE_RUNS} runs, mobile profile)...`);
    const runs = await lighthouseRuns(server.base + '/', CHROMIUM, LIGHTHOUSE_RUNS);
    const median = (key) => round(quantile(runs.map((run) => run[key]).sort((a, b) => a - b), 0.5));
    results.lighthouse = {
      runs: runs.length,
      performance: median('performance'),
      accessibility: median('accessibility'),
      best_practices: median('best_practices'),
      first_contentful_paint_ms: median('first_contentful_paint_ms'),
      largest_contentful_paint_ms: median('largest_contentful_paint_ms'),
      total_blocking_time_ms: median('total_blocking_time_ms'),
      speed_index_ms: median('speed_index_ms'),
      transferred_kib: median('transferred_kib'),
    };
  } finally {
    await stopServer(server);
  }
}

async function serverScenario(results) {
  const server = await startServer('load-data');
  try {
    // Warm-up: the connection pool, SQLite's caches.
    await webhookLoad(server.base, {
      rate: 200,
      seconds: 1,
      chats: 100,
      connectors: ['demo-telegram', 'demo-livechat'],
      prefix: 'warm',
    });
    log(`webhook load: ${SERVER_RATE} messages/s for ${SERVER_SECONDS} s...`);
    results.server = await webhookLoad(server.base, {
      rate: SERVER_RATE,
      seconds: SERVER_SECONDS,
      chats: 1_000,
      connectors: ['demo-telegram', 'demo-livechat', 'demo-whatsapp', 'demo-facebook'],
      prefix: 'load',
    });
  } finally {
    await stopServer(server);
  }
}

/**
 * The website chat widget on a site of another origin: what the visitor's
 * browser fetches from the server before the page's `load` event (only the
 * loader), the loader's size, and everything the widget fetched once opened
 * (its scripts), in bytes on the wire, brotli as served.
 */
async function widgetScenario(results) {
  const server = await startServer('widget');
  const port = await freePort();
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><script src="${server.base}/widget.js" data-connector="demo-livechat" async></script></body></html>`;
  const site = http.createServer((request, response) => {
    response.writeHead(request.url === '/' ? 200 : 404, { 'content-type': 'text/html' });
    response.end(request.url === '/' ? page : '');
  });
  await new Promise((resolve) => site.listen(port, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
    await tab.getByRole('button', { name: 'Open chat' }).click();
    await tab.getByRole('dialog').getByRole('textbox', { name: 'Message' }).waitFor();
    await tab.waitForTimeout(500);
    const measured = await tab.evaluate((base) => {
      const load = performance.getEntriesByType('navigation')[0].loadEventStart;
      const ours = performance.getEntriesByType('resource').filter((e) => e.name.startsWith(base));
      const scripts = ours.filter((e) => /\/widget(\.js|\/app\.js)$/.test(e.name));
      return {
        before_load: ours.filter((e) => e.startTime < load).map((e) => new URL(e.name).pathname),
        loader_bytes: scripts.filter((e) => e.name.endsWith('/widget.js')).reduce((s, e) => s + e.transferSize, 0),
        total_bytes: scripts.reduce((s, e) => s + e.transferSize, 0),
        encodings: scripts.map((e) => e.encodedBodySize < e.decodedBodySize),
      };
    }, server.base);
    results.widget = {
      loader_kib: round(measured.loader_bytes / 1024),
      total_kib: round(measured.total_bytes / 1024),
      fetched_before_load: measured.before_load.filter((p) => p !== '/widget.js').length,
      compressed: measured.encodings.every(Boolean),
    };
  } finally {
    await browser.close();
    site.close();
    await stopServer(server);
  }
}

function bundleScenario(results) {
  const out = execFileSync(path.join(root, 'scripts', 'bundle-size.sh'), { cwd: root, encoding: 'utf8' });
  const match = out.match(/bundle: ([\d.]+) KiB brotli \(wasm ([\d.]+) KiB, js ([\d.]+) KiB, css ([\d.]+) KiB\)/);
  if (!match) throw new Error(`unexpected bundle-size output: ${out}`);
  results.bundle = {
    total_kib: Number(match[1]),
    wasm_kib: Number(match[2]),
    js_kib: Number(match[3]),
    css_kib: Number(match[4]),
  };
}

/** Each measure, its unit and budget (issue 10); `max`: must be at most, `min`: at least. */
function table(results) {
  const r = results;
  const rows = [];
  const add = (scenario, measure, value, unit, budget = null, kind = 'max') => {
    let ok = null;
    if (budget !== null) {
      if (value === null || value === undefined) ok = false;
      else if (kind === 'max') ok = value <= budget;
      else if (kind === 'min') ok = value >= budget;
      else if (kind === 'true') ok = value === true;
    }
    rows.push({ scenario, measure, value, unit, budget, kind, ok });
  };
  const busy = (m) =>
    m ? `script ${m.script_ms}, layout ${m.layout_ms} (${m.layouts}×), style ${m.style_ms} of ${m.task_ms}` : null;
  if (r.cold) {
    add('cold start', `queue interactive (first rows painted), median of ${r.cold.runs} loads`, r.cold.interactive_ms, 'ms');
    add('cold start', 'queue interactive, slowest load', r.cold.interactive_max_ms, 'ms');
    add('cold start', 'first contentful paint', r.cold.first_contentful_paint_ms, 'ms');
    add('cold start', 'wasm started', r.cold.wasm_started_ms, 'ms');
    add('cold start', 'longest task', r.cold.longest_task_ms, 'ms');
    add('cold start', `initial load transferred (${r.cold.transferred_files} files, headers included)`, r.cold.transferred_kib, 'KiB', 300);
  }
  if (r.queue) {
    add('big queue', 'first rows after data arrival (median)', r.queue.first_rows_after_data_ms, 'ms', 100);
    add('big queue', 'first rows after data arrival, slowest load', r.queue.first_rows_after_data_max_ms, 'ms');
    add('big queue', 'rows in the DOM (most, while scrolling)', r.queue.dom_rows_max_while_scrolling, 'rows', 200);
    add('big queue', 'scrolled to the end of 10,000', r.queue.reached_end, '', true, 'true');
    add('big queue', 'rows scrolled', r.queue.rows_scrolled, 'rows');
    add('big queue', 'longest frame while scrolling', r.queue.longest_frame_ms, 'ms');
    add('big queue', 'longest task while scrolling', r.queue.longest_task_ms, 'ms', 50);
    add('big queue', 'main thread while scrolling', busy(r.queue.main_thread), 'ms');
  }
  if (r.long) {
    add('long conversation', 'interactive (newest message painted), median', r.long.interactive_ms, 'ms', 150);
    add('long conversation', 'interactive, slowest opening', r.long.interactive_max_ms, 'ms');
    add('long conversation', 'scrolled up to the oldest', r.long.reached_oldest, '', true, 'true');
    add('long conversation', 'messages in the DOM (most)', r.long.dom_messages_max, 'messages');
    add('long conversation', 'longest frame while scrolling', r.long.longest_frame_ms, 'ms');
    add('long conversation', 'longest task while scrolling', r.long.longest_task_ms, 'ms', 50);
    add('long conversation', 'main thread while scrolling', busy(r.long.main_thread), 'ms');
  }
  if (r.burst) {
    add('burst', 'frame to DOM p50', r.burst.p50_ms, 'ms');
    add('burst', 'frame to DOM p95', r.burst.p95_ms, 'ms', 50);
    add('burst', 'frame to DOM max', r.burst.max_ms, 'ms');
    add('burst', 'messages shown / frames', `${r.burst.shown_in_dom}/${r.burst.frames_received}`, '');
    add('burst', 'longest task', r.burst.longest_task_ms, 'ms', 50);
    add('burst', 'main thread during the burst', busy(r.burst.main_thread), 'ms');
  }
  if (r.memory) {
    if (r.memory.after_queue) add('memory', 'JS heap + wasm after big queue', r.memory.after_queue.total_mib, 'MiB');
    if (r.memory.after_burst) add('memory', 'JS heap + wasm after burst', r.memory.after_burst.total_mib, 'MiB', 80);
  }
  if (r.switching) {
    const s = r.switching;
    add('switching', `switches done (${s.switches} after a first pass over ${s.conversations})`, s.switches - s.failed_switches, '', s.switches, 'min');
    add('switching', `wasm memory growth (${s.wasm_before_mib} → ${s.wasm_after_mib} MiB)`, s.wasm_growth_mib, 'MiB', 1);
    add('switching', `longest task in the last ${s.last_switches} switches`, s.longest_task_last_ms, 'ms', 50);
    add('switching', 'page errors', s.page_errors.length, '', 0);
  }
  if (r.lighthouse) {
    const l = r.lighthouse;
    add('lighthouse', `login screen, mobile profile: performance (median of ${l.runs})`, l.performance, '', 95, 'min');
    add('lighthouse', 'accessibility / best practices', `${l.accessibility} / ${l.best_practices}`, '');
    add('lighthouse', 'first / largest contentful paint', `${l.first_contentful_paint_ms} / ${l.largest_contentful_paint_ms}`, 'ms');
    add('lighthouse', 'total blocking time', l.total_blocking_time_ms, 'ms');
    add('lighthouse', 'bytes transferred', l.transferred_kib, 'KiB');
  }
  if (r.bundle) {
    add('bundle', `initial load, brotli files (wasm ${r.bundle.wasm_kib}, js ${r.bundle.js_kib}, css ${r.bundle.css_kib})`, r.bundle.total_kib, 'KiB');
  }
  if (r.widget) {
    add('website chat', 'loader transferred (brotli, headers included)', r.widget.loader_kib, 'KiB', 5);
    add('website chat', 'loader and panel transferred once opened', r.widget.total_kib, 'KiB', 100);
    add('website chat', 'requests to the server before the page\'s load event, besides the loader', r.widget.fetched_before_load, '', 0);
    add('website chat', 'served compressed', r.widget.compressed, '', true, 'true');
  }
  if (r.server) {
    add('server', `webhook throughput (${r.server.accepted}/${r.server.sent} accepted)`, r.server.throughput_per_s, 'msg/s', SERVER_RATE * 0.98, 'min');
    add('server', 'webhook latency p50', r.server.p50_ms, 'ms');
    add('server', 'webhook latency p99', r.server.p99_ms, 'ms', 50);
    add('server', 'webhook errors', r.server.errors, '', 0);
  }
  return rows;
}

function formatTable(rows) {
  const budgetText = (row) =>
    row.budget === null ? '' : row.kind === 'true' ? 'yes' : `${row.kind === 'min' ? '≥' : '≤'} ${row.budget} ${row.unit}`;
  const valueText = (row) =>
    row.value === null || row.value === undefined
      ? 'n/a'
      : typeof row.value === 'boolean'
        ? (row.value ? 'yes' : 'no')
        : `${row.value} ${row.unit}`.trim();
  const lines = [
    '| Scenario | Measure | Result | Budget | |',
    '|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.measure} | ${valueText(row)} | ${budgetText(row)} | ${row.ok === null ? '' : row.ok ? 'ok' : 'FAIL'} |`,
    ),
  ];
  return lines.join('\n');
}

async function main() {
  fs.mkdirSync(TMP, { recursive: true });
  for (const [what, file] of [
    ['the server', SERVER],
    ['the app build', path.join(DIST, 'index.html')],
    ['Chromium', CHROMIUM],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${what} is missing: ${file} (run \`make bench\`)`);
  }
  const started = performance.now();
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
      memory_gib: round(os.totalmem() / 1024 ** 3),
      browser: `Chromium ${execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().replace(/^Chromium\s*/, '')} headless`,
      node: process.version,
      // Other processes share the machine: the 1-minute load average when the run started.
      load_average: round(os.loadavg()[0], 2),
    },
  };
  if (wanted('bundle')) bundleScenario(results);
  if (['cold', 'queue', 'long', 'burst', 'memory'].some(wanted)) await browserScenarios(results);
  if (wanted('switching')) await switchingScenario(results);
  if (wanted('lighthouse')) await lighthouseScenario(results);
  if (wanted('widget')) await widgetScenario(results);
  if (wanted('server')) await serverScenario(results);
  results.duration_s = round((performance.now() - started) / 1000);
  const rows = table(results);
  results.table = rows;
  fs.writeFileSync(path.join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(
    `Switchboard benchmark, ${results.date}, ${results.machine.cpus} cores (${results.machine.cpu_model}), ${results.machine.browser}, load average ${results.machine.load_average}`,
  );
  console.log(formatTable(rows));
  const failed = rows.filter((row) => row.ok === false);
  if (failed.length > 0) {
    console.log(`\n${failed.length} budget(s) broken: ${failed.map((row) => `${row.scenario}: ${row.measure}`).join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log('\nevery budget holds');
  }
}

main().catch((error) => {
  console.error('bench: failed:', error);
  process.exitCode = 2;
}).finally(stopAll);
