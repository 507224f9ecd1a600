// The app in a browser page, measured the same way by `make bench`
// (bench/run.mjs) and by its scale section (bench/scale.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { navigateUntil } from './page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * A page in a fresh context of `browser` (empty HTTP cache, `session`, the
 * answer of a login, already saved, the probe installed): `{ context, page,
 * cdp }`.
 */
export async function openFreshPage(browser, session) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    serviceWorkers: 'block',
  });
  await context.addInitScript(
    ({ saved }) => localStorage.setItem('switchboard.session', saved),
    { saved: JSON.stringify({ token: session.token, user: session.user }) },
  );
  await context.addInitScript({ path: path.join(here, 'probe.js') });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable');
  return { context, page, cdp };
}

/**
 * Loads the app on `page` (a fresh context) and measures its cold start;
 * then, when `long` is given, opens that conversation once the parts loaded
 * on demand have arrived (as an operator would a moment later) and measures
 * the opening.
 */
export async function coldLoad(page, base, long) {
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.waitForFunction(() => window.__bench.firstRowPaintedAt !== null, null, { timeout: 30_000 });
  await page.waitForTimeout(500);
  const cold = await page.evaluate(() => {
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
    const queueResponse = performance
      .getEntriesByType('resource')
      .find((e) => /\/api\/v1\/conversations\?/.test(e.name) && /status=unanswered/.test(e.name));
    const nav = performance.getEntriesByType('navigation')[0];
    const B = window.__bench;
    // What the browser fetched of the app before its first rows: the page,
    // its scripts, styles and wasm (not the API's answers, not the parts
    // fetched later), in bytes on the wire, headers included.
    const appFiles = performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime <= B.firstRowPaintedAt && !/\/api\/v1\//.test(e.name));
    const transferred = (nav ? nav.transferSize : 0) + appFiles.reduce((sum, e) => sum + e.transferSize, 0);
    return {
      transferred_bytes: transferred,
      transferred_files: appFiles.length + 1,
      interactive_ms: B.firstRowPaintedAt,
      first_contentful_paint_ms: paint['first-contentful-paint'] ?? null,
      dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
      wasm_started_ms: B.startedAt,
      queue_response_end_ms: queueResponse ? queueResponse.responseEnd : null,
      queue_response_bytes: queueResponse ? queueResponse.encodedBodySize : null,
      first_row_mutation_ms: B.firstRowAt,
      first_row_painted_ms: B.firstRowPaintedAt,
      long_tasks: B.longtasks.filter((t) => t.start <= B.firstRowPaintedAt).length,
      longest_task_ms: B.longtasks
        .filter((t) => t.start <= B.firstRowPaintedAt)
        .reduce((m, t) => Math.max(m, t.duration), 0),
    };
  });
  cold.first_rows_after_data_ms =
    cold.queue_response_end_ms === null ? null : cold.first_row_painted_ms - cold.queue_response_end_ms;
  cold.long_open_ms = null;
  if (long) {
    await page.waitForFunction(
      () => performance.getEntriesByType('resource').some((e) => /\/split_conversation-[0-9a-f]+\.wasm$/.test(e.name)),
      null,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(1_000);
    const open = await page.evaluate(navigateUntil, {
      hash: `#/c/${long.id}`,
      selector: `#message-${long.last}`,
      maxMs: 30_000,
    });
    cold.long_open_ms = open.ms;
  }
  return cold;
}
