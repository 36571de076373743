// Runs the real command (node pkg/cli/mateo-import.mjs) as a child process.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = path.join(root, "pkg/cli/mateo-import.mjs");
export const FIXTURES = path.join(root, "tests/fixtures/files");
export const fixture = (name) => path.join(FIXTURES, name);

if (!existsSync(CLI)) throw new Error("pkg/cli/ is missing: run scripts/build.sh (it copies cli/ into pkg/)");

export const tempDir = () => mkdtempSync(path.join(tmpdir(), "mateo-cli-"));

/** Runs the command; resolves { code, signal, stdout, stderr }. `onSpawn(child)` sees the child. */
export function run(args, { env = {}, nodeArgs = [], cwd = root, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
      cwd,
      // No terminal, English, no token unless the test gives one.
      env: { PATH: process.env.PATH, LANG: "C", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.(child);
  });
}

export async function runJson(args, opts) {
  const r = await run([...args, "--json"], opts);
  let json = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { ...r, json };
}
