// readTable and TableReader in Node, on the fixture files (tests/fixtures/files, made by make.py).
import { test } from "node:test";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { CASES, FILES } from "./read-table-cases.mjs";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");
const sheets = require("../../pkg/sheets/node/mateo_import_sheets.js");
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/files");
const files = Object.fromEntries(FILES.map((n) => [n, new Uint8Array(readFileSync(path.join(dir, n)))]));

for (const [name, run] of CASES) test(name, () => run(lib, files, sheets));

test("a Node Buffer is bytes too", () => {
  const t = lib.readTable(readFileSync(path.join(dir, "excel-de.csv")));
  if (t.rows[0].Vorname !== "Jürgen") throw new Error(JSON.stringify(t.rows[0]));
});
