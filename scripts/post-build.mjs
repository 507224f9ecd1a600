// Trunk post-build hook (the one hook: Trunk runs the hooks of a stage at the
// same time, and these steps rewrite the build's files, in this order):
//   1. split the wasm module into the start part and the lazily loaded parts
//      (scripts/split-wasm.mjs);
//   2. move Trunk's inline loader into a file (scripts/externalize-loader.mjs);
//   3. write brotli and gzip copies of the final files (scripts/compress-dist.mjs).
import { compressDist, summary } from './compress-dist.mjs';
import { externalizeLoader } from './externalize-loader.mjs';
import { splitWasm } from './split-wasm.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run as a Trunk hook)');
  process.exit(1);
}
try {
  const split = splitWasm({
    staging,
    sourceDir: process.env.TRUNK_SOURCE_DIR ?? process.cwd(),
    release: process.env.TRUNK_PROFILE === 'release',
  });
  console.log(`post-build: ${split.main} + ${split.parts.length} lazily loaded parts (${split.link})`);
  externalizeLoader(staging);
  console.log(`post-build: precompressed ${summary(compressDist(staging))}`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
