// The Node ESM entry's declarations: the same calls, no init.
import { validateImport, Validator, readTable, ImportSession } from "../../pkg/node/index.mjs";

const report = validateImport({ type: "contact_details", payload: [] });
const v = new Validator();
v.validateRow("contact_details", { external_id: "1" });
new ImportSession({ type: "deal_details" }, { locale: "de" }).finish();
readTable(new Uint8Array());
// @ts-expect-error: the report's counts are numbers
const total: string = report.total;
export { total };
