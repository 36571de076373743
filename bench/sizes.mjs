// Sizes: raw, gzip -9 and brotli (quality 11) of wasm files and JS bundles.
//
//   node bench/sizes.mjs [--json OUT] [LABEL=FILE ...]
//
// Without arguments: the package in pkg/ (its .wasm and JS glue) and libphonenumber-js's shipped
// minified bundles (bundle/libphonenumber-max.js: "max" metadata, what the baseline uses; and the
// default "min" bundle for reference).
import { existsSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { HERE, ROOT, fmt, sizes } from "./lib.mjs";

const kib = (n) => `${fmt(n / 1024)} KiB`;

const argv = process.argv.slice(2);
let json;
const files = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--json") json = argv[++i];
  else {
    const eq = argv[i].indexOf("=");
    files.push(eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], argv[i]]);
  }
}
if (files.length === 0) {
  const lib = join(HERE, "node_modules", "libphonenumber-js", "bundle");
  files.push(
    ["mateo-import .wasm (pkg/web)", join(ROOT, "pkg", "web", "mateo_import_bg.wasm")],
    ["mateo-import JS glue (pkg/web)", join(ROOT, "pkg", "web", "mateo_import.js")],
    ["libphonenumber-js max bundle", join(lib, "libphonenumber-max.js")],
    ["libphonenumber-js min bundle", join(lib, "libphonenumber-min.js")],
  );
}
const out = {};
for (const [label, file] of files) {
  if (!existsSync(file)) {
    console.log(`${label}: ${file} missing`);
    continue;
  }
  const s = sizes(file);
  out[label] = { file, ...s };
  console.log(`${label.padEnd(40)} raw ${kib(s.raw).padStart(12)}  gzip -9 ${kib(s.gzip).padStart(11)}  brotli ${kib(s.brotli).padStart(11)}`);
}
if (json) {
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, JSON.stringify(out, null, 2));
}
