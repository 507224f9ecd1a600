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
  // Links only to web addresses; everything else stays text.
  function webLink(url, label) {
    const link = document.createElement("a");
    link.textContent = label;
    try {
      const parsed = new URL(url, location.href);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") link.href = parsed.href;
    } catch (_) { /* not a URL: text only */ }
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    return link;
  }
  function line(text, className) {
    const element = document.createElement("span");
    element.className = className || "card-line";
    element.textContent = text;
    return element;
  }
  function money(value) {
    return value.amount + " " + value.currency;
  }
  // A card (product, payment link, company details) as the customer sees it;
  // every value is set as text, never as HTML.
  function renderCard(card) {
    const box = document.createElement("span");
    box.className = "card";
    if (card.kind === "product") {
      if (card.image_url && /^https?:\/\//.test(card.image_url)) {
        const image = document.createElement("img");
        image.src = card.image_url;
        image.alt = card.name;
        box.append(image);
      }
      box.append(line(card.name, "card-title"), line(money(card.price)));
      if (card.description) box.append(line(card.description));
      box.append(webLink(card.url, "View product"));
    } else if (card.kind === "payment_link") {
      box.append(line("Order #" + card.order_id, "card-title"));
      for (const item of card.lines || []) {
        box.append(line(item.quantity + " × " + item.name + " — " + money(item.line_total)));
      }
      box.append(line("Total: " + money(card.total), "card-total"), webLink(card.url, "Pay now"));
    } else if (card.kind === "company_info") {
      box.append(line(card.name, "card-title"));
      if (card.address) box.append(line(card.address));
      if (card.phone) box.append(line("Phone: " + card.phone));
      if (card.opening_hours) box.append(line("Opening hours: " + card.opening_hours));
      if (card.website) box.append(webLink(card.website, card.website));
    } else {
      return null;
    }
    return box;
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
    const card = !message.deleted && message.card ? renderCard(message.card) : null;
    if (message.deleted) {
      body.textContent = "(message deleted)";
    } else if (card) {
      body.append(card);
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
