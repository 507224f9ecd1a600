// Switchboard website chat: the panel, fetched by widget.js on first open.
// Everything from outside (operators' messages and names, file names, the
// company's name) is shown as text: only http(s) addresses become links.

const TEXT = {
  en: {
    close: 'Close chat',
    message: 'Message',
    send: 'Send',
    attach: 'Attach a file',
    conversation: 'Conversation',
    online: 'We are online',
    offline: 'We are away',
    you: 'You',
    typing: (name) => `${name} is typing…`,
    sending: 'Sending…',
    queued: 'Waiting for the connection: it will be sent when you are back online.',
    failed: 'Could not be sent.',
    retry: 'Retry',
    reconnecting: 'Connection lost. Reconnecting…',
    uploading: (name) => `Sending ${name}…`,
    tooLarge: (name) => `${name} is too large to send.`,
    offlineFiles: 'You are offline: send files when you are back online.',
    refused: 'This chat is not available on this site.',
    unavailable: 'This chat is not available right now.',
    rate: 'How did we do?',
    score: (n) => `${n} out of 5`,
    comment: 'Comment (optional)',
    sendRating: 'Send rating',
    thanks: 'Thank you for your rating!',
    edited: '(edited)',
    viewProduct: 'View product',
    order: (id) => `Order #${id}`,
    total: 'Total',
    pay: 'Pay now',
    phone: 'Phone',
    hours: 'Opening hours',
  },
  fr: {
    close: 'Fermer le chat',
    message: 'Message',
    send: 'Envoyer',
    attach: 'Joindre un fichier',
    conversation: 'Conversation',
    online: 'Nous sommes en ligne',
    offline: 'Nous sommes absents',
    you: 'Vous',
    typing: (name) => `${name} écrit…`,
    sending: 'Envoi…',
    queued: 'En attente de connexion : il partira dès votre retour en ligne.',
    failed: 'Envoi impossible.',
    retry: 'Réessayer',
    reconnecting: 'Connexion perdue. Reconnexion…',
    uploading: (name) => `Envoi de ${name}…`,
    tooLarge: (name) => `${name} est trop volumineux pour être envoyé.`,
    offlineFiles: 'Vous êtes hors ligne : envoyez les fichiers une fois reconnecté.',
    refused: "Ce chat n'est pas disponible sur ce site.",
    unavailable: "Ce chat n'est pas disponible pour le moment.",
    rate: 'Comment s’est passée cette conversation ?',
    score: (n) => `${n} sur 5`,
    comment: 'Commentaire (facultatif)',
    sendRating: "Envoyer l'avis",
    thanks: 'Merci pour votre avis !',
    edited: '(modifié)',
    viewProduct: 'Voir le produit',
    order: (id) => `Commande n° ${id}`,
    total: 'Total',
    pay: 'Payer',
    phone: 'Téléphone',
    hours: 'Horaires',
  },
};

const CSS = `*{box-sizing:border-box}
dialog{all:unset;position:fixed;right:16px;bottom:16px;width:min(380px,calc(100vw - 16px));height:min(600px,calc(100vh - 32px));
display:none;flex-direction:column;background:#fff;color:#1a1a1a;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden;
font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
dialog[open]{display:flex}
@media (max-width:480px){dialog{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}}
header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:#1d4ed8;color:#fff}
header div{flex:1;min-width:0}
h2{margin:0;font-size:17px;font-weight:600;overflow-wrap:anywhere}
.presence{margin:0;font-size:13px}
button{font:inherit;cursor:pointer}
.close{all:unset;cursor:pointer;width:32px;height:32px;display:grid;place-items:center;border-radius:6px;font-size:22px;color:#fff}
button:focus-visible,textarea:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.log{flex:1;overflow-y:auto;padding:12px;background:#f4f5f7}
ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
li{max-width:85%;padding:8px 10px;border-radius:10px;background:#fff;border:1px solid #d9dce1;white-space:pre-wrap;overflow-wrap:anywhere}
li.mine{align-self:flex-end;background:#dbe6fe;border-color:#b4c8f5}
li.note{align-self:center;max-width:100%;background:#fff8e1;border-color:#f0d98c}
.who{display:block;font-size:12px;font-weight:600;color:#374151}
.meta{display:block;font-size:12px;color:#4b5563}
li a{color:#1e40af}
li img{display:block;max-width:100%;max-height:200px;margin-top:4px;border-radius:6px}
.typing{margin:0;padding:0 14px;min-height:20px;font-size:13px;color:#374151;background:#f4f5f7}
.notice{margin:0;padding:6px 14px;font-size:13px;background:#fff3cd;color:#5c4400}
.notice:empty{display:none}
form.composer{display:flex;gap:6px;padding:10px;border-top:1px solid #d9dce1;align-items:flex-end}
textarea{flex:1;resize:none;min-height:40px;max-height:120px;padding:8px;border:1px solid #6b7280;border-radius:8px;font:inherit;color:inherit;background:#fff}
.send{padding:8px 14px;border:0;border-radius:8px;background:#1d4ed8;color:#fff}
.attach{padding:8px;border:1px solid #6b7280;border-radius:8px;background:#fff;color:#1a1a1a;display:grid;place-items:center}
.attach svg{width:20px;height:20px;fill:currentColor}
.attach[hidden]{display:none}
.card{display:block;margin-top:4px}
.card strong,.card span{display:block}
.rating{padding:10px 14px;border-top:1px solid #d9dce1;background:#fff}
.rating[hidden]{display:none}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:600;margin-bottom:6px}
.scores{display:flex;gap:6px;margin-bottom:8px}
.scores label{display:grid;place-items:center;width:40px;height:40px;border:1px solid #6b7280;border-radius:8px;cursor:pointer}
.scores input{position:absolute;opacity:0;width:1px;height:1px}
.scores input:checked+span{font-weight:700}
.scores label:has(input:checked){background:#1d4ed8;color:#fff;border-color:#1d4ed8}
.scores label:has(input:focus-visible){outline:3px solid #f59e0b;outline-offset:2px}
.rating textarea{width:100%;margin:4px 0 8px}
.rating label.comment{display:block;font-size:13px}`;

/** Text with its http(s) addresses as links; everything else stays text. */
function withLinks(parent, text) {
  const pattern = /\bhttps?:\/\/[^\s<>"']+/gi;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    let url = match[0].replace(/[.,;:!?)\]]+$/, '');
    parent.append(text.slice(at, match.index));
    let href = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') href = parsed.href;
    } catch {
      href = null;
    }
    if (href) {
      const link = document.createElement('a');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer nofollow';
      link.textContent = url;
      parent.append(link);
    } else {
      parent.append(url);
    }
    at = match.index + url.length;
  }
  parent.append(text.slice(at));
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
}

function storage(kind) {
  try {
    const store = kind === 'session' ? sessionStorage : localStorage;
    const probe = '__switchboard';
    store.setItem(probe, '1');
    store.removeItem(probe);
    return store;
  } catch {
    const memory = new Map();
    return {
      getItem: (k) => (memory.has(k) ? memory.get(k) : null),
      setItem: (k, v) => memory.set(k, String(v)),
      removeItem: (k) => memory.delete(k),
    };
  }
}

export function mount({ root, launcher, base, lang, key, connector, name, email }) {
  const t = TEXT[lang] || TEXT.en;
  const local = storage('local');
  const session = storage('session');
  const api = `${base}/api/v1/widget/${encodeURIComponent(connector)}`;

  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    root.append(element('style', { text: CSS }));
  }

  const title = element('h2', { id: 'sb-title' });
  const presence = element('p', { class: 'presence' });
  const close = element('button', { type: 'button', class: 'close', 'aria-label': t.close }, '×');
  const list = element('ol');
  const log = element('div', { class: 'log', role: 'log', 'aria-label': t.conversation, tabindex: '0' }, list);
  const typing = element('p', { class: 'typing', 'aria-live': 'polite' });
  const notice = element('p', { class: 'notice', role: 'status' });
  const textarea = element('textarea', { rows: '1', 'aria-label': t.message, maxlength: '10000' });
  const fileInput = element('input', { type: 'file', hidden: true, multiple: true, tabindex: '-1', 'aria-hidden': 'true' });
  const attach = element('button', { type: 'button', class: 'attach', 'aria-label': t.attach, hidden: true });
  const clip = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  clip.setAttribute('viewBox', '0 0 24 24');
  clip.setAttribute('aria-hidden', 'true');
  const clipPath = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  clipPath.setAttribute('d', 'M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z');
  clip.append(clipPath);
  attach.append(clip);
  const send = element('button', { type: 'submit', class: 'send' }, t.send);
  const composer = element('form', { class: 'composer' }, textarea, fileInput, attach, send);

  const scores = element('div', { class: 'scores' });
  for (let n = 1; n <= 5; n += 1) {
    const input = element('input', { type: 'radio', name: 'score', value: String(n), 'aria-label': t.score(n) });
    scores.append(element('label', {}, input, element('span', { 'aria-hidden': 'true', text: String(n) })));
  }
  const comment = element('textarea', { rows: '2', maxlength: '2000' });
  const commentLabel = element('label', { class: 'comment' }, t.comment, comment);
  const rateButton = element('button', { type: 'submit', class: 'send' }, t.sendRating);
  const rating = element(
    'form',
    { class: 'rating', hidden: true },
    element('fieldset', {}, element('legend', { text: t.rate }), scores),
    commentLabel,
    rateButton,
  );

  const dialog = element(
    'dialog',
    { 'aria-labelledby': 'sb-title', lang },
    element('header', {}, element('div', {}, title, presence), close),
    notice,
    log,
    typing,
    rating,
    composer,
  );
  root.append(dialog);

  const rendered = new Map(); // message id → li
  // The whole conversation is read again on each page, then followed.
  let last = 0;
  let token = local.getItem(`${key}:token`);
  let config = null;
  let toRate = null;
  let stream = null;
  let started = false;

  const outboxKey = `${key}:outbox`;
  const outbox = () => {
    try {
      return JSON.parse(local.getItem(outboxKey) || '[]');
    } catch {
      return [];
    }
  };
  const saveOutbox = (items) => local.setItem(outboxKey, JSON.stringify(items));

  textarea.value = local.getItem(`${key}:draft`) || '';
  textarea.addEventListener('input', () => local.setItem(`${key}:draft`, textarea.value));

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  /** A picture that keeps the log at its end when it arrives (if it was there). */
  function picture(src, alt) {
    const img = element('img', { src, alt });
    img.addEventListener('load', () => {
      if (log.scrollHeight - log.scrollTop - log.clientHeight < img.clientHeight + 60) scrollDown();
    });
    return img;
  }

  function attachmentNode(file) {
    const href = new URL(file.url, base).href;
    const safe = /^https?:/.test(href);
    const wrap = element('span', { class: 'file' });
    if (safe && /^image\/(png|jpe?g|gif|webp)$/i.test(file.content_type)) {
      wrap.append(picture(href, file.name));
    }
    if (safe) {
      const link = element('a', { href, target: '_blank', rel: 'noopener noreferrer', download: file.name, text: file.name });
      wrap.append(link);
    } else {
      wrap.append(file.name);
    }
    return wrap;
  }

  /** A link to one of the server's customer pages, in the widget's language. */
  function pageLink(url, label) {
    let href = null;
    try {
      const parsed = new URL(url, base);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
        parsed.searchParams.set('lang', lang);
        href = parsed.href;
      }
    } catch {
      href = null;
    }
    return href
      ? element('a', { href, target: '_blank', rel: 'noopener noreferrer', text: label })
      : element('span', { text: label });
  }

  const money = (value) => (value ? `${value.amount} ${value.currency}` : '');

  /** A card (product, payment link, company details), every value as text. */
  function card(data) {
    const box = element('span', { class: 'card' });
    if (data.kind === 'product') {
      if (data.image_url && /^https?:\/\//.test(data.image_url)) {
        box.append(picture(data.image_url, data.name));
      }
      box.append(element('strong', { text: data.name }), element('span', { text: money(data.price) }));
      if (data.description) box.append(element('span', { text: data.description }));
      box.append(pageLink(data.url, t.viewProduct));
    } else if (data.kind === 'payment_link') {
      box.append(element('strong', { text: t.order(data.order_id) }));
      for (const item of data.lines || []) {
        box.append(element('span', { text: `${item.quantity} × ${item.name} — ${money(item.line_total)}` }));
      }
      box.append(element('span', { text: `${t.total}: ${money(data.total)}` }), pageLink(data.url, t.pay));
    } else if (data.kind === 'company_info') {
      box.append(element('strong', { text: data.name }));
      if (data.address) box.append(element('span', { text: data.address }));
      if (data.phone) box.append(element('span', { text: `${t.phone}: ${data.phone}` }));
      if (data.opening_hours) box.append(element('span', { text: `${t.hours}: ${data.opening_hours}` }));
      if (data.website) {
        const site = element('span');
        withLinks(site, data.website);
        box.append(site);
      }
    } else {
      return null;
    }
    return box;
  }

  function fill(li, message) {
    li.replaceChildren();
    const mine = message.from === 'customer';
    li.className = mine ? 'mine' : '';
    li.append(element('span', { class: 'who', text: mine ? t.you : message.author_name }));
    const shownCard = message.card ? card(message.card) : null;
    if (shownCard) li.append(shownCard);
    else {
      const body = element('span', { class: 'text' });
      withLinks(body, message.text || '');
      li.append(body);
    }
    for (const file of message.attachments || []) li.append(element('br'), attachmentNode(file));
    if (message.edited) li.append(element('span', { class: 'meta', text: t.edited }));
  }

  function show(message) {
    let li = rendered.get(message.id);
    if (!li) {
      li = list.querySelector(`li[data-message="${message.id}"]`) || element('li');
      li.removeAttribute('data-pending');
      rendered.set(message.id, li);
      if (!li.isConnected) list.append(li);
    }
    fill(li, message);
    last = Math.max(last, message.id);
  }

  function pendingBubble(item) {
    const li = element('li', { class: 'mine', 'data-pending': item.id });
    li.append(element('span', { class: 'who', text: t.you }));
    const body = element('span', { class: 'text' });
    withLinks(body, item.text);
    li.append(body);
    for (const fileName of item.names || []) li.append(element('br'), element('span', { class: 'file', text: fileName }));
    li.append(element('span', { class: 'meta', text: navigator.onLine === false ? t.queued : t.sending }));
    list.append(li);
    scrollDown();
    return li;
  }

  function note(text) {
    const li = element('li', { class: 'note' });
    withLinks(li, text);
    list.append(li);
  }

  async function call(path, options = {}) {
    const headers = { ...(options.headers || {}) };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(options.json);
    }
    const response = await fetch(`${api}${path}`, { ...options, headers, credentials: 'omit' });
    if (response.status === 403) {
      notice.textContent = t.refused;
      throw new Error('refused');
    }
    if (response.status === 401 && token) {
      // The visitor was forgotten: start again as a new one.
      token = null;
      local.removeItem(`${key}:token`);
    }
    return response;
  }

  async function ensureVisitor() {
    if (token) return;
    const response = await call('/visitors', { method: 'POST', json: { name: name || null, email: email || null } });
    if (!response.ok) throw new Error(`visitor ${response.status}`);
    token = (await response.json()).token;
    local.setItem(`${key}:token`, token);
  }

  let flushing = false;
  let retryTimer = 0;
  async function flush() {
    if (flushing) return;
    flushing = true;
    clearTimeout(retryTimer);
    try {
      await ensureVisitor();
      let welcomedAgain = false;
      for (;;) {
        const [item] = outbox();
        if (!item) break;
        const response = await call('/messages', { method: 'POST', json: { id: item.id, text: item.text, files: item.files || [] } });
        if (response.status === 401) {
          // The server forgot this visitor: once, as a new one.
          if (welcomedAgain) throw new Error('unauthorized');
          welcomedAgain = true;
          await ensureVisitor();
          continue;
        }
        const li = list.querySelector(`li[data-pending="${item.id}"]`);
        if (response.ok) {
          const accepted = await response.json();
          if (li) {
            if (rendered.has(accepted.message_id)) li.remove();
            else {
              li.setAttribute('data-message', String(accepted.message_id));
              li.querySelector('.meta')?.remove();
            }
          }
        } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          // Refused for good (too long, a file gone): say so, drop it.
          if (li) li.querySelector('.meta').textContent = t.failed;
        } else {
          throw new Error(`send ${response.status}`);
        }
        saveOutbox(outbox().filter((other) => other.id !== item.id));
      }
      notice.textContent = notice.textContent === t.reconnecting ? t.reconnecting : '';
      if (!started) follow();
    } catch (error) {
      if (error.message !== 'refused') {
        for (const li of list.querySelectorAll('li[data-pending] .meta')) li.textContent = t.queued;
        retryTimer = setTimeout(flush, 3000);
      }
    } finally {
      flushing = false;
    }
  }

  function queue(text, files = [], names = []) {
    const item = { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`, text, files, names };
    saveOutbox([...outbox(), item]);
    pendingBubble(item);
    flush();
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) return;
    textarea.value = '';
    local.removeItem(`${key}:draft`);
    queue(text);
    textarea.focus();
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });

  attach.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const files = [...fileInput.files];
    fileInput.value = '';
    if (navigator.onLine === false) {
      notice.textContent = t.offlineFiles;
      return;
    }
    for (const file of files) {
      if (config && config.max_file_bytes && file.size > config.max_file_bytes) {
        notice.textContent = t.tooLarge(file.name);
        continue;
      }
      notice.textContent = t.uploading(file.name);
      try {
        await ensureVisitor();
        const form = new FormData();
        form.append('file', file, file.name);
        const response = await call('/files', { method: 'POST', body: form });
        if (!response.ok) {
          notice.textContent = response.status === 413 ? t.tooLarge(file.name) : t.failed;
          continue;
        }
        const uploaded = await response.json();
        notice.textContent = '';
        queue('', [uploaded.id], [uploaded.name]);
      } catch {
        notice.textContent = t.offlineFiles;
      }
    }
  });

  rating.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = rating.querySelector('input[name=score]:checked');
    if (!chosen || !toRate) return;
    rateButton.disabled = true;
    try {
      const response = await call('/rating', {
        method: 'POST',
        json: { conversation_id: toRate, score: Number(chosen.value), comment: comment.value.trim() || null },
      });
      if (response.ok || response.status === 409) {
        rating.hidden = true;
        note(t.thanks);
        toRate = null;
        comment.value = '';
        chosen.checked = false;
        scrollDown();
      } else {
        notice.textContent = t.failed;
      }
    } catch {
      notice.textContent = t.failed;
    } finally {
      rateButton.disabled = false;
    }
  });

  function applyState(state) {
    typing.textContent = state.typing ? t.typing(state.typing) : '';
    if (state.to_rate && state.to_rate !== toRate) {
      toRate = state.to_rate;
      rating.hidden = false;
    } else if (!state.to_rate) {
      toRate = null;
      rating.hidden = true;
    }
  }

  async function follow() {
    if (!token || stream) return;
    started = true;
    const controller = new AbortController();
    stream = controller;
    let delay = 1000;
    while (stream === controller) {
      try {
        const response = await fetch(`${api}/stream?after=${last}`, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          signal: controller.signal,
          credentials: 'omit',
          cache: 'no-store',
        });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          if (response.status === 403) notice.textContent = t.refused;
          // Started again by the next message sent (as a new visitor if need be).
          stream = null;
          started = false;
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
        if (notice.textContent === t.reconnecting) notice.textContent = '';
        delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const chunk = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let kind = 'message';
            let data = '';
            for (const line of chunk.split('\n')) {
              if (line.startsWith('event:')) kind = line.slice(6).trim();
              else if (line.startsWith('data:')) data += line.slice(5).replace(/^ /, '');
            }
            if (!data) continue;
            const payload = JSON.parse(data);
            const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
            if (kind === 'message') show(payload);
            else if (kind === 'state') applyState(payload);
            else if (kind === 'removed') {
              rendered.get(payload.id)?.remove();
              rendered.delete(payload.id);
            }
            if (atBottom) scrollDown();
          }
        }
      } catch (error) {
        if (controller.signal.aborted) return;
      }
      if (stream !== controller) return;
      notice.textContent = t.reconnecting;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }

  async function load() {
    try {
      const response = await call('');
      if (!response.ok) {
        notice.textContent = t.unavailable;
        return;
      }
      config = await response.json();
      title.textContent = config.company;
      presence.textContent = config.online ? t.online : t.offline;
      attach.hidden = !config.files;
      list.replaceChildren();
      rendered.clear();
      if (config.welcome_message) note(config.welcome_message);
      if (!config.online && config.offline_message) note(config.offline_message);
      for (const item of outbox()) pendingBubble(item);
      if (token) follow();
      if (outbox().length) flush();
    } catch (error) {
      // Refused on this site: said once, not asked again.
      if (error.message === 'refused') return;
      notice.textContent = t.reconnecting;
      setTimeout(load, 3000);
    }
  }

  window.addEventListener('online', () => flush());

  function open() {
    if (!dialog.open) dialog.show();
    launcher.setAttribute('aria-expanded', 'true');
    session.setItem(`${key}:open`, '1');
    if (!config) load();
    textarea.focus();
    scrollDown();
  }

  function hide() {
    dialog.close();
    launcher.setAttribute('aria-expanded', 'false');
    session.removeItem(`${key}:open`);
    launcher.focus();
  }

  close.addEventListener('click', hide);
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      hide();
    }
  });
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    hide();
  });

  return { open, close: hide };
}
