// A server restart is not an error for the operator: on SIGTERM the server
// closes the event stream with code 1012 and a reason, the workspace says
// "Server restarting, reconnecting…" and is live again as soon as the server
// is back. The test runs its own server (scripts/e2e.sh exports the binary
// and dist/ paths), since it stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, watchCsp } from '../support/csp';
import { OLIVIA, logIn } from '../support/workspace';

const SERVER = process.env.SWITCHBOARD_SERVER;
const DIST = process.env.SWITCHBOARD_DIST;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function startServer(port: number, data: string): ChildProcess {
  return spawn(
    SERVER!,
    ['--addr', '127.0.0.1', '--port', String(port), '--data-dir', data, '--dist-dir', DIST!, '--demo'],
    { stdio: 'ignore' },
  );
}

async function waitHealthy(url: string): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${url}/api/v1/health`).catch(() => null))?.status ?? 0, {
      timeout: 20_000,
    })
    .toBe(200);
}

async function stop(server: ChildProcess): Promise<number | null> {
  if (server.exitCode !== null) return server.exitCode;
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  server.kill('SIGTERM');
  return exited;
}

test('a restarting server is announced as such, then the workspace is live again', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'runs once');
  test.skip(!SERVER || !DIST, 'SWITCHBOARD_SERVER and SWITCHBOARD_DIST are set by scripts/e2e.sh');
  const data = mkdtempSync(join(tmpdir(), 'switchboard-restart-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server = startServer(port, data);
  try {
    await waitHealthy(url);
    const context = await browser.newContext({ baseURL: url, locale: 'en-US' });
    await watchCsp(context);
    const page = await context.newPage();
    await logIn(page, OLIVIA);
    // Live first: the event stream opens once the first snapshots are drawn.
    await expect(page.getByRole('status').filter({ hasText: 'Connecting…' })).toHaveCount(0);
    const restarting = page.getByRole('status').filter({ hasText: 'Server restarting, reconnecting…' });
    await expect(restarting).toHaveCount(0);

    expect(await stop(server), 'a graceful exit').toBe(0);
    await expect(restarting).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Reconnecting/ })).toHaveCount(0);

    server = startServer(port, data);
    await waitHealthy(url);
    await expect(restarting).toHaveCount(0, { timeout: 15_000 });
    // Live again: the queue still answers and the login dialog never appeared.
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Contact Center' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
    await context.close();
  } finally {
    await stop(server);
    rmSync(data, { recursive: true, force: true });
  }
});
