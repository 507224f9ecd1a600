// Open-loop load on the webhook: requests are scheduled at a fixed arrival
// rate whatever the server's speed, and each latency is counted from the
// scheduled time (so a stalled server cannot hide its queueing delay).
import { performance } from 'node:perf_hooks';
import { agent, delivery, quantile, request } from './http.mjs';

/**
 * Sends `rate` customer messages per second for `seconds` to `connectors`
 * (round robin) over `chats` chats, to `base` (a server's base URL, or a
 * list of them, used in turn). Returns throughput and latency stats.
 */
export async function webhookLoad(base, { rate, seconds, chats, connectors, prefix, sockets = 128 }) {
  const bases = Array.isArray(base) ? base : [base];
  const vias = bases.map(() => agent(sockets));
  const total = Math.round(rate * seconds);
  const latencies = [];
  let errors = 0;
  let firstError = null;
  const inflight = [];
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const chat = i % chats;
    const connector = connectors[chat % connectors.length];
    const chatId = `${prefix}-chat-${chat}`;
    const body = delivery(chatId, `Load ${chat}`, `${prefix}-m${i}`, `Load message ${i}, please answer`);
    const which = i % bases.length;
    inflight.push(
      request(bases[which], 'POST', `/api/v1/inbound/${connector}`, { body, agent: vias[which] }).then(
        (response) => {
          latencies.push(performance.now() - due);
          if (response.status !== 202) {
            errors += 1;
            firstError ??= `${response.status} ${JSON.stringify(response.body)}`;
          }
        },
        (error) => {
          errors += 1;
          firstError ??= String(error);
        },
      ),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  for (const via of vias) via.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent: total,
    accepted: total - errors,
    errors,
    first_error: firstError,
    elapsed_s: round(elapsed),
    throughput_per_s: round((total - errors) / elapsed),
    p50_ms: round(quantile(latencies, 0.5)),
    p99_ms: round(quantile(latencies, 0.99)),
    max_ms: round(latencies[latencies.length - 1] ?? null),
  };
}

export function round(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
