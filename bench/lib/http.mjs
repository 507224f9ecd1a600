// Minimal HTTP client for the benchmark: keep-alive JSON requests to the
// reference server on 127.0.0.1, with latency measured per request.
import http from 'node:http';

/** A keep-alive agent; `sockets` bounds the concurrent connections. */
export function agent(sockets = 64) {
  return new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

/** Sends a JSON request; resolves to { status, body, headers } (body parsed when JSON). */
export function request(base, method, path, { body, token, agent: via } = {}) {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers = { accept: 'application/json' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = payload.length;
  }
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: via },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode, body: parsed, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** The webhook body of one customer message. */
export function delivery(chatId, customerName, messageId, text) {
  return {
    chat: { id: chatId, title: null },
    customer: { id: chatId, name: customerName, email: null, phone: null },
    message: { id: messageId, text, attachments: [] },
  };
}

/** Delivers one customer message; throws unless the server accepted it (202). */
export async function deliver(base, connector, body, via) {
  const response = await request(base, 'POST', `/api/v1/inbound/${connector}`, { body, agent: via });
  if (response.status !== 202) {
    throw new Error(`webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** Runs `count` jobs with at most `concurrency` in flight (closed loop). */
export async function pool(count, concurrency, job) {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next++;
      await job(index);
    }
  });
  await Promise.all(workers);
}

/** Logs in through the API; returns the LoginResponse ({ token, user }). */
export async function login(base, email, password) {
  const response = await request(base, 'POST', '/api/v1/auth/login', { body: { email, password } });
  if (response.status !== 200) {
    throw new Error(`login of ${email} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** The `q`-quantile (0..1) of sorted numbers (nearest rank). */
export function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}
