// `node --test scripts/` (make unit): the precompressed copies of a build.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { compressDist } from './compress-dist.mjs';

function build(files) {
  const dir = mkdtempSync(join(tmpdir(), 'dist-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

test('every compressible file gets a brotli and a gzip copy of the same bytes', () => {
  const script = 'export function start() { return "queue"; }\n'.repeat(200);
  const dir = build({
    'switchboard-0123456789abcdef.js': script,
    'index.html': '<!doctype html><title>Switchboard</title>\n'.repeat(50),
    'parts/conversation-0123456789abcdef.wasm': Buffer.alloc(8192, 7),
  });
  try {
    const written = compressDist(dir);
    assert.equal(written.length, 3);
    for (const file of ['switchboard-0123456789abcdef.js', 'index.html', 'parts/conversation-0123456789abcdef.wasm']) {
      const original = readFileSync(join(dir, file));
      assert.deepEqual(brotliDecompressSync(readFileSync(join(dir, `${file}.br`))), original, file);
      assert.deepEqual(gunzipSync(readFileSync(join(dir, `${file}.gz`))), original, file);
      assert.ok(readFileSync(join(dir, `${file}.br`)).length < original.length, file);
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('images, config.json and copies that would not be smaller are left alone', () => {
  const dir = build({
    'picture.png': Buffer.alloc(4096, 1),
    'config.json': '{"api_base": ""}\n'.repeat(100),
    'tiny.css': 'a{}',
  });
  try {
    compressDist(dir);
    for (const file of ['picture.png', 'config.json', 'tiny.css']) {
      assert.equal(existsSync(join(dir, `${file}.br`)), false, file);
      assert.equal(existsSync(join(dir, `${file}.gz`)), false, file);
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});
