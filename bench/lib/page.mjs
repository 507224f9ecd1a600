// In-page measurements, run with `page.evaluate` (each function is sent to
// the browser as source: it may only use its argument and browser globals).

/**
 * Scrolls the scrollable element holding `selector` by `step` pixels per
 * animation frame (`direction` 1: down, -1: up) until the end is reached and
 * (down) nothing more loads for `idleMs`, or (up) `doneSelector` exists at the
 * top; at most `maxMs`. Returns frame durations, the most `countSelector`
 * elements seen in the DOM, and the time window (performance.now()).
 */
export async function scrollThrough({ selector, direction, step, maxMs, idleMs, doneSelector, countSelector }) {
  const scrollerOf = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight + 1) return node;
    }
    return element;
  };
  const scroller = scrollerOf(document.querySelector(selector));
  const start = performance.now();
  let last = start;
  let longestFrame = 0;
  let frames = 0;
  let mostElements = 0;
  let height = scroller.scrollHeight;
  let grewAt = start;
  return await new Promise((resolve) => {
    const tick = (now) => {
      const frame = now - last;
      last = now;
      if (frames > 0) longestFrame = Math.max(longestFrame, frame);
      frames += 1;
      mostElements = Math.max(mostElements, document.querySelectorAll(countSelector).length);
      if (scroller.scrollHeight !== height) {
        height = scroller.scrollHeight;
        grewAt = now;
      }
      const atEnd =
        direction > 0
          ? scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2
          : scroller.scrollTop <= 0;
      const finished =
        atEnd && (doneSelector ? document.querySelector(doneSelector) !== null : now - grewAt >= idleMs);
      if (finished || now - start >= maxMs) {
        resolve({
          start,
          end: now,
          reached_end: finished,
          frames,
          longest_frame_ms: longestFrame,
          most_elements: mostElements,
          scroll_height: scroller.scrollHeight,
        });
        return;
      }
      scroller.scrollTop += direction * step;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/**
 * Sets the URL fragment to `hash` and resolves, once `selector` is in the DOM
 * and the next frame is painted, to the milliseconds this took.
 */
export async function navigateUntil({ hash, selector, maxMs }) {
  const start = performance.now();
  return await new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      window.__bench.afterPaint((painted) => resolve({ start, end: painted, ms: painted - start, found: true }));
    };
    const observer = new MutationObserver(() => {
      if (document.querySelector(selector)) finish();
    });
    observer.observe(document, { childList: true, subtree: true });
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      observer.disconnect();
      resolve({ start, end: performance.now(), ms: null, found: false });
    }, maxMs);
    location.hash = hash;
    if (document.querySelector(selector)) finish();
  });
}

/** Long tasks that started inside [start, end]: count and longest. */
export function longTasksBetween({ start, end }) {
  const tasks = window.__bench.longtasks.filter((task) => task.start >= start && task.start <= end);
  return {
    count: tasks.length,
    longest_ms: tasks.reduce((most, task) => Math.max(most, task.duration), 0),
    total_ms: tasks.reduce((sum, task) => sum + task.duration, 0),
  };
}

/**
 * Switches conversations with Alt+Down / Alt+Up the way an operator does,
 * sweeping down and up over the first `span` rows of the queue: a first pass
 * opens each once (their logs load), then `switches` more. Each switch waits
 * until the next conversation's header and log are drawn. Returns the wasm
 * memory after the first pass and at the end, and the long tasks of the
 * last `tail` switches.
 */
export async function switchConversations({ span, switches, tail }) {
  const B = window.__bench;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const press = (down) =>
    window.dispatchEvent(
      new KeyboardEvent('keydown', { key: down ? 'ArrowDown' : 'ArrowUp', altKey: true, bubbles: true, cancelable: true }),
    );
  let position = 0;
  let down = true;
  const step = async () => {
    if (position === span - 1) down = false;
    if (position === 0) down = true;
    const before = location.hash;
    press(down);
    position += down ? 1 : -1;
    const deadline = performance.now() + 10_000;
    for (;;) {
      await frame();
      const shown =
        location.hash !== before &&
        document.querySelector('#conversation-title') &&
        document.querySelector('[role="log"] .message[id]');
      if (shown) return true;
      if (performance.now() > deadline) return false;
    }
  };
  // Opens the first conversation, then the first pass.
  press(true);
  for (let i = 0; i < 200 && !document.querySelector('[role="log"] .message[id]'); i += 1) await frame();
  let failed = 0;
  for (let i = 0; i < span - 1; i += 1) if (!(await step())) failed += 1;
  const memoryBefore = B.wasmMemoryBytes();
  const start = performance.now();
  let tailStart = start;
  for (let i = 0; i < switches; i += 1) {
    if (i === switches - tail) tailStart = performance.now();
    if (!(await step())) failed += 1;
  }
  const end = performance.now();
  const tasks = B.longtasks.filter((t) => t.start >= tailStart && t.start <= end);
  return {
    memory_before: memoryBefore,
    memory_after: B.wasmMemoryBytes(),
    failed,
    seconds: (end - start) / 1000,
    tail_long_tasks: tasks.length,
    tail_longest_task_ms: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
  };
}
