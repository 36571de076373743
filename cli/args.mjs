// Command-line arguments: Node's util.parseArgs, then the checks of each value. Every problem is
// a UsageError (exit 2) whose message names the option.
import { parseArgs } from "node:util";
import { t } from "./messages.mjs";

export class UsageError extends Error {
  constructor(message, { usage = false } = {}) {
    super(message);
    this.showUsage = usage;
  }
}

export const TYPES = ["contact_details", "deal_details", "appointment_details"];
export const COMMANDS = ["check", "map", "split", "send"];

const str = { type: "string" };
const CHECK = {
  type: str,
  country: str,
  mapping: str,
  schema: str,
  unknown: str,
  duplicates: str,
  lang: str,
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};
const OPTIONS = {
  check: { ...CHECK, out: str, failed: str },
  map: { ...CHECK, out: str },
  split: { ...CHECK, "max-rows": str, "max-bytes": str, "out-dir": str, failed: str },
  send: {
    ...CHECK,
    "max-rows": str,
    "max-bytes": str,
    failed: str,
    "base-url": str,
    journal: str,
    "dry-run": { type: "boolean" },
    wait: str,
  },
};

export const DEFAULT_BASE_URL = "https://integration.getmateo.com/api/v1";

function choice(option, value, choices) {
  if (value === undefined) return undefined;
  if (!choices.includes(value)) throw new UsageError(t("badChoice", { option: `--${option}`, value, choices: choices.join(", ") }));
  return value;
}

function integer(option, value, min, max) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(t("badNumber", { option: `--${option}`, value, min, max }));
  return n;
}

/** The language asked for on the command line, before the rest is parsed (for the messages). */
export function langArg(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--lang") return argv[i + 1];
    if (argv[i].startsWith("--lang=")) return argv[i].slice(7);
  }
  return undefined;
}

export function parse(argv) {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError(t("noCommand"), { usage: true });
  if (command === "-h" || command === "--help" || command === "help") return { command: "help" };
  if (!COMMANDS.includes(command)) throw new UsageError(t("unknownCommand", { command }), { usage: true });
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS[command], allowPositionals: true, strict: true });
  } catch (e) {
    const option = /'(--?[\w-]+)/.exec(e.message)?.[1];
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option)
      throw new UsageError(t("needsValue", { option }), { usage: true });
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option)
      throw new UsageError(t("unknownOption", { option, command }), { usage: true });
    throw new UsageError(t("badOption", { message: e.message }), { usage: true });
  }
  const v = parsed.values;
  if (v.help) return { command: "help" };
  const [file, ...extra] = parsed.positionals;
  if (extra.length) throw new UsageError(t("extraArgument", { arg: extra[0] }), { usage: true });
  if (file === undefined) throw new UsageError(t("noFile"), { usage: true });

  const opts = {
    command,
    file,
    type: v.type,
    country: v.country?.split(/[,;| ]+/).filter(Boolean).map((c) => c.toUpperCase()),
    mapping: v.mapping,
    schema: v.schema,
    unknown: choice("unknown", v.unknown, ["warn", "error", "strip"]),
    duplicates: choice("duplicates", v.duplicates, ["warn", "error", "keepFirst", "keepLast", "off"]),
    lang: choice("lang", v.lang, ["de", "en"]),
    json: Boolean(v.json),
    out: v.out,
    failed: v.failed,
    outDir: v["out-dir"],
    maxRows: integer("max-rows", v["max-rows"], 1, 25000),
    maxBytes: integer("max-bytes", v["max-bytes"], 1000, 1_000_000_000),
    baseUrl: v["base-url"] ?? DEFAULT_BASE_URL,
    journal: v.journal,
    dryRun: Boolean(v["dry-run"]),
    wait: integer("wait", v.wait, 0, 86400) ?? 900,
  };
  if (opts.type !== undefined) choice("type", opts.type, TYPES);
  if (v.country !== undefined && !opts.country.length) throw new UsageError(t("badChoice", { option: "--country", value: v.country, choices: "DE, AT, CH, …" }));
  if (command === "split" && !opts.outDir) throw new UsageError(t("outDirRequired"), { usage: true });
  if (command === "send") {
    let url;
    try {
      url = new URL(opts.baseUrl);
    } catch {}
    if (!url || !/^https?:$/.test(url.protocol)) throw new UsageError(t("badUrl", { url: opts.baseUrl }));
    opts.baseUrl = opts.baseUrl.replace(/\/+$/, "");
  }
  return opts;
}
