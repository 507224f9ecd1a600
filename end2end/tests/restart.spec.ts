// A server restart is not an error for the operator: on SIGTERM the server
// closes the event stream with code 1012 and a reason, the workspace says
// "Server restarting, reconnecting…" and is live again as soon as the server
// is back. The test runs its own server (scripts/e2e.sh exports the binary
// and dist/ paths), since it stops it.
import { test, expect, watchCsp } from '../support/csp';
import { NO_SERVER, OwnServer, SERVER, DIST } from '../support/servers';
import { OLIVIA, logIn } from '../support/workspace';

test('a restarting server is announced as such, then the workspace is live again', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'runs once');
  test.skip(!SERVER || !DIST, NO_SERVER);
  const server = await OwnServer.start(true);
  const url = server.url;
  try {
    const context = await browser.newContext({ baseURL: url, locale: 'en-US' });
    await watchCsp(context);
    const page = await context.newPage();
    await logIn(page, OLIVIA);
    // Live first: the event stream opens once the first snapshots are drawn.
    await expect(page.getByRole('status').filter({ hasText: 'Connecting…' })).toHaveCount(0);
    const restarting = page.getByRole('status').filter({ hasText: 'Server restarting, reconnecting…' });
    await expect(restarting).toHaveCount(0);

    expect(await server.stop(), 'a graceful exit').toBe(0);
    await expect(restarting).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Reconnecting/ })).toHaveCount(0);

    await server.restart(true);
    await expect(restarting).toHaveCount(0, { timeout: 15_000 });
    // Live again: the queue still answers and the login dialog never appeared.
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
    await context.close();
  } finally {
    await server.dispose();
  }
});
