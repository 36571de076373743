// Shared helpers of the benchmark scripts.
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, "..");
const require = createRequire(import.meta.url);

/** `--key value` pairs and bare `--flag`s. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) continue;
    const key = argv[i].slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) out[key] = true;
    else out[key] = argv[++i];
  }
  return out;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** The package dir to benchmark: `--pkg DIR` (a dir with node/ and web/), default pkg/. */
export function pkgDir(args) {
  const dir = resolve(ROOT, args.pkg ?? "pkg");
  if (!existsSync(join(dir, "node", "mateo_import.js"))) {
    throw new Error(`${dir}/node/mateo_import.js not found: build first (scripts/build.sh or bench/build-variant.sh)`);
  }
  return dir;
}

/**
 * Loads the Node build (CommonJS, as `require("mateo-import")` gets it) and keeps a handle on the
 * wasm instance so its linear memory can be read: the glue keeps the instance private, so
 * `WebAssembly.Instance` is wrapped for the duration of the load.
 */
export function loadNodePkg(dir) {
  const instances = [];
  const Original = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Original, {
    construct(target, args) {
      const instance = Reflect.construct(target, args);
      instances.push(instance);
      return instance;
    },
  });
  let lib;
  try {
    lib = require(join(dir, "node", "mateo_import.js"));
  } finally {
    WebAssembly.Instance = Original;
  }
  const memory = instances[0]?.exports.memory;
  return { lib, memoryBytes: () => (memory ? memory.buffer.byteLength : NaN) };
}

export const MiB = (bytes) => bytes / 1048576;
export const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** Raw, gzip -9 and brotli (quality 11) sizes of a file, in bytes. */
export function sizes(file) {
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}
