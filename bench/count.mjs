// One process of the instruction count of the duplicate check (BENCHMARKS.md, sessions 12-13):
// `passes` passes of `validateImport` over a generated set with `duplicates: mode`, run under
// callgrind by bench/count-duplicates.sh.
//   node bench/count.mjs PKG_DIR off|warn PASSES SET
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const [dir, mode, passes, set] = process.argv.slice(2);
const lib = require(`${dir}/node/mateo_import.js`);
const data = fileURLToPath(new URL(`data/${set}.json`, import.meta.url));
const body = JSON.parse(readFileSync(data, "utf8"));
for (let i = 0; i < Number(passes); i++) {
  const r = lib.validateImport(body, { duplicates: mode });
  if (i === 0) console.error(mode, r.valid, r.rows.reduce((n, x) => n + x.warnings.length, 0));
}
