// Every end-to-end test runs under the Content Security Policy the server
// sends: a test fails when the browser reports any violation (a blocked
// script, style, connection, frame...). Specs import `test` and `expect` from
// here instead of '@playwright/test'; a spec that opens another browser
// context passes it to `watchCsp` so that context is watched too.
import { test as base, expect, type BrowserContext } from '@playwright/test';

export { expect };

/** Violations reported during the current test (reset by the fixture). */
let violations: string[] = [];

/** Chromium's console text for a blocked resource or script. */
const CSP_CONSOLE = /Content Security Policy|Refused to (load|execute|connect|frame|apply|evaluate|compile|create)/i;

/** Records the policy violations of every page of a browser context. */
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
    if (message.type() === 'error' && CSP_CONSOLE.test(message.text())) {
      violations.push(`${message.location().url}: ${message.text()}`);
    }
  });
}

/** Returns and forgets the violations seen so far (for tests that provoke one on purpose). */
export function takeViolations(): string[] {
  const seen = violations;
  violations = [];
  return seen;
}

export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context }, use) => {
      violations = [];
      await watchCsp(context);
      await use();
      expect(violations, 'Content Security Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});
