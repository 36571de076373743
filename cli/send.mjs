// The upload: each batch body as one POST {base}/import?select=id, in name order, within the
// API's limits, losing nothing and sending nothing twice.
//
// - One scheduler for every request (POSTs, look-ups and status polls): starts at least 0.55 s
//   apart, so no second ever holds more than 2 requests (the API's limit).
// - A batch's hash is the sha256 of its body file; it is sent as the import's `reference_id`
//   (an assumption: the API's import object has a reference_id "provided during the import").
// - The journal (journal.mjs) is written and fsynced before each POST and after each answer. A
//   batch that may have reached the server (a POST without an answer: a lost connection, a 5xx,
//   a timeout, a crash) is looked up with GET {base}/import?reference_id=eq.{hash} before it is
//   sent again.
// - 429 waits for Retry-After; 5xx and network errors retry with exponential backoff and
//   jitter; any other 4xx stops that batch, and the run (the later batches stay unsent, so rows
//   keep their order), with the server's message.
// - The day's 25,000 entities: rows posted today (UTC) per the journal; the run stops before a
//   batch that would go over and says when to run again.
// Test hooks (environment): MATEO_IMPORT_RATE_MS (the 1-second window), MATEO_IMPORT_BACKOFF_MS,
// MATEO_IMPORT_TIMEOUT_MS, MATEO_IMPORT_POLL_MS, MATEO_IMPORT_DAILY_ENTITIES.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Journal } from "./journal.mjs";
import { batchFiles } from "./batches.mjs";
import { InputError } from "./check.mjs";
import { t, num } from "./messages.mjs";
import { Progress } from "./progress.mjs";

const envNumber = (name, fallback) => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : fallback;
};

const RATE_WINDOW_MS = envNumber("MATEO_IMPORT_RATE_MS", 1000);
const BACKOFF_MS = envNumber("MATEO_IMPORT_BACKOFF_MS", 1000);
const TIMEOUT_MS = envNumber("MATEO_IMPORT_TIMEOUT_MS", 60000);
const POLL_MS = envNumber("MATEO_IMPORT_POLL_MS", 2000);
export const DAILY_ENTITIES = envNumber("MATEO_IMPORT_DAILY_ENTITIES", 25000);
const MAX_ATTEMPTS = 8;
const MAX_THROTTLED = 30;

/**
 * At most 2 requests in any window of RATE_WINDOW_MS, as the server sees them arrive. Requests
 * are made one at a time. A request arrives after it starts and before its answer (or error)
 * comes back, so a request that starts a window after the answer of the one two before it can
 * never share a window with it, however the network or a busy machine delays them; in between,
 * starts are at least 55% of a window apart. The first request waits a whole window, so a run
 * started right after another (a rerun after Ctrl-C, a script's loop) cannot add to that run's
 * last requests.
 */
export class Scheduler {
  constructor(windowMs = RATE_WINDOW_MS) {
    this.window = windowMs;
    this.gap = Math.ceil(windowMs * 0.55);
    this.nextStart = Date.now() + windowMs;
    this.ended = []; // when the answers of the last two requests came back
  }
  /** Waits for the next slot; call the returned function when the request has ended. */
  async slot() {
    for (;;) {
      const twoBack = this.ended.length >= 2 ? this.ended[this.ended.length - 2] + this.window + 5 : 0;
      const wait = Math.max(this.nextStart, twoBack) - Date.now();
      if (wait <= 0) break;
      await sleep(wait);
    }
    this.nextStart = Date.now() + this.gap;
    return () => {
      this.ended.push(Date.now());
      if (this.ended.length > 2) this.ended.shift();
    };
  }
}

class Transient extends Error {}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date). */
function retryAfterMs(value) {
  if (value == null) return null;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const d = Date.parse(value);
  return Number.isFinite(d) ? Math.max(0, d - Date.now()) : null;
}

function backoffMs(attempt) {
  const cap = Math.min(BACKOFF_MS * 2 ** attempt, BACKOFF_MS * 32);
  return Math.round(cap * (0.5 + Math.random() * 0.5));
}

/** The server's message from an error answer (PostgREST-style JSON or text), short. */
function serverMessage(text) {
  try {
    const j = JSON.parse(text);
    const m = [j.message, j.details, j.hint, j.error].filter(Boolean).join(" — ");
    if (m) return m.slice(0, 500);
  } catch {}
  return (text || "").trim().slice(0, 500) || "(no message)";
}

function firstImport(text) {
  try {
    const j = JSON.parse(text);
    const o = Array.isArray(j) ? j[0] : j;
    return o && typeof o === "object" ? o : null;
  } catch {
    return null;
  }
}

class Api {
  constructor(baseUrl, token, scheduler) {
    this.base = baseUrl;
    this.token = token;
    this.scheduler = scheduler;
    this.requests = 0;
  }
  async request(method, pathAndQuery, body) {
    const ended = await this.scheduler.slot();
    try {
      return await this.#request(method, pathAndQuery, body);
    } finally {
      ended();
    }
  }
  async #request(method, pathAndQuery, body) {
    this.requests++;
    const headers = { authorization: `Bearer ${this.token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    try {
      const res = await fetch(this.base + pathAndQuery, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text };
    } catch (e) {
      // A network error or a timeout: the request may or may not have reached the server.
      const cause = e.cause?.code ?? e.cause?.message ?? e.name;
      throw new Transient(e.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : `network error (${cause})`);
    }
  }
}

/** Reads the batch files of DIR: name, bytes, hash, rows (each must be an import body). */
export function loadBatches(dir) {
  let names;
  try {
    names = batchFiles(dir);
  } catch (e) {
    throw new InputError(e.code === "ENOENT" ? t("notFound", { file: dir }) : t("notReadable", { file: dir, reason: e.code }));
  }
  if (!names.length) throw new InputError(t("dirEmpty", { dir }));
  const seen = new Map();
  return names.map((name) => {
    const file = path.join(dir, name);
    const bytes = readFileSync(file);
    let body;
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch (e) {
      throw new InputError(t("badBatchFile", { file, reason: e.message }));
    }
    if (!body || typeof body !== "object" || !Array.isArray(body.payload) || typeof body.type !== "string")
      throw new InputError(t("badBatchFile", { file, reason: "no type or no payload array" }));
    if ("reference_id" in body) throw new InputError(t("badBatchFile", { file, reason: "it has a reference_id already" }));
    // The hash of the bytes; a body that repeats an earlier one of the directory (the same rows
    // twice in the input) gets the hash of its bytes and its occurrence, so it is sent too.
    let hash = createHash("sha256").update(bytes).digest("hex");
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    if (n > 1) hash = createHash("sha256").update(bytes).update(`\n${n}`).digest("hex");
    return { name, file, bytes, hash, rows: body.payload.length };
  });
}

/** The body sent: the batch file's bytes with the batch hash as reference_id, first. */
function sentBody(batch) {
  const text = batch.bytes.toString("utf8");
  return `{"reference_id":${JSON.stringify(batch.hash)},${text.slice(text.indexOf("{") + 1)}`;
}

function nextUtcMidnight(now = new Date()) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  return d.toISOString().replace("T", " ").replace(/:00\.000Z$/, " UTC");
}

/**
 * Sends the batches of `dir`. `say(line)` prints a line for a person. Returns the report.
 */
export async function sendDir(dir, opts, say = () => {}) {
  const batches = loadBatches(dir);
  const journalFile = opts.journal ?? path.join(dir, "journal.jsonl");
  const report = {
    dir,
    journal: opts.dryRun ? null : journalFile,
    base_url: opts.baseUrl,
    dry_run: opts.dryRun,
    batches: [],
    accepted: 0,
    success_count: 0,
    failed_count: 0,
    requests: 0,
    stopped: null,
    complete: false,
  };
  const totalRows = batches.reduce((n, b) => n + b.rows, 0);
  const token = process.env.MATEO_API_TOKEN;
  if (!opts.dryRun && !token) throw new InputError(t("noToken"));
  if (opts.dryRun) say(t("dryRun"));
  say(t("planLine", { batches: num(batches.length), rows: num(totalRows), url: `${opts.baseUrl}/import` }));
  if (opts.dryRun) {
    for (const b of batches) {
      say(t("batchWouldSend", { name: b.name, rows: num(b.rows), bytes: num(b.bytes.length), hash: b.hash.slice(0, 12) }));
      report.batches.push({ name: b.name, hash: b.hash, rows: b.rows, bytes: b.bytes.length, status: "would_send" });
    }
    report.complete = true;
    return report;
  }
  say(t("journalAt", { file: journalFile }));

  const journal = new Journal(journalFile);
  const api = new Api(opts.baseUrl, token, new Scheduler());
  const progress = new Progress();
  const entries = batches.map((b) => ({ name: b.name, hash: b.hash, rows: b.rows, bytes: b.bytes.length, status: "not_sent", id: null }));
  report.batches = entries;

  async function lookup(batch) {
    const r = await api.request("GET", `/import?reference_id=eq.${batch.hash}&select=id`);
    if (r.status === 429) return { wait: retryAfterMs(r.headers.get("retry-after")) ?? backoffMs(0) };
    if (r.status >= 500) throw new Transient(`HTTP ${r.status} on the look-up`);
    if (r.status >= 400) return { error: { status: r.status, message: serverMessage(r.text) } };
    return { id: firstImport(r.text)?.id ?? null };
  }

  // One batch: { status: accepted|found|rejected|gave_up, id?, message? }
  async function sendBatch(batch, entry, mayBeStored) {
    let attempts = 0;
    let throttled = 0;
    let reason = "";
    let needLookup = mayBeStored;
    while (attempts < MAX_ATTEMPTS && throttled < MAX_THROTTLED) {
      try {
        if (needLookup) {
          const found = await lookup(batch);
          if (found.wait !== undefined) {
            throttled++;
            await sleep(found.wait);
            continue;
          }
          if (found.error) {
            const { status: httpStatus, message } = found.error;
            journal.record({ event: "rejected", hash: batch.hash, status: httpStatus, message, file: batch.name });
            return { status: "rejected", httpStatus, message };
          }
          if (found.id) {
            journal.record({ event: "accepted", hash: batch.hash, id: found.id, rows: batch.rows, file: batch.name, via: "reference_id" });
            return { status: "found", id: found.id };
          }
          needLookup = false;
        }
        journal.record({ event: "post", hash: batch.hash, rows: batch.rows, file: batch.name });
        const r = await api.request("POST", "/import?select=id", sentBody(batch));
        if (r.status >= 200 && r.status < 300) {
          let id = firstImport(r.text)?.id;
          // Stored, but no id in the answer (an empty 201, a 204): find it by its reference_id;
          // never send it again. Without an id there are no counts to wait for.
          if (!id) {
            const found = await lookup(batch).catch(() => ({}));
            id = found.id ?? null;
          }
          journal.record({ event: "accepted", hash: batch.hash, id, rows: batch.rows, file: batch.name });
          return { status: "accepted", id };
        }
        if (r.status === 429) {
          throttled++;
          const wait = retryAfterMs(r.headers.get("retry-after")) ?? backoffMs(Math.min(throttled, 5));
          reason = `HTTP 429`;
          if (!opts.json) say(t("retrying", { name: batch.name, reason, seconds: (wait / 1000).toFixed(1) }));
          await sleep(wait);
          continue; // a 429 stored nothing
        }
        if (r.status >= 500) throw new Transient(`HTTP ${r.status}: ${serverMessage(r.text)}`);
        const message = serverMessage(r.text);
        journal.record({ event: "rejected", hash: batch.hash, status: r.status, message, file: batch.name });
        return { status: "rejected", httpStatus: r.status, message };
      } catch (e) {
        if (!(e instanceof Transient)) throw e;
        reason = e.message;
        const wait = backoffMs(attempts);
        attempts++;
        needLookup = true; // the POST may have been stored before the answer was lost
        if (attempts < MAX_ATTEMPTS) {
          if (!opts.json) say(t("retrying", { name: batch.name, reason, seconds: (wait / 1000).toFixed(1) }));
          await sleep(wait);
        }
      }
    }
    return { status: "gave_up", attempts: attempts + throttled, reason };
  }

  try {
    let done = 0;
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i];
      const entry = entries[i];
      progress.update(t("progressBatches", { done, total: batches.length }), done / batches.length);
      const known = journal.get(batch.hash);
      if (known?.accepted) {
        entry.status = "accepted_before";
        entry.id = known.id ?? null;
        say(t("batchSkip", { name: batch.name, id: known.id ?? "?" }));
        done++;
        continue;
      }
      const today = new Date().toISOString().slice(0, 10);
      const countedToday = known?.posted && !known.rejected && known.postedAt?.slice(0, 10) === today;
      const used = journal.rowsPostedOn(today);
      if (!countedToday && used + batch.rows > DAILY_ENTITIES) {
        const when = nextUtcMidnight();
        report.stopped = { reason: "daily_limit", batch: batch.name, used_today: used, limit: DAILY_ENTITIES, run_again_after: when };
        progress.done();
        say(t("quotaStop", { limit: num(DAILY_ENTITIES), used: num(used), name: batch.name, rows: num(batch.rows), when }));
        break;
      }
      const mayBeStored = Boolean(known?.posted && !known.rejected);
      const result = await sendBatch(batch, entry, mayBeStored);
      progress.done();
      entry.status = result.status;
      if (result.status === "accepted" || result.status === "found") {
        entry.id = result.id;
        say(t(result.status === "found" ? "batchFound" : "batchSent", { name: batch.name, rows: num(batch.rows), id: result.id ?? "?" }));
        done++;
        continue;
      }
      if (result.status === "rejected") {
        entry.message = result.message;
        entry.http_status = result.httpStatus ?? result.status;
        report.stopped = { reason: "rejected", batch: batch.name, http_status: result.httpStatus, message: result.message };
        say(t("batchRejected", { name: batch.name, status: result.httpStatus, message: result.message }));
        if (i + 1 < batches.length) say(t("stoppedAfterReject", { name: batch.name }));
      } else {
        entry.message = result.reason;
        report.stopped = { reason: "gave_up", batch: batch.name, message: result.reason };
        say(t("batchGaveUp", { name: batch.name, attempts: result.attempts, reason: result.reason }));
      }
      break;
    }
    progress.done();

    // The counts: poll every accepted import until its success_count and failed_count are in.
    const pending = entries.filter((e) => e.id);
    for (const e of pending) {
      const d = journal.get(e.hash)?.done;
      if (d) Object.assign(e, d);
    }
    let waiting = pending.filter((e) => e.success_count == null);
    const deadline = Date.now() + opts.wait * 1000;
    if (waiting.length && opts.wait > 0) say(t("waiting"));
    while (waiting.length && Date.now() < deadline) {
      for (const e of waiting) {
        if (Date.now() >= deadline) break;
        let r;
        try {
          r = await api.request("GET", `/import?id=eq.${encodeURIComponent(e.id)}&select=id,total_count,success_count,failed_count,failed_url`);
        } catch (err) {
          if (err instanceof Transient) continue;
          throw err;
        }
        if (r.status === 429) {
          await sleep(retryAfterMs(r.headers.get("retry-after")) ?? 1000);
          continue;
        }
        if (r.status !== 200) continue;
        const imp = firstImport(r.text);
        if (imp && imp.success_count != null && imp.failed_count != null) {
          const counts = { success_count: imp.success_count, failed_count: imp.failed_count, failed_url: imp.failed_url ?? null, total_count: imp.total_count ?? null };
          journal.record({ event: "done", hash: e.hash, id: e.id, ...counts });
          Object.assign(e, counts);
        }
      }
      waiting = waiting.filter((e) => e.success_count == null);
      if (waiting.length) await sleep(POLL_MS);
    }
  } finally {
    progress.done();
    journal.close();
    report.requests = api.requests;
  }

  for (const e of entries) {
    if (e.status === "accepted" || e.status === "found" || e.status === "accepted_before") report.accepted++;
    report.success_count += e.success_count ?? 0;
    report.failed_count += e.failed_count ?? 0;
  }
  report.complete = report.accepted === entries.length;
  say("");
  say(t("resultHeader"));
  for (const e of entries) {
    if (!["accepted", "found", "accepted_before"].includes(e.status)) say(t("resultNotSent", { name: e.name }));
    else if (!e.id) say(t("resultNoId", { name: e.name }));
    else if (e.success_count == null) say(t("resultPending", { name: e.name, id: e.id }));
    else say(t("resultLine", { name: e.name, id: e.id, success: num(e.success_count), failed: num(e.failed_count), url: e.failed_url ? ` — ${e.failed_url}` : "" }));
  }
  say(t("totals", { accepted: num(report.accepted), batches: num(entries.length), success: num(report.success_count), failed: num(report.failed_count) }));
  return report;
}
