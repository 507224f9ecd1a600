import { defineConfig, type Project } from '@playwright/test';

import { CHROMIUM_FLAGS } from './support/chromium.mjs';

// The suite drives Debian's Chromium (Playwright downloads no browser here)
// against servers that scripts/e2e.sh started:
//   BASE_URL   the reference server, which also serves the app (same origin);
//   STATIC_URL a plain static file server holding a copy of dist/ whose
//              config.json points at API_URL (the app hosted like on a CDN);
//   API_URL    the reference server, for tests that play the customer.
const baseURL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const staticURL = process.env.STATIC_URL;

const projects: Project[] = [{ name: 'same-origin', use: { baseURL } }];
if (staticURL) {
  projects.push({
    name: 'static-host',
    use: { baseURL: staticURL },
    // The main flow; the login screen details need not run twice.
    testIgnore: /login\.spec\.ts/,
  });
}

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  projects,
  use: {
    // Every test starts in English; the French test switches explicitly.
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 800 },
    // A click or a fill that cannot happen fails with its locator, instead
    // of the whole test timing out without saying where.
    actionTimeout: 15_000,
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    },
  },
});
