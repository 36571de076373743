// The page's words in English and German: one dictionary per language, one line per string.
//
// `t(key, params)` gives the string in the page's language with `{name}` filled in (numbers
// formatted for that language: 10,500.5 in English, 10.500,5 in German). `tn(key, n, params)`
// picks `key.one` or `key.other` by `n`. In the static page, `data-i18n` (text),
// `data-i18n-aria-label`, `data-i18n-placeholder` and `data-i18n-title` name the keys;
// `setLanguage` fills them in. A `code` span in backticks becomes a <code> element (built with
// textContent, never innerHTML).
//
// The library's own messages (findings, file notices, mapping notes) are not here: the page
// asks the library for them in its language (`locale` in every options object).
//
// Also imported by worker.js (its few messages of its own): nothing here touches the document
// or storage unless there is one.

export const LANGUAGES = ["en", "de"];
const STORE = "mateo-import.language";

const en = {
  "page.title": "Mateo import checker",
  "page.tagline": "Check and normalise rows for `POST /import` before you send them. Files never leave your browser.",
  "page.loading": "Loading…",
  "lang.group": "Language",
  "data.title": "Data",
  "data.type": "Import type",
  "schema.legend": "API schema",
  "schema.builtIn": "In use: the built-in tables (from the public docs).",
  "schema.issuesLabel": "Findings of the description",
  "schema.choose": "Load description file…",
  "schema.pasteToggle": "Paste description",
  "schema.reset": "Use built-in tables",
  "schema.textLabel": "The OpenAPI description (JSON)",
  "schema.apply": "Use pasted description",
  "schema.hint": "The API describes its tables at its root: `GET /` with your bearer token and `Accept: application/openapi+json` (README, “The live schema”). With it, every deal column is known and enum values are complete.",
  "schema.switching": "Switching to the built-in tables…",
  "schema.reading": "Reading {label}…",
  "schema.labelFile": "file {name}",
  "schema.labelPasted": "pasted text",
  "schema.anOpenApi": "an OpenAPI description",
  "schema.inUse": "In use: {name} ({spec}{label}). {tables}.",
  "schema.table": "{type}: {definition}, {fields} fields",
  "schema.tableBuiltIn": "{type}: built-in (not in the description)",
  "schema.more": "… and {n} more",
  "schema.stillBefore": "In use: still the description loaded before.",
  "type.contact_details": "Contacts",
  "type.deal_details": "Deals",
  "type.appointment_details": "Appointments",
  "data.chooseFile": "Choose file…",
  "data.loadSample": "Load sample",
  "data.pasteToggle": "Paste JSON",
  "data.none": "No data yet",
  "data.hint": "A CSV or TSV file (any encoding Excel writes) with a header row (several numbers in one `whatsapp`, `sms` or `country_codes` cell separated by `;` or `|`), a `POST /import` body, or an array of rows. Drop a file anywhere on the page to check it.",
  "read.legend": "Read as",
  "read.encoding": "Encoding",
  "read.detected": "detected",
  "read.windows1252": "Windows-1252 (Excel, Western Europe)",
  "read.utf16le": "UTF-16 LE (Excel Unicode text)",
  "read.delimiter": "Delimiter",
  "read.comma": "comma ,",
  "read.semicolon": "semicolon ;",
  "read.tab": "tab",
  "read.pipe": "pipe |",
  "read.sheet": "Sheet",
  "paste.label": "A `POST /import` body, or an array of rows",
  "paste.run": "Check pasted JSON",
  "paste.empty": "Paste a JSON body or an array of rows first.",
  "summary.title": "Result",
  "summary.progress": "Validation progress",
  "stat.rows": "rows",
  "stat.valid": "valid",
  "stat.invalid": "with errors",
  "stat.warned": "valid, with warnings",
  "findings.title": "Findings",
  "findings.row": "(row)",
  "findings.tooltip": "{severity}: {code} in {fields}",
  "severity.error": "error",
  "severity.warning": "warning",
  "actions.label": "Output",
  "actions.body": "Download request body (JSON)",
  "actions.bodyRows.one": "Download request body ({n} row)",
  "actions.bodyRows.other": "Download request body ({n} rows)",
  "actions.bodyTitle": "The POST /import body with the valid rows, normalised, as JSON",
  "actions.copy": "Copy body",
  "actions.copyTitle": "Copy the POST /import body with the valid rows to the clipboard",
  "actions.failed": "Download failed rows",
  "actions.failedXlsx": "as .xlsx",
  "actions.failedXlsxTitle": "The rows with errors as an Excel workbook: every cell text, so +49… and 0151… stay as typed",
  "actions.failedCount": "Download failed rows ({n})",
  "actions.failedTitle": "The rows with errors, with their original columns and an errors column, as CSV",
  "actions.split": "Split into requests",
  "actions.splitTitle": "Split the body into requests within the API's limits, one download per request",
  "actions.copying": "Copying…",
  "actions.preparing": "Preparing the file…",
  "actions.copied.one": "Copied the request body ({n} row).",
  "actions.copied.other": "Copied the request body ({n} rows).",
  "actions.copyFailed": "Could not copy: {error}. Use the download instead.",
  "actions.saved": "Saved {name}.",
  "batch.maxRows": "Max rows per request",
  "batch.maxMb": "Max MB per request",
  "batch.zip": "Download all as .zip",
  "batch.hint": "Each request is a whole `POST /import` body with the settings' top-level fields; rows are counted among the valid rows sent, in the file's order. Download each body and send them one after another: the API takes 2 requests a second and 25,000 entities a day. 1 MB is 1,000,000 bytes of JSON; the API documents no size limit, so 5 MB is an assumption.",
  "batch.rowsInvalid": "Max rows per request: enter a whole number of at least 1.",
  "batch.mbInvalid": "Max MB per request: enter a number of at least 0.000001 (one byte).",
  "batch.waiting": "Waiting for the check to finish…",
  "batch.noData": "Check some data first.",
  "batch.noValid": "No row is valid, so there is nothing to send.",
  "batch.broken": "The file is broken (see the notices above), so nothing of it is split for sending.",
  "batch.requestErrors": "The request itself has errors (listed above), so there is no body to split.",
  "batch.splitting": "Splitting {rows}…",
  "batch.failed": "Could not split the body: {message}.",
  "batch.validRow": "Valid row {n}",
  "batch.fileRow": "Row {n} of the file",
  "batch.tooLarge": "{which} does not fit in a request on its own: it makes a body of {bytes} bytes, more than the limit of {max} bytes. Raise the max MB per request.",
  "batch.for": "for {rows}",
  "batch.quota": "of the daily quota ({n} entities)",
  "batch.rate": "of sending at {n} requests a second",
  "batch.more": "The first {shown} of {n} requests are listed: raise the limits for fewer, larger requests.",
  "batch.request": "Request {n}",
  "batch.row": "row {n}",
  "batch.rows": "rows {first}–{last}",
  "batch.download": "Download",
  "batch.downloadLabel": "Download request {i} of {n} ({range})",
  "batch.underSecond": "under 1 s",
  "count.request.one": "{n} request",
  "count.request.other": "{n} requests",
  "count.row.one": "{n} row",
  "count.row.other": "{n} rows",
  "count.day.one": "{n} day",
  "count.day.other": "{n} days",
  "mapping.title": "Columns",
  "mapping.reset": "Reset to suggestions",
  "mapping.download": "Download mapping (JSON)",
  "mapping.column": "Column in the file",
  "mapping.sentAs": "Sent as",
  "mapping.match": "Match",
  "mapping.values": "Values",
  "mapping.hint": "Which API field each column of the file is sent as. Several columns can feed one field: text is joined with a space, phone numbers become one list. A change re-checks the rows and is remembered in this browser for files with the same columns.",
  "mapping.matching": "Matching the columns to the API's fields…",
  "mapping.notSent": "not sent",
  "mapping.group.schema": "API fields",
  "mapping.group.custom": "Custom fields",
  "mapping.group.channel": "Marketing channels",
  "mapping.group.other": "As given (no field of this type)",
  "mapping.sentAsGiven": "sent as given",
  "mapping.notSentRemapped": "not sent once remapped",
  "mapping.noField": "no field of this type",
  "mapping.with": "with {others}",
  "mapping.empty": "(empty)",
  "mapping.status": "{sent} of {total} columns sent",
  "mapping.restored": " · mapping restored (saved in this browser for these columns)",
  "mapping.edited": " · changed (remembered for files with these columns)",
  "mapping.identity": " · the keys are the API's field names",
  "mapping.suggested": " · suggested from the names and the first rows",
  "mapping.joinedPhones": "{headers} → one {field} (the numbers as one list, mobile numbers first)",
  "mapping.joinedText": "{headers} → one {field} (joined with a space)",
  "mapping.dropped.one": "Remapped rows carry only the type's fields: {list} is not sent.",
  "mapping.dropped.other": "Remapped rows carry only the type's fields: {list} are not sent.",
  "reason.chosen": "chosen by you",
  "reason.given": "given",
  "reason.as given": "no field of this type",
  "dateOrder.DMY": "dates DMY",
  "dateOrder.MDY": "dates MDY",
  "dateOrder.YMD": "dates YMD",
  "dateOrder.title.DMY": "day.month.year",
  "dateOrder.title.MDY": "month/day/year",
  "dateOrder.title.YMD": "year-month-day",
  "settings.title": "Settings",
  "settings.summaryHint": "changes re-check the data",
  "settings.countryCodes": "Default country codes",
  "settings.countryCodesHint": "Tried in order for numbers in national form when a row has no `country_codes`.",
  "settings.unknownFields": "Unknown fields",
  "settings.unknown.warn": "Keep, with a warning",
  "settings.unknown.strip": "Remove, with a warning",
  "settings.unknown.error": "Reject the row",
  "settings.duplicates": "Rows of the same contact",
  "settings.duplicates.warn": "All, with a warning",
  "settings.duplicates.error": "Reject later rows",
  "settings.duplicates.keepFirst": "Only the first row",
  "settings.duplicates.keepLast": "Only the last row",
  "settings.duplicates.off": "Do not compare",
  "settings.duplicatesHint": "Which rows are sent when rows have the same `external_id`. Contacts sharing an e-mail or number under different ids get a warning (an error with “Reject later rows”).",
  "settings.contactList": "Contact list id",
  "settings.optional": "optional",
  "settings.contactListPlaceholder": "uuid of the list to add contacts to",
  "settings.reassign": "Allow reassignment",
  "settings.reassignFlag": "Allow reassignment ({flag})",
  "settings.channels": "Marketing channel keys",
  "settings.channelsPlaceholder": "e.g. newsletter, product_updates",
  "settings.customFields": "Custom fields",
  "settings.customFieldsHint": "The JSON that `GET /custom_field` returns. Filled with the samples' definitions: replace them with your organisation's.",
  "settings.apply": "Apply settings",
  "settings.customNotJson": "Custom fields: not valid JSON ({error}).",
  "settings.customNotArray": "Custom fields: expected a JSON array of definitions, as GET /custom_field returns.",
  "rows.title": "Rows",
  "rows.onlyErrors": "Only rows with errors",
  "rows.pages": "Pages",
  "rows.first": "First page",
  "rows.prev": "Previous page",
  "rows.prevText": "‹ Previous",
  "rows.next": "Next page",
  "rows.nextText": "Next ›",
  "rows.last": "Last page",
  "rows.region": "Rows table (scrolls)",
  "rows.legend": "Each cell shows the value as read, under the file's column name; → marks the value as it will be sent, in the API field named under the column (in a row with errors: once the errors are fixed). Errors keep a row out of the request body; warnings do not.",
  "rows.status": "Status",
  "rows.noErrors": "No row has errors.",
  "rows.noErrorsYet": "No row with errors so far…",
  "rows.none": "No rows.",
  "rows.pageInfo": "{first}–{last} of {available} rows{sofar} · page {page} of {pages}",
  "rows.pageInfoErrors": "{first}–{last} of {available} rows with errors{sofar} · page {page} of {pages}",
  "rows.soFar": " so far",
  "rows.errors.one": "{n} error",
  "rows.errors.other": "{n} errors",
  "rows.validWarnings.one": "Valid · {n} warning",
  "rows.validWarnings.other": "Valid · {n} warnings",
  "rows.valid": "Valid",
  "rows.goTo": "row {row}",
  "rows.linkedFrom": "The same identifier or handle in:",
  "cell.notSentNoField": "not sent (no field chosen for this column)",
  "cell.notSentPhones": "not sent (used for the phone numbers)",
  "cell.notSent": "not sent",
  "cell.joined": "→ with {host} in {field}",
  "cell.sentAs": "sent as",
  "cell.empty": "(empty)",
  "source.sample": "{name} (sample)",
  "source.pasted": "pasted JSON",
  "source.importOf": "{type} import",
  "source.checkedAs": "checked as {type}",
  "source.csv": "CSV, {delimiter}-separated",
  "source.sheet": "sheet “{sheet}”",
  "source.rows.one": "{n} row",
  "source.rows.other": "{n} rows",
  "delimiter.,": "comma",
  "delimiter.;": "semicolon",
  "delimiter.\t": "tab",
  "delimiter.|": "pipe",
  "status.starting": "Starting…",
  "status.reading": "Reading… {rows} rows so far",
  "status.readingName": "Reading {name}…",
  "status.readFailed": "Could not read the input: {message}",
  "status.fixSettings": "Not checked: fix the settings.",
  "status.unavailable": "Unavailable.",
  "status.checking.one": "Checking {n} row…",
  "status.checking.other": "Checking {n} rows…",
  "status.progress": "Checking… {done} of {total} rows",
  "status.counts": "{valid} valid, {invalid} with errors",
  "status.requestErrors.one": "Checked {total} row in {time} ({counts}), but the request itself has errors (listed under the totals).",
  "status.requestErrors.other": "Checked {total} rows in {time} ({counts}), but the request itself has errors (listed under the totals).",
  "status.broken.one": "Checked {total} row in {time} ({counts}), but the file is broken (see the notices under the totals): fix it and load it again. Nothing of it is offered for sending.",
  "status.broken.other": "Checked {total} rows in {time} ({counts}), but the file is broken (see the notices under the totals): fix it and load it again. Nothing of it is offered for sending.",
  "status.allValid.one": "The row is valid (checked in {time}).",
  "status.allValid.other": "All {total} rows are valid (checked in {time}).",
  "status.checked.one": "Checked {total} row in {time}: {counts}.",
  "status.checked.other": "Checked {total} rows in {time}: {counts}.",
  "notice.unknownType": "The body's type {type} is not an import type; the rows are checked as {as}.",
  "notice.moreProblems": "… and {n} more problems with the file.",
  "fatal.worker": "The validation worker failed to start.",
  "fatal.workerDetail": "The validation worker failed to start: {detail}.",
  "fatal.wasm": "The WebAssembly module could not be loaded: {detail}",
  "worker.notLoaded": "nothing is loaded",
  "worker.zipTooMany": "{n} requests are more than a .zip holds ({max}): choose larger requests",
  "worker.notFinished": "the check has not finished yet",
  "worker.failedSheet": "Failed rows",
  "worker.requestErrors": "the request has errors, so there is no body to send",
  "worker.noValid": "no row is valid, so there is nothing to send",
  "worker.noRequest": "there is no request {n}",
};

const de = {
  "page.title": "Mateo-Importprüfung",
  "page.tagline": "Prüfen und normalisieren Sie Zeilen für `POST /import`, bevor Sie sie senden. Ihre Dateien verlassen den Browser nicht.",
  "page.loading": "Wird geladen …",
  "lang.group": "Sprache",
  "data.title": "Daten",
  "data.type": "Importtyp",
  "schema.legend": "API-Schema",
  "schema.builtIn": "In Verwendung: die eingebauten Tabellen (aus der öffentlichen Dokumentation).",
  "schema.issuesLabel": "Befunde der Beschreibung",
  "schema.choose": "Beschreibungsdatei laden …",
  "schema.pasteToggle": "Beschreibung einfügen",
  "schema.reset": "Eingebaute Tabellen verwenden",
  "schema.textLabel": "Die OpenAPI-Beschreibung (JSON)",
  "schema.apply": "Eingefügte Beschreibung verwenden",
  "schema.hint": "Die API beschreibt ihre Tabellen an ihrer Wurzel: `GET /` mit Ihrem Bearer-Token und `Accept: application/openapi+json` (README, „The live schema“). Damit ist jede Deal-Spalte bekannt, und die Auswahlwerte sind vollständig.",
  "schema.switching": "Wechsel zu den eingebauten Tabellen …",
  "schema.reading": "{label} wird gelesen …",
  "schema.labelFile": "Datei {name}",
  "schema.labelPasted": "eingefügter Text",
  "schema.anOpenApi": "eine OpenAPI-Beschreibung",
  "schema.inUse": "In Verwendung: {name} ({spec}{label}). {tables}.",
  "schema.table": "{type}: {definition}, {fields} Felder",
  "schema.tableBuiltIn": "{type}: eingebaut (nicht in der Beschreibung)",
  "schema.more": "… und {n} weitere",
  "schema.stillBefore": "In Verwendung: weiterhin die zuvor geladene Beschreibung.",
  "type.contact_details": "Kontakte",
  "type.deal_details": "Deals",
  "type.appointment_details": "Termine",
  "data.chooseFile": "Datei auswählen …",
  "data.loadSample": "Beispiel laden",
  "data.pasteToggle": "JSON einfügen",
  "data.none": "Noch keine Daten",
  "data.hint": "Eine CSV- oder TSV-Datei (in jeder Zeichenkodierung, die Excel schreibt) mit Kopfzeile (mehrere Nummern in einer Zelle `whatsapp`, `sms` oder `country_codes` getrennt durch `;` oder `|`), eine Import-Anfrage für `POST /import` oder eine Liste von Zeilen. Ziehen Sie eine Datei an eine beliebige Stelle der Seite, um sie zu prüfen.",
  "read.legend": "Lesen als",
  "read.encoding": "Zeichenkodierung",
  "read.detected": "erkannt",
  "read.windows1252": "Windows-1252 (Excel, Westeuropa)",
  "read.utf16le": "UTF-16 LE (Excel-Unicode-Text)",
  "read.delimiter": "Trennzeichen",
  "read.comma": "Komma ,",
  "read.semicolon": "Semikolon ;",
  "read.tab": "Tabulator",
  "read.pipe": "senkrechter Strich |",
  "read.sheet": "Tabellenblatt",
  "paste.label": "Eine Import-Anfrage für `POST /import` oder eine Liste von Zeilen",
  "paste.run": "Eingefügtes JSON prüfen",
  "paste.empty": "Fügen Sie zuerst eine Import-Anfrage (JSON) oder eine Liste von Zeilen ein.",
  "summary.title": "Ergebnis",
  "summary.progress": "Fortschritt der Prüfung",
  "stat.rows": "Zeilen",
  "stat.valid": "gültig",
  "stat.invalid": "mit Fehlern",
  "stat.warned": "gültig, mit Warnungen",
  "findings.title": "Befunde",
  "findings.row": "(Zeile)",
  "findings.tooltip": "{severity}: {code} bei {fields}",
  "severity.error": "Fehler",
  "severity.warning": "Warnung",
  "actions.label": "Ausgabe",
  "actions.body": "Import-Anfrage herunterladen (JSON)",
  "actions.bodyRows.one": "Import-Anfrage herunterladen ({n} Zeile)",
  "actions.bodyRows.other": "Import-Anfrage herunterladen ({n} Zeilen)",
  "actions.bodyTitle": "Die Import-Anfrage für POST /import mit den gültigen Zeilen, normalisiert, als JSON",
  "actions.copy": "Import-Anfrage kopieren",
  "actions.copyTitle": "Die Import-Anfrage für POST /import mit den gültigen Zeilen in die Zwischenablage kopieren",
  "actions.failed": "Fehlerhafte Zeilen herunterladen",
  "actions.failedXlsx": "als .xlsx",
  "actions.failedXlsxTitle": "Die Zeilen mit Fehlern als Excel-Arbeitsmappe: jede Zelle als Text, damit +49… und 0151… so bleiben, wie sie getippt wurden",
  "actions.failedCount": "Fehlerhafte Zeilen herunterladen ({n})",
  "actions.failedTitle": "Die Zeilen mit Fehlern, mit ihren ursprünglichen Spalten und einer Spalte mit den Fehlern, als CSV",
  "actions.split": "In Anfragen aufteilen",
  "actions.splitTitle": "Die Import-Anfrage in mehrere Anfragen innerhalb der Grenzen der API aufteilen, ein Download je Anfrage",
  "actions.copying": "Wird kopiert …",
  "actions.preparing": "Die Datei wird erstellt …",
  "actions.copied.one": "Import-Anfrage kopiert ({n} Zeile).",
  "actions.copied.other": "Import-Anfrage kopiert ({n} Zeilen).",
  "actions.copyFailed": "Kopieren nicht möglich: {error}. Nutzen Sie stattdessen den Download.",
  "actions.saved": "„{name}“ gespeichert.",
  "batch.maxRows": "Max. Zeilen je Anfrage",
  "batch.maxMb": "Max. MB je Anfrage",
  "batch.zip": "Alle als .zip herunterladen",
  "batch.hint": "Jede Anfrage ist eine vollständige Import-Anfrage für `POST /import` mit den Feldern der obersten Ebene aus den Einstellungen; die Zeilennummern zählen nur die gesendeten gültigen Zeilen, in der Reihenfolge der Datei. Laden Sie jede Anfrage herunter und senden Sie sie nacheinander: Die API nimmt 2 Anfragen pro Sekunde und 25.000 Einträge pro Tag an. 1 MB sind 1.000.000 Bytes JSON; die API nennt keine Größengrenze, die 5 MB sind also eine Annahme.",
  "batch.rowsInvalid": "Max. Zeilen je Anfrage: Geben Sie eine ganze Zahl ab 1 ein.",
  "batch.mbInvalid": "Max. MB je Anfrage: Geben Sie eine Zahl ab 0,000001 (ein Byte) ein.",
  "batch.waiting": "Die Prüfung läuft noch …",
  "batch.noData": "Prüfen Sie zuerst Daten.",
  "batch.noValid": "Keine Zeile ist gültig, es gibt also nichts zu senden.",
  "batch.broken": "Die Datei ist fehlerhaft (siehe Hinweise oben), daher wird nichts davon zum Senden aufgeteilt.",
  "batch.requestErrors": "Die Anfrage selbst hat Fehler (oben aufgeführt), daher gibt es keine Import-Anfrage zum Aufteilen.",
  "batch.splitting": "{rows} werden aufgeteilt …",
  "batch.failed": "Der Body konnte nicht aufgeteilt werden: {message}.",
  "batch.validRow": "Gültige Zeile {n}",
  "batch.fileRow": "Zeile {n} der Datei",
  "batch.tooLarge": "{which} passt allein in keine Anfrage: Eine Anfrage mit ihr allein hat {bytes} Bytes, mehr als die Grenze von {max} Bytes. Erhöhen Sie den Wert „Max. MB je Anfrage“.",
  "batch.for": "für {rows}",
  "batch.quota": "bei einem Tageskontingent von {n} Einträgen",
  "batch.rate": "Sendezeit bei {n} Anfragen pro Sekunde",
  "batch.more": "Aufgeführt sind die ersten {shown} von {n} Anfragen: Mit höheren Grenzen werden es weniger, größere Anfragen.",
  "batch.request": "Anfrage {n}",
  "batch.row": "Zeile {n}",
  "batch.rows": "Zeilen {first}–{last}",
  "batch.download": "Herunterladen",
  "batch.downloadLabel": "Anfrage {i} von {n} herunterladen ({range})",
  "batch.underSecond": "unter 1 s",
  "count.request.one": "{n} Anfrage",
  "count.request.other": "{n} Anfragen",
  "count.row.one": "{n} Zeile",
  "count.row.other": "{n} Zeilen",
  "count.day.one": "{n} Tag",
  "count.day.other": "{n} Tage",
  "mapping.title": "Spalten",
  "mapping.reset": "Auf Vorschläge zurücksetzen",
  "mapping.download": "Zuordnung herunterladen (JSON)",
  "mapping.column": "Spalte in der Datei",
  "mapping.sentAs": "Gesendet als",
  "mapping.match": "Treffer",
  "mapping.values": "Werte",
  "mapping.hint": "Als welches API-Feld jede Spalte der Datei gesendet wird. Mehrere Spalten können ein Feld füllen: Text wird mit Leerzeichen verbunden, Telefonnummern werden zu einer Liste. Eine Änderung prüft die Zeilen neu und wird in diesem Browser für Dateien mit denselben Spalten gemerkt.",
  "mapping.matching": "Die Spalten werden den Feldern der API zugeordnet …",
  "mapping.notSent": "nicht gesendet",
  "mapping.group.schema": "API-Felder",
  "mapping.group.custom": "Benutzerdefinierte Felder",
  "mapping.group.channel": "Marketingkanäle",
  "mapping.group.other": "Wie angegeben (kein Feld dieses Typs)",
  "mapping.sentAsGiven": "wird wie angegeben gesendet",
  "mapping.notSentRemapped": "nach einer Neuzuordnung nicht gesendet",
  "mapping.noField": "kein Feld dieses Typs",
  "mapping.with": "mit {others}",
  "mapping.empty": "(leer)",
  "mapping.status": "{sent} von {total} Spalten werden gesendet",
  "mapping.restored": " · Zuordnung wiederhergestellt (in diesem Browser für diese Spalten gespeichert)",
  "mapping.edited": " · geändert (wird für Dateien mit diesen Spalten gemerkt)",
  "mapping.identity": " · die Schlüssel sind bereits die Feldnamen der API",
  "mapping.suggested": " · vorgeschlagen anhand der Namen und der ersten Zeilen",
  "mapping.joinedPhones": "{headers} → {field} (die Nummern als eine Liste, Mobilnummern zuerst)",
  "mapping.joinedText": "{headers} → {field} (mit Leerzeichen verbunden)",
  "mapping.dropped.one": "Neu zugeordnete Zeilen enthalten nur die Felder des Typs: {list} wird nicht gesendet.",
  "mapping.dropped.other": "Neu zugeordnete Zeilen enthalten nur die Felder des Typs: {list} werden nicht gesendet.",
  "reason.chosen": "von Ihnen gewählt",
  "reason.given": "vorgegeben",
  "reason.as given": "kein Feld dieses Typs",
  "dateOrder.DMY": "Datum TT.MM.JJJJ",
  "dateOrder.MDY": "Datum MM/TT/JJJJ",
  "dateOrder.YMD": "Datum JJJJ-MM-TT",
  "dateOrder.title.DMY": "Tag.Monat.Jahr",
  "dateOrder.title.MDY": "Monat/Tag/Jahr",
  "dateOrder.title.YMD": "Jahr-Monat-Tag",
  "settings.title": "Einstellungen",
  "settings.summaryHint": "Änderungen prüfen die Daten neu",
  "settings.countryCodes": "Standard-Ländercodes",
  "settings.countryCodesHint": "Für Nummern in nationaler Schreibweise werden sie der Reihe nach versucht, wenn eine Zeile kein `country_codes` hat.",
  "settings.unknownFields": "Unbekannte Felder",
  "settings.unknown.warn": "Behalten, mit Warnung",
  "settings.unknown.strip": "Entfernen, mit Warnung",
  "settings.unknown.error": "Zeile ablehnen",
  "settings.duplicates": "Zeilen desselben Kontakts",
  "settings.duplicates.warn": "Alle, mit Warnung",
  "settings.duplicates.error": "Spätere ablehnen",
  "settings.duplicates.keepFirst": "Nur die erste Zeile",
  "settings.duplicates.keepLast": "Nur die letzte Zeile",
  "settings.duplicates.off": "Nicht vergleichen",
  "settings.duplicatesHint": "Welche Zeilen gesendet werden, wenn Zeilen dieselbe `external_id` haben. Kontakte, die unter verschiedenen IDs dieselbe E-Mail-Adresse oder Nummer haben, bekommen eine Warnung (mit „Spätere ablehnen“ einen Fehler).",
  "settings.contactList": "ID der Kontaktliste",
  "settings.optional": "optional",
  "settings.contactListPlaceholder": "UUID der Liste, in die die Kontakte kommen",
  "settings.reassign": "Neuzuordnung erlauben",
  "settings.reassignFlag": "Neuzuordnung erlauben ({flag})",
  "settings.channels": "Schlüssel der Marketingkanäle",
  "settings.channelsPlaceholder": "z. B. newsletter, product_updates",
  "settings.customFields": "Benutzerdefinierte Felder",
  "settings.customFieldsHint": "Das JSON, das `GET /custom_field` liefert. Vorbelegt mit den Definitionen der Beispiele: Ersetzen Sie sie durch die Ihrer Organisation.",
  "settings.apply": "Einstellungen anwenden",
  "settings.customNotJson": "Benutzerdefinierte Felder: kein gültiges JSON ({error}).",
  "settings.customNotArray": "Benutzerdefinierte Felder: Erwartet wird eine JSON-Liste von Definitionen, wie GET /custom_field sie liefert.",
  "rows.title": "Zeilen",
  "rows.onlyErrors": "Nur Zeilen mit Fehlern",
  "rows.pages": "Seiten",
  "rows.first": "Erste Seite",
  "rows.prev": "Vorherige Seite",
  "rows.prevText": "‹ Vorherige",
  "rows.next": "Nächste Seite",
  "rows.nextText": "Nächste ›",
  "rows.last": "Letzte Seite",
  "rows.region": "Tabelle der Zeilen (scrollbar)",
  "rows.legend": "Jede Zelle zeigt den Wert, wie er gelesen wurde, unter dem Spaltennamen der Datei; → kennzeichnet den Wert, wie er gesendet wird, im API-Feld, das unter der Spalte steht (in einer Zeile mit Fehlern: sobald die Fehler behoben sind). Eine Zeile mit Fehlern kommt nicht in die Import-Anfrage, eine Zeile mit Warnungen schon.",
  "rows.status": "Status",
  "rows.noErrors": "Keine Zeile hat Fehler.",
  "rows.noErrorsYet": "Bisher keine Zeile mit Fehlern …",
  "rows.none": "Keine Zeilen.",
  "rows.pageInfo": "{first}–{last} von {available} Zeilen{sofar} · Seite {page} von {pages}",
  "rows.pageInfoErrors": "{first}–{last} von {available} Zeilen mit Fehlern{sofar} · Seite {page} von {pages}",
  "rows.soFar": " bisher",
  "rows.errors.one": "{n} Fehler",
  "rows.errors.other": "{n} Fehler",
  "rows.validWarnings.one": "Gültig · {n} Warnung",
  "rows.validWarnings.other": "Gültig · {n} Warnungen",
  "rows.valid": "Gültig",
  "rows.goTo": "Zeile {row}",
  "rows.linkedFrom": "Dieselbe Kennung oder Adresse in:",
  "cell.notSentNoField": "nicht gesendet (kein Feld für diese Spalte gewählt)",
  "cell.notSentPhones": "nicht gesendet (dient zum Lesen der Telefonnummern)",
  "cell.notSent": "nicht gesendet",
  "cell.joined": "→ mit {host} in {field}",
  "cell.sentAs": "gesendet als",
  "cell.empty": "(leer)",
  "source.sample": "{name} (Beispiel)",
  "source.pasted": "eingefügtes JSON",
  "source.importOf": "Import als {type}",
  "source.checkedAs": "geprüft als {type}",
  "source.csv": "CSV, getrennt durch {delimiter}",
  "source.sheet": "Blatt „{sheet}“",
  "source.rows.one": "{n} Zeile",
  "source.rows.other": "{n} Zeilen",
  "delimiter.,": "Komma",
  "delimiter.;": "Semikolon",
  "delimiter.\t": "Tabulator",
  "delimiter.|": "senkrechten Strich",
  "status.starting": "Wird gestartet …",
  "status.reading": "Wird gelesen … bisher {rows} Zeilen",
  "status.readingName": "„{name}“ wird gelesen …",
  "status.readFailed": "Die Eingabe konnte nicht gelesen werden: {message}",
  "status.fixSettings": "Nicht geprüft: Bitte korrigieren Sie die Einstellungen.",
  "status.unavailable": "Nicht verfügbar.",
  "status.checking.one": "{n} Zeile wird geprüft …",
  "status.checking.other": "{n} Zeilen werden geprüft …",
  "status.progress": "Wird geprüft … {done} von {total} Zeilen",
  "status.counts": "{valid} gültig, {invalid} mit Fehlern",
  "status.requestErrors.one": "{total} Zeile in {time} geprüft ({counts}), aber die Anfrage selbst hat Fehler (unter den Summen aufgeführt).",
  "status.requestErrors.other": "{total} Zeilen in {time} geprüft ({counts}), aber die Anfrage selbst hat Fehler (unter den Summen aufgeführt).",
  "status.broken.one": "{total} Zeile in {time} geprüft ({counts}), aber die Datei ist fehlerhaft (siehe Hinweise unter den Summen): Bitte korrigieren und erneut laden. Nichts davon wird zum Senden angeboten.",
  "status.broken.other": "{total} Zeilen in {time} geprüft ({counts}), aber die Datei ist fehlerhaft (siehe Hinweise unter den Summen): Bitte korrigieren und erneut laden. Nichts davon wird zum Senden angeboten.",
  "status.allValid.one": "Die Zeile ist gültig (geprüft in {time}).",
  "status.allValid.other": "Alle {total} Zeilen sind gültig (geprüft in {time}).",
  "status.checked.one": "{total} Zeile in {time} geprüft: {counts}.",
  "status.checked.other": "{total} Zeilen in {time} geprüft: {counts}.",
  "notice.unknownType": "Der Wert {type} von „type“ in der Import-Anfrage ist kein Importtyp; die Zeilen werden als {as} geprüft.",
  "notice.moreProblems": "… und {n} weitere Probleme mit der Datei.",
  "fatal.worker": "Die Prüfung im Hintergrund (Web Worker) konnte nicht starten.",
  "fatal.workerDetail": "Die Prüfung im Hintergrund (Web Worker) konnte nicht starten: {detail}.",
  "fatal.wasm": "Das WebAssembly-Modul konnte nicht geladen werden: {detail}",
  "worker.notLoaded": "es sind keine Daten geladen",
  "worker.zipTooMany": "{n} Anfragen sind mehr, als eine .zip-Datei fasst ({max}): Wählen Sie größere Anfragen",
  "worker.notFinished": "die Prüfung ist noch nicht fertig",
  "worker.failedSheet": "Fehlerhafte Zeilen",
  "worker.requestErrors": "die Anfrage hat Fehler, daher gibt es nichts zu senden",
  "worker.noValid": "keine Zeile ist gültig, daher gibt es nichts zu senden",
  "worker.noRequest": "es gibt keine Anfrage {n}",
};

const DICTIONARIES = { en, de };

/** "de", "de-AT", "de_CH" → "de"; anything else → "en". */
export function languageOf(tag) {
  return /^de\b/i.test(String(tag ?? "").replace("_", "-")) ? "de" : "en";
}

const inPage = typeof document !== "undefined";

function initialLanguage() {
  if (!inPage) return "en";
  try {
    const stored = localStorage.getItem(STORE);
    if (LANGUAGES.includes(stored)) return stored;
  } catch {
    // storage switched off: follow the browser
  }
  return languageOf(navigator.language);
}

let current = initialLanguage();
const listeners = new Set();
const numberFormats = new Map();

export function getLanguage() {
  return current;
}

/** A number in the language's form (grouping and decimal signs); `options` as Intl.NumberFormat. */
export function formatNumber(n, options = {}, lang = current) {
  const key = `${lang}:${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-US", options);
    numberFormats.set(key, f);
  }
  return f.format(n);
}

/** The string for `key` in `lang`, `{name}` filled from `params` (numbers formatted). */
export function translate(lang, key, params = {}) {
  const dict = DICTIONARIES[lang] ?? en;
  const text = dict[key] ?? en[key] ?? key;
  return text.replace(/\{([^}]+)\}/g, (whole, name) => {
    if (!Object.hasOwn(params, name)) return whole;
    const v = params[name];
    return typeof v === "number" ? formatNumber(v, {}, lang) : String(v);
  });
}

export function t(key, params) {
  return translate(current, key, params);
}

/** `key.one` for 1, else `key.other`; `{n}` is the count. */
export function tn(key, n, params = {}) {
  return t(`${key}.${n === 1 ? "one" : "other"}`, { n, ...params });
}

/** Sets `el`'s content to `text`, `code` spans in backticks as <code> elements (the page's texts
 * and the library's messages, which quote identifiers such as `encoding` that way). */
export function setRichText(el, text) {
  if (!text.includes("`")) {
    el.textContent = text;
    return;
  }
  const parts = text.split(/`([^`]*)`/);
  el.replaceChildren(
    ...parts.map((part, i) => {
      if (i % 2 === 0) return document.createTextNode(part);
      const code = document.createElement("code");
      code.textContent = part;
      return code;
    }),
  );
}

/** Fills in every element under `root` that names a key (`data-i18n`, `data-i18n-<attribute>`). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) setRichText(el, t(el.dataset.i18n));
  for (const attr of ["aria-label", "placeholder", "title"]) {
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`)));
  }
}

/**
 * Switches the page to `lang` ("en" or "de"): <html lang>, every marked element, then the
 * listeners (which render what the page made itself and check the data again). `remember`:
 * kept in local storage for the next visit (a choice of the person, not the browser's default).
 */
export function setLanguage(lang, { remember = true } = {}) {
  const next = LANGUAGES.includes(lang) ? lang : languageOf(lang);
  const changed = next !== current;
  current = next;
  if (remember) {
    try {
      localStorage.setItem(STORE, next);
    } catch {
      // not remembered, still switched
    }
  }
  if (!inPage) return;
  document.documentElement.lang = next;
  translatePage();
  for (const fn of listeners) fn(next, changed);
}

/** `fn(lang, changed)` after each setLanguage; returns a function that removes it. */
export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
