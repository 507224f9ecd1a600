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
