// Moves the module loader that Trunk inlines in index.html into a file of
// its own (`loader-<hash>.js`), so the app runs under a Content Security
// Policy whose script-src has no 'unsafe-inline' and no hash to keep in sync,
// on the reference server as on any CDN. Fails if index.html holds any other
// inline script. Exported for scripts/post-build.mjs.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rewrites `staging/index.html`; returns the loader's file name, if any. */
export function externalizeLoader(staging) {
  const indexPath = join(staging, 'index.html');
  let html = readFileSync(indexPath, 'utf8');
  const inline = /<script type="module">([\s\S]*?)<\/script>/;
  const found = html.match(inline);
  let file;
  if (found) {
    const code = found[1].trim() + '\n';
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    file = `loader-${hash}.js`;
    writeFileSync(join(staging, file), code);
    html = html.replace(inline, `<script type="module" src="./${file}"></script>`);
    writeFileSync(indexPath, html);
  }
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) {
    throw new Error('externalize-loader: index.html still has an inline script');
  }
  return file;
}
