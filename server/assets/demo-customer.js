// The customer simulator (/demo/customer): writes through a connector's webhook
// and polls the customer view endpoint. A file, not an inline script, so the
// page runs under the server's Content Security Policy.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const stored = localStorage.getItem("switchboard-demo-customer");
  const customerId = stored || ("web-" + Math.random().toString(36).slice(2, 10));
  localStorage.setItem("switchboard-demo-customer", customerId);
  $("customer-id").value = customerId;
  let cursor = 0;
  let shown = new Set();

  function token() {
    return $("custom-token").value.trim() || $("connector").value;
  }
  function chatId() {
    return "chat-" + ($("customer-id").value.trim() || customerId);
  }
  function reset() {
    cursor = 0;
    shown = new Set();
    $("log").replaceChildren();
    poll();
  }
  function render(message) {
    if (shown.has(message.id)) return;
    shown.add(message.id);
    const item = document.createElement("li");
    item.className = message.from;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = message.author_name + " · " + new Date(message.created_at).toLocaleTimeString();
    const body = document.createElement("span");
    if (message.deleted) {
      body.textContent = "(message deleted)";
    } else {
      // Links (a form sent by an operator...) become clickable; the rest stays text.
      for (const part of message.text.split(/(https?:\/\/[^\s<>"]+)/)) {
        if (/^https?:\/\//.test(part)) {
          const link = document.createElement("a");
          link.href = part;
          link.textContent = part;
          link.rel = "noopener noreferrer";
          link.target = "_blank";
          body.append(link);
        } else {
          body.append(part);
        }
      }
      if (message.edited) body.append(" (edited)");
    }
    item.append(meta, body);
    for (const file of message.attachments || []) {
      const link = document.createElement("a");
      link.textContent = file.name;
      const url = new URL(file.url, location.href);
      if (url.protocol === "http:" || url.protocol === "https:") link.href = url.href;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      const line = document.createElement("span");
      line.className = "meta";
      line.append("📎 ", link);
      item.append(line);
    }
    $("log").append(item);
  }
  async function poll() {
    const url = "/api/v1/inbound/" + encodeURIComponent(token()) + "/chats/" +
      encodeURIComponent(chatId()) + "/messages?after=" + cursor;
    try {
      const response = await fetch(url, { cache: "no-store" });
      if (response.status === 404) { $("status").textContent = "No messages yet."; return; }
      if (!response.ok) { $("status").textContent = "Server answered " + response.status; return; }
      const page = await response.json();
      page.items.forEach(render);
      if (page.next_cursor) cursor = page.next_cursor;
      $("status").textContent = page.operator_typing ? "The company is typing…" : "";
    } catch (error) {
      $("status").textContent = "Server unreachable, retrying…";
    }
  }
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("text").value;
    if (!text.trim()) return;
    const body = {
      chat: { id: chatId(), title: null },
      customer: { id: $("customer-id").value.trim() || customerId, name: $("name").value.trim() || "Customer", email: null, phone: null },
      message: { id: "m-" + Date.now() + "-" + Math.random().toString(36).slice(2, 8), text: text, attachments: [] },
    };
    const response = await fetch("/api/v1/inbound/" + encodeURIComponent(token()), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    }).catch(() => null);
    if (response && response.status === 202) { $("text").value = ""; poll(); }
    else {
      let detail = response ? response.status : "unreachable";
      if (response) { try { detail = (await response.json()).error.message; } catch (_) {} }
      $("status").textContent = "Not sent: " + detail;
    }
  });
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("composer").requestSubmit(); }
  });
  for (const id of ["connector", "custom-token", "customer-id"]) $(id).addEventListener("change", reset);
  setInterval(poll, 1500);
  poll();
})();
