// The command's own texts, one table per language. The library's messages (findings, file
// notices) come from the library, in the same language (the `locale` option).

const en = {
  usage: `Usage:
  mateo-import check FILE --type TYPE [--country DE,AT] [--mapping auto|none|FILE] [--schema FILE]
                     [--unknown warn|error|strip] [--duplicates warn|error|keepFirst|keepLast|off]
                     [--lang de|en] [--out body.json] [--failed failed.csv|.xlsx] [--json]
  mateo-import map FILE --type TYPE [--out mapping.json] [--json] [check options]
  mateo-import split FILE --type TYPE [--max-rows N] [--max-bytes B] --out-dir DIR [check options]
  mateo-import send FILE|DIR [--type TYPE] [--base-url URL] [--journal FILE] [--dry-run] [--wait SECONDS]

TYPE: contact_details, deal_details or appointment_details. The API token is read from the
environment variable MATEO_API_TOKEN. Exit codes: 0 every row valid (and sent), 1 some rows
invalid, 2 usage or input error, 3 send stopped before every batch was accepted (run it again).`,
  error: "error",
  interrupted: "interrupted. `send` resumes where it stopped when run again with the same arguments.",
  unknownCommand: "unknown command \"{command}\" (check, map, split or send)",
  noCommand: "no command given",
  noFile: "no input file given",
  extraArgument: "unexpected argument \"{arg}\"",
  badOption: "{message}",
  needsValue: "option {option} needs a value",
  unknownOption: "unknown option {option} for {command}",
  badChoice: "option {option}: \"{value}\" is not one of {choices}",
  badNumber: "option {option}: \"{value}\" is not a whole number between {min} and {max}",
  typeRequired: "--type is required (contact_details, deal_details or appointment_details)",
  typeConflict: "--type {type}, but the file's body says {bodyType}",
  outDirRequired: "split needs --out-dir DIR",
  notFound: "{file}: no such file or directory",
  notReadable: "{file}: cannot be read ({reason})",
  readError: "{file}: {code}: {message}",
  mappingFile: "--mapping {file}: {reason}",
  schemaFile: "--schema {file}: {reason}",
  optionsRejected: "the library refused the options: {message}",
  requestError: "the request cannot be sent: {code}{field}: {message}",
  outDirNotEmpty: "--out-dir {dir} already holds batch files (batch-*.json): choose an empty directory",
  dirEmpty: "{dir}: no batch files (batch-NNNNN.json, as split writes them) in this directory",
  badBatchFile: "{file}: not an import body ({reason})",
  noToken: "MATEO_API_TOKEN is not set: export the API token in the environment (it is never taken as an argument)",
  badUrl: "--base-url \"{url}\" is not an http(s) URL",
  // summary
  readAs: "Read {file} as {format}{encoding}{delimiter}{sheet}",
  rowsLine: "{total} rows: {valid} valid, {invalid} invalid",
  droppedLine: "{dropped} valid rows left out: another row with their external_id is sent (--duplicates)",
  noRows: "No rows in {file}.",
  brokenFile: "{file} is broken (see above): fix it and check it again",
  fileNotices: "About the file:",
  findings: "Most frequent findings:",
  findingLine: "  {count} × {level} {code}{field}: {message} (rows {rows})",
  moreFindings: "  … and {n} more kinds of finding",
  requestIssues: "About the request:",
  wroteBody: "Body with {valid} valid rows written to {file}",
  noBodyWritten: "No body written to {file}: {reason}",
  noValidRows: "no valid row",
  unusable: "the request cannot be sent",
  wroteFailed: "{invalid} invalid rows written to {file} (fix them there and check the file again)",
  failedSheet: "Failed rows",
  wroteMapping: "Mapping written to {file}",
  mappingHeader: "Mapping for {type} ({columns} columns):",
  notSent: "(not sent)",
  wroteBatches: "{batches} batches with {rows} rows written to {dir} ({days} day(s) of the API's daily quota, at least {seconds} s at 2 requests per second)",
  // send
  dryRun: "Dry run: nothing is sent.",
  planLine: "{batches} batches, {rows} rows to send to {url}",
  batchSkip: "{name}: already accepted as import {id}",
  batchFound: "{name}: the server had already stored it as import {id} (its answer was lost)",
  batchSent: "{name}: {rows} rows accepted as import {id}",
  batchWouldSend: "{name}: {rows} rows, {bytes} bytes, hash {hash}",
  batchRejected: "{name}: refused by the server ({status}): {message}",
  batchGaveUp: "{name}: gave up after {attempts} attempts ({reason}); run the same command again to resume",
  quotaStop:
    "The API's daily limit of {limit} entities is reached ({used} sent today); batch {name} ({rows} rows) is not sent. Run the same command again after {when}.",
  stoppedAfterReject: "Stopped: the batches after {name} are not sent, so the rows stay in order. Fix the cause and run the same command again.",
  waiting: "Waiting for the server's counts…",
  resultHeader: "Result per batch:",
  resultLine: "  {name}: import {id}: {success} imported, {failed} failed{url}",
  resultPending: "  {name}: import {id}: still being processed; run the same command again later for the counts",
  resultNotSent: "  {name}: not sent",
  resultNoId: "  {name}: accepted; the server gave no import id, so there are no counts to show",
  totals: "Sent {accepted} of {batches} batches; {success} rows imported, {failed} failed on the server.",
  journalAt: "Journal: {file}",
  retrying: "{name}: {reason}; retrying in {seconds} s",
  progressRows: "{rows} rows",
  progressBatches: "batch {done}/{total}",
  error_level: "error",
  warning_level: "warning",
};

const de = {
  usage: `Aufruf:
  mateo-import check DATEI --type TYP [--country DE,AT] [--mapping auto|none|DATEI] [--schema DATEI]
                     [--unknown warn|error|strip] [--duplicates warn|error|keepFirst|keepLast|off]
                     [--lang de|en] [--out body.json] [--failed fehler.csv|.xlsx] [--json]
  mateo-import map DATEI --type TYP [--out mapping.json] [--json] [Optionen von check]
  mateo-import split DATEI --type TYP [--max-rows N] [--max-bytes B] --out-dir ORDNER [Optionen von check]
  mateo-import send DATEI|ORDNER [--type TYP] [--base-url URL] [--journal DATEI] [--dry-run] [--wait SEKUNDEN]

TYP: contact_details, deal_details oder appointment_details. Das API-Token wird aus der
Umgebungsvariable MATEO_API_TOKEN gelesen. Exit-Codes: 0 alle Zeilen gültig (und gesendet),
1 einige Zeilen ungültig, 2 Aufruf- oder Eingabefehler, 3 Senden vor dem Ende angehalten (erneut aufrufen).`,
  error: "Fehler",
  interrupted: "abgebrochen. `send` macht beim erneuten Aufruf mit denselben Argumenten dort weiter, wo es aufgehört hat.",
  unknownCommand: "unbekannter Befehl „{command}“ (check, map, split oder send)",
  noCommand: "kein Befehl angegeben",
  noFile: "keine Eingabedatei angegeben",
  extraArgument: "unerwartetes Argument „{arg}“",
  badOption: "{message}",
  needsValue: "Option {option} braucht einen Wert",
  unknownOption: "unbekannte Option {option} für {command}",
  badChoice: "Option {option}: „{value}“ ist keiner der Werte {choices}",
  badNumber: "Option {option}: „{value}“ ist keine ganze Zahl zwischen {min} und {max}",
  typeRequired: "--type ist erforderlich (contact_details, deal_details oder appointment_details)",
  typeConflict: "--type {type}, aber die Import-Anfrage in der Datei nennt {bodyType}",
  outDirRequired: "split braucht --out-dir ORDNER",
  notFound: "{file}: Datei oder Ordner nicht gefunden",
  notReadable: "{file}: kann nicht gelesen werden ({reason})",
  readError: "{file}: {code}: {message}",
  mappingFile: "--mapping {file}: {reason}",
  schemaFile: "--schema {file}: {reason}",
  optionsRejected: "die Bibliothek hat die Optionen abgelehnt: {message}",
  requestError: "die Anfrage kann nicht gesendet werden: {code}{field}: {message}",
  outDirNotEmpty: "--out-dir {dir} enthält bereits Batch-Dateien (batch-*.json): bitte einen leeren Ordner wählen",
  dirEmpty: "{dir}: keine Batch-Dateien (batch-NNNNN.json, wie split sie schreibt) in diesem Ordner",
  badBatchFile: "{file}: keine Import-Anfrage ({reason})",
  noToken: "MATEO_API_TOKEN ist nicht gesetzt: bitte das API-Token in der Umgebung exportieren (es wird nie als Argument übernommen)",
  badUrl: "--base-url „{url}“ ist keine http(s)-URL",
  readAs: "{file} gelesen als {format}{encoding}{delimiter}{sheet}",
  rowsLine: "{total} Zeilen: {valid} gültig, {invalid} ungültig",
  droppedLine: "{dropped} gültige Zeilen ausgelassen: Eine andere Zeile mit derselben external_id wird gesendet (--duplicates)",
  noRows: "Keine Zeilen in {file}.",
  brokenFile: "{file} ist fehlerhaft (siehe oben): bitte korrigieren und erneut prüfen",
  fileNotices: "Zur Datei:",
  findings: "Häufigste Befunde:",
  findingLine: "  {count} × {level} {code}{field}: {message} (Zeilen {rows})",
  moreFindings: "  … und {n} weitere Arten von Befunden",
  requestIssues: "Zur Anfrage:",
  wroteBody: "Import-Anfrage mit {valid} gültigen Zeilen nach {file} geschrieben",
  noBodyWritten: "Keine Import-Anfrage nach {file} geschrieben: {reason}",
  noValidRows: "keine gültige Zeile",
  unusable: "die Anfrage kann nicht gesendet werden",
  wroteFailed: "{invalid} ungültige Zeilen nach {file} geschrieben (dort korrigieren und die Datei erneut prüfen)",
  failedSheet: "Fehlerhafte Zeilen",
  wroteMapping: "Zuordnung nach {file} geschrieben",
  mappingHeader: "Zuordnung für {type} ({columns} Spalten):",
  notSent: "(wird nicht gesendet)",
  wroteBatches: "{batches} Batches mit {rows} Zeilen nach {dir} geschrieben ({days} Tag(e) des Tageskontingents der API, mindestens {seconds} s bei 2 Anfragen pro Sekunde)",
  dryRun: "Probelauf: Es wird nichts gesendet.",
  planLine: "{batches} Batches mit {rows} Zeilen, zu senden an {url}",
  batchSkip: "{name}: bereits als Import {id} angenommen",
  batchFound: "{name}: Der Server hatte ihn bereits als Import {id} gespeichert (seine Antwort ging verloren)",
  batchSent: "{name}: {rows} Zeilen als Import {id} angenommen",
  batchWouldSend: "{name}: {rows} Zeilen, {bytes} Bytes, Hash {hash}",
  batchRejected: "{name}: vom Server abgelehnt ({status}): {message}",
  batchGaveUp: "{name}: nach {attempts} Versuchen aufgegeben ({reason}); denselben Befehl erneut aufrufen, um fortzusetzen",
  quotaStop:
    "Das Tageslimit der API von {limit} Einträgen ist erreicht (heute bereits {used} gesendet); Batch {name} ({rows} Zeilen) wird nicht gesendet. Bitte denselben Befehl nach {when} erneut aufrufen.",
  stoppedAfterReject: "Angehalten: Die Batches nach {name} werden nicht gesendet, damit die Reihenfolge erhalten bleibt. Bitte die Ursache beheben und denselben Befehl erneut aufrufen.",
  waiting: "Warten auf die Zahlen des Servers …",
  resultHeader: "Ergebnis je Batch:",
  resultLine: "  {name}: Import {id}: {success} importiert, {failed} fehlgeschlagen{url}",
  resultPending: "  {name}: Import {id}: wird noch verarbeitet; später denselben Befehl erneut aufrufen, um die Zahlen zu sehen",
  resultNotSent: "  {name}: nicht gesendet",
  resultNoId: "  {name}: angenommen; der Server nannte keine Import-ID, daher gibt es keine Zahlen",
  totals: "{accepted} von {batches} Batches gesendet; {success} Zeilen importiert, {failed} auf dem Server fehlgeschlagen.",
  journalAt: "Journal: {file}",
  retrying: "{name}: {reason}; neuer Versuch in {seconds} s",
  progressRows: "{rows} Zeilen",
  progressBatches: "Batch {done}/{total}",
  error_level: "Fehler",
  warning_level: "Warnung",
};

export const tables = { en, de };

/** The language: --lang, else LC_ALL / LC_MESSAGES / LANG starting with "de", else English. */
export function defaultLang(env = process.env) {
  const v = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return v.toLowerCase().startsWith("de") ? "de" : "en";
}

let current = en;
let currentLang = "en";
export function setLang(lang) {
  currentLang = lang === "de" ? "de" : "en";
  current = tables[currentLang];
}
export const lang = () => currentLang;

/** A number as the language writes it (1,234 / 1.234). */
export function num(n) {
  return Number(n).toLocaleString(currentLang === "de" ? "de-DE" : "en-US");
}

export function t(key, params = {}) {
  const text = current[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}
