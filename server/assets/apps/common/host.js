// The Switchboard app protocol, version 1 (docs/apps.md), for apps running in
// a sandboxed iframe (opaque origin): messages are plain JSON objects with a
// `type` and a `version`. Only messages from the parent window are accepted.
(function () {
  "use strict";
  var VERSION = 1;
  var listeners = [];
  var context = null;

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.version !== VERSION) return;
    if (data.type === "context" && data.context && typeof data.context === "object") {
      context = data.context;
      listeners.forEach(function (listener) { listener(context); });
    }
  });

  window.Switchboard = {
    version: VERSION,
    // Calls `listener(context)` now if known and on every context message.
    onContext: function (listener) {
      listeners.push(listener);
      if (context) listener(context);
    },
    // Asks the host to put `text` into the composer (the operator sends it).
    insertText: function (text) {
      window.parent.postMessage({ type: "insert-text", version: VERSION, text: String(text) }, "*");
    },
  };

  window.parent.postMessage({ type: "ready", version: VERSION }, "*");
})();
