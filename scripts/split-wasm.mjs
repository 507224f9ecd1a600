// Splits the app's wasm module into the part every operator loads at start
// and the parts loaded on demand (the conversation, the side panel, the
// pages of the rail...), at the split points the Rust code marks with
// `#[wasm_split]` (see `src/lazy.rs`).
//
// Trunk builds the module and binds it with wasm-bindgen as usual; this step
// then redoes the end of that pipeline on the raw module cargo produced:
//   1. `wasm-split-cli` cuts it at the split points (the raw module carries
//      its relocations: `-C link-args=--emit-relocs` in .cargo/config.toml);
//   2. `wasm-bindgen` binds the main part, keeping the exports the other
//      parts link against;
//   3. `wasm-opt` optimizes every part (release builds): `-Oz`, then the
//      control flow flattened and rebuilt by the relooper (`--flatten
//      --rereloop`), whose simpler blocks the following `-Oz` passes shrink
//      further, repeated until the module stops shrinking (`--converge`).
//      The relooper round takes about 5 KiB off the main part (brotli) and
//      20 seconds of build; `--converge` about 2 KiB more;
//   4. every file is named after the hash of its content, so all of them may
//      be cached forever, and index.html is pointed at the new names.
// Exported as a function for scripts/post-build.mjs; run from Trunk only.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const hash16 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

function run(command, args) {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`split-wasm: ${command} failed (${error.message})`);
  }
}

function cargoTargetDir(sourceDir) {
  if (process.env.CARGO_TARGET_DIR) return process.env.CARGO_TARGET_DIR;
  const metadata = execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], {
    cwd: sourceDir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(metadata.toString()).target_directory;
}

/**
 * Splits the module Trunk staged in `staging` (the files `<crate>-<hash>.js`
 * and `<crate>-<hash>_bg.wasm`) and rewrites index.html there.
 */
export function splitWasm({ staging, sourceDir, release, crate = 'switchboard' }) {
  const indexPath = join(staging, 'index.html');
  let html = readFileSync(indexPath, 'utf8');
  const staged = readdirSync(staging).find((file) => new RegExp(`^${crate}-[0-9a-f]{1,16}_bg\\.wasm$`).test(file));
  if (!staged) throw new Error(`split-wasm: no ${crate}-<hash>_bg.wasm in ${staging}`);
  const oldBase = staged.slice(0, -'_bg.wasm'.length);

  const profile = release ? 'release' : 'debug';
  const targetDir = cargoTargetDir(sourceDir);
  const built = join(targetDir, 'wasm32-unknown-unknown', profile, `${crate}.wasm`);
  if (!existsSync(built)) throw new Error(`split-wasm: ${built} is missing`);
  // A folder of this checkout's own, with its own copy of the raw module
  // taken at once: checkouts that share one target folder (worktrees) then
  // never split, bind or optimize each other's modules.
  const work = join(targetDir, 'wasm-split', `${profile}-${hash16(sourceDir)}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'bindgen'), { recursive: true });
  const raw = join(work, 'raw.wasm');
  copyFileSync(built, raw);

  // 1. Split. The main part is named like the final glue so that the loader
  //    of the other parts imports it from the right file (renamed below).
  run('wasm-split-cli', [raw, work, '--target', 'web', '--out-name', 'main']);
  // 2. Bind the main part.
  run('wasm-bindgen', [
    '--target=web',
    '--keep-lld-exports',
    '--no-demangle',
    '--no-typescript',
    `--out-dir=${join(work, 'bindgen')}`,
    '--out-name=main',
    join(work, 'main.wasm'),
  ]);
  // 3. Optimize every part in place.
  const parts = readdirSync(work).filter(
    (file) => file.endsWith('.wasm') && file !== 'main.wasm' && file !== 'raw.wasm',
  );
  const mainWasm = join(work, 'bindgen', 'main_bg.wasm');
  if (release) {
    // binaryen from npm (tools/package.json): Debian's corrupts these modules.
    const local = join(sourceDir, 'tools', 'node_modules', '.bin', 'wasm-opt');
    const wasmOpt = existsSync(local) ? local : 'wasm-opt';
    for (const file of [mainWasm, ...parts.map((part) => join(work, part))]) {
      run(wasmOpt, ['-Oz', '--flatten', '--rereloop', '-Oz', '--converge', file, '-o', file]);
    }
  }

  // 4. Content-hashed names. The parts first, then the link module that
  //    fetches them, then the glue that imports the link module.
  let link = readFileSync(join(work, '__wasm_split.js'), 'utf8');
  const written = [];
  for (const part of parts) {
    const bytes = readFileSync(join(work, part));
    const name = `${part.slice(0, -'.wasm'.length)}-${hash16(bytes)}.wasm`;
    writeFileSync(join(staging, name), bytes);
    written.push(name);
    link = link.split(`"./${part}"`).join(`"./${name}"`);
  }
  const mainBytes = readFileSync(mainWasm);
  const newBase = `${crate}-${hash16(mainBytes)}`;
  link = link.split('"./main.js"').join(`"./${newBase}.js"`);
  const linkName = `split-${hash16(link)}.js`;
  writeFileSync(join(staging, linkName), link);

  let glue = readFileSync(join(work, 'bindgen', 'main.js'), 'utf8');
  if (!glue.includes("from './__wasm_split.js'") && !glue.includes('from "./__wasm_split.js"')) {
    throw new Error('split-wasm: the glue does not import ./__wasm_split.js; nothing was split');
  }
  glue = glue
    .split("from './__wasm_split.js'").join(`from './${linkName}'`)
    .split('from "./__wasm_split.js"').join(`from "./${linkName}"`)
    .split('main_bg.wasm').join(`${newBase}_bg.wasm`);

  rmSync(join(staging, `${oldBase}_bg.wasm`));
  rmSync(join(staging, `${oldBase}.js`));
  writeFileSync(join(staging, `${newBase}_bg.wasm`), mainBytes);
  writeFileSync(join(staging, `${newBase}.js`), glue);

  // index.html: the new names, the link module fetched with the glue rather
  // than after it (the glue imports it: one round trip less at start), and
  // the integrity of the rewritten files.
  html = html.split(oldBase).join(newBase);
  const preloadGlue = new RegExp(`<link rel="modulepreload" href="\\./${newBase}\\.js"[^>]*>`);
  const glueTag = html.match(preloadGlue);
  if (!glueTag) throw new Error('split-wasm: index.html has no modulepreload of the glue');
  html = html.replace(
    glueTag[0],
    `${glueTag[0]}<link rel="modulepreload" href="./${linkName}" crossorigin="anonymous" integrity="">`,
  );
  html = html.replace(
    /(href|src)="\.\/([^"]+)"([^>]*?)integrity="[^"]*"/g,
    (whole, attribute, file, between) => {
      const path = join(staging, file);
      if (!existsSync(path)) return whole;
      return `${attribute}="./${file}"${between}integrity="${sri(readFileSync(path))}"`;
    },
  );
  writeFileSync(indexPath, html);
  return { main: `${newBase}_bg.wasm`, glue: `${newBase}.js`, link: linkName, parts: written };
}
