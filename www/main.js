// The page: collects input and settings, talks to worker.js, renders one page of rows.
//
// Safe by construction: data from files is only ever put into the page with textContent,
// dataset or form values (never innerHTML), and styling is done with classes (the server's CSP
// allows no inline styles or scripts).
//
// Every word the page shows itself comes from i18n.js (t(), data-i18n in index.html); the
// library's messages come in the page's language because every call gets `locale`. Nothing
// here reads a library message's text: codes, params and `note` carry what the page needs.

import { formatNumber, getLanguage, onLanguageChange, setLanguage, setRichText, t, tn } from "./i18n.js";
import { otherRowOf } from "./findings.js";

const PAGE_SIZE = 100;
const TYPES = ["contact_details", "deal_details", "appointment_details"];
const SAMPLES = {
  contact_details: "samples/contacts.csv",
  deal_details: "samples/deals.json",
  appointment_details: "samples/appointments.json",
};
const CUSTOM_FIELDS_SAMPLE = "samples/custom_fields.json";
/** Top-level body fields the settings set; other top-level fields of a JSON body are kept. */
const HEAD_CONTROLLED = ["type", "contact_list_id", "allow_deal_reassignment", "allow_appointment_reassignment"];
const REASSIGN_FLAG = { deal_details: "allow_deal_reassignment", appointment_details: "allow_appointment_reassignment" };
/**
 * The fields a column can be sent as, by import type: a mirror of src/schema/fields.json (the
 * fields the server does not manage), in its order. The library has no call that lists them;
 * tests/e2e/mapping.test.mjs checks this copy against suggestMapping of the field names, so it
 * cannot drift silently. Custom fields and marketing channels come from the settings.
 */
const FIELDS = {
  contact_details: [
    "id", "full_name", "is_blocked", "external_id", "secondary_external_id", "birthday", "salutation", "email", "sms", "whatsapp",
    "instagram", "facebook", "google_business_messaging", "display_name", "address_line1", "address_line2", "city", "zipcode",
    "country", "postal", "whatsapp_marketing_opt_in", "sms_marketing_opt_in", "email_marketing_opt_in", "facebook_marketing_opt_in",
    "instagram_marketing_opt_in", "google_business_messaging_marketing_opt_in", "postal_marketing_opt_in",
    "whatsapp_transactional_opt_in", "sms_transactional_opt_in", "email_transactional_opt_in", "facebook_transactional_opt_in",
    "instagram_transactional_opt_in", "google_business_messaging_transactional_opt_in", "postal_transactional_opt_in", "country_codes",
  ],
  deal_details: ["contact_id", "contact_external_id", "external_id"],
  appointment_details: [
    "id", "name", "description", "external_id", "status_key", "type_key", "assignee_id", "contact_id", "contact_external_id",
    "start_time", "end_time", "confirmed_at", "cancelled_at",
  ],
};
/** The custom field `entity` whose fields apply to rows of each type. */
const ENTITY = { contact_details: "contact", deal_details: "deal", appointment_details: "appointment" };
/** Deal rows take any key (the API documents few), so a mapping may name any field there. */
const OPEN_TYPES = new Set(["deal_details"]);
/** With the API's description in use (see "The API schema"): its fields by type, and which of
 * its tables are open; null: the built-in FIELDS and OPEN_TYPES. */
const live = { fields: null, open: null };
const fieldsOf = (type) => (live.fields ?? FIELDS)[type];
const isOpenType = (type) => (live.open ? live.open[type] : OPEN_TYPES.has(type));
const MAPPING_STORE = "mateo-import.mapping.v1";
/**
 * Batch lines shown at most: each is a line with a button, and a split into more requests than
 * this is not sent by downloading bodies one by one anyway (the counts still cover all of them).
 */
const BATCHES_SHOWN = 200;
/** Quiet time after typing a limit before the body is split again (each split walks every row). */
const PLAN_DELAY_MS = 400;
/** Reasons the page itself gives a column (the library's suggestions carry their own `note`). */
const PAGE_REASONS = new Set(["chosen", "given", "as given"]);

const $ = (id) => document.getElementById(id);
const ui = {
  fatal: $("fatal"),
  version: $("version"),
  type: $("import-type"),
  dropZone: $("drop-zone"),
  chooseFile: $("choose-file"),
  fileInput: $("file-input"),
  loadSample: $("load-sample"),
  pasteToggle: $("paste-toggle"),
  paste: $("paste"),
  pasteText: $("paste-text"),
  pasteRun: $("paste-run"),
  source: $("source"),
  sourceName: $("source-name"),
  duplicates: $("duplicates"),
  sourceFormat: $("source-format"),
  readAs: $("read-as"),
  readEncoding: $("read-encoding"),
  readDelimiter: $("read-delimiter"),
  readSheetGroup: $("read-sheet-group"),
  readSheet: $("read-sheet"),
  countryCodes: $("country-codes"),
  contactListGroup: $("contact-list-group"),
  contactListId: $("contact-list-id"),
  reassignGroup: $("reassign-group"),
  reassign: $("reassign"),
  reassignLabel: $("reassign-label"),
  marketingChannels: $("marketing-channels"),
  customFields: $("custom-fields"),
  applySettings: $("apply-settings"),
  settingsError: $("settings-error"),
  statusText: $("status-text"),
  progress: $("progress"),
  statTotal: $("stat-total"),
  statValid: $("stat-valid"),
  statInvalid: $("stat-invalid"),
  statWarned: $("stat-warned"),
  notices: $("notices"),
  findingsBlock: $("findings-block"),
  findings: $("findings"),
  downloadBody: $("download-body"),
  copyBody: $("copy-body"),
  downloadFailed: $("download-failed"),
  downloadFailedXlsx: $("download-failed-xlsx"),
  actionStatus: $("action-status"),
  batchesToggle: $("batches-toggle"),
  batches: $("batches"),
  batchRows: $("batch-rows"),
  batchMb: $("batch-mb"),
  batchSummary: $("batch-summary"),
  batchError: $("batch-error"),
  batchList: $("batch-list"),
  batchZip: $("batch-zip"),
  batchMore: $("batch-more"),
  batchStatus: $("batch-status"),
  mapping: $("mapping"),
  mappingStatus: $("mapping-status"),
  mappingReset: $("mapping-reset"),
  mappingDownload: $("mapping-download"),
  mappingTable: $("mapping-table"),
  schemaStatus: $("schema-status"),
  schemaIssues: $("schema-issues"),
  schemaChoose: $("schema-choose"),
  schemaFile: $("schema-file"),
  schemaPasteToggle: $("schema-paste-toggle"),
  schemaPaste: $("schema-paste"),
  schemaText: $("schema-text"),
  schemaApply: $("schema-apply"),
  schemaReset: $("schema-reset"),
  schemaError: $("schema-error"),
  mappingNotes: $("mapping-notes"),
  onlyErrors: $("only-errors"),
  pageFirst: $("page-first"),
  pagePrev: $("page-prev"),
  pageNext: $("page-next"),
  pageLast: $("page-last"),
  pageInfo: $("page-info"),
  table: $("rows"),
  empty: $("empty"),
};

const state = {
  /** A row to show and focus once its page is drawn (a duplicate's other row). */
  focusRow: null,
  ready: false,
  loadId: 0,
  /** The worker's "loaded" message for the current data. */
  loaded: null,
  /** The import type whose sample is loaded, or null for the user's own data. */
  sample: null,
  /** Top-level fields of a loaded JSON body that no setting covers (kept as given). */
  headExtras: {},
  runId: 0,
  /** The last progress or done message of the current run. */
  progress: null,
  done: null,
  page: 0,
  pages: 1,
  pageRequest: 0,
  pageInFlight: false,
  /** What the table shows: { runId, rowCount, complete }. */
  shown: null,
  exportId: 0,
  /** What the export in flight is ("body", "batch", …): a batch's outcome is said in its panel. */
  exportWhat: null,
  planId: 0,
  /** The run and limits of the split asked for last (typing and change both ask; one is sent). */
  planKey: null,
  /** The worker's "plan" message shown (its limits are the ones the batch downloads use). */
  plan: null,
  /** Notices about the input itself (CSV problems, an ignored column). */
  fileNotices: [],
  /** The library's `table.broken`: the rows are not what the file meant (an unterminated
   * quote), so nothing of the file is offered for sending. */
  fileBroken: false,
  /** The import type the person chose (a body file's own type does not change it). */
  userType: null,
  /** The source line's text before the import type is added. */
  sourceFormat: "",
  /** The last source loaded and the sample type, to read it again with other read options. */
  source: null,
  suggestId: 0,
  /**
   * The columns' fields: { loadId, type, identity, key, suggested, columns, examples, edited,
   * restored }. `suggested` is what "Reset to suggestions" goes back to; `columns` what is used.
   */
  mapping: null,
  /** The mapping the current run checks with (null: the rows' keys as given). */
  runMapping: null,
};

/** A number as the page's language writes it (10,500 / 10.500). */
const fmt = (n, options) => formatNumber(n, options);

// ---------------------------------------------------------------------------------------------
// The worker

const worker = new Worker("worker.js", { type: "module" });
worker.addEventListener("message", (event) => onWorkerMessage(event.data));
worker.addEventListener("error", (event) => {
  event.preventDefault();
  showFatal(event.message ? t("fatal.workerDetail", { detail: event.message }) : t("fatal.worker"));
});

function onWorkerMessage(msg) {
  switch (msg.kind) {
    case "ready":
      state.ready = true;
      delete ui.version.dataset.i18n; // no longer "Loading…"
      ui.version.textContent = `mateo-import ${msg.version}`;
      customFieldsReady.then(() => {
        if (!state.loaded && state.loadId === 0) loadSample(ui.type.value);
      });
      break;
    case "fatal":
      showFatal(t("fatal.wasm", { detail: msg.detail }));
      break;
    case "reading":
      if (msg.id === state.loadId) {
        ui.progress.max = msg.total;
        ui.progress.value = msg.done;
        setStatus("status.reading", { rows: msg.rows });
      }
      break;
    case "loaded":
      if (msg.id === state.loadId) onLoaded(msg);
      break;
    case "mapping":
      if (msg.id === state.suggestId) onMapping(msg);
      break;
    case "progress":
    case "done":
      if (msg.id === state.runId) onProgress(msg);
      break;
    case "page":
      if (msg.id === state.pageRequest) {
        state.pageInFlight = false;
        renderPage(msg);
      }
      break;
    case "plan":
      if (msg.id === state.planId) onPlan(msg);
      break;
    case "export":
      if (msg.id === state.exportId) onExport(msg);
      break;
    case "schema":
      if (msg.id === schemaState.id) onSchema(msg);
      break;
    case "failed":
      onFailed(msg);
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// The API schema: the built-in tables, or the API's OpenAPI description (a file or pasted text),
// checked and kept by the worker (Validator.fromOpenApi); every run after uses it.

/** `text`: the description in use or asked for (null: the built-in tables); `label`: where it
 * came from, as { key, params } for t(); `source`: the worker's last answer, shown again in the
 * page's language. */
const schemaState = { id: 0, text: null, label: null, shown: null, source: null };
/** Findings of a description shown at most. */
const SCHEMA_ISSUES_SHOWN = 20;

function requestSchema(text, label, { quiet = false } = {}) {
  schemaState.id++;
  schemaState.text = text;
  schemaState.label = label;
  ui.schemaError.hidden = true;
  if (!quiet) ui.schemaStatus.textContent = text === null ? t("schema.switching") : t("schema.reading", { label: t(label.key, label.params) });
  worker.postMessage({ kind: "schema", id: schemaState.id, text, locale: getLanguage() });
}

function showSchemaStatus(source) {
  if (source.source === "embedded") {
    ui.schemaStatus.textContent = t("schema.builtIn");
    return;
  }
  const name = [source.title ?? t("schema.anOpenApi"), source.version].filter(Boolean).join(" ");
  const tables = TYPES.map((type) => {
    const table = source.tables[type];
    const typeName = t(`type.${type}`);
    return table.source === "openapi"
      ? t("schema.table", { type: typeName, definition: table.definition, fields: table.fields })
      : t("schema.tableBuiltIn", { type: typeName });
  });
  const label = schemaState.label ? t(schemaState.label.key, schemaState.label.params) : "";
  ui.schemaStatus.textContent = t("schema.inUse", { name, spec: source.spec ? `OpenAPI ${source.spec}, ` : "", label, tables: tables.join(" · ") });
}

function onSchema({ source, fields }) {
  live.fields = fields;
  live.open = source.source === "openapi" ? Object.fromEntries(TYPES.map((t) => [t, source.tables[t].open])) : null;
  schemaState.source = source;
  showSchemaStatus(source);
  schemaState.shown = source.source;
  ui.schemaReset.disabled = source.source === "embedded";
  ui.schemaIssues.replaceChildren();
  for (const issue of source.issues.slice(0, SCHEMA_ISSUES_SHOWN)) {
    const li = document.createElement("li");
    setRichText(li, issue.message);
    li.dataset.code = issue.code;
    ui.schemaIssues.append(li);
  }
  if (source.issues.length > SCHEMA_ISSUES_SHOWN) {
    const li = document.createElement("li");
    li.textContent = t("schema.more", { n: source.issues.length - SCHEMA_ISSUES_SHOWN });
    ui.schemaIssues.append(li);
  }
  ui.schemaIssues.hidden = source.issues.length === 0;
  requestMapping(); // the fields a column can go to have changed; then checks again
}

function onSchemaFailed(msg) {
  // The library's message, in the page's language (invalid_schema names the reason and where).
  ui.schemaError.textContent = msg.message;
  ui.schemaError.hidden = false;
  ui.schemaStatus.textContent = schemaState.shown === "openapi" ? t("schema.stillBefore") : t("schema.builtIn");
}

ui.schemaChoose.addEventListener("click", () => ui.schemaFile.click());
ui.schemaFile.addEventListener("change", async () => {
  const file = ui.schemaFile.files[0];
  ui.schemaFile.value = "";
  if (!file) return;
  requestSchema(await file.text(), { key: "schema.labelFile", params: { name: file.name } });
});
ui.schemaPasteToggle.addEventListener("click", () => {
  const open = ui.schemaPaste.hidden;
  ui.schemaPaste.hidden = !open;
  ui.schemaPasteToggle.setAttribute("aria-expanded", String(open));
  if (open) ui.schemaText.focus();
});
ui.schemaApply.addEventListener("click", () => requestSchema(ui.schemaText.value, { key: "schema.labelPasted" }));
ui.schemaReset.addEventListener("click", () => requestSchema(null, null));

function onFailed(msg) {
  if (msg.request === "load" && msg.id === state.loadId) {
    setStatus("status.readFailed", { message: msg.message }, "error");
    resetResults();
    setPhase("error");
  } else if ((msg.request === "validate" && msg.id === state.runId) || (msg.request === "suggest" && msg.id === state.suggestId)) {
    // The library's message, in the page's language, as it is.
    showSettingsError(msg.message);
    setStatus("status.fixSettings", {}, "error");
    resetResults();
    setPhase("error");
  } else if (msg.request === "export" && msg.id === state.exportId) {
    setActionStatus(msg.message, "error", exportStatusElement());
  } else if (msg.request === "plan" && msg.id === state.planId) {
    state.planKey = null; // the same limits may be tried again
    showPlanProblem(t("batch.failed", { message: msg.message }), "error");
  } else if (msg.request === "page") {
    state.pageInFlight = false;
  } else if (msg.request === "schema" && msg.id === schemaState.id) {
    onSchemaFailed(msg);
  }
}

function showFatal(message) {
  ui.fatal.textContent = message;
  ui.fatal.hidden = false;
  setStatus("status.unavailable", {}, "error");
  setPhase("error");
}

// ---------------------------------------------------------------------------------------------
// Input

function load(source, sampleType = null, read = {}) {
  if (!state.ready) return;
  state.userType ??= ui.type.value;
  // The new source's name at once: a file that cannot be read is not shown as the one before.
  delete ui.sourceName.dataset.i18n;
  ui.sourceName.textContent = sampleType ? t("source.sample", { name: sourceName(source) }) : sourceName(source);
  state.sourceFormat = "";
  ui.sourceFormat.textContent = "";
  if (!read.keep) ui.readAs.hidden = true;
  if (!read.keep) {
    ui.readEncoding.value = "";
    ui.readDelimiter.value = "";
    ui.readSheet.replaceChildren();
  }
  delete read.keep;
  state.source = { source, sampleType };
  state.sample = sampleType;
  state.loaded = null;
  state.mapping = null;
  state.loadId++;
  state.runId++; // results of the previous data are stale from now on
  state.page = 0;
  state.fileNotices = [];
  state.fileBroken = false;
  resetResults();
  renderMapping();
  setPhase("loading");
  setStatus("status.readingName", { name: sourceName(source) });
  ui.progress.removeAttribute("value"); // indeterminate while the file is read
  // The file's notices come in the page's language.
  worker.postMessage({ kind: "load", id: state.loadId, source, read: { ...read, locale: getLanguage() } });
}

/** The source's name as the page shows it (pasted text has none of its own). */
function sourceName(source) {
  return source.pasted ? t("source.pasted") : source.name;
}

/** The source line: what the file was read as, and the import type it is checked as. */
function renderSource() {
  if (!state.sourceFormat) return;
  const type = ui.type.selectedOptions[0]?.textContent ?? ui.type.value;
  ui.sourceFormat.textContent = `${state.sourceFormat} · ${t("source.checkedAs", { type })}`;
}

/** Reads the same source again with the "Read as" choices. */
function reread() {
  if (!state.source) return;
  const read = { keep: true };
  if (ui.readEncoding.value) read.encoding = ui.readEncoding.value;
  if (ui.readDelimiter.value) read.delimiter = ui.readDelimiter.value;
  if (ui.readSheet.value) read.sheet = ui.readSheet.value;
  load(state.source.source, state.source.sampleType, read);
}
for (const el of [ui.readEncoding, ui.readDelimiter, ui.readSheet]) el.addEventListener("change", reread);

function loadSample(type) {
  const url = SAMPLES[type];
  load({ url, name: url.split("/").pop() }, type);
}

function loadFile(file) {
  if (!file) return;
  load({ file, name: file.name });
}

function onLoaded(msg) {
  state.loaded = msg;
  delete ui.sourceName.dataset.i18n; // no longer "No data yet"
  const name = sourceName(state.source?.source ?? { name: msg.name });
  ui.sourceName.textContent = state.sample ? t("source.sample", { name }) : name;
  ui.source.title = t("source.importOf", { type: ui.type.value });
  const size = msg.bytes >= 1e6 ? `${fmt(msg.bytes / 1e6, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB` : `${fmt(Math.ceil(msg.bytes / 1000))} kB`;
  const known = [",", ";", "\t", "|"].includes(msg.delimiter);
  const delimiter = known ? t(`delimiter.${msg.delimiter}`) : `„${msg.delimiter}“`;
  const r = msg.readAs;
  const what = [r.format === "csv" ? t("source.csv", { delimiter }) : r.format.toUpperCase()];
  if (r.encoding) what.push(r.encoding === "windows-1252" ? "Windows-1252" : r.encoding.toUpperCase());
  if (r.sheet) what.push(t("source.sheet", { sheet: r.sheet }));
  state.sourceFormat = `· ${what.join(" · ")} · ${tn("source.rows", msg.total)} · ${size}`;
  ui.readAs.hidden = false;
  ui.readEncoding.disabled = !r.encoding;
  ui.readDelimiter.disabled = r.format !== "csv";
  ui.readSheetGroup.hidden = r.sheets.length === 0;
  if (r.sheets.length && ui.readSheet.options.length !== r.sheets.length) {
    ui.readSheet.replaceChildren(...r.sheets.map((name) => new Option(name, name)));
  }
  if (r.sheet) ui.readSheet.value = r.sheet;

  const notices = [...msg.notices];
  if (msg.head) {
    // A whole POST /import body: its own top-level fields fill the settings.
    const head = msg.head;
    if (TYPES.includes(head.type)) {
      ui.type.value = head.type;
    } else if (head.type !== undefined) {
      notices.push({ level: "warning", code: "unknown_import_type", message: t("notice.unknownType", { type: JSON.stringify(head.type), as: ui.type.value }) });
    }
    ui.contactListId.value = typeof head.contact_list_id === "string" ? head.contact_list_id : "";
    const flag = REASSIGN_FLAG[ui.type.value];
    ui.reassign.checked = flag ? head[flag] === true : false;
    state.headExtras = Object.fromEntries(Object.entries(head).filter(([k]) => !HEAD_CONTROLLED.includes(k)));
  } else {
    state.headExtras = {};
    // A table has no import type of its own: the person's choice, not one a body loaded before
    // set.
    if (!state.sample && state.userType && ui.type.value !== state.userType) ui.type.value = state.userType;
  }
  state.fileNotices = notices;
  state.fileBroken = msg.broken === true;
  renderSource();
  updateTypeControls();
  requestMapping();
}

// ---------------------------------------------------------------------------------------------
// Settings

function splitList(text) {
  return text
    .split(/[\s,;|]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The options and body head from the settings, or null (with the error shown) if unusable. */
function readSettings() {
  const options = {
    defaultCountryCodes: splitList(ui.countryCodes.value),
    unknownFields: document.querySelector('input[name="unknown-fields"]:checked')?.value ?? "warn",
    duplicates: ui.duplicates.value,
    // The language of every message the library gives for these options.
    locale: getLanguage(),
  };
  const channels = splitList(ui.marketingChannels.value);
  if (channels.length) options.marketingChannels = channels;

  const customText = ui.customFields.value.trim();
  if (customText) {
    let defs;
    try {
      defs = JSON.parse(customText);
    } catch (err) {
      showSettingsError(t("settings.customNotJson", { error: err.message }), true);
      return null;
    }
    if (defs && !Array.isArray(defs) && Array.isArray(defs.data)) defs = defs.data;
    if (!Array.isArray(defs)) {
      showSettingsError(t("settings.customNotArray"), true);
      return null;
    }
    options.customFields = defs;
  }

  const type = ui.type.value;
  const head = { type, ...state.headExtras };
  const listId = ui.contactListId.value.trim();
  if (type === "contact_details" && listId) head.contact_list_id = listId;
  const flag = REASSIGN_FLAG[type];
  if (flag && ui.reassign.checked) head[flag] = true;
  showSettingsError(null);
  return { type, options, head };
}

/** `customFields`: the message is about the custom fields' JSON (marked as invalid). */
function showSettingsError(message, customFields = false) {
  ui.settingsError.hidden = !message;
  ui.settingsError.textContent = message ?? "";
  ui.customFields.classList.toggle("invalid", Boolean(message && customFields));
}

function updateTypeControls() {
  const type = ui.type.value;
  ui.contactListGroup.hidden = type !== "contact_details";
  const flag = REASSIGN_FLAG[type];
  ui.reassignGroup.hidden = !flag;
  ui.reassignLabel.textContent = flag ? t("settings.reassignFlag", { flag }) : t("settings.reassign");
}

function settingsChanged() {
  // Custom fields and channels are targets of the mapping too: suggest again.
  if (state.loaded) requestMapping();
}

// ---------------------------------------------------------------------------------------------
// Columns: which API field each column of the file is sent as

/**
 * Data whose keys are the API's names already (a JSON body or rows, the shipped samples) keeps
 * them: every column goes to its own name and is checked as given, as it always was. Other
 * files (CSV, workbooks) get the library's suggestion.
 */
function identityMode() {
  return Boolean(state.sample) || ["json", "ndjson"].includes(state.loaded?.readAs.format);
}

/** Asks the worker for a suggestion for the loaded columns; the run starts when it comes. */
function requestMapping() {
  if (!state.loaded) return;
  const settings = readSettings();
  if (!settings) {
    startRun(); // says what is wrong with the settings
    return;
  }
  state.suggestId++;
  state.runId++; // results under the previous mapping or settings are stale from now on
  ui.table.dataset.complete = "false";
  setPhase("running");
  setStatus("mapping.matching");
  worker.postMessage({
    kind: "suggest",
    id: state.suggestId,
    loadId: state.loaded.id,
    importType: settings.type,
    options: settings.options,
    identity: identityMode(),
  });
}

function onMapping(msg) {
  if (!state.loaded || msg.loadId !== state.loaded.id) return;
  const prev = state.mapping;
  const suggested = msg.mapping.columns;
  const key = storageKey(msg.importType, state.loaded.columns);
  let columns = suggested.map((c) => ({ ...c }));
  let edited = false;
  let restored = false;
  if (prev && prev.loadId === msg.loadId && prev.type === msg.importType && prev.edited) {
    // A settings change suggests again; the person's choices stay.
    ({ columns, edited, restored } = prev);
  } else {
    const saved = loadSaved(key, suggested);
    if (saved) {
      columns = saved;
      edited = restored = true;
    }
  }
  state.mapping = { loadId: msg.loadId, type: msg.importType, identity: msg.identity, key, suggested, columns, examples: msg.examples, edited, restored };
  renderMapping();
  startRun();
}

/** One entry per set of headers and import type, whatever the order of the columns. */
function storageKey(type, headers) {
  return `${MAPPING_STORE}:${type}:${JSON.stringify([...headers].sort())}`;
}

/** The saved mapping for these columns, in their order, or null (none, or not for these columns). */
function loadSaved(key, suggested) {
  let saved;
  try {
    saved = JSON.parse(localStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
  if (!saved || !Array.isArray(saved.columns)) return null;
  const byHeader = new Map(saved.columns.filter((c) => c && typeof c.header === "string").map((c) => [c.header, c]));
  if (byHeader.size !== suggested.length || !suggested.every((c) => byHeader.has(c.header))) return null;
  return suggested.map(({ header }) => {
    const c = byHeader.get(header);
    const column = { header, field: typeof c.field === "string" ? c.field : null, confidence: Number(c.confidence) || 0, reason: String(c.reason ?? "given") };
    // Still the suggestion: its words too (a saved mapping keeps no text, only the reason's code).
    const suggestion = suggested.find((s) => s.header === header);
    if (suggestion && suggestion.field === column.field && suggestion.reason === column.reason && suggestion.note) column.note = suggestion.note;
    if (["DMY", "MDY", "YMD"].includes(c.dateOrder)) column.dateOrder = c.dateOrder;
    return column;
  });
}

function saveMapping(m) {
  try {
    if (m.edited) localStorage.setItem(m.key, JSON.stringify(mappingJson(m, m.columns)));
    else localStorage.removeItem(m.key);
  } catch {
    // Storage full or switched off: the mapping still applies, it is only not remembered.
  }
}

/** The mapping as plain JSON (what the library takes as `options.mapping`). */
function mappingJson(m, columns) {
  return {
    type: m.type,
    columns: columns.map((c) => {
      const out = { header: c.header, field: c.field, confidence: c.confidence, reason: c.reason };
      if (c.dateOrder) out.dateOrder = c.dateOrder;
      return out;
    }),
  };
}

/**
 * What the check gets as `options.mapping`. None while data in the API's names is left as it
 * is: the rows are then checked exactly as given (a mapping re-orders keys and converts local
 * dates, so even one mapping every key to itself is not the same). Once such data is remapped,
 * its keys that are no field of the type cannot be named in a mapping: they are not sent.
 */
function mappingForCheck() {
  const m = state.mapping;
  if (!m || m.type !== ui.type.value) return null;
  if (m.identity && m.columns.every((c) => c.field === c.header)) return null;
  return mappingJson(m, usableColumns(m));
}

/** The columns as a mapping can say them: a key left as given that is no field goes nowhere. */
function usableColumns(m) {
  if (!m.identity || isOpenType(m.type)) return m.columns;
  const known = new Set(targetFields(m.type).map((t) => t.field));
  return m.columns.map((c) => (c.field === c.header && !known.has(c.field) ? { ...c, field: null } : c));
}

/** The fields a column can be sent as: the type's own, then custom fields, then channels. */
function targetFields(type) {
  const list = fieldsOf(type).map((field) => ({ field, group: "schema" }));
  const taken = new Set(fieldsOf(type));
  const add = (field, group) => {
    if (typeof field === "string" && field && !taken.has(field)) {
      taken.add(field);
      list.push({ field, group });
    }
  };
  const settings = settingsForTargets();
  for (const def of settings.customFields) if ((def?.entity ?? "contact") === ENTITY[type]) add(def?.key, "custom");
  if (type === "contact_details") for (const key of settings.channels) add(key, "channel");
  return list;
}

/** Custom fields and channels as the settings hold them now (unusable JSON: none). */
function settingsForTargets() {
  let customFields = [];
  try {
    let defs = JSON.parse(ui.customFields.value.trim() || "[]");
    if (defs && !Array.isArray(defs) && Array.isArray(defs.data)) defs = defs.data;
    if (Array.isArray(defs)) customFields = defs;
  } catch {
    // readSettings explains it
  }
  return { customFields, channels: splitList(ui.marketingChannels.value) };
}


function renderMapping() {
  const m = state.mapping;
  ui.mapping.hidden = !m;
  if (!m) {
    ui.mappingTable.tBodies[0].replaceChildren();
    return;
  }
  ui.mapping.dataset.type = m.type;
  const targets = targetFields(m.type);
  const known = new Set(targets.map((f) => f.field));
  const fed = new Map();
  for (const c of m.columns) if (c.field !== null) fed.set(c.field, [...(fed.get(c.field) ?? []), c.header]);
  const sentAsGiven = !mappingForCheck();

  const rows = m.columns.map((c, i) => {
    const tr = document.createElement("tr");
    tr.dataset.header = c.header;
    tr.dataset.field = c.field ?? "";
    tr.className = c.field === null ? "unmapped" : "";

    const head = document.createElement("th");
    head.scope = "row";
    head.className = "map-header";
    head.id = `map-col-${i}`;
    head.textContent = c.header;

    const choose = document.createElement("td");
    const select = document.createElement("select");
    select.className = "map-select";
    select.dataset.header = c.header;
    select.setAttribute("aria-labelledby", `map-col-${i} map-sent-as`);
    select.append(new Option(t("mapping.notSent"), ""));
    const groups = new Map();
    const option = (field, group) => {
      if (!groups.has(group)) {
        const og = document.createElement("optgroup");
        og.label = t(`mapping.group.${group}`);
        groups.set(group, og);
      }
      const o = new Option(field, field);
      o.dataset.group = group;
      groups.get(group).append(o);
    };
    for (const f of targets) option(f.field, f.group);
    // A field no list has: a key of data left as given, or a saved field whose custom field is gone.
    if (c.field !== null && !known.has(c.field)) option(c.field, "other");
    select.append(...groups.values());
    select.value = c.field ?? "";
    choose.append(select);
    if (c.field !== null && !known.has(c.field)) {
      const note = document.createElement("div");
      note.className = "map-note";
      note.textContent = t(m.identity && c.field === c.header ? (sentAsGiven || isOpenType(m.type) ? "mapping.sentAsGiven" : "mapping.notSentRemapped") : "mapping.noField");
      choose.append(note);
    }
    const others = c.field === null ? [] : fed.get(c.field).filter((h) => h !== c.header);
    if (others.length) {
      const note = document.createElement("div");
      note.className = "map-note";
      note.textContent = t("mapping.with", { others: others.join(", ") });
      choose.append(note);
    }

    const match = document.createElement("td");
    match.className = "map-match";
    match.dataset.reason = c.reason;
    if (c.field !== null && c.reason !== "chosen" && c.reason !== "as given") {
      const pct = document.createElement("span");
      pct.className = `confidence ${c.confidence >= 0.9 ? "high" : c.confidence >= 0.7 ? "medium" : "low"}`;
      pct.textContent = fmt(c.confidence, { style: "percent", maximumFractionDigits: 0 });
      match.append(pct, " ");
    }
    const reason = document.createElement("span");
    reason.className = "reason";
    // The library's note (in the page's language); words of the page only for its own reasons.
    reason.textContent = c.note ?? t(`reason.${PAGE_REASONS.has(c.reason) ? c.reason : "given"}`);
    match.append(reason);
    if (c.dateOrder && c.field !== null) {
      const order = document.createElement("span");
      order.className = "date-order";
      order.dataset.order = c.dateOrder;
      order.title = t(`dateOrder.title.${c.dateOrder}`);
      order.textContent = t(`dateOrder.${c.dateOrder}`);
      match.append(" ", order);
    }

    const values = document.createElement("td");
    values.className = "map-values";
    const examples = m.examples[c.header] ?? [];
    if (examples.length) {
      for (const v of examples) {
        const span = document.createElement("span");
        span.className = "example";
        span.textContent = v;
        values.append(span);
      }
    } else {
      values.classList.add("muted");
      values.textContent = t("mapping.empty");
    }
    tr.append(head, choose, match, values);
    return tr;
  });
  ui.mappingTable.tBodies[0].replaceChildren(...rows);

  const sent = m.columns.filter((c) => c.field !== null).length;
  let status = t("mapping.status", { sent, total: m.columns.length });
  if (m.restored) status += t("mapping.restored");
  else if (m.edited) status += t("mapping.edited");
  else if (m.identity) status += t("mapping.identity");
  else status += t("mapping.suggested");
  ui.mappingStatus.textContent = status;
  ui.mappingStatus.dataset.restored = String(m.restored);
  ui.mappingReset.disabled = !m.edited;

  // Fields fed by several columns, said once in words.
  const notes = [];
  for (const [field, headers] of fed) {
    if (headers.length < 2) continue;
    const phones = field === "whatsapp" || field === "sms";
    notes.push(t(phones ? "mapping.joinedPhones" : "mapping.joinedText", { headers: headers.join(" + "), field }));
  }
  const check = mappingForCheck();
  if (check && m.identity) {
    const dropped = m.columns.filter((c, i) => c.field !== null && check.columns[i].field === null).map((c) => c.header);
    if (dropped.length) notes.push(tn("mapping.dropped", dropped.length, { list: dropped.join(", ") }));
  }
  ui.mappingNotes.replaceChildren(
    ...notes.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }),
  );
  ui.mappingNotes.hidden = notes.length === 0;
}

function onMappingChange(select) {
  const m = state.mapping;
  if (!m) return;
  const i = m.columns.findIndex((c) => c.header === select.dataset.header);
  if (i < 0) return;
  const field = select.value || null;
  const suggestion = m.suggested[i];
  // Back to the suggestion: its confidence and reason again.
  // Chosen: the page's words, not the suggestion's note.
  const { note: _note, ...column } = m.columns[i];
  m.columns[i] = field === suggestion.field ? { ...suggestion } : { ...column, field, confidence: field ? 1 : 0, reason: "chosen" };
  m.edited = m.columns.some((c, k) => c.field !== m.suggested[k].field);
  m.restored = false;
  saveMapping(m);
  const focused = document.activeElement === select;
  const keyed = performance.now() - lastMapKey < 250;
  renderMapping();
  // The panel was drawn anew: keep the keyboard where it was.
  const now = focused ? ui.mappingTable.querySelector(`select.map-select[data-header="${CSS.escape(select.dataset.header)}"]`) : null;
  now?.focus();
  if (keyed && now) checkWhenKeysRest(now);
  else startRun();
}

function resetMapping() {
  const m = state.mapping;
  if (!m) return;
  m.columns = m.suggested.map((c) => ({ ...c }));
  m.edited = m.restored = false;
  saveMapping(m);
  renderMapping();
  startRun();
}

function downloadMapping() {
  const m = state.mapping;
  if (!m) return;
  // What the library takes back as options.mapping (it refuses a field the type does not have).
  const blob = new Blob([`${JSON.stringify(mappingJson(m, usableColumns(m)), null, 2)}\n`], { type: "application/json" });
  const base = (state.loaded?.name ?? "import").replace(/\.[^.]*$/, "") || "import";
  saveBlob(blob, `${base}-mapping.json`);
}

// ---------------------------------------------------------------------------------------------
// Running

/**
 * Checks the data with the page's settings. `post: false` does all but start the worker: the
 * page says a check is coming (for a field chosen with the arrow keys, see `checkWhenKeysRest`).
 */
function startRun({ post = true } = {}) {
  if (!state.loaded) return;
  if (post) {
    // A check the arrow keys were waiting for is this one.
    clearTimeout(keyedRun);
    keyedRun = null;
  }
  const settings = readSettings();
  if (!settings) {
    // Results for other settings would be misleading (and downloadable): clear them.
    state.runId++;
    resetResults();
    setStatus("status.fixSettings", {}, "error");
    setPhase("error");
    return;
  }
  state.runId++;
  state.progress = null;
  state.done = null;
  state.shown = null;
  state.pageInFlight = false;
  state.runMapping = mappingForCheck();
  if (state.runMapping) settings.options.mapping = state.runMapping;
  ui.table.dataset.complete = "false";
  setActionStatus("");
  resetPlan();
  updateActions();
  ui.progress.max = Math.max(1, state.loaded.total);
  ui.progress.value = 0;
  setPhase("running");
  setStatus(`status.checking.${state.loaded.total === 1 ? "one" : "other"}`, { n: state.loaded.total });
  renderNotices();
  if (post) worker.postMessage({ kind: "validate", id: state.runId, importType: settings.type, options: settings.options, head: settings.head });
}

/** How long the arrow keys rest on a column's field before the data is checked with it. */
const KEYS_REST_MS = 600;
/** When a key last went to a column's select (a change right after it came from the keyboard). */
let lastMapKey = -Infinity;
let keyedRun = null;

/**
 * A field chosen with the keyboard: a person browsing the options with the arrow keys would
 * otherwise start a check on every step. The page says a check is coming at once (the results
 * shown are for the choice before), and starts it when the keys rest or the select is left.
 */
function checkWhenKeysRest(select) {
  clearTimeout(keyedRun);
  startRun({ post: false });
  // startRun clears the timer: leaving the select after the check began starts no other.
  const run = () => {
    select.removeEventListener("blur", run);
    if (keyedRun !== null) startRun();
  };
  keyedRun = setTimeout(run, KEYS_REST_MS);
  select.addEventListener("blur", run, { once: true });
}

function onProgress(msg) {
  state.progress = msg;
  if (msg.kind === "done") state.done = msg;
  ui.progress.max = Math.max(1, msg.total);
  ui.progress.value = msg.kind === "done" ? Math.max(1, msg.total) : msg.done;
  ui.statTotal.textContent = fmt(msg.total);
  ui.statValid.textContent = fmt(msg.valid);
  ui.statInvalid.textContent = fmt(msg.invalid);
  ui.statWarned.textContent = fmt(msg.warned);
  renderFindings(msg.findings);
  if (msg.kind === "done") {
    const time = msg.ms >= 1000 ? `${fmt(msg.ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s` : `${fmt(msg.ms)} ms`;
    const { ok, errors } = msg.summary;
    const counts = t("status.counts", { valid: msg.valid, invalid: msg.invalid });
    const n = msg.total === 1 ? "one" : "other";
    if (errors.length) setStatus(`status.requestErrors.${n}`, { total: msg.total, time, counts }, "error");
    else if (state.fileBroken) setStatus(`status.broken.${n}`, { total: msg.total, time, counts }, "error");
    else if (ok) setStatus(`status.allValid.${n}`, { total: msg.total, time }, "ok");
    else setStatus(`status.checked.${n}`, { total: msg.total, time, counts }, "warn");
    renderNotices();
    updateActions();
    requestPlan();
    requestPage();
    setPhase("done");
  } else {
    setStatus("status.progress", { done: msg.done, total: msg.total });
    // Fill the current page as rows arrive, without queueing requests behind each other.
    const shown = state.shown;
    if (!state.pageInFlight && (!shown || shown.runId !== state.runId || shown.rowCount < PAGE_SIZE)) requestPage();
  }
}

function resetResults() {
  state.progress = null;
  state.done = null;
  state.shown = null;
  for (const el of [ui.statTotal, ui.statValid, ui.statInvalid, ui.statWarned]) el.textContent = "0";
  ui.progress.max = 1;
  ui.progress.value = 0;
  renderFindings([]);
  renderNotices();
  resetPlan();
  updateActions();
  ui.table.tHead.rows[0].replaceChildren();
  ui.table.tBodies[0].replaceChildren();
  ui.table.dataset.complete = "false";
  ui.empty.hidden = true;
  ui.pageInfo.textContent = "–";
  updatePager();
}

/** What the page is doing (loading, running, done, error), as body[data-phase] for styling and tests. */
function setPhase(phase) {
  document.body.dataset.phase = phase;
}

/** The status line: a key of i18n.js and its params, kept so a switch of language says it again. */
function setStatus(key, params = {}, tone = "") {
  state.status = { key, params, tone };
  delete ui.statusText.dataset.i18n; // the page's own line from now on
  ui.statusText.textContent = t(key, params);
  ui.statusText.className = `status-text${tone ? ` tone-${tone}` : ""}`;
}

function renderFindings(findings) {
  const items = findings.map((f) => {
    const li = document.createElement("li");
    li.className = `finding ${f.severity}`;
    li.dataset.code = f.code;
    li.dataset.severity = f.severity;
    const code = document.createElement("span");
    code.className = "finding-code";
    code.textContent = f.code;
    const count = document.createElement("span");
    count.className = "finding-count";
    count.textContent = `×${fmt(f.count)}`;
    const fields = document.createElement("span");
    fields.className = "finding-fields";
    const names = f.fields.map((field) => field ?? t("findings.row")).join(", ");
    fields.textContent = names;
    li.title = t("findings.tooltip", { severity: t(`severity.${f.severity}`), code: f.code, fields: names });
    li.append(code, count, fields);
    return li;
  });
  ui.findings.replaceChildren(...items);
  ui.findingsBlock.hidden = items.length === 0;
}

/** File notices and, once the run is done, the request-level errors and warnings. */
function renderNotices() {
  const list = [...(state.fileNotices ?? [])];
  if (state.done) {
    for (const e of state.done.summary.errors) list.push({ level: "error", ...e });
    for (const w of state.done.summary.warnings) list.push({ level: "warning", ...w });
  }
  const items = list.map((n) => {
    const li = document.createElement("li");
    li.className = `notice ${n.level}`;
    li.dataset.code = n.code;
    const code = document.createElement("span");
    code.className = "issue-code";
    code.textContent = n.field ? `${n.code} · ${n.field}` : n.code;
    const text = document.createElement("span");
    setRichText(text, n.message);
    li.append(code, text);
    return li;
  });
  ui.notices.replaceChildren(...items);
  ui.notices.hidden = items.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Output

function updateActions() {
  const d = state.done;
  const bodyOk = Boolean(d && d.summary.request && d.valid > 0 && !state.fileBroken);
  ui.downloadBody.disabled = !bodyOk;
  ui.copyBody.disabled = !bodyOk;
  ui.downloadFailed.disabled = !(d && d.invalid > 0);
  ui.downloadFailedXlsx.disabled = !(d && d.invalid > 0);
  ui.downloadBody.textContent = d && bodyOk ? tn("actions.bodyRows", d.valid) : t("actions.body");
  ui.downloadFailed.textContent = d && d.invalid > 0 ? t("actions.failedCount", { n: d.invalid }) : t("actions.failed");
  // An open panel keeps its button, so it can be closed while a new check runs.
  ui.batchesToggle.disabled = !bodyOk && ui.batches.hidden;
}

/** `extra`: a batch download's limits and number. */
function requestExport(what, extra = {}) {
  if (!state.done) return;
  state.exportId++;
  state.exportWhat = what;
  setActionStatus(t(what === "body-text" ? "actions.copying" : "actions.preparing"), "", exportStatusElement());
  // The language decides the failed-rows file's delimiter for input that has none (";" in German).
  worker.postMessage({ kind: "export", id: state.exportId, runId: state.runId, what, locale: getLanguage(), ...extra });
}

/** Where the export in flight reports: next to the batch buttons for a batch, else the actions. */
function exportStatusElement() {
  return state.exportWhat === "batch" || state.exportWhat === "zip" ? ui.batchStatus : ui.actionStatus;
}

function onExport(msg) {
  if (msg.what === "body-text") {
    navigator.clipboard.writeText(msg.text).then(
      () => setActionStatus(tn("actions.copied", state.done?.valid ?? 0), "ok"),
      (err) => setActionStatus(t("actions.copyFailed", { error: err.message }), "error"),
    );
    return;
  }
  saveBlob(msg.blob, msg.name);
  setActionStatus(t("actions.saved", { name: msg.name }), "ok", exportStatusElement());
}

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function setActionStatus(text, tone = "", el = ui.actionStatus) {
  el.textContent = text;
  el.className = `action-status${tone ? ` tone-${tone}` : ""}`;
}

// ---------------------------------------------------------------------------------------------
// Split into requests: the worker splits the body with the library's planBatches and answers
// with the batches' places and sizes; a body is sent over only when its download is asked for.

const kb = (bytes) => `${fmt(bytes / 1000, { maximumFractionDigits: 1 })} kB`;
/** "1 row", "3 rows" in the page's language (`word`: request, row, day). */
const plural = (n, word) => tn(`count.${word}`, n);

function toggleBatches() {
  const open = ui.batches.hidden;
  ui.batches.hidden = !open;
  ui.batchesToggle.setAttribute("aria-expanded", String(open));
  updateActions();
  if (open) requestPlan();
}

/**
 * The limits as the inputs hold them, or `{ error }`. MB are 1,000,000 bytes (the library's
 * default of 5,000,000 bytes is "5 MB"); planBatches takes whole numbers only.
 */
function readLimits() {
  const maxRows = Number(ui.batchRows.value);
  const maxBytes = Math.round(Number(ui.batchMb.value) * 1e6);
  // An empty value is also what a number input gives for text that is no number.
  const rowsOk = ui.batchRows.value !== "" && Number.isSafeInteger(maxRows) && maxRows >= 1;
  const bytesOk = ui.batchMb.value !== "" && Number.isSafeInteger(maxBytes) && maxBytes >= 1;
  ui.batchRows.setAttribute("aria-invalid", String(!rowsOk));
  ui.batchMb.setAttribute("aria-invalid", String(!bytesOk));
  if (!rowsOk) return { error: t("batch.rowsInvalid") };
  if (!bytesOk) return { error: t("batch.mbInvalid") };
  return { maxRows, maxBytes };
}

let planTimer = 0;

/** Splits again soon after typing stops; a change (Enter, leaving the field) splits at once. */
function limitsTyped() {
  clearTimeout(planTimer);
  planTimer = setTimeout(requestPlan, PLAN_DELAY_MS);
}

/** Asks the worker for the split of the current body, when the panel is open and there is one. */
function requestPlan() {
  clearTimeout(planTimer);
  if (ui.batches.hidden) return;
  const d = state.done;
  if (!d) {
    showPlanProblem(t(state.progress ? "batch.waiting" : "batch.noData"), "waiting");
    return;
  }
  if (!d.summary.request || d.valid === 0 || state.fileBroken) {
    const why = !d.summary.request ? "batch.requestErrors" : state.fileBroken ? "batch.broken" : "batch.noValid";
    showPlanProblem(t(why), "waiting");
    return;
  }
  const limits = readLimits();
  if (limits.error) {
    state.planKey = null;
    showPlanProblem(limits.error, "error");
    return;
  }
  const key = `${state.runId}:${limits.maxRows}:${limits.maxBytes}`;
  if (key === state.planKey) return;
  state.planKey = key;
  state.planId++;
  ui.batches.dataset.state = "planning";
  ui.batchSummary.textContent = t("batch.splitting", { rows: plural(d.valid, "row") });
  worker.postMessage({ kind: "plan", id: state.planId, runId: state.runId, ...limits });
}

function resetPlan() {
  clearTimeout(planTimer);
  state.planId++; // an answer on its way is for the old run (a failure would carry no run id)
  state.plan = null;
  state.planKey = null;
  setActionStatus("", "", ui.batchStatus);
  // Cleared even when closed: opened again, it must not show the old run's batches meanwhile.
  showPlanProblem("", "waiting");
  requestPlan(); // when open: says why there is nothing yet
}

/** No batches to show: the reason, as a note (`waiting`) or an error. */
function showPlanProblem(message, kind) {
  state.plan = null;
  ui.batches.dataset.state = kind;
  ui.batchSummary.textContent = kind === "waiting" ? message : "";
  ui.batchError.textContent = kind === "waiting" ? "" : message;
  ui.batchError.hidden = kind === "waiting";
  delete ui.batchError.dataset.code;
  delete ui.batchError.dataset.row;
  ui.batchList.replaceChildren();
  ui.batchMore.hidden = true;
  ui.batchZip.disabled = true;
}

function onPlan(msg) {
  if (msg.runId !== state.runId) return;
  if (msg.tooLarge) {
    const big = msg.tooLarge;
    // The row's number in the file (and in the table), which is where a person can find it.
    const which = big.index === null ? t("batch.validRow", { n: big.sent + 1 }) : t("batch.fileRow", { n: big.index + 1 });
    showPlanProblem(t("batch.tooLarge", { which, bytes: big.bytes, max: big.maxBytes }), "too-large");
    ui.batchError.dataset.code = "row_too_large";
    ui.batchError.dataset.row = String(big.index ?? "");
    return;
  }
  state.plan = msg;
  setActionStatus("", "", ui.batchStatus); // a "Saved …" of the plan before
  ui.batches.dataset.state = "planned";
  ui.batches.dataset.limits = `${msg.maxRows}:${msg.maxBytes}`;
  ui.batchError.hidden = true;
  ui.batchError.textContent = "";
  delete ui.batchError.dataset.code;
  delete ui.batchError.dataset.row;

  const n = msg.batches.length;
  const l = msg.limits;
  ui.batchSummary.replaceChildren(
    fact(plural(n, "request"), t("batch.for", { rows: plural(msg.rows, "row") }), true),
    fact(plural(msg.days, "day"), t("batch.quota", { n: l.dailyEntities }), true),
    fact(duration(msg.minSeconds), t("batch.rate", { n: l.requestsPerSecond })),
  );
  ui.batchList.replaceChildren(...msg.batches.slice(0, BATCHES_SHOWN).map((b, i) => batchElement(b, i, n)));
  ui.batchMore.hidden = n <= BATCHES_SHOWN;
  ui.batchMore.textContent = t("batch.more", { shown: BATCHES_SHOWN, n });
  ui.batchZip.disabled = false;
}

/**
 * One figure of the split: a bold value and what it means. The figures stand apart by spacing
 * alone; `more` adds a comma for screen readers, which would otherwise read them as one phrase.
 */
function fact(value, text, more = false) {
  const el = document.createElement("span");
  el.className = "batch-fact";
  const strong = document.createElement("strong");
  strong.textContent = value;
  el.append(strong, ` ${text}`);
  if (more) {
    const comma = document.createElement("span");
    comma.className = "visually-hidden";
    comma.textContent = ", ";
    el.append(comma);
  }
  return el;
}

function duration(seconds) {
  if (seconds < 1) return t("batch.underSecond"); // one or two requests go out in the same second
  if (seconds < 60) return `${fmt(seconds)} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return h ? `${fmt(h)} h ${m} min` : `${m} min${s ? ` ${s} s` : ""}`;
}

function batchElement(b, i, n) {
  const li = document.createElement("li");
  li.className = "batch";
  li.dataset.batch = String(i);
  li.dataset.first = String(b.first);
  li.dataset.rows = String(b.rows);
  li.dataset.bytes = String(b.bytes);
  const no = document.createElement("span");
  no.className = "batch-no";
  no.textContent = t("batch.request", { n: i + 1 });
  const range = b.rows === 1 ? t("batch.row", { n: b.first + 1 }) : t("batch.rows", { first: b.first + 1, last: b.first + b.rows });
  const rows = document.createElement("span");
  rows.className = "batch-rows";
  rows.textContent = `${range} (${fmt(b.rows)})`;
  const size = document.createElement("span");
  size.className = "batch-size";
  size.textContent = kb(b.bytes);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button small";
  button.dataset.batch = String(i);
  button.textContent = t("batch.download");
  // Every line has a "Download": say which one for screen readers (the visible word in it).
  button.setAttribute("aria-label", t("batch.downloadLabel", { i: i + 1, n, range }));
  li.append(no, rows, size, button);
  return li;
}

function downloadBatch(button) {
  const p = state.plan;
  if (!p) return;
  // The limits of the list shown, whatever the inputs hold while a new split is on its way.
  requestExport("batch", { maxRows: p.maxRows, maxBytes: p.maxBytes, batch: Number(button.dataset.batch) });
}

// ---------------------------------------------------------------------------------------------
// The table

function requestPage() {
  if (!state.progress) return;
  state.pageRequest++;
  state.pageInFlight = true;
  worker.postMessage({
    kind: "page",
    id: state.pageRequest,
    runId: state.runId,
    page: state.page,
    pageSize: PAGE_SIZE,
    onlyErrors: ui.onlyErrors.checked,
  });
}

function renderPage(msg) {
  if (msg.runId !== state.runId) return;
  state.page = msg.page;
  state.pages = msg.pages;
  state.shown = { runId: msg.runId, rowCount: msg.rows.length, complete: msg.complete };
  ui.table.dataset.complete = String(msg.complete);

  const columns = msg.columns;
  const view = viewOf(state.runMapping, columns);
  const headRow = ui.table.tHead.rows[0];
  headRow.replaceChildren(th("#", "col-index"), th(t("rows.status"), "col-status"), ...columns.map((c) => columnHead(c, view)));

  const body = document.createDocumentFragment();
  for (const r of msg.rows) body.append(rowElement(r, columns, view));
  ui.table.tBodies[0].replaceChildren(body);

  const filtered = ui.onlyErrors.checked;
  if (msg.available === 0) {
    ui.empty.hidden = false;
    ui.empty.textContent = t(filtered ? (msg.complete ? "rows.noErrors" : "rows.noErrorsYet") : "rows.none");
  } else {
    ui.empty.hidden = true;
  }
  const first = msg.available ? msg.page * PAGE_SIZE + 1 : 0;
  const last = msg.page * PAGE_SIZE + msg.rows.length;
  ui.pageInfo.textContent = t(filtered ? "rows.pageInfoErrors" : "rows.pageInfo", {
    first,
    last,
    available: msg.available,
    sofar: msg.complete ? "" : t("rows.soFar"),
    page: msg.page + 1,
    pages: msg.pages,
  });
  updatePager();
  if (state.focusRow != null) {
    const tr = ui.table.querySelector(`tr[data-index="${state.focusRow}"]`);
    state.focusRow = null;
    if (tr) {
      tr.tabIndex = -1;
      tr.scrollIntoView({ block: "center" });
      tr.focus({ preventScroll: true });
      tr.classList.remove("flash");
      void tr.offsetWidth; // restart the animation
      tr.classList.add("flash");
    }
  }
}

/** Shows row `index` (0-based): all rows (the other row of a duplicate may have no error), its page. */
function goToRow(index) {
  ui.onlyErrors.checked = false;
  state.focusRow = index;
  state.page = Math.floor(index / PAGE_SIZE);
  requestPage();
}

function updatePager() {
  const hasData = Boolean(state.shown);
  ui.pageFirst.disabled = ui.pagePrev.disabled = !hasData || state.page <= 0;
  ui.pageNext.disabled = ui.pageLast.disabled = !hasData || state.page >= state.pages - 1;
}

function th(text, className) {
  const el = document.createElement("th");
  el.scope = "col";
  el.className = className;
  el.textContent = text;
  return el;
}

/**
 * How the table shows the run's columns: `fieldOf` the API field of each column (null: not
 * sent), `fed` the columns of each field in column order. Without a mapping every column is
 * its own field.
 */
function viewOf(mapping, columns) {
  const byHeader = new Map((mapping?.columns ?? []).map((c) => [c.header, c.field]));
  const fieldOf = new Map();
  const fed = new Map();
  for (const column of columns) {
    const field = mapping ? (byHeader.get(column) ?? null) : column;
    fieldOf.set(column, field);
    if (field !== null) {
      if (!fed.has(field)) fed.set(field, []);
      fed.get(field).push(column);
    }
  }
  return { fieldOf, fed };
}

/** A column's head: its name in the file, and under it the field it is sent as (if another). */
function columnHead(column, view) {
  const el = th(column, "col-field");
  const field = view.fieldOf.get(column);
  if (field !== column) {
    el.classList.toggle("col-unmapped", field === null);
    const target = document.createElement("span");
    target.className = "th-target";
    target.textContent = field === null ? t("mapping.notSent") : `→ ${field}`;
    el.append(target);
  }
  return el;
}

function rowElement(r, columns, view) {
  const tr = document.createElement("tr");
  const status = !r.ok ? "invalid" : r.warnings.length ? "warned" : "valid";
  tr.className = `row-${status}`;
  tr.dataset.index = String(r.index);

  const idx = document.createElement("td");
  idx.className = "col-index";
  idx.textContent = fmt(r.index + 1);
  tr.append(idx);

  // Issues by field; issues of the row itself, or of a field that is not a column, go to Status.
  const byField = new Map();
  const rowIssues = [];
  const add = (severity) => (issue) => {
    const item = { severity, ...issue };
    if (issue.field != null && view.fed.has(issue.field)) {
      if (!byField.has(issue.field)) byField.set(issue.field, []);
      byField.get(issue.field).push(item);
    } else rowIssues.push(item);
  };
  r.errors.forEach(add("error"));
  r.warnings.forEach(add("warning"));

  const statusCell = document.createElement("td");
  statusCell.className = "col-status";
  const badge = document.createElement("span");
  badge.className = `badge badge-${status}`;
  badge.textContent =
    status === "invalid" ? tn("rows.errors", r.errors.length) : status === "warned" ? tn("rows.validWarnings", r.warnings.length) : t("rows.valid");
  statusCell.append(badge);
  const original = r.original;
  const isObject = original !== null && typeof original === "object" && !Array.isArray(original);
  const has = (column) => isObject && Object.hasOwn(original, column);
  // The column a field's value and findings are shown in: the first of its columns with a value.
  const hostOf = (field) => {
    const fed = view.fed.get(field) ?? [];
    return fed.find(has) ?? fed[0];
  };
  if (!isObject) {
    const raw = document.createElement("div");
    raw.className = "value mono";
    raw.textContent = JSON.stringify(original) ?? String(original);
    statusCell.append(raw);
  }
  if (rowIssues.length) statusCell.append(issueList(rowIssues, true));
  // The later rows whose duplicate findings name this one: both ends of a duplicate link.
  if (r.linked?.length) {
    const also = document.createElement("div");
    also.className = "linked-rows";
    also.append(t("rows.linkedFrom"), " ", ...r.linked.map(rowLink));
    statusCell.append(also);
  }
  // Links to the cells with findings, which may be scrolled out of view in a wide table.
  if (byField.size) {
    const jumps = document.createElement("div");
    jumps.className = "jumps";
    for (const [field, issues] of byField) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = `jump ${issues.some((i) => i.severity === "error") ? "error" : "warning"}`;
      b.textContent = field;
      b.title = issues.map((i) => i.code).join(", ");
      b.dataset.field = hostOf(field);
      jumps.append(b);
    }
    statusCell.append(jumps);
  }
  tr.append(statusCell);

  // What is sent: the normalised row (keyed by API field); for an invalid row, a preview of its
  // fields without errors. A field fed by several columns is shown once, in its host column.
  const sent = r.ok ? r.row : r.preview;
  for (const key of columns) {
    const td = document.createElement("td");
    td.dataset.field = key;
    const field = view.fieldOf.get(key);
    const fed = field === null ? [] : view.fed.get(field);
    const host = field === null ? null : hostOf(field);
    if (field !== null && field !== key) td.dataset.target = field;
    const issues = field === null ? [] : (byField.get(field) ?? []);
    const hasError = issues.some((i) => i.severity === "error");
    if (hasError) td.classList.add("cell-error");
    else if (issues.length) td.classList.add("cell-warning");
    if (has(key)) {
      td.append(valueElement(original[key], "value"));
      if (field === null) {
        td.classList.add("cell-unmapped");
        td.append(removedNote(t("cell.notSentNoField")));
      } else if (key !== host) {
        const joined = document.createElement("div");
        joined.className = "sent joined";
        joined.textContent = t("cell.joined", { host, field });
        td.append(joined);
      } else if (sent && !hasError) {
        if (!Object.hasOwn(sent, field)) {
          td.append(removedNote(t(field === "country_codes" ? "cell.notSentPhones" : "cell.notSent")));
        } else if (fed.length > 1 || JSON.stringify(sent[field]) !== JSON.stringify(original[key])) {
          if (fed.length > 1) {
            const target = document.createElement("div");
            target.className = "sent-target";
            target.textContent = `${field} ← ${fed.filter(has).join(" + ")}`;
            td.append(target);
          }
          const norm = valueElement(sent[field], "sent");
          norm.prepend(arrow());
          td.append(norm);
        }
      }
    } else {
      td.classList.add("cell-absent");
    }
    if (issues.length && key === host) td.append(issueList(issues, false));
    tr.append(td);
  }
  return tr;
}

function removedNote(text) {
  const removed = document.createElement("div");
  removed.className = "sent removed";
  removed.textContent = text;
  return removed;
}

function arrow() {
  const a = document.createElement("span");
  a.className = "arrow";
  a.setAttribute("aria-label", t("cell.sentAs"));
  a.textContent = "→ ";
  return a;
}

/** A cell value as text: strings as they are, lists one item per line, anything else as JSON. */
function valueElement(v, className) {
  const el = document.createElement("div");
  el.className = className;
  if (Array.isArray(v) && v.length && v.every((x) => typeof x === "string")) {
    el.classList.add("list");
    for (const item of v) {
      const span = document.createElement("span");
      span.className = "list-item";
      span.textContent = item;
      el.append(span);
    }
  } else if (typeof v === "string") {
    if (v === "") {
      el.classList.add("muted");
      el.textContent = t("cell.empty");
    } else el.textContent = v;
  } else {
    el.classList.add("mono");
    el.textContent = JSON.stringify(v);
  }
  return el;
}

/** A button that shows row `index` (0-based), e.g. the other row of a duplicate. */
function rowLink(index) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "row-link";
  b.dataset.row = String(index);
  b.textContent = t("rows.goTo", { row: index + 1 });
  return b;
}


function issueList(issues, withField) {
  const ul = document.createElement("ul");
  ul.className = "issues";
  for (const issue of issues) {
    const li = document.createElement("li");
    li.className = `issue ${issue.severity}`;
    li.dataset.code = issue.code;
    li.dataset.field = issue.field ?? "";
    li.dataset.severity = issue.severity;
    const code = document.createElement("span");
    code.className = "issue-code";
    code.textContent = withField && issue.field ? `${issue.code} · ${issue.field}` : issue.code;
    const message = document.createElement("span");
    message.className = "issue-message";
    setRichText(message, issue.message);
    li.append(code, message);
    const other = otherRowOf(issue);
    if (typeof other === "number") li.append(rowLink(other));
    ul.append(li);
  }
  return ul;
}

function goToPage(p) {
  state.page = Math.max(0, Math.min(p, state.pages - 1));
  requestPage();
}

// ---------------------------------------------------------------------------------------------
// Wiring

ui.type.addEventListener("change", () => {
  state.userType = ui.type.value;
  renderSource();
  ui.reassign.checked = false; // the flag belongs to one import type
  updateTypeControls();
  if (state.sample) loadSample(ui.type.value);
  else settingsChanged();
});
ui.chooseFile.addEventListener("click", () => ui.fileInput.click());
ui.fileInput.addEventListener("change", () => {
  loadFile(ui.fileInput.files[0]);
  ui.fileInput.value = ""; // choosing the same file again reloads it
});
ui.loadSample.addEventListener("click", () => loadSample(ui.type.value));
ui.pasteToggle.addEventListener("click", () => {
  const open = ui.paste.hidden;
  ui.paste.hidden = !open;
  ui.pasteToggle.setAttribute("aria-expanded", String(open));
  if (open) ui.pasteText.focus();
});
ui.pasteRun.addEventListener("click", () => {
  const text = ui.pasteText.value.trim();
  if (!text) {
    setStatus("paste.empty", {}, "warn");
    ui.pasteText.focus();
    return;
  }
  load({ text, name: "pasted JSON", pasted: true, format: "json" });
});

// Dropping anywhere on the page loads the file (and never navigates away to it).
let dragDepth = 0;
document.addEventListener("dragenter", (e) => {
  if (![...(e.dataTransfer?.types ?? [])].includes("Files")) return;
  dragDepth++;
  ui.dropZone.classList.add("dragging");
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (!dragDepth) ui.dropZone.classList.remove("dragging");
});
document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", (e) => {
  e.preventDefault();
  dragDepth = 0;
  ui.dropZone.classList.remove("dragging");
  const file = e.dataTransfer?.files?.[0];
  if (file) loadFile(file);
});

for (const el of [ui.countryCodes, ui.contactListId, ui.marketingChannels, ui.customFields, ui.reassign]) {
  el.addEventListener("change", settingsChanged);
}
for (const el of document.querySelectorAll('input[name="unknown-fields"]')) el.addEventListener("change", settingsChanged);
ui.duplicates.addEventListener("change", settingsChanged);
ui.applySettings.addEventListener("click", settingsChanged);

ui.mappingTable.addEventListener("change", (e) => {
  if (e.target.matches("select.map-select")) onMappingChange(e.target);
});
ui.mappingTable.addEventListener("keydown", (e) => {
  if (e.target.matches("select.map-select")) lastMapKey = performance.now();
});
ui.mappingReset.addEventListener("click", resetMapping);
ui.mappingDownload.addEventListener("click", downloadMapping);

ui.downloadBody.addEventListener("click", () => requestExport("body"));
ui.copyBody.addEventListener("click", () => requestExport("body-text"));
ui.downloadFailed.addEventListener("click", () => requestExport("failed"));
ui.downloadFailedXlsx.addEventListener("click", () => requestExport("failed-xlsx"));
ui.batchesToggle.addEventListener("click", toggleBatches);
for (const el of [ui.batchRows, ui.batchMb]) {
  el.addEventListener("input", limitsTyped);
  el.addEventListener("change", requestPlan);
}
ui.batchZip.addEventListener("click", () => {
  const p = state.plan;
  if (p) requestExport("zip", { maxRows: p.maxRows, maxBytes: p.maxBytes });
});
ui.batchList.addEventListener("click", (e) => {
  const button = e.target.closest("button[data-batch]");
  if (button) downloadBatch(button);
});

// A row link (the other row of a duplicate) shows that row.
ui.table.tBodies[0].addEventListener("click", (e) => {
  const link = e.target.closest("button.row-link");
  if (link) goToRow(Number(link.dataset.row));
});

// A field link in the Status column scrolls its cell into view and marks it for a moment.
ui.table.tBodies[0].addEventListener("click", (e) => {
  const button = e.target.closest("button.jump");
  if (!button) return;
  const cell = [...button.closest("tr").cells].find((td) => td.dataset.field === button.dataset.field);
  if (!cell) return;
  cell.scrollIntoView({ block: "nearest", inline: "center", behavior: "smooth" });
  cell.classList.remove("flash");
  void cell.offsetWidth; // restart the animation
  cell.classList.add("flash");
});

ui.onlyErrors.addEventListener("change", () => {
  state.page = 0;
  requestPage();
});
ui.pageFirst.addEventListener("click", () => goToPage(0));
ui.pagePrev.addEventListener("click", () => goToPage(state.page - 1));
ui.pageNext.addEventListener("click", () => goToPage(state.page + 1));
ui.pageLast.addEventListener("click", () => goToPage(state.pages - 1));

// The sample's custom field definitions, so the deal sample's custom fields are known.
const customFieldsReady = fetch(CUSTOM_FIELDS_SAMPLE)
  .then((res) => (res.ok ? res.text() : ""))
  .then((text) => {
    if (!ui.customFields.value.trim()) ui.customFields.value = text.trim();
  })
  .catch(() => {})
  .finally(updateTypeControls);

// ---------------------------------------------------------------------------------------------
// Language: the page follows the browser (navigator.language) until the person picks DE or EN,
// which is remembered (i18n.js). A switch says everything the page shows again in the new
// language and reads and checks the data again, so the library's notices, mapping notes and
// findings come in it too.

const languageButtons = [...document.querySelectorAll(".lang-button")];
for (const button of languageButtons) {
  button.addEventListener("click", () => {
    if (button.dataset.lang !== getLanguage()) setLanguage(button.dataset.lang);
  });
}

onLanguageChange((lang, changed) => {
  for (const button of languageButtons) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  if (state.status) setStatus(state.status.key, state.status.params, state.status.tone);
  updateTypeControls();
  updateActions();
  if (schemaState.source) showSchemaStatus(schemaState.source);
  if (!changed) return;
  // The description's load findings in the new language (the worker keeps the tables).
  if (schemaState.shown === "openapi") requestSchema(schemaState.text, schemaState.label, { quiet: true });
  if (state.source && state.ready) reread();
  else renderMapping();
});

setLanguage(getLanguage(), { remember: false });
