// A small TCP proxy on 127.0.0.1 that sits between the browser and the
// reference server and injects network faults on command:
//   - cutting websocket connections (`/api/v1/events`) at a random moment
//     after they open;
//   - stalling and failing plain HTTP requests: held for a while before being
//     forwarded, dropped before reaching the server, cut in the middle of the
//     request (the server sees a truncated request), answered late (the
//     response held), or cut once the response starts (the server did the
//     work, the browser never hears about it).
// It forwards bytes untouched otherwise, so the app served through it is on
// the proxy's own origin (no CORS) and reaches the API through the same faults.
import net from 'node:net';

export interface HttpFaults {
  /** Chance that a request is held before being forwarded. */
  stall: number;
  /** Longest hold, in milliseconds (each stall draws 0..max). */
  stallMaxMs: number;
  /** Chance that the connection is dropped before the request reaches the server. */
  dropRequest: number;
  /** Chance that only part of the request is forwarded, then both sides are cut. */
  cutMidRequest: number;
  /** Chance that the request is served but the connection is cut when the response starts. */
  cutResponse: number;
  /** Chance that the response is held (0..stallMaxMs) before it starts reaching the browser. */
  stallResponse?: number;
  /** Requests whose chances are multiplied by `hotFactor` (e.g. sending a message). */
  hot?: { method: string; path: RegExp };
  hotFactor?: number;
}

export interface FaultEvent {
  kind: 'stall' | 'drop' | 'mid-request' | 'response-cut' | 'response-stall';
  request: string;
}

export interface ProxyStats {
  connections: number;
  websockets: number;
  websocketCuts: number;
  httpRequests: number;
  httpStalls: number;
  httpDrops: number;
  httpMidRequestCuts: number;
  httpResponseCuts: number;
  httpResponseStalls: number;
}

/** A deterministic pseudo-random generator (mulberry32), so a failing run can be replayed by seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD) (\S+) HTTP\/1\.[01]\r\n/;

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  websocket: boolean;
  cutTimer?: NodeJS.Timeout;
}

export class FaultProxy {
  readonly stats: ProxyStats = {
    connections: 0,
    websockets: 0,
    websocketCuts: 0,
    httpRequests: 0,
    httpStalls: 0,
    httpDrops: 0,
    httpMidRequestCuts: 0,
    httpResponseCuts: 0,
    httpResponseStalls: 0,
  };
  /** Every HTTP fault injected, with its request line. */
  readonly events: FaultEvent[] = [];
  private server: net.Server;
  private pairs = new Set<Pair>();
  private wsCut: { minMs: number; maxMs: number } | null = null;
  private http: HttpFaults | null = null;
  private port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly random: () => number = Math.random,
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  /** Starts listening on a free port of 127.0.0.1. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    this.port = address.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every websocket, present and future, is cut after a random time in [minMs, maxMs]. */
  cutWebsockets(minMs: number, maxMs: number): void {
    this.wsCut = { minMs, maxMs };
    for (const pair of this.pairs) if (pair.websocket) this.scheduleCut(pair);
  }

  /** Faults on plain HTTP requests (null: none). */
  failHttp(faults: HttpFaults | null): void {
    this.http = faults;
  }

  /** Stops injecting faults; connections already open stay open. */
  calm(): void {
    this.wsCut = null;
    this.http = null;
    for (const pair of this.pairs) {
      if (pair.cutTimer) clearTimeout(pair.cutTimer);
      pair.cutTimer = undefined;
    }
  }

  /** Open websocket connections going through the proxy. */
  openWebsockets(): number {
    let count = 0;
    for (const pair of this.pairs) if (pair.websocket) count += 1;
    return count;
  }

  async stop(): Promise<void> {
    this.calm();
    for (const pair of this.pairs) this.destroy(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private chance(p: number): boolean {
    return p > 0 && this.random() < p;
  }

  private destroy(pair: Pair): void {
    if (pair.cutTimer) clearTimeout(pair.cutTimer);
    pair.client.destroy();
    pair.upstream.destroy();
    this.pairs.delete(pair);
  }

  private scheduleCut(pair: Pair): void {
    if (!this.wsCut || pair.cutTimer) return;
    const { minMs, maxMs } = this.wsCut;
    const delay = minMs + this.random() * (maxMs - minMs);
    pair.cutTimer = setTimeout(() => {
      pair.cutTimer = undefined;
      if (!this.wsCut || !this.pairs.has(pair)) return;
      this.stats.websocketCuts += 1;
      // An abrupt cut (RST where possible), like a network failure, not a close frame.
      pair.client.resetAndDestroy?.();
      this.destroy(pair);
    }, delay);
  }

  private accept(client: net.Socket): void {
    this.stats.connections += 1;
    const upstream = net.connect(this.target.port, this.target.host);
    const pair: Pair = { client, upstream, websocket: false };
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = () => this.destroy(pair);
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);

    // Requests on this connection whose response, once it starts, is to be cut or held.
    let cutNextResponse = false;
    let holdNextResponseMs = 0;
    // Data to the client goes out in order, even when a response is held.
    let downstream: Promise<void> = Promise.resolve();
    // Data from the client is forwarded in order, even when a request is held.
    let queue: Promise<void> = Promise.resolve();

    upstream.on('data', (chunk: Buffer) => {
      if (cutNextResponse) {
        cutNextResponse = false;
        // Part of the response may go out, never all of it.
        const part = Math.floor(this.random() * Math.min(chunk.length, 64));
        downstream = downstream.then(() => {
          if (part > 0 && this.pairs.has(pair)) client.write(chunk.subarray(0, part));
          this.destroy(pair);
        });
        return;
      }
      const hold = holdNextResponseMs;
      holdNextResponseMs = 0;
      downstream = downstream.then(async () => {
        if (hold > 0) await new Promise((r) => setTimeout(r, hold));
        if (this.pairs.has(pair)) client.write(chunk);
      });
    });

    client.on('data', (chunk: Buffer) => {
      queue = queue.then(async () => {
        if (!this.pairs.has(pair)) return;
        const head = chunk.subarray(0, 2048).toString('latin1');
        const line = REQUEST_LINE.exec(head);
        if (line && !pair.websocket) {
          const isWebsocket = /\r\nupgrade:\s*websocket\r\n/i.test(head);
          if (isWebsocket) {
            pair.websocket = true;
            this.stats.websockets += 1;
            this.scheduleCut(pair);
          } else {
            this.stats.httpRequests += 1;
            const faults = this.http;
            if (faults && line[2].startsWith('/api/')) {
              const request = `${line[1]} ${line[2]}`;
              const hot =
                faults.hot !== undefined &&
                faults.hot.method === line[1] &&
                faults.hot.path.test(line[2]);
              const factor = hot ? (faults.hotFactor ?? 1) : 1;
              const p = (chance: number) => this.chance(Math.min(chance * factor, 0.9));
              if (p(faults.stall)) {
                this.stats.httpStalls += 1;
                this.events.push({ kind: 'stall', request });
                await new Promise((r) => setTimeout(r, this.random() * faults.stallMaxMs));
                if (!this.pairs.has(pair)) return;
              }
              if (p(faults.dropRequest)) {
                this.stats.httpDrops += 1;
                this.events.push({ kind: 'drop', request });
                this.destroy(pair);
                return;
              }
              if (p(faults.cutMidRequest)) {
                this.stats.httpMidRequestCuts += 1;
                this.events.push({ kind: 'mid-request', request });
                upstream.write(chunk.subarray(0, Math.floor(chunk.length / 2)));
                // Let the partial request reach the server before cutting.
                setTimeout(() => this.destroy(pair), 20);
                return;
              }
              if (p(faults.stallResponse ?? 0)) {
                this.stats.httpResponseStalls += 1;
                this.events.push({ kind: 'response-stall', request });
                holdNextResponseMs = this.random() * faults.stallMaxMs;
              }
              if (p(faults.cutResponse)) {
                this.stats.httpResponseCuts += 1;
                this.events.push({ kind: 'response-cut', request });
                cutNextResponse = true;
              }
            }
          }
        }
        upstream.write(chunk);
      });
    });
  }
}
