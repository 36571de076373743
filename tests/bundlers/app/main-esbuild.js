// esbuild does not emit the .wasm that the glue finds with `new URL(…, import.meta.url)`: the
// file loader gives its URL instead, handed to init (README, "With a bundler").
import init, { validateImport } from "mateo-import";
import wasmUrl from "mateo-import/web/mateo_import_bg.wasm";

await init({ module_or_path: wasmUrl });
const report = validateImport({ type: "contact_details", payload: [{ external_id: "1", whatsapp: "0151 23456789", country_codes: ["DE"] }] });
document.getElementById("out").textContent = JSON.stringify({ valid: report.valid, whatsapp: report.request.payload[0].whatsapp });
