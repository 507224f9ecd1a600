// Servers a spec runs itself (scripts/e2e.sh exports the binary and dist/
// paths): for what the shared demo server cannot show, such as a restart or
// the first run of an empty database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';

export const SERVER = process.env.SWITCHBOARD_SERVER;
export const DIST = process.env.SWITCHBOARD_DIST;
/** Why a spec that runs its own server is skipped without them. */
export const NO_SERVER = 'SWITCHBOARD_SERVER and SWITCHBOARD_DIST are set by scripts/e2e.sh';

export async function freePort(): Promise<number> {
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

/** A server of our own on a data folder; `output` collects what it prints. */
export class OwnServer {
  child: ChildProcess;
  output = '';

  constructor(
    readonly port: number,
    readonly data: string,
    demo: boolean,
    readonly extra: string[] = [],
  ) {
    const args = [...extra, '--addr', '127.0.0.1', '--port', String(port), '--data-dir', data, '--dist-dir', DIST!];
    this.child = spawn(SERVER!, demo ? [...args, '--demo'] : args, { stdio: ['ignore', 'pipe', 'ignore'] });
    // SERVER_LOGS=<file> keeps what the server prints (its log) while debugging a spec.
    const logs = process.env.SERVER_LOGS;
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      if (logs) appendFileSync(logs, chunk);
    });
  }

  /** Starts a server on a new data folder and a free port (with `extra`
   * flags), and waits for it. */
  static async start(demo: boolean, extra: string[] = []): Promise<OwnServer> {
    const data = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
    const server = new OwnServer(await freePort(), data, demo, extra);
    await server.healthy();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async healthy(): Promise<void> {
    await expect
      .poll(async () => (await fetch(`${this.url}/api/v1/health`).catch(() => null))?.status ?? 0, {
        timeout: 20_000,
      })
      .toBe(200);
  }

  /** Runs `switchboard-server <args>` on this server's data folder; its output. */
  command(args: string[], input = ''): string {
    const run = spawnSync(SERVER!, [...args, '--data-dir', this.data, '--port', String(this.port)], {
      input,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    return run.stdout;
  }

  /** SIGTERM; the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill('SIGTERM');
    return exited;
  }

  /** Starts again on the same port and data folder. */
  async restart(demo: boolean): Promise<void> {
    const next = new OwnServer(this.port, this.data, demo, this.extra);
    this.child = next.child;
    await this.healthy();
  }

  /** Stops and forgets the data folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.data, { recursive: true, force: true });
  }
}
