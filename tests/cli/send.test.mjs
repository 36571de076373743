// `send` end to end against a stand-in server (stand-in-server.mjs) that follows the documented
// contract and injects 429s with Retry-After, 500s, dropped connections, answers lost after the
// import was stored and slow answers: every row of the input is accepted exactly once, in order,
// the rate limit (2 requests a second, polls included) is never exceeded, and a run killed
// halfway and run again finishes the rest. The first test runs at the real rate; the others
// shrink the rate window (MATEO_IMPORT_RATE_MS) to keep the file fast, and check the limit
// against that window.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { run, runJson, tempDir } from "./helpers.mjs";
import { startServer } from "./stand-in-server.mjs";

const TOKEN = "test-token-7f3a9c-never-printed";

function inputFile(dir, n, name = "contacts.csv") {
  const file = path.join(dir, name);
  let csv = "external_id,email\n";
  for (let i = 1; i <= n; i++) csv += `c${i},p${i}@example.de\n`;
  writeFileSync(file, csv);
  return { file, ids: Array.from({ length: n }, (_, i) => `c${i + 1}`) };
}

const env = (extra = {}) => ({
  MATEO_API_TOKEN: TOKEN,
  MATEO_IMPORT_BACKOFF_MS: "50",
  MATEO_IMPORT_TIMEOUT_MS: "1500",
  MATEO_IMPORT_POLL_MS: "50",
  ...extra,
});

function journalEvents(file) {
  return readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
}

function assertNoToken(r, ...files) {
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), "the token is never printed");
  for (const f of files) assert.ok(!readFileSync(f, "utf8").includes(TOKEN), `the token is not in ${f}`);
}

test("send at the real rate through 429s, 500s, dropped connections, lost answers and slow answers", async () => {
  const server = await startServer({
    token: TOKEN,
    // POST numbers: 2 → 429 (Retry-After 1), 3 → 500, 4 → dropped, 5 → stored but answer lost,
    // 7 → slower than the client's timeout (stored), 8 → slow but in time; GET 2 → 500.
    faults: { post: { 2: "429", 3: "500", 4: "drop", 5: "lost", 7: "slow:4000", 8: "slow:1500" }, get: { 2: "500" } },
  });
  try {
    const dir = tempDir();
    const { file, ids } = inputFile(dir, 14);
    const journal = path.join(dir, "journal.jsonl");
    const r = await runJson(
      ["send", file, "--type", "contact_details", "--max-rows", "2", "--base-url", server.url, "--journal", journal],
      { env: env({ MATEO_IMPORT_TIMEOUT_MS: "2500" }) },
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    // Every row accepted exactly once, in order.
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ids);
    assert.equal(server.state.imports.length, 7);
    // The rate: never more than 2 requests in any second, polls and look-ups included.
    assert.ok(server.maxInWindow(1000) <= 2, `max ${server.maxInWindow(1000)} requests in one second`);
    // Retry-After honoured: the request after the 429 came at least a second later.
    const i429 = server.state.requests.findIndex((q) => q.status === 429);
    assert.ok(server.state.requests[i429 + 1].t - server.state.requests[i429].t >= 990);
    // The lost answers (the dropped one after storing, the one slower than the timeout) were
    // found by the reference_id, not sent again.
    assert.ok(server.state.requests.some((q) => q.url.startsWith("/import?reference_id=eq.")));
    assert.match(r.stderr + r.stdout, /no answer within 2\.5 s|"found"/);
    const report = r.json.send;
    assert.equal(report.complete, true);
    assert.equal(report.accepted, 7);
    assert.equal(report.success_count, 14);
    assert.equal(report.batches.filter((b) => b.status === "found").length, 2, JSON.stringify(report.batches));
    for (const [k, b] of report.batches.entries()) {
      assert.equal(b.id, server.state.imports[k].id);
      assert.equal(b.success_count, 2);
      assert.equal(b.failed_count, 0);
      // reference_id = the sha256 of the batch file's bytes.
      const bytes = readFileSync(path.join(report.dir, b.name));
      assert.equal(server.state.imports[k].reference_id, createHash("sha256").update(bytes).digest("hex"));
    }
    assertNoToken(r, journal);
    // A rerun sends nothing: every batch is in the journal with its counts.
    const before = server.state.requests.length;
    const again = await run(["send", file, "--type", "contact_details", "--max-rows", "2", "--base-url", server.url, "--journal", journal], { env: env() });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(server.state.requests.length, before);
    assert.match(again.stdout, /batch-00001\.json: already accepted as import/);
  } finally {
    await server.close();
  }
});

test("a run killed halfway and run again finishes the rest, sending nothing twice", async () => {
  const server = await startServer({ token: TOKEN, faults: { post: {} } });
  try {
    const dir = tempDir();
    const { file, ids } = inputFile(dir, 30);
    const journal = path.join(dir, "journal.jsonl");
    const args = ["send", file, "--type", "contact_details", "--max-rows", "3", "--base-url", server.url, "--journal", journal];
    const e = env({ MATEO_IMPORT_RATE_MS: "300" });
    const first = await run(args, {
      env: e,
      onSpawn: async (child) => {
        // Kill it (SIGKILL: no clean-up) once the journal shows 4 accepted batches.
        for (;;) {
          await sleep(20);
          const accepted = existsSync(journal) ? readFileSync(journal, "utf8").split("\n").filter((l) => l.includes('"accepted"')).length : 0;
          if (accepted >= 4) break;
        }
        child.kill("SIGKILL");
      },
    });
    assert.equal(first.signal, "SIGKILL");
    const storedAtKill = server.state.imports.length;
    assert.ok(storedAtKill >= 4 && storedAtKill < 10, `${storedAtKill} imports stored when killed`);
    const second = await runJson(args, { env: e });
    assert.equal(second.code, 0, second.stderr + second.stdout);
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ids);
    assert.equal(server.state.imports.length, 10);
    assert.ok(second.json.send.batches.filter((b) => b.status === "accepted_before").length >= 4);
    const times = server.state.requests.map((q) => Math.round(q.t));
    assert.ok(server.maxInWindow(300) <= 2, `rate limit (300 ms window): ${times.join(" ")}`);
  } finally {
    await server.close();
  }
});

test("killed after the server stored a batch but before the journal had its id: found by reference_id", async () => {
  // Every POST's answer is slow; the kill comes while the 3rd batch is stored but unanswered.
  const server = await startServer({ token: TOKEN, faults: { post: { 3: "slow" } }, slowMs: 5000 });
  try {
    const dir = tempDir();
    const { file, ids } = inputFile(dir, 10);
    const journal = path.join(dir, "journal.jsonl");
    const args = ["send", file, "--type", "contact_details", "--max-rows", "2", "--base-url", server.url, "--journal", journal];
    const e = env({ MATEO_IMPORT_RATE_MS: "200", MATEO_IMPORT_TIMEOUT_MS: "10000" });
    const first = await run(args, {
      env: e,
      onSpawn: async (child) => {
        while (server.state.imports.length < 3) await sleep(10);
        child.kill("SIGKILL");
      },
    });
    assert.equal(first.signal, "SIGKILL");
    const events = journalEvents(journal);
    const third = events.filter((ev) => ev.file === "batch-00003.json");
    assert.deepEqual(third.map((ev) => ev.event), ["post"], "the journal knows the POST went out, not its answer");
    const second = await runJson(args, { env: e });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ids);
    assert.equal(second.json.send.batches[2].status, "found");
  } finally {
    await server.close();
  }
});

test("a 4xx stops the run with the server's message; a rerun sends the rest in order (one answer without id)", async () => {
  // POST 4 (batch 3 in the rerun) is stored but answered with an empty object: found by reference_id.
  const server = await startServer({ token: TOKEN, faults: { post: { 2: "400", 4: "empty" } } });
  try {
    const dir = tempDir();
    const { file, ids } = inputFile(dir, 8);
    const journal = path.join(dir, "journal.jsonl");
    const args = ["send", file, "--type", "contact_details", "--max-rows", "2", "--base-url", server.url, "--journal", journal];
    const e = env({ MATEO_IMPORT_RATE_MS: "100" });
    const r = await run(args, { env: e });
    assert.equal(r.code, 3);
    assert.match(r.stdout, /batch-00002\.json: refused by the server \(400\): invalid input syntax — stand-in refusal/);
    assert.match(r.stdout, /Stopped: the batches after batch-00002\.json are not sent/);
    assert.equal(server.state.imports.length, 1);
    const r2 = await runJson(args, { env: e });
    assert.equal(r2.code, 0, r2.stderr + r2.stdout);
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ids);
    assert.equal(r2.json.send.batches[2].id, server.state.imports[2].id);
    assert.equal(r2.json.send.batches[2].success_count, 2);
  } finally {
    await server.close();
  }
});

test("the day's 25,000 entities: stops before going over and says when to run again", async () => {
  const server = await startServer({ token: TOKEN, pollsUntilDone: 0 });
  try {
    const dir = tempDir();
    const { file } = inputFile(dir, 10);
    const journal = path.join(dir, "journal.jsonl");
    const args = ["send", file, "--type", "contact_details", "--max-rows", "3", "--base-url", server.url, "--journal", journal];
    // The limit shrunk for the test: 7 entities a day → batches of 3 + 3 go, the third would not fit.
    const r = await run(args, { env: env({ MATEO_IMPORT_RATE_MS: "100", MATEO_IMPORT_DAILY_ENTITIES: "7" }) });
    assert.equal(r.code, 3);
    assert.match(r.stdout, /daily limit of 7 entities is reached \(6 sent today\); batch batch-00003\.json \(3 rows\) is not sent\. Run the same command again after \d{4}-\d\d-\d\d 00:00 UTC/);
    assert.equal(server.state.imports.length, 2);
  } finally {
    await server.close();
  }
});

test("--dry-run sends nothing and needs no token; a missing token is a usage error; a batch directory is sent in name order", async () => {
  const server = await startServer({ token: TOKEN, pollsUntilDone: 0 });
  try {
    const dir = tempDir();
    const { file, ids } = inputFile(dir, 7);
    const outDir = path.join(dir, "batches");
    const s = await run(["split", file, "--type", "contact_details", "--max-rows", "3", "--out-dir", outDir]);
    assert.equal(s.code, 0, s.stderr);
    const dry = await runJson(["send", outDir, "--base-url", server.url, "--dry-run"], { env: { MATEO_API_TOKEN: "" } });
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.json.send.batches.length, 3);
    assert.ok(dry.json.send.batches.every((b) => b.status === "would_send" && /^[0-9a-f]{64}$/.test(b.hash)));
    assert.equal(server.state.requests.length, 0);
    assert.ok(!existsSync(path.join(outDir, "journal.jsonl")));
    const noToken = await run(["send", outDir, "--base-url", server.url]);
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /MATEO_API_TOKEN is not set/);
    assert.equal(server.state.requests.length, 0);
    const wrongToken = await run(["send", outDir, "--base-url", server.url], { env: env({ MATEO_API_TOKEN: "wrong", MATEO_IMPORT_RATE_MS: "100" }) });
    assert.equal(wrongToken.code, 3);
    assert.match(wrongToken.stdout, /refused by the server \(401\): JWT invalid/);
    assert.ok(!wrongToken.stdout.includes("wrong") || !/Bearer/.test(wrongToken.stdout));
    const r = await run(["send", outDir, "--base-url", server.url], { env: env({ MATEO_IMPORT_RATE_MS: "100" }) });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ids);
    assert.ok(existsSync(path.join(outDir, "journal.jsonl")), "DIR's journal defaults to DIR/journal.jsonl");
    assertNoToken(r, path.join(outDir, "journal.jsonl"));
    assert.deepEqual(readdirSync(outDir).sort(), ["batch-00001.json", "batch-00002.json", "batch-00003.json", "journal.jsonl"]);
  } finally {
    await server.close();
  }
});

test("send FILE with invalid rows sends the valid ones and exits 1; a broken file sends nothing", async () => {
  const server = await startServer({ token: TOKEN, pollsUntilDone: 0 });
  try {
    const dir = tempDir();
    const file = path.join(dir, "mixed.csv");
    writeFileSync(file, "external_id,email\nc1,a@example.de\nc2,broken\nc3,c@example.de\n");
    const failed = path.join(dir, "failed.csv");
    const r = await run(["send", file, "--type", "contact_details", "--base-url", server.url, "--failed", failed], { env: env({ MATEO_IMPORT_RATE_MS: "100" }) });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ["c1", "c3"]);
    assert.match(readFileSync(failed, "utf8"), /c2,broken/);
    const broken = path.join(dir, "broken.csv");
    writeFileSync(broken, 'email,name\na@example.de,"Anna\nb@example.de,Bob\n');
    const b = await run(["send", broken, "--type", "contact_details", "--base-url", server.url], { env: env({ MATEO_IMPORT_RATE_MS: "100" }) });
    assert.equal(b.code, 2);
    assert.equal(server.state.imports.length, 1);
  } finally {
    await server.close();
  }
});

test("5xx without end: the batch is given up after its retries (exit 3); a rerun sends it once", async () => {
  const post = {};
  for (let n = 2; n <= 9; n++) post[n] = n % 2 ? "500" : "drop";
  const server = await startServer({ token: TOKEN, faults: { post }, pollsUntilDone: 0 });
  try {
    const dir = tempDir();
    const { file, ids } = inputFile(dir, 4);
    const journal = path.join(dir, "journal.jsonl");
    const args = ["send", file, "--type", "contact_details", "--max-rows", "2", "--base-url", server.url, "--journal", journal];
    const e = env({ MATEO_IMPORT_RATE_MS: "100", MATEO_IMPORT_BACKOFF_MS: "10" });
    const r = await run(args, { env: e });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /batch-00002\.json: gave up after 8 attempts \((network error|HTTP 500).*\); run the same command again to resume/);
    assert.equal(server.state.imports.length, 1);
    const r2 = await run(args, { env: e });
    assert.equal(r2.code, 0, r2.stdout + r2.stderr);
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ids);
  } finally {
    await server.close();
  }
});

test("Ctrl-C (SIGINT) stops with exit 130 and a hint; the rerun finishes", async () => {
  const server = await startServer({ token: TOKEN, pollsUntilDone: 0 });
  try {
    const dir = tempDir();
    const { file, ids } = inputFile(dir, 12);
    const journal = path.join(dir, "journal.jsonl");
    const args = ["send", file, "--type", "contact_details", "--max-rows", "2", "--base-url", server.url, "--journal", journal];
    const e = env({ MATEO_IMPORT_RATE_MS: "200" });
    const first = await run(args, {
      env: e,
      onSpawn: async (child) => {
        while (server.state.imports.length < 2) await sleep(10);
        child.kill("SIGINT");
      },
    });
    assert.equal(first.code, 130);
    assert.match(first.stderr, /interrupted\. `send` resumes where it stopped/);
    const second = await run(args, { env: e });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ids);
  } finally {
    await server.close();
  }
});

test("a journal line cut short by a crash is passed over; identical batches are both sent", async () => {
  const server = await startServer({ token: TOKEN, pollsUntilDone: 0 });
  try {
    const dir = tempDir();
    const file = path.join(dir, "twice.csv");
    // c1 twice (a duplicate: a warning), so batches 1 and 2 have the same bytes.
    writeFileSync(file, "external_id,email\nc1,a@example.de\nc1,a@example.de\nc2,b@example.de\n");
    const outDir = path.join(dir, "batches");
    const s = await run(["split", file, "--type", "contact_details", "--max-rows", "1", "--out-dir", outDir]);
    assert.equal(s.code, 0, s.stdout + s.stderr);
    assert.deepEqual(readFileSync(path.join(outDir, "batch-00001.json")), readFileSync(path.join(outDir, "batch-00002.json")));
    const journal = path.join(outDir, "journal.jsonl");
    writeFileSync(journal, '{"event":"post","hash":"0123'); // a crash in the middle of a line
    const r = await runJson(["send", outDir, "--base-url", server.url], { env: env({ MATEO_IMPORT_RATE_MS: "100" }) });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.deepEqual(server.storedRows().map((row) => row.external_id), ["c1", "c1", "c2"]);
    assert.notEqual(r.json.send.batches[0].hash, r.json.send.batches[1].hash);
    const lines = readFileSync(journal, "utf8").split("\n").filter(Boolean);
    assert.equal(lines[0], '{"event":"post","hash":"0123');
    for (const line of lines.slice(1)) JSON.parse(line); // every later line whole
    // And a rerun sends nothing again.
    const again = await run(["send", outDir, "--base-url", server.url], { env: env({ MATEO_IMPORT_RATE_MS: "100" }) });
    assert.equal(again.code, 0);
    assert.equal(server.state.imports.length, 3);
  } finally {
    await server.close();
  }
});
