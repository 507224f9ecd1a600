// Switchboard website chat: the one script a site includes.
//   <script src="https://<server>/widget.js" data-connector="<public id>" async></script>
// It waits for the page's `load` event, then draws only the launcher button,
// in a shadow root the page's styles cannot reach; the chat panel
// (widget/app.js) is fetched when the visitor first opens it.
(() => {
  const script = document.currentScript;
  if (!script || !script.dataset.connector) return;
  const data = script.dataset;
  const base = new URL(script.src).origin;
  const lang = (data.lang || document.documentElement.lang || navigator.language || 'en')
    .toLowerCase()
    .startsWith('fr')
    ? 'fr'
    : 'en';
  const key = `switchboard:${base}:${data.connector}`;
  const css = `:host{all:initial!important;position:fixed!important;right:16px!important;bottom:16px!important;
z-index:2147483647!important;display:block!important;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important;color:#1a1a1a}
.launcher{all:unset;box-sizing:border-box;width:56px;height:56px;border-radius:50%;background:#1d4ed8;color:#fff;
display:grid;place-items:center;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3)}
.launcher:hover{background:#1e40af}.launcher:focus-visible{outline:3px solid #f59e0b;outline-offset:3px}
.launcher svg{width:28px;height:28px;fill:currentColor}
.launcher[aria-expanded=true]{display:none}`;

  function start() {
    const host = document.createElement('switchboard-chat');
    const root = host.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } catch {
      const style = document.createElement('style');
      style.textContent = css;
      root.append(style);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'launcher';
    button.setAttribute('aria-label', lang === 'fr' ? 'Ouvrir le chat' : 'Open chat');
    button.setAttribute('aria-expanded', 'false');
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
    svg.append(path);
    button.append(svg);
    root.append(button);
    document.body.append(host);

    let panel;
    async function open() {
      if (!panel) {
        button.setAttribute('aria-busy', 'true');
        try {
          const app = await import(`${base}/widget/app.js`);
          panel = app.mount({ root, launcher: button, base, lang, key, connector: data.connector, name: data.name, email: data.email });
        } catch (error) {
          console.error('Switchboard chat could not load', error);
          return;
        } finally {
          button.removeAttribute('aria-busy');
        }
      }
      panel.open();
    }
    button.addEventListener('click', open);
    // Open again on the next page if the visitor left it open.
    try {
      if (sessionStorage.getItem(`${key}:open`) === '1') open();
    } catch {
      // Storage blocked: the visitor opens it again.
    }
  }

  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
})();
