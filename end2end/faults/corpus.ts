// Hostile customer input. Every payload that could run script calls the trap
// `__pwned('<id>')` or assigns `window.pwned` (see `installTrap`), or opens a
// dialog (`alert`), so the test sees any script that runs, whatever its route.

export interface HostileInput {
  /** Short, unique name, used in test titles and reports. */
  id: string;
  /** What the customer writes. */
  text: string;
}

/** The longest message text the webhook accepts (`MAX_TEXT_CHARS` in server/src/services/inbound.rs). */
export const MAX_TEXT_CHARS = 100_000;
/** The longest name, title, file name or id it accepts (`MAX_FIELD_CHARS`). */
export const MAX_FIELD_CHARS = 500;
/** The longest value of a one-line form field, and of a multi-line one (server/src/services/forms.rs). */
export const MAX_FORM_LINE_CHARS = 500;
export const MAX_FORM_TEXTAREA_CHARS = 5_000;

const deepNesting = (depth: number) =>
  `${'<div><b><i>'.repeat(depth)}__pwned('nested')${'</i></b></div>'.repeat(depth)}`;

export const CORPUS: HostileInput[] = [
  { id: 'script-tag', text: `<script>__pwned('script-tag')</script>Hello` },
  { id: 'script-upper', text: `<SCRIPT SRC=data:text/javascript,__pwned('script-src')></SCRIPT>` },
  { id: 'img-onerror', text: `<img src=x onerror="__pwned('img-onerror')">` },
  { id: 'svg-onload', text: `<svg onload=__pwned('svg-onload')><circle r=9 /></svg>` },
  {
    id: 'svg-script',
    text: `<svg xmlns="http://www.w3.org/2000/svg"><script>__pwned('svg-script')</script></svg>`,
  },
  { id: 'attribute-breakout', text: `"><img src=x onerror=__pwned('breakout')>'><b onmouseover=alert(1)>x</b>` },
  { id: 'textarea-breakout', text: `</textarea></p></div><script>__pwned('textarea')</script>` },
  { id: 'iframe-srcdoc', text: `<iframe srcdoc="<script>parent.__pwned('srcdoc')</script>"></iframe>` },
  { id: 'javascript-link', text: `javascript:__pwned('js-link') and <a href="javascript:alert(1)">click</a>` },
  { id: 'javascript-obfuscated', text: `jav&#x09;ascript:alert(1) JaVaScRiPt:window.pwned=1 \tjavascript:void(window.pwned=2)` },
  { id: 'data-link', text: `data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZCgnZGF0YScpPC9zY3JpcHQ+ and data:image/svg+xml,<svg onload=alert(1)>` },
  {
    id: 'markdown-links',
    text: `[click me](javascript:__pwned('md')) [img](data:text/html,<script>alert(1)</script>) ![x](x" onerror="__pwned('md-img')) <javascript:alert(1)> [ok](https://example.com/"onmouseover="alert(1))`,
  },
  { id: 'link-lookalike', text: `https://example.com/<script>__pwned('url')</script> http://a.b/"><img src=x onerror=alert(1)>` },
  { id: 'style-injection', text: `<style>*{display:none!important}body{background:url(javascript:alert(1))}</style>Visible?` },
  { id: 'template-injection', text: `{{constructor.constructor('__pwned("tpl")')()}} \${__pwned('tpl2')} <%= 7*7 %>` },
  { id: 'mention-forgery', text: `@{user:1} @{user:999999} @{user:<script>__pwned('mention')</script>}` },
  { id: 'html-entities', text: `&lt;script&gt;__pwned('entity')&lt;/script&gt; &amp;amp; &#60;b&#62;bold?&#60;/b&#62;` },
  { id: 'bidi-override', text: `Invoice \u202Efdp.exe\u202C is ready \u2066isolated\u2069 \u202Bembedded RTL \u05D0\u05D1\u05D2` },
  { id: 'zero-width', text: `pa\u200Bss\u200Cw\u200Dord\uFEFF \u2060join\u00AD soft\u034Fhyphen` },
  {
    id: 'zalgo',
    text: Array.from('He comes, the pony, zalgo! '.repeat(12))
      .map((c, i) => c + '\u0336\u0337\u0338\u0300\u0301\u0302\u0303\u0489\u0316\u0317\u0318\u0319'.slice(0, 4 + (i % 9)))
      .join(''),
  },
  // One grapheme with hundreds of combining marks: no line break can fall inside it.
  { id: 'zalgo-cluster', text: `Z${'\u0336\u0489\u0337'.repeat(200)}algo` },
  { id: 'emoji-zwj', text: '👨‍👩‍👧‍👦'.repeat(900) + '🏳️‍🌈'.repeat(300) },
  { id: 'long-word', text: 'A'.repeat(10_000) },
  { id: 'long-url', text: `https://example.com/${'a/'.repeat(2_500)}?q=${'x'.repeat(3_000)}` },
  { id: 'many-lines', text: 'line\n'.repeat(2_000) + 'end' },
  { id: 'deep-nesting', text: deepNesting(600) },
  { id: 'longest-message', text: `${'Lorem ipsum dolor sit amet. '.repeat(714)}${'z'.repeat(MAX_TEXT_CHARS - 28 * 714)}` },
];

/** One character more than the webhook accepts (the 100,000-character message itself is in CORPUS). */
export const OVERSIZED_TEXT = `${'0123456789'.repeat(10_000)}0`;

/** An SVG whose script calls the trap if it ever runs in the app's origin. */
export const HOSTILE_SVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" onload="parent.__pwned('svg-file-onload')">
  <script>try { parent.__pwned('svg-file'); } catch (e) { window.pwned = 1; }</script>
  <a href="javascript:parent.__pwned('svg-file-link')"><text y="20">click</text></a>
</svg>`;

/** Whole text, or its first `max` characters (for fields shorter than a message). */
export function clip(text: string, max = MAX_FIELD_CHARS): string {
  return Array.from(text).slice(0, max).join('');
}
