// The command's output file: backpressure waits leave no listener behind (a large file filled
// the stream thousands of times and Node warned of a leak), and a failed run removes the file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { tempDir, root } from "./helpers.mjs";

const { OutFile } = await import(path.join(root, "cli/outfile.mjs"));

test("OutFile: many full buffers, one error listener; the bytes all written", async () => {
  const file = path.join(tempDir(), "out.txt");
  const out = new OutFile(file);
  const listeners = out.stream.listenerCount("error");
  const piece = "x".repeat(64 * 1024); // the stream's buffer is 16 KiB: every write waits
  let waits = 0;
  for (let i = 0; i < 200; i++) {
    if (out.stream.writableLength + piece.length > out.stream.writableHighWaterMark) waits++;
    await out.write(piece);
  }
  assert.ok(waits > 100, `${waits} writes waited for a drain`);
  assert.equal(out.stream.listenerCount("error"), listeners);
  assert.equal(out.stream.listenerCount("drain"), 0);
  await out.close();
  assert.equal(statSync(file).size, 200 * piece.length);
});

test("OutFile: abort before anything was written leaves no file", async () => {
  const file = path.join(tempDir(), "never.txt");
  const out = new OutFile(file);
  await out.abort();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(existsSync(file), false);
  const written = path.join(tempDir(), "some.txt");
  const some = new OutFile(written);
  await some.write("abc");
  await some.abort();
  assert.equal(existsSync(written), false);
  assert.throws(() => readFileSync(written));
});
