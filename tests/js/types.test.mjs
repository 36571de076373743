// The package's TypeScript declarations under `tsc --strict`: the README's calls compile
// (optional arguments are optional), and wrong ones do not (tests/types/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

test("tsc --strict accepts the documented calls and rejects wrong ones", () => {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", path.join(root, "tests/types/tsconfig.json")], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc reported:\n${e.stdout}${e.stderr}`);
  }
});
