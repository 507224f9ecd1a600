// Lighthouse (npm, in bench/node_modules) on the login screen, the first
// thing every operator loads, with its default profile: a mobile device on a
// throttled connection (simulated), against Debian's Chromium.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM_FLAGS } from '../../end2end/support/chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'package.json'));

/** Runs Lighthouse `runs` times on `url`; returns each run's figures. */
export async function lighthouseRuns(url, chromiumPath, runs) {
  const { default: lighthouse } = await import(require.resolve('lighthouse'));
  const chromeLauncher = require('chrome-launcher');
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    const chrome = await chromeLauncher.launch({
      chromePath: chromiumPath,
      chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
    });
    try {
      const { lhr } = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      });
      const audit = (id) => lhr.audits[id]?.numericValue ?? null;
      results.push({
        performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
        best_practices: Math.round((lhr.categories['best-practices'].score ?? 0) * 100),
        first_contentful_paint_ms: audit('first-contentful-paint'),
        largest_contentful_paint_ms: audit('largest-contentful-paint'),
        total_blocking_time_ms: audit('total-blocking-time'),
        speed_index_ms: audit('speed-index'),
        transferred_kib: audit('total-byte-weight') === null ? null : audit('total-byte-weight') / 1024,
      });
    } finally {
      await chrome.kill();
    }
  }
  return results;
}
