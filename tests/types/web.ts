// The README's calls as a TypeScript user writes them, against the browser build's declarations:
// `tsc --strict` must accept every line (tests/js/types.test.mjs runs it). `@ts-expect-error`
// lines must fail: the types are not `any`.
import init, {
  validateImport, validateImportJson, Validator, ImportSession, resolvePhone, readTable,
  TableReader, suggestMapping, applyMapping, planBatches, failedRows, zipFiles, codes,
  type ImportReport, type Issue, type Options, type Mapping, type Table, type Code,
  type ContactRow, type DealRow, type RowOf,
} from "../../pkg/web/mateo_import.js";

export async function check(bytes: Uint8Array): Promise<number> {
  await init();
  const body = { type: "contact_details", payload: [{ external_id: "1" }] };
  const report: ImportReport = validateImport(body);
  validateImport(body, { locale: "de", defaultCountryCodes: ["DE"] });
  validateImport(body, null);
  validateImportJson(JSON.stringify(body));
  const v = new Validator();
  const live = Validator.fromOpenApi({ swagger: "2.0", definitions: {} });
  live.session({ type: "deal_details" }).finish();
  new Validator({ duplicates: "error" });
  v.validateImport(body);
  v.resolvePhone("0151 23456789");
  const phone = resolvePhone(["0151 23456789"]);
  const first: string | null = phone.e164;
  const session = new ImportSession({ type: "contact_details" });
  session.push([{ external_id: "2" }]);
  const summary = session.finish();
  const table: Table = readTable(bytes);
  readTable(bytes, { fileName: "kontakte.csv", locale: "de" });
  const reader = new TableReader();
  reader.push(bytes);
  const delimiter: string | null = reader.delimiter;
  const tables = new Validator({ locale: "de" });
  tables.suggestMapping(table.headers, "deal_details");
  const mapping: Mapping = suggestMapping(table.headers, "contact_details");
  applyMapping(table.rows, mapping);
  const plan = planBatches(report);
  const csv: string = failedRows(report);
  failedRows(report, { format: "json" });
  const xlsx: Uint8Array = failedRows(report, { format: "xlsx", headers: ["Name"] });
  // @ts-expect-error: a workbook is bytes, not text
  const notText: string = failedRows(report, { format: "xlsx" });
  const zip: Uint8Array = zipFiles([{ name: "a.json", data: "{}" }, { name: "b.bin", data: xlsx }]);
  // @ts-expect-error: data is text or bytes
  zipFiles([{ name: "c.json", data: 7 }]);
  const issue: Issue | undefined = report.rows[0]?.errors[0];
  const all: string[] = codes();
  const options: Options = { unknownFields: "strip", locale: "en" };

  const code: Code | undefined = issue?.code;
  const known: Code = "duplicate_dropped";
  // @ts-expect-error: a code is one the library emits
  const unknown: Code = "no_such_code";
  // Rows typed per import type (the embedded field tables).
  const typed = validateImport(body) as ImportReport<ContactRow>;
  const sentRows: ContactRow[] = typed.request?.payload ?? [];
  const contact: ContactRow = { external_id: "1", whatsapp: "+4915123456789", is_blocked: false, my_custom_field: 3 };
  const deal: RowOf<"deal_details"> = { contact_external_id: "c1" };
  const asDeal: DealRow = deal;
  // @ts-expect-error: is_blocked is a boolean
  const wrong: ContactRow = { is_blocked: "yes" };
  // @ts-expect-error: an import type is one of three names
  suggestMapping(table.headers, "contacts");
  // @ts-expect-error: unknownFields takes warn, error or strip
  new Validator({ unknownFields: "drop" });
  // @ts-expect-error: bytes, not text
  readTable("name;email");

  return (first?.length ?? 0) + plan.batches.length + csv.length + (issue ? 1 : 0) + all.length
    + summary.total + Object.keys(options).length + (code ?? known).length + unknown.length
    + sentRows.length + Object.keys(contact).length + Object.keys(asDeal).length + Object.keys(wrong).length
    + zip.length + (delimiter ?? "").length + tables.fieldNames("deal_details").length;
}
