// Reading: the library's TableReader on the file's bytes (format, encoding, delimiter and header
// row found from the bytes), 1 MiB at a time, so CSV, TSV and NDJSON of any size stay in bounded
// memory; workbooks (which TableReader refuses) are read whole by readTable with the spreadsheet
// module. Rows come out in chunks, in file order.
import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { TableReader, readTable, loadSpreadsheets } from "./library.mjs";
import { lang } from "./messages.mjs";

/**
 * Yields { rows, headers, delimiter, workbook } chunks of at most `chunk` rows. `state.table` is
 * set once the file is read to its end (what it was read as, its notices); `state.bytes` counts
 * the bytes read so far.
 */
export async function* tableChunks(file, { chunk = 2000, state = {} } = {}) {
  const fileName = path.basename(file);
  const reader = new TableReader({ fileName, locale: lang() });
  let rows = [];
  let workbook = false;
  state.bytes = 0;
  try {
    for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) {
      state.bytes += piece.length;
      for (const row of reader.push(piece)) rows.push(row);
      while (rows.length >= chunk)
        yield { rows: rows.splice(0, chunk), headers: reader.headers, delimiter: reader.delimiter ?? null, workbook };
    }
    state.table = reader.finish();
    for (const row of state.table.rows) rows.push(row);
  } catch (e) {
    if (e?.code !== "unsupported_format") throw e;
    workbook = true;
  } finally {
    reader.free();
  }
  if (workbook) {
    await loadSpreadsheets();
    state.table = readTable(readFileSync(file), { fileName, locale: lang() });
    rows = state.table.rows;
  }
  const { headers, delimiter } = state.table;
  state.table.rows = [];
  let at = 0;
  while (at < rows.length) {
    yield { rows: rows.slice(at, at + chunk), headers, delimiter: delimiter ?? null, workbook };
    at += chunk;
  }
  // A file without rows still tells its headers.
  if (rows.length === 0) yield { rows: [], headers, delimiter: delimiter ?? null, workbook, last: true };
}
