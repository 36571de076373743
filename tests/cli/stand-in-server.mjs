// A stand-in for the Mateo API's import endpoint (Node's http on 127.0.0.1, an ephemeral port),
// following the documented contract closely enough for the CLI's `send`:
//
//   POST /import?select=id         body: an import ({type, payload, reference_id, …}) → 201 [{"id"}]
//   GET  /import?id=eq.ID          → [import]; the counts stay null for `pollsUntilDone` polls
//   GET  /import?reference_id=eq.H → [{"id"}] or []
//
// Every request needs `Authorization: Bearer <token>` (401 otherwise). Faults are injected by the
// number of the POST (1-based, counted over the server's life) through `faults.post[n]`:
//   "429"   429 with Retry-After (`retryAfter` seconds), nothing stored
//   "500"   500, nothing stored
//   "drop"  the connection is destroyed before anything is stored
//   "lost"  the import is stored, then the connection is destroyed (the answer is lost)
//   "slow"  the import is stored, the answer comes after `slowMs` ("slow:MS": after MS)
//   "400"   400 with a PostgREST-style message, nothing stored
//   "empty" the import is stored, the answer is 201 with an empty object (no id)
// `faults.get[n]` does the same for the n-th GET ("429", "500", "drop", "slow").
// It records every request's arrival time (ms, monotonic) and the imports in the order stored.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

export async function startServer({ token, faults = {}, pollsUntilDone = 1, retryAfter = 1, slowMs = 1500 } = {}) {
  const state = {
    requests: [], // { t, method, url, status }
    imports: [], // in the order stored: { id, reference_id, type, payload, polls }
    posts: 0,
    gets: 0,
    unauthorized: 0,
    faults,
  };
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const rec = { t: performance.now(), method: req.method, url: req.url, status: null };
    state.requests.push(rec);
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString("utf8");
    const send = (status, body, headers = {}) => {
      rec.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    const destroy = () => {
      rec.status = "dropped";
      req.socket.destroy();
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      state.unauthorized++;
      return send(401, { message: "JWT invalid" });
    }
    const url = new URL(req.url, "http://x");
    if (url.pathname !== "/import") return send(404, { message: "not found" });

    if (req.method === "POST") {
      const n = ++state.posts;
      const fault = state.faults.post?.[n];
      if (url.searchParams.get("select") !== "id") return send(400, { message: "expected select=id" });
      if (fault === "429") return send(429, { message: "Too many requests" }, { "retry-after": String(retryAfter) });
      if (fault === "500") return send(500, { message: "internal error" });
      if (fault === "drop") return destroy();
      if (fault === "400") return send(400, { code: "22P02", message: "invalid input syntax", details: "stand-in refusal", hint: null });
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return send(400, { message: "invalid JSON" });
      }
      if (!body || !Array.isArray(body.payload) || typeof body.type !== "string") return send(400, { message: "type and payload required" });
      const imp = { id: randomUUID(), reference_id: body.reference_id ?? null, type: body.type, payload: body.payload, polls: 0 };
      state.imports.push(imp);
      if (fault === "lost") return destroy();
      if (fault === "empty") return send(201, {}); // the documented "Empty" answer: no id
      if (fault?.startsWith("slow")) await new Promise((r) => setTimeout(r, Number(fault.split(":")[1] ?? slowMs)));
      if (res.destroyed || req.socket.destroyed) return;
      return send(201, [{ id: imp.id }]);
    }
    if (req.method === "GET") {
      const n = ++state.gets;
      const fault = state.faults.get?.[n];
      if (fault === "429") return send(429, { message: "Too many requests" }, { "retry-after": String(retryAfter) });
      if (fault === "500") return send(500, { message: "internal error" });
      if (fault === "drop") return destroy();
      if (fault === "slow") await new Promise((r) => setTimeout(r, slowMs));
      const id = url.searchParams.get("id");
      const ref = url.searchParams.get("reference_id");
      if (id?.startsWith("eq.")) {
        const imp = state.imports.find((i) => i.id === id.slice(3));
        if (!imp) return send(200, []);
        imp.polls++;
        const done = imp.polls > pollsUntilDone;
        return send(200, [
          {
            id: imp.id,
            type: imp.type,
            reference_id: imp.reference_id,
            total_count: done ? imp.payload.length : null,
            success_count: done ? imp.payload.length : null,
            failed_count: done ? 0 : null,
            failed_url: null,
          },
        ]);
      }
      if (ref?.startsWith("eq.")) {
        return send(200, state.imports.filter((i) => i.reference_id === ref.slice(3)).map((i) => ({ id: i.id })));
      }
      return send(400, { message: "filter required" });
    }
    return send(405, { message: "method not allowed" });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
    /** The largest number of requests that arrived within any window of `windowMs`. */
    maxInWindow(windowMs = 1000) {
      const ts = state.requests.map((r) => r.t).sort((a, b) => a - b);
      let max = 0;
      let lo = 0;
      for (let hi = 0; hi < ts.length; hi++) {
        while (ts[hi] - ts[lo] >= windowMs) lo++;
        max = Math.max(max, hi - lo + 1);
      }
      return max;
    },
    /** The rows stored, in the order the imports were stored. */
    storedRows() {
      return state.imports.flatMap((i) => i.payload);
    },
  };
}
