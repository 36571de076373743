// The package this command ships in: the Node ESM entry, and the spreadsheet module loaded only
// when a workbook is read (as the page does). Relative paths: cli/ sits inside the package.
import * as lib from "../node/index.mjs";

export default lib;
export const {
  ImportSession,
  TableReader,
  Validator,
  readTable,
  enableSpreadsheets,
  suggestMapping,
  planBatches,
  failedRows,
} = lib;

let sheetsEnabled = false;
export async function loadSpreadsheets() {
  if (sheetsEnabled) return;
  const sheets = await import("../sheets/node/index.mjs");
  enableSpreadsheets(sheets.default ?? sheets);
  sheetsEnabled = true;
}
