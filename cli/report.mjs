// What a person reads at a glance: what the file was read as, totals, the most frequent findings
// by level, code and field with a few example rows, where the files went.
import { t, num } from "./messages.mjs";

const TOP = 10;

export function checkLines(r) {
  const out = [];
  if (r.read_as) {
    const a = r.read_as;
    out.push(
      t("readAs", {
        file: r.file,
        format: a.format,
        encoding: a.encoding ? `, ${a.encoding}` : "",
        delimiter: a.delimiter ? `, ${JSON.stringify(a.delimiter)}` : "",
        sheet: a.sheet ? `, ${JSON.stringify(a.sheet)}` : "",
      }),
    );
  }
  if (r.notices.length) {
    out.push(t("fileNotices"));
    for (const n of r.notices.slice(0, 5)) out.push(`  ${n.code}: ${n.message}`);
    if (r.notices.length > 5) out.push(t("moreFindings", { n: r.notices.length - 5 }));
  }
  if (r.broken) out.push(t("brokenFile", { file: r.file }));
  if (r.total === 0) out.push(t("noRows", { file: r.file }));
  else out.push(t("rowsLine", { total: num(r.total), valid: num(r.valid), invalid: num(r.invalid) }));
  if (r.dropped) out.push(t("droppedLine", { dropped: num(r.dropped) }));
  const request = [...r.errors.map((e) => ["error", e]), ...r.warnings.map((e) => ["warning", e])];
  if (request.length) {
    out.push(t("requestIssues"));
    for (const [level, e] of request) out.push(`  ${t(`${level}_level`)} ${e.code}${e.field ? ` (${e.field})` : ""}: ${e.message}`);
  }
  if (r.findings.length) {
    out.push(t("findings"));
    for (const f of r.findings.slice(0, TOP))
      out.push(
        t("findingLine", {
          count: num(f.count),
          level: t(`${f.level}_level`),
          code: f.code,
          field: f.field ? ` (${f.field})` : "",
          message: f.message,
          rows: f.rows.join(", ") + (f.count > f.rows.length ? ", …" : ""),
        }),
      );
    if (r.findings.length > TOP) out.push(t("moreFindings", { n: r.findings.length - TOP }));
  }
  return out;
}


/**
 * The exit code of a check: 2 when the file is broken or the request cannot be sent at all (an
 * empty file, a request-level error), 1 when some rows are invalid, 0 when every row is valid.
 */
export function checkExit(r) {
  if (r.errors.length || r.broken) return 2;
  return r.invalid > 0 || !r.ok ? 1 : 0;
}
