// Batches as files: the valid rows, as they come, cut into request bodies by the library's
// planBatches (at most maxRows rows and maxBytes bytes each, in order). Only the last planned
// batch can still grow, so every earlier one is written as soon as it is planned: memory stays
// bounded by one batch, whatever the size of the file, and the cut is the one planBatches makes
// of the whole body.
import { readdirSync, readFileSync, writeFileSync, renameSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { planBatches } from "./library.mjs";

export const batchName = (n) => `batch-${String(n).padStart(5, "0")}.json`;
export const isBatchFile = (name) => /^batch-\d{5,}\.json$/.test(name);

export function batchFiles(dir) {
  return readdirSync(dir).filter(isBatchFile).sort();
}

export class BatchWriter {
  constructor(dir, { maxRows, maxBytes } = {}) {
    this.dir = dir;
    this.limits = {};
    if (maxRows !== undefined) this.limits.maxRows = maxRows;
    if (maxBytes !== undefined) this.limits.maxBytes = maxBytes;
    this.maxRows = maxRows ?? 5000;
    this.head = null;
    this.buffer = [];
    this.files = [];
    this.rows = 0;
    this.plan = null;
  }
  start(head) {
    this.head = head;
  }
  #plan(rows, head = this.head) {
    return planBatches({ ...head, payload: rows }, this.limits);
  }
  #write(body) {
    const name = batchName(this.files.length + 1);
    const file = path.join(this.dir, name);
    // The file's bytes are the body sent (its sha256 is the batch's hash in the journal).
    writeFileSync(file + ".tmp", JSON.stringify(body));
    renameSync(file + ".tmp", file);
    this.files.push(name);
    this.rows += body.payload.length;
  }
  async valid(rows) {
    for (const row of rows) this.buffer.push(row);
    // Planned when two batches' worth of rows are held: each row goes through planBatches
    // about once, and at most 2 × maxRows rows are held.
    if (this.buffer.length < 2 * this.maxRows) return;
    const plan = this.#plan(this.buffer);
    const last = plan.batches.pop();
    for (const b of plan.batches) this.#write(b.body);
    this.buffer = last.body.payload.slice();
  }
  /** Writes the rest; `head` is the checked top-level fields (normalised by the library). */
  finish(head) {
    if (this.buffer.length) {
      const plan = this.#plan(this.buffer);
      for (const b of plan.batches) this.#write(b.body);
      this.buffer = [];
    }
    // The library may have normalised a top-level field (a type's case): rewrite the bodies.
    if (head && JSON.stringify(head) !== JSON.stringify(this.head)) {
      for (const name of this.files) {
        const file = path.join(this.dir, name);
        const body = JSON.parse(readFileSync(file, "utf8"));
        const [b] = planBatches({ ...head, payload: body.payload }, { maxRows: 25000, maxBytes: 1e12 }).batches;
        writeFileSync(file, JSON.stringify(b.body));
      }
    }
    // The whole plan's figures, as planBatches gives them for one plan: days of quota, whole
    // seconds at 2 requests a second (the first two go at once).
    const minSeconds = Math.floor(Math.max(0, this.files.length - 1) / 2);
    return { batches: this.files.length, rows: this.rows, days: Math.ceil(this.rows / 25000), minSeconds };
  }
  /** Removes what was written (a run that failed). */
  abort() {
    for (const name of this.files) rmSync(path.join(this.dir, name), { force: true });
    this.files = [];
  }
}

export function prepareDir(dir, { clear = false } = {}) {
  mkdirSync(dir, { recursive: true });
  const existing = batchFiles(dir);
  if (clear) for (const name of existing) rmSync(path.join(dir, name));
  return clear ? [] : existing;
}
