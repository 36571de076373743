// duplicates: keepFirst / keepLast through the package: one row per external_id in the body,
// the others marked `dropped` with `duplicate_dropped`; across the chunks of a large JS payload
// (checked 250 rows at a time) and across session pushes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");

const payload = Array.from({ length: 900 }, (_, i) => ({ external_id: `k${i % 300}`, full_name: `n${i}` }));

for (const [policy, first] of [["keepFirst", 0], ["keepLast", 600]]) {
  test(`${policy}: a 900-row body as objects and as JSON text`, () => {
    const body = { type: "contact_details", payload };
    for (const report of [lib.validateImport(body, { duplicates: policy }), lib.validateImportJson(JSON.stringify(body), { duplicates: policy })]) {
      assert.deepEqual([report.total, report.valid, report.invalid, report.dropped], [900, 300, 0, 600]);
      assert.equal(report.ok, true);
      assert.deepEqual(report.request.payload.map((r) => r.full_name), Array.from({ length: 300 }, (_, i) => `n${first + i}`));
      const dropped = report.rows.filter((r) => r.dropped);
      assert.equal(dropped.length, 600);
      for (const r of dropped) {
        const w = r.warnings.find((w) => w.code === "duplicate_dropped");
        assert.ok(w, JSON.stringify(r));
        assert.equal(payload[w.params.kept_row].external_id, payload[r.index].external_id);
        assert.equal(w.field, "external_id");
      }
      // The body holds the rows' own objects, not copies.
      const kept = report.rows.filter((r) => r.ok && !r.dropped);
      assert.ok(kept.every((r, i) => r.row === report.request.payload[i]));
    }
  });
}

test("keepLast in a session: rows dropped after their push are listed by finish()", () => {
  const s = new lib.ImportSession({ type: "contact_details" }, { duplicates: "keepLast" });
  const a = s.push([{ external_id: "a", full_name: "A1" }, { external_id: "b", full_name: "B1" }]);
  assert.ok(a.every((r) => r.ok && !r.dropped));
  const b = s.push([{ external_id: "a", full_name: "A2" }]);
  assert.ok(b[0].ok && !b[0].dropped);
  const summary = s.finish();
  assert.deepEqual([summary.valid, summary.dropped, summary.invalid], [2, 1, 0]);
  assert.deepEqual(summary.droppedRows.map((d) => [d.index, d.warning.code, d.warning.params.kept_row]), [[0, "duplicate_dropped", 2]]);
  assert.throws(() => new lib.Validator({ duplicates: "keepAll" }), (e) => e.code === "invalid_options");
});

// Rows are compared a chunk at a time, after the chunk's rows are checked; a row's duplicate
// findings still come before a warning added after its check (a value sent as null).
test("a shared handle's warning comes before the row's sent_as_null, in each chunk", () => {
  const payload = Array.from({ length: 600 }, (_, i) => ({
    external_id: `c${i}`,
    email: `p${i % 200}@example.org`,
    ...(i % 7 === 0 ? { city: NaN } : {}),
  }));
  const report = lib.validateImport({ type: "contact_details", payload });
  let both = 0;
  for (const r of report.rows) {
    const codes = r.warnings.map((w) => w.code);
    assert.equal(codes.includes("shared_handle"), r.index >= 200, JSON.stringify(r));
    if (r.index % 7 === 0) {
      assert.equal(codes.at(-1), "sent_as_null", JSON.stringify(r));
      if (r.index >= 200) {
        assert.deepEqual(codes, ["shared_handle", "sent_as_null"]);
        assert.equal(r.warnings[0].params.other_row, r.index % 200);
        both++;
      }
    }
  }
  assert.ok(both > 50, `${both} rows with both`);
});
