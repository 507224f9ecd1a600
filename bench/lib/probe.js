// Injected into every page before the app loads (Playwright init script).
// Collects, with the browser's own clocks (performance.now()):
//  - long tasks (PerformanceObserver "longtask");
//  - the wasm instance Trunk's loader announces (for its memory size);
//  - when the first queue row appears and is painted;
//  - during a burst: when each websocket frame carrying a benchmark token
//    arrives, and when that token first shows up in the DOM.
(() => {
  const P = (window.__bench = {
    longtasks: [],
    wasm: null,
    startedAt: null,
    firstRowAt: null,
    firstRowPaintedAt: null,
    // burst: token -> time
    tokenPattern: null,
    frameAt: {},
    shownAt: {},
    framesSeen: 0,
  });

  /** Calls `done(time)` after the next frame has been painted. */
  P.afterPaint = (done) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });
  };

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        P.longtasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    P.longtaskError = String(error);
  }

  addEventListener('TrunkApplicationStarted', (event) => {
    P.startedAt = performance.now();
    P.wasm = (event.detail && event.detail.wasm) || null;
  });

  /** Bytes of the wasm linear memory (0 if unknown). */
  P.wasmMemoryBytes = () => {
    const memory = (P.wasm && P.wasm.memory) || (window.wasmBindings && window.wasmBindings.__wasm && window.wasmBindings.__wasm.memory);
    return memory ? memory.buffer.byteLength : 0;
  };

  const NativeSocket = window.WebSocket;
  class ProbedSocket extends NativeSocket {
    constructor(...args) {
      super(...args);
      // Registered before the app sets `onmessage`, so it runs first: the
      // time recorded is when the frame is dispatched to the page.
      this.addEventListener('message', (event) => {
        P.framesSeen += 1;
        if (!P.tokenPattern || typeof event.data !== 'string') return;
        const now = performance.now();
        for (const match of event.data.matchAll(P.tokenPattern)) {
          if (!(match[0] in P.frameAt)) P.frameAt[match[0]] = now;
        }
      });
    }
  }
  window.WebSocket = ProbedSocket;

  const scan = (text, now) => {
    if (!text) return;
    for (const match of text.matchAll(P.tokenPattern)) {
      if (!(match[0] in P.shownAt)) P.shownAt[match[0]] = now;
    }
  };
  const observer = new MutationObserver((records) => {
    const now = performance.now();
    if (P.firstRowAt === null && document.querySelector('[role="listbox"] [role="option"]')) {
      P.firstRowAt = now;
      P.afterPaint((painted) => {
        P.firstRowPaintedAt = painted;
      });
    }
    if (!P.tokenPattern) return;
    for (const record of records) {
      if (record.type === 'characterData') {
        scan(record.target.data, now);
      } else {
        for (const node of record.addedNodes) scan(node.textContent, now);
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();
