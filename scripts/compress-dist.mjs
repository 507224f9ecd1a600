// Writes a brotli (`name.br`, quality 11) and a gzip (`name.gz`, level 9)
// copy next to every compressible file of a build, so a server sends them
// as they are instead of compressing each answer (the reference server
// picks one by the request's Accept-Encoding; any static host or CDN that
// knows precompressed files can do the same). Runs last in
// scripts/post-build.mjs, after the other steps have rewritten the files.
// Exported for it and for scripts/compress-dist.test.mjs.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Endings of the files that compress (images and fonts already are). */
export const COMPRESSIBLE = new Set([
  '.wasm', '.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.xml', '.map', '.webmanifest', '.ico',
]);

/**
 * Files never precompressed: `config.json` is edited in place when `dist/`
 * is deployed (README, "Hosting dist/"), and a stale compressed copy would
 * be served instead of the edit.
 */
export const NEVER = new Set(['config.json']);

function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* files(path);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

/**
 * Compresses every compressible file of `dir` (recursively). A copy that
 * would not be smaller than its file is not written (tiny files), so the
 * server then sends the file itself. Returns what was written:
 * `{ file, bytes, br, gz }` per file, paths relative to `dir`.
 */
export function compressDist(dir) {
  const written = [];
  for (const path of [...files(dir)]) {
    const file = relative(dir, path);
    const name = file.split(/[\\/]/).pop();
    if (!COMPRESSIBLE.has(extname(name)) || NEVER.has(name)) continue;
    const bytes = readFileSync(path);
    const result = { file, bytes: bytes.length, br: null, gz: null };
    const br = brotli(bytes);
    if (br.length < bytes.length) {
      writeFileSync(`${path}.br`, br);
      result.br = br.length;
    }
    const gz = gzipSync(bytes, { level: 9 });
    if (gz.length < bytes.length) {
      writeFileSync(`${path}.gz`, gz);
      result.gz = gz.length;
    }
    written.push(result);
  }
  return written;
}

/** Total bytes of the files and of their brotli copies, for the build log. */
export function summary(written) {
  const sum = (key) => written.reduce((total, entry) => total + (entry[key] ?? entry.bytes), 0);
  const kib = (bytes) => (bytes / 1024).toFixed(1);
  return `${written.length} files, ${kib(sum('bytes'))} KiB, brotli ${kib(sum('br'))} KiB, gzip ${kib(sum('gz'))} KiB`;
}

// `node scripts/compress-dist.mjs DIR` compresses a build by hand.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const dir = process.argv[2] ?? 'dist';
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`compress-dist: ${dir} is not a folder`);
    process.exit(1);
  }
  console.log(`compress-dist: ${summary(compressDist(dir))}`);
}
