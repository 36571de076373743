// The send journal: an append-only JSON-lines file, each line written and fsynced before the run
// moves on. It records, per batch (by the sha256 of its body file): "post" before a POST may reach
// the server, "accepted" with the import id once the server answered (or the import was found by
// its reference_id), "rejected" for a 4xx, "done" with the server's counts. A rerun reads it and
// never sends an accepted batch again; a batch with "post" but no "accepted" is looked up by its
// reference_id before it is sent again. Nothing secret is written.
import { openSync, writeSync, fsyncSync, closeSync, readFileSync, existsSync } from "node:fs";

export class Journal {
  constructor(file, { dryRun = false } = {}) {
    this.file = file;
    this.dryRun = dryRun;
    this.batches = new Map(); // hash -> { posted, postedAt, rows, id, done, rejected }
    if (existsSync(file)) this.#load();
    this.fd = null;
  }
  #load() {
    const text = readFileSync(this.file, "utf8");
    // A line cut short by a crash: the next line must not be appended to it.
    this.needsNewline = text.length > 0 && !text.endsWith("\n");
    const lines = text.split("\n");
    for (const line of lines) {
      if (!line.trim()) continue;
      let e;
      try {
        e = JSON.parse(line);
      } catch {
        continue; // a line cut short by a crash: the event did not happen as far as we know
      }
      this.#apply(e);
    }
  }
  #apply(e) {
    if (!e?.hash) return;
    let b = this.batches.get(e.hash);
    if (!b) this.batches.set(e.hash, (b = { rows: e.rows ?? 0 }));
    if (e.rows !== undefined) b.rows = e.rows;
    if (e.event === "post") {
      b.posted = true;
      b.postedAt ??= e.at;
      b.rejected = null;
    } else if (e.event === "accepted") {
      b.accepted = true;
      b.id = e.id ?? null;
    }
    else if (e.event === "rejected") b.rejected = { status: e.status, message: e.message };
    else if (e.event === "done") {
      b.accepted = true;
      b.id = e.id;
      b.done = { success_count: e.success_count, failed_count: e.failed_count, failed_url: e.failed_url ?? null, total_count: e.total_count ?? null };
    }
  }
  get(hash) {
    return this.batches.get(hash);
  }
  record(event) {
    const e = { ...event, at: new Date().toISOString() };
    this.#apply(e);
    if (this.dryRun) return;
    if (this.fd === null) this.fd = openSync(this.file, "a");
    writeSync(this.fd, (this.needsNewline ? "\n" : "") + JSON.stringify(e) + "\n");
    this.needsNewline = false;
    fsyncSync(this.fd);
  }
  /** Rows of the batches first posted on the given UTC day (the API's daily quota, as we count it). */
  rowsPostedOn(day) {
    let n = 0;
    for (const b of this.batches.values()) if (b.posted && b.postedAt?.slice(0, 10) === day && !b.rejected) n += b.rows;
    return n;
  }
  close() {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
