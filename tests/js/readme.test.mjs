// The README's code blocks run as written: the "In a Node script" block, on the German Excel
// export it describes, in a directory of its own with `./pkg` linked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");

/** The first ```js block after the heading `heading`. */
function block(heading) {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no heading ${heading}`);
  const start = readme.indexOf("```js\n", at);
  const end = readme.indexOf("\n```", start + 6);
  assert.ok(start > at && end > start, `no js block after ${heading}`);
  return readme.slice(start + 6, end + 1);
}

test("README, In a Node script: the German Excel export gives 3 valid rows and a body", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "readme-node-"));
  try {
    symlinkSync(path.join(root, "pkg"), path.join(dir, "pkg"));
    copyFileSync(path.join(root, "tests/fixtures/files/excel-de.csv"), path.join(dir, "contacts.csv"));
    writeFileSync(path.join(dir, "check.mjs"), block("### In a Node script"));
    const out = execFileSync(process.execPath, ["check.mjs"], { cwd: dir, encoding: "utf8" });
    assert.match(out, /^windows-1252 ; \[ 'encoding_guessed' \]$/m, out);
    assert.match(out, /^3\/3 rows valid \[\]$/m, out);
    const body = JSON.parse(readFileSync(path.join(dir, "body.json"), "utf8"));
    assert.equal(body.type, "contact_details");
    assert.equal(body.contact_list_external_id, "fair-2026");
    assert.deepEqual(
      body.payload.map((r) => [r.full_name, r.whatsapp]),
      [
        ["Jürgen Müller", "+4915123456789"],
        ["Anna-Lena Groß", "+4916098765432"],
        ["Ömer Öztürk", "+49891234567"],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
