#!/usr/bin/env node
// Tiny static server for the demo: www/ at /, pkg/ at /pkg/. Node built-ins only.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1]     (or PORT / HOST env vars)
//
// Sends a strict Content-Security-Policy (the page must work without inline scripts or styles;
// 'wasm-unsafe-eval' is what WebAssembly compilation needs) and no-store caching.
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const host = arg("host", process.env.HOST || "127.0.0.1");
const port = Number(arg("port", process.env.PORT || 8080));

// Longest prefix first.
const mounts = [
  ["/pkg/", path.join(root, "pkg")],
  ["/", path.join(root, "www")],
];

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

const securityHeaders = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; worker-src 'self'; " +
    "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

function send(res, status, body) {
  res.writeHead(status, { ...securityHeaders, "Content-Type": "text/plain; charset=utf-8" });
  res.end(body);
}

async function resolveFile(urlPath) {
  for (const [prefix, dir] of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    const rel = urlPath.slice(prefix.length);
    let file = path.resolve(dir, "." + path.posix.sep + rel);
    if (file !== dir && !file.startsWith(dir + path.sep)) return null; // traversal
    let st = await stat(file).catch(() => null);
    if (st && st.isDirectory()) {
      file = path.join(file, "index.html");
      st = await stat(file).catch(() => null);
    }
    return st && st.isFile() ? { file, size: st.size } : null;
  }
  return null;
}

const server = createServer(async (req, res) => {
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return send(res, 405, "method not allowed\n");
    }
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      return send(res, 400, "bad request\n");
    }
    if (urlPath.includes("\0")) return send(res, 400, "bad request\n");
    const found = await resolveFile(urlPath);
    if (!found) return send(res, 404, `not found: ${urlPath}\n`);
    const type = types[path.extname(found.file).toLowerCase()] || "application/octet-stream";
    res.writeHead(200, { ...securityHeaders, "Content-Type": type, "Content-Length": found.size });
    if (req.method === "HEAD") return res.end();
    createReadStream(found.file)
      .on("error", () => res.destroy())
      .pipe(res);
  } catch (err) {
    send(res, 500, `internal error: ${err.message}\n`);
  }
});

server.on("error", (err) => {
  console.error(`serve: ${err.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`Serving www/ at / and pkg/ at /pkg/ on http://${host}:${actual}/  (Ctrl-C to stop)`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(0));
