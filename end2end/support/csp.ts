// Every end-to-end test runs under the Content Security Policy the server
// sends and must leave no error behind: a test fails when the browser
// reports any policy violation (a blocked script, style, connection,
// frame...), any uncaught page error, or a Rust panic of the app (printed by
// its panic hook, then a wasm trap). Specs import `test` and `expect` from
// here instead of '@playwright/test'; a spec that opens another browser
// context passes it to `watchCsp` so that context is watched too.
import { test as base, expect, type BrowserContext } from '@playwright/test';

export { expect };

/** Violations reported during the current test (reset by the fixture). */
let violations: string[] = [];
/** Uncaught errors and panics of the current test (reset by the fixture). */
let pageErrors: string[] = [];

/** Chromium's console text for a blocked resource or script. */
const CSP_CONSOLE = /Content Security Policy|Refused to (load|execute|connect|frame|apply|evaluate|compile|create)/i;
/** What the app's panic hook prints. */
const PANIC = /panicked at|RuntimeError: unreachable/;

/** Records the policy violations, page errors and panics of every page of a browser context. */
export async function watchCsp(context: BrowserContext): Promise<void> {
  // Injected by the test driver, outside the page's policy: it reports the
  // `securitypolicyviolation` events the page's own scripts would see.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation event: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ` +
          `(${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (CSP_CONSOLE.test(message.text())) {
      violations.push(`${message.location().url}: ${message.text()}`);
    } else if (PANIC.test(message.text())) {
      pageErrors.push(`panic: ${message.text()}`);
    }
  });
  context.on('weberror', (error) => {
    pageErrors.push(`${error.page()?.url() ?? 'page'}: ${error.error().stack ?? error.error().message}`);
  });
}

/** Returns and forgets the violations seen so far (for tests that provoke one on purpose). */
export function takeViolations(): string[] {
  const seen = violations;
  violations = [];
  return seen;
}

/** Returns and forgets the page errors seen so far (for tests that provoke one on purpose). */
export function takePageErrors(): string[] {
  const seen = pageErrors;
  pageErrors = [];
  return seen;
}

export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context }, use) => {
      violations = [];
      pageErrors = [];
      await watchCsp(context);
      await use();
      expect(violations, 'Content Security Policy violations').toEqual([]);
      expect(pageErrors, 'uncaught page errors and panics').toEqual([]);
    },
    { auto: true },
  ],
});
