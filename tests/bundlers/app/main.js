// The package as a bundler user imports it (README, "With a bundler"): the default export loads
// the .wasm the bundler emitted; then the same call as in Node.
import init, { validateImport } from "mateo-import";

await init();
const report = validateImport({ type: "contact_details", payload: [{ external_id: "1", whatsapp: "0151 23456789", country_codes: ["DE"] }] });
document.getElementById("out").textContent = JSON.stringify({ valid: report.valid, whatsapp: report.request.payload[0].whatsapp });
