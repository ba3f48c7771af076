// Writes .gz and .br siblings for every .js/.css/.html/.svg/.json file in dist/, so the samman server can send
// them pre-compressed (it picks .br or .gz by Accept-Encoding). Prints the gzipped size of the JavaScript.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const EXTENSIONS = /\.(js|css|html|svg|json)$/;
const JS_BUDGET = 100 * 1024;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

let jsGzip = 0;
const rows = [];
for await (const file of walk(dist)) {
  if (!EXTENSIONS.test(file)) continue;
  const data = await readFile(file);
  const gz = gzipSync(data, { level: 9 });
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
  await writeFile(file + '.gz', gz);
  await writeFile(file + '.br', br);
  if (file.endsWith('.js')) jsGzip += gz.length;
  rows.push([relative(dist, file), data.length, gz.length, br.length]);
}

const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' kB';
for (const [name, raw, gz, br] of rows.sort()) console.log(`${kb(raw)}  gzip ${kb(gz)}  br ${kb(br)}  ${name}`);
console.log(`JavaScript total, gzipped: ${kb(jsGzip)} (budget ${kb(JS_BUDGET)})`);
if (jsGzip > JS_BUDGET) {
  console.error('the shell is over its JavaScript budget');
  process.exit(1);
}
await stat(join(dist, 'index.html'));
