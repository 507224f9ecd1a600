// Trunk post-build hook: moves the module loader that Trunk inlines in
// index.html into a file of its own (`loader-<hash>.js`), so the app runs
// under a Content Security Policy whose script-src has no 'unsafe-inline'
// and no hash to keep in sync, on the reference server as on any CDN.
// Fails the build if index.html holds any other inline script.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('externalize-loader: TRUNK_STAGING_DIR is not set (run as a Trunk hook)');
  process.exit(1);
}
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const found = html.match(inline);
if (found) {
  const code = found[1].trim() + '\n';
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = `loader-${hash}.js`;
  writeFileSync(join(dir, file), code);
  html = html.replace(inline, `<script type="module" src="./${file}"></script>`);
  writeFileSync(indexPath, html);
}
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) {
  console.error('externalize-loader: index.html still has an inline script');
  process.exit(1);
}
