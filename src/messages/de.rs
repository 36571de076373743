//! German messages, for a business user who fixes the spreadsheet: short, concrete, German
//! quotation marks, the field named as the person's file names it.

use std::fmt::Write;

use crate::mapping::MappingReason;
use crate::options::OptionsError;
use crate::phone::{MissReason, ParseFailure};
use crate::report::{DateError, Problem, UnknownAction, Unreadable};

/// `„text“`.
fn q(s: &str) -> String {
    format!("„{s}“")
}

/// A value the checks wrote in Rust's debug form (`"yes"`, for a text): in German quotes.
fn dq(s: &str) -> String {
    match s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => q(&inner.replace("\\\"", "\"").replace("\\\\", "\\")),
        None => s.to_owned(),
    }
}

/// `„a“, „b“ und „c“` (`oder` for alternatives).
fn list<S: AsRef<str>>(items: &[S], last: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s.as_ref())).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// A count as German writes it: `25.000`.
fn n(v: impl Into<u64>) -> String {
    let digits = v.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `ein Text` → `kein Text`: a JSON type or kind after "nicht".
fn no(t: &str) -> String {
    if t.starts_with("ein ") || t.starts_with("eine ") || t.starts_with("einer ") {
        format!("k{t}")
    } else {
        format!("nicht {t}")
    }
}

fn nu(v: usize) -> String {
    n(v as u64)
}

/// The words of the English data fragments the checks pass (JSON types, kinds, units): one line
/// each. An unknown one is shown as it is (a test renders every code and looks for English).
fn term(en: &str) -> &str {
    match en {
        // JSON types.
        "null" => "null (leer)",
        "undefined" => "nichts (undefined)",
        "a boolean" => "ein Wahrheitswert",
        "a number" => "eine Zahl",
        "a string" => "ein Text",
        "an array" => "eine Liste",
        "an object" => "ein Objekt",
        // What a field expects.
        "a UUID string" | "a UUID" => "eine UUID",
        "a date string (YYYY-MM-DD)" | "a date (YYYY-MM-DD)" => "ein Datum (JJJJ-MM-TT)",
        "a timestamp string (RFC 3339)" | "a timestamp" => "ein Zeitpunkt (RFC 3339)",
        "a boolean (true or false)" => "ein Wahrheitswert (true oder false)",
        "a whole number" => "eine ganze Zahl",
        "an email string" | "an email address" => "eine E-Mail-Adresse",
        "a phone number or a list of them" => "eine Telefonnummer oder eine Liste davon",
        "a list of country codes" => "eine Liste von Ländercodes",
        "a list of strings" => "eine Liste von Texten",
        "one of the allowed values" => "einer der erlaubten Werte",
        "an array of rows" => "eine Liste von Zeilen",
        "not a payload here" => "hier keine Zeilenliste („payload“)",
        // What a value was read as (coerced_value) or is out of the range of.
        "text" => "Text",
        "UUID" => "UUID",
        "boolean" => "Wahrheitswert",
        "integer" => "ganze Zahl",
        "number" => "Zahl",
        "list" => "Liste",
        "a 32-bit integer" => "einer 32-Bit-Ganzzahl",
        // Units of a file.
        "element" => "Element",
        "line" => "Zeile",
        // Entities.
        "deal" => "Jeder Deal",
        "appointment" => "Jeder Termin",
        "the import request" => "die Import-Anfrage",
        // Files that are no table.
        "a PDF document" => "ein PDF-Dokument",
        "a gzip archive" => "ein gzip-Archiv",
        "a PNG image" => "ein PNG-Bild",
        "a JPEG image" => "ein JPEG-Bild",
        "a GIF image" => "ein GIF-Bild",
        "a RAR archive" => "ein RAR-Archiv",
        "a 7-Zip archive" => "ein 7-Zip-Archiv",
        "an SQLite database" => "eine SQLite-Datenbank",
        // Workbook limits.
        "cells" => "die Zahl der Zellen",
        "rows" => "die Zahl der Zeilen",
        "columns" => "die Zahl der Spalten",
        "bytes" => "die entpackte Größe in Bytes",
        // … as the spreadsheet module names them (reading and writing).
        "the number of cells a sheet declares" => "die Zahl der Zellen, die ein Blatt angibt",
        "the number of cells of the workbook's sheets" => {
            "die Zahl der Zellen aller Blätter der Arbeitsmappe"
        }
        "the number of columns of a sheet" => "die Zahl der Spalten eines Blatts",
        "the decompressed size of a part of the file (bytes)" => {
            "die entpackte Größe eines Teils der Datei (Bytes)"
        }
        "the decompressed size of the file's XML parts (bytes)" => {
            "die entpackte Größe der XML-Teile der Datei (Bytes)"
        }
        "the number of shared strings" => "die Zahl der gemeinsam genutzten Texte (shared strings)",
        "the number of columns the sheet declares" => "die Zahl der Spalten, die das Blatt angibt",
        "the number of cells the sheet declares (rows × columns from A1)" => {
            "die Zahl der Zellen, die das Blatt angibt (Zeilen × Spalten ab A1)"
        }
        "the number of columns" => "die Zahl der Spalten",
        "the number of cells (rows × columns from A1)" => {
            "die Zahl der Zellen (Zeilen × Spalten ab A1)"
        }
        "the number of rows" => "die Zahl der Zeilen",
        "the length of a cell" => "die Länge einer Zelle",
        "the size of the workbook in bytes" => "die Größe der Arbeitsmappe in Bytes",
        // Limits of a .zip (`zipFiles`).
        "the number of files" => "die Zahl der Dateien",
        "the size in bytes" => "die Größe in Bytes",
        "the length of a file name in bytes" => "die Länge eines Dateinamens in Bytes",
        // Read options the wasm facade refuses.
        "expected a Uint8Array (the file's bytes, not its text)" => {
            "erwartet wird ein Uint8Array (die Bytes der Datei, nicht ihr Text)"
        }
        "expected the mateo-import/sheets module (an object with readWorkbook)" => {
            "erwartet wird das Modul mateo-import/sheets (ein Objekt mit readWorkbook)"
        }
        other => other,
    }
}

/// What a value was read as (`coerced_value`): the checks' kinds and the mapping's local
/// values (`a date` for `25.12.1990`), as a noun without article.
fn coerced_kind(kind: &str) -> &str {
    match kind {
        "a date" => "Datum",
        "a timestamp" => "Zeitpunkt",
        "a boolean" => "Wahrheitswert",
        "a number" => "Zahl",
        other => term(other),
    }
}

/// "a blank X was removed": X with its article, in the accusative.
fn blank_kind(kind: &str) -> &str {
    match kind {
        "UUID" => "eine leere UUID",
        "date" => "ein leeres Datum",
        "timestamp" => "einen leeren Zeitpunkt",
        "boolean" => "einen leeren Wahrheitswert",
        "integer" => "eine leere ganze Zahl",
        "number" => "eine leere Zahl",
        "email" => "eine leere E-Mail-Adresse",
        "enum value" => "einen leeren Auswahlwert",
        "phone number" => "eine leere Telefonnummer",
        other => other,
    }
}

fn email_reason(en: &str) -> &str {
    match en {
        "it contains a space" => "Sie enthält ein Leerzeichen",
        "it has no @" => "Das @ fehlt",
        "it has more than one @" => "Sie enthält mehr als ein @",
        "nothing before the @" => "Vor dem @ steht nichts",
        "a character addresses cannot have before the @" => {
            "Vor dem @ steht ein Zeichen, das in E-Mail-Adressen nicht erlaubt ist"
        }
        "misplaced dot before the @" => "Vor dem @ steht ein Punkt an falscher Stelle",
        "the domain has no dot" => "Die Domain hat keinen Punkt",
        "the domain is malformed" => "Die Domain ist fehlerhaft",
        "the domain has a character domains cannot have" => {
            "Die Domain enthält ein Zeichen, das in Domains nicht erlaubt ist"
        }
        other => other,
    }
}

const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// Why a date is none, as a sentence after a colon.
fn date_reason(e: &DateError) -> String {
    match e {
        DateError::NoSuchMonth { month } => format!("Einen Monat {month:02} gibt es nicht."),
        DateError::YearZero => "Ein Jahr 0000 gibt es nicht.".into(),
        DateError::NoSuchDay { year, month, day } => {
            let name = MONTHS.get(*month as usize - 1).copied().unwrap_or("Monat");
            format!("Der {name} {year} hat keinen {day}. Tag.")
        }
        DateError::NotIsoDate {
            day_first,
            ambiguous,
        } => match day_first {
            Some(iso) if *ambiguous => {
                format!("Erwartet wird JJJJ-MM-TT (wenn der Tag vorne steht: {iso}).")
            }
            Some(iso) => format!("Erwartet wird JJJJ-MM-TT (gemeint ist wohl {iso})."),
            None => "Erwartet wird JJJJ-MM-TT.".into(),
        },
        DateError::NotTimestamp => {
            "Erwartet wird ein Zeitpunkt nach RFC 3339, z. B. 2024-05-01T14:30:00+02:00.".into()
        }
        DateError::BadFraction => "Die Bruchteile der Sekunde sind ungültig.".into(),
        DateError::NotTimeOfDay {
            hour,
            minute,
            second,
        } => format!("{hour:02}:{minute:02}:{second:02} ist keine Uhrzeit."),
        DateError::BadOffset { offset } => {
            format!("Der Abstand zu UTC {} ist ungültig.", q(offset))
        }
        DateError::TimestampDate { date } => date_reason(date),
    }
}

/// A date that does not exist (as opposed to one written in another form).
fn no_such_date(e: &DateError) -> bool {
    match e {
        DateError::NoSuchMonth { .. } | DateError::YearZero | DateError::NoSuchDay { .. } => true,
        DateError::TimestampDate { date } => no_such_date(date),
        _ => false,
    }
}

/// One engine verdict, as the short reason of a phone entry: `zu kurz`.
fn failure(f: ParseFailure) -> &'static str {
    match f {
        ParseFailure::NotANumber => "keine Telefonnummer",
        ParseFailure::InvalidCountryCode => "ungültige Landesvorwahl",
        ParseFailure::TooShortAfterIdd => "zu kurz nach der internationalen Vorwahl",
        ParseFailure::TooShort => "zu kurz",
        ParseFailure::TooLong => "zu lang",
        ParseFailure::NotValid => "keine gültige Nummer",
    }
}

/// The short reason of one phone entry (`zu kurz (geprüft für DE, AT)`).
pub fn phone_reason(why: &MissReason) -> String {
    match why {
        MissReason::NotText { got } => format!("kein Text, sondern {}", term(got)),
        MissReason::Blank => "leer".into(),
        MissReason::NotTried => "nicht geprüft: Ein früherer Eintrag ist gültig".into(),
        MissReason::NoCountryCode => {
            "keine Landesvorwahl: mit +… schreiben oder country_codes angeben".into()
        }
        MissReason::Invalid { failure: f } => failure(*f).into(),
        MissReason::InvalidIn {
            failure: f,
            regions,
        } => format!("{} (geprüft für {})", failure(*f), regions.join(", ")),
        MissReason::InvalidPerRegion { failures } => failures
            .iter()
            .map(|r| format!("{}: {}", r.region, failure(r.failure)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A phone entry's reason as the rest of a sentence about it: `ist zu kurz (geprüft für DE)`.
fn phone_predicate(why: &MissReason) -> String {
    let verdict = |f: ParseFailure| match f {
        ParseFailure::InvalidCountryCode => "hat keine gültige Landesvorwahl".to_owned(),
        ParseFailure::TooShortAfterIdd => "ist nach der internationalen Vorwahl zu kurz".to_owned(),
        f => format!("ist {}", failure(f)),
    };
    match why {
        MissReason::NotText { got } => format!("ist kein Text, sondern {}", term(got)),
        MissReason::Blank => "ist leer".into(),
        MissReason::NotTried => "wurde nicht geprüft".into(),
        MissReason::NoCountryCode => {
            "hat keine Landesvorwahl (schreiben Sie sie mit +… oder geben Sie country_codes an)"
                .into()
        }
        MissReason::Invalid { failure: f } => verdict(*f),
        MissReason::InvalidIn {
            failure: f,
            regions,
        } => format!("{} (geprüft für {})", verdict(*f), regions.join(", ")),
        MissReason::InvalidPerRegion { .. } => format!("ist ungültig ({})", phone_reason(why)),
    }
}

/// The subject of a sentence about a value: the field as the file names it, else `fallback`.
fn subject(label: Option<&str>, fallback: &str) -> String {
    label.map_or_else(|| fallback.to_owned(), str::to_owned)
}

/// `Feld: ` before a sentence that does not name it.
fn prefix(label: Option<&str>) -> String {
    label.map_or_else(String::new, |l| format!("{l}: "))
}

pub fn message(p: &Problem, label: Option<&str>) -> String {
    match p {
        Problem::RequestNotObject { got } => {
            format!("Der Inhalt der Anfrage muss ein JSON-Objekt sein, {}.", no(term(got)))
        }
        Problem::UnknownImportType { got } => format!(
            "„type“ muss contact_details, deal_details oder appointment_details sein, nicht {}.",
            dq(got)
        ),
        Problem::PayloadNotArray { got } => {
            format!("„payload“ muss eine Liste von Zeilen sein, {}.", no(term(got)))
        }
        Problem::EmptyPayload => "„payload“ ist leer: Es gibt nichts zu importieren.".into(),
        Problem::PayloadInSessionHead { rows } => format!(
            "{} nicht geprüft: Eine Sitzung prüft die Zeilen, die ihr mit push gegeben werden. Bitte mit push übergeben oder „payload“ weglassen.",
            if *rows == 1 {
                "Die Zeile in „payload“ wurde".to_owned()
            } else {
                format!("Die {rows} Zeilen in „payload“ wurden")
            }
        ),
        Problem::RowNotObject { got } => {
            format!("Jede Zeile muss ein Objekt sein, {}.", no(term(got)))
        }
        Problem::InvalidJson { line, column, .. } => match (line, column) {
            (Some(l), Some(c)) => format!(
                "Der JSON-Text ist nicht lesbar (Zeile {}, Spalte {}).",
                nu(*l),
                nu(*c)
            ),
            _ => "Der Wert lässt sich nicht als JSON lesen.".into(),
        },
        Problem::CsvDuplicateHeader { header } => format!(
            "Die Spalte {} kommt mehrmals vor; es gilt jeweils die letzte nicht leere Zelle.",
            q(header)
        ),
        Problem::CsvExtraCells {
            line,
            cells,
            headers,
        } => format!(
            "Zeile {} hat {} Zellen, die Kopfzeile aber {}; die zusätzlichen Zellen werden als Spalten column_N behalten.",
            n(*line),
            nu(*cells),
            nu(*headers)
        ),
        Problem::FlagNotApplicable {
            field,
            applies_to,
            import_type,
        } => format!(
            "{} gilt nur für Importe vom Typ {applies_to}; bei {import_type} wird es nicht beachtet.",
            q(field)
        ),
        Problem::AmbiguousContactList => "contact_list_id und contact_list_external_id sind beide gesetzt; welche der Server verwendet, ist nicht festgelegt.".into(),

        Problem::UnsupportedFormat { format } => format!(
            "Diese Datei ist eine {format}-Datei; die Unterstützung für Tabellenkalkulationsdateien ist nicht geladen (in JS: `enableSpreadsheets` mit dem Modul `mateo-import/sheets`). Sie können die Tabelle auch als CSV speichern."
        ),
        Problem::UnreadableFile { reason } => {
            let why = match reason {
                Unreadable::ZipNotWorkbook => {
                    "Sie ist ein ZIP-Archiv, aber keine Arbeitsmappe (.xlsx oder .ods).".to_owned()
                }
                Unreadable::NotATable { what } => {
                    format!("Sie ist {}, keine Tabelle.", term(what))
                }
                Unreadable::Binary => "Sie enthält Binärdaten, keinen Text.".into(),
                Unreadable::AlreadyFinished => {
                    "Dieser Leser wurde bereits abgeschlossen.".into()
                }
                Unreadable::NothingRead => "Es wurde nichts gelesen.".into(),
                Unreadable::NotJson { line, column, .. } => format!(
                    "Sie ist kein gültiges JSON (Zeile {}, Spalte {}).",
                    nu(*line),
                    nu(*column)
                ),
                Unreadable::NotRows { got } => format!(
                    "Eine JSON-Datei mit Zeilen ist eine Liste von Objekten; diese enthält {}.",
                    term(got)
                ),
                Unreadable::Workbook { detail } => {
                    format!("Die Arbeitsmappe ist beschädigt oder unvollständig ({detail}).")
                }
                Unreadable::WrongShape => {
                    "Das Tabellenmodul hat eine Antwort in unerwarteter Form geliefert.".into()
                }
            };
            format!("Die Datei lässt sich nicht lesen: {why}")
        }
        Problem::SheetNotFound { sheet, sheets } => match sheets.as_slice() {
            [] => format!("Die Arbeitsmappe hat kein Blatt {}.", q(sheet)),
            [one] => format!(
                "Die Arbeitsmappe hat kein Blatt {}; ihr einziges Blatt heißt {}.",
                q(sheet),
                q(one)
            ),
            many => format!(
                "Die Arbeitsmappe hat kein Blatt {}; ihre Blätter heißen {}.",
                q(sheet),
                list(many, "und")
            ),
        },
        Problem::WorkbookTooLarge { what, limit, found } => format!(
            "Die Arbeitsmappe ist zu groß: {} beträgt {}, die Grenze liegt bei {}.",
            capitalise(term(what)),
            n(*found),
            n(*limit)
        ),
        Problem::ZipTooLarge { what, limit, found } => format!(
            "Die .zip-Datei ist zu groß: {} beträgt {}, die Grenze liegt bei {}.",
            capitalise(term(what)),
            n(*found),
            n(*limit)
        ),
        Problem::CellError { cell, error } => format!(
            "Zelle {cell} zeigt den Fehler {error}; sie wurde als leer gelesen."
        ),
        Problem::FormulaWithoutValue { cell, formula } => format!(
            "Zelle {cell} enthält die Formel {formula}, aber in der Datei ist kein Ergebnis dafür gespeichert; sie wurde als leer gelesen. Öffnen und speichern Sie die Datei in Excel oder LibreOffice, damit die Ergebnisse gespeichert werden."
        ),
        Problem::MoreCellErrors { count } => {
            if *count == 1 {
                "1 weitere Zelle zeigt einen Fehler; sie wurde als leer gelesen.".into()
            } else {
                format!(
                    "{} weitere Zellen zeigen einen Fehler; sie wurden als leer gelesen.",
                    n(*count)
                )
            }
        }
        Problem::MoreFormulasWithoutValue { count } => {
            if *count == 1 {
                "1 weitere Zelle enthält eine Formel ohne gespeichertes Ergebnis.".into()
            } else {
                format!(
                    "{} weitere Zellen enthalten Formeln ohne gespeichertes Ergebnis.",
                    n(*count)
                )
            }
        }
        Problem::HiddenSheetsSkipped { sheet, hidden } => {
            let skipped = if hidden.len() == 1 {
                format!("das ausgeblendete Blatt {} davor wurde", list(hidden, "und"))
            } else {
                format!("die ausgeblendeten Blätter {} davor wurden", list(hidden, "und"))
            };
            format!(
                "Gelesen wurde das erste sichtbare Blatt {}; {skipped} übersprungen.",
                q(sheet)
            )
        }
        Problem::LeadingZerosLost {
            column,
            cells,
            digits,
            cell,
            value,
        } => format!(
            "Spalte {column}: {} eine Zahl mit {} Ziffern, wo die Werte der Spalte {digits} haben ({value} in {cell}). Excel lässt bei Zahlen die führende Null weg, es war also vielleicht 0{value} (etwa eine Postleitzahl). Formatieren Sie die Spalte als Text und geben Sie den Wert neu ein.",
            if *cells == 1 {
                "1 Zelle enthält".to_owned()
            } else {
                format!("{} Zellen enthalten", n(*cells))
            },
            digits.saturating_sub(1)
        ),
        Problem::UnknownEncoding { encoding } => format!(
            "{} ist keine unterstützte Zeichenkodierung (utf-8, windows-1252, latin1, utf-16le, utf-16be).",
            q(encoding)
        ),
        Problem::InvalidReadOption { option, value } => format!(
            "Die Leseoption {} hat einen unbrauchbaren Wert: {}.",
            q(option),
            dq(term(value))
        ),
        Problem::UnknownReadOption { option } => format!(
            "{} ist keine Leseoption (fileName, format, encoding, delimiter, sheet, locale).",
            q(option)
        ),
        Problem::EncodingGuessed { encoding, line } => format!(
            "Die Datei ist ab Zeile {} nicht in UTF-8 kodiert und nennt ihre Zeichenkodierung nicht (kein BOM); sie wurde als {encoding} gelesen (so speichert Excel unter Windows). Falls das nicht stimmt, geben Sie `encoding` an.",
            n(*line)
        ),
        Problem::UndecodableBytes {
            encoding,
            count,
            line,
        } => {
            let (what, verb) = if *count == 1 {
                ("Bytefolge ist", "wurde")
            } else {
                ("Bytefolgen sind", "wurden")
            };
            format!(
                "{} {what} kein gültiges {encoding} und {verb} durch „�“ ersetzt (zuerst in Zeile {}); vielleicht hat die Datei eine andere Zeichenkodierung.",
                n(*count),
                n(*line)
            )
        }
        Problem::NulRemoved { count, line } => format!(
            "{} NUL-Zeichen {} entfernt (zuerst in Zeile {}).",
            n(*count),
            if *count == 1 { "wurde" } else { "wurden" },
            n(*line)
        ),
        Problem::SeparatorLine { delimiter } => format!(
            "Die Excel-Zeile „sep={delimiter}“ am Anfang legt das Trennzeichen fest; sie wurde nicht als Daten gelesen."
        ),
        Problem::TitleRowsSkipped { lines, text } => {
            let lines: Vec<String> = lines.iter().map(|l| n(*l)).collect();
            let (what, verb) = if lines.len() == 1 {
                ("Zeile", "wurde")
            } else {
                ("Zeilen", "wurden")
            };
            format!(
                "{what} {} über der Kopfzeile {verb} nicht als Daten gelesen: {}.",
                lines.join(", "),
                q(text)
            )
        }
        Problem::DuplicateHeader { header, renamed } => format!(
            "Die Spalte {} kommt mehrmals vor; diese heißt jetzt {}.",
            q(header),
            q(renamed)
        ),
        Problem::UnterminatedQuote { line } => format!(
            "Ein Anführungszeichen in Zeile {} wird nicht geschlossen: Der Rest der Datei wurde in eine einzige Zelle gelesen.",
            n(*line)
        ),
        Problem::NotARow {
            unit,
            position,
            got,
        } => {
            let pronoun = if *unit == "line" { "Sie" } else { "Es" };
            format!(
                "{} {} wurde ausgelassen: {pronoun} ist {}, kein Zeilenobjekt.",
                term(unit),
                n(*position),
                term(got)
            )
        }
        Problem::InvalidJsonLine { line, .. } => format!(
            "Zeile {} ist kein gültiges JSON und wurde ausgelassen.",
            n(*line)
        ),
        Problem::BodyFieldsNotRead { fields, .. } => format!(
            "Die Datei enthält eine ganze Import-Anfrage: Die Zeilen wurden aus „payload“ gelesen; {} {} nicht zur Tabelle (die Werte stehen in „body“ dieses Hinweises).",
            list(fields, "und"),
            if fields.len() == 1 { "gehört" } else { "gehören" }
        ),

        Problem::InvalidType { expected, got } => format!(
            "{}Erwartet wird {}, {}.",
            prefix(label),
            term(expected),
            no(term(got))
        ),
        Problem::NotNullable { expected } => format!(
            "{}Ein leerer Wert (null) ist hier nicht erlaubt; erwartet wird {}.",
            prefix(label),
            term(expected)
        ),
        Problem::InvalidUuid { value } => format!(
            "{}{} ist keine UUID (erwartet: 8-4-4-4-12 Hexadezimalziffern).",
            prefix(label),
            q(value)
        ),
        Problem::InvalidDate { value, reason } | Problem::InvalidTimestamp { value, reason } => {
            let kind = if matches!(p, Problem::InvalidDate { .. }) {
                "Das Datum"
            } else {
                "Der Zeitpunkt"
            };
            if no_such_date(reason) {
                format!(
                    "{} {} gibt es nicht: {}",
                    subject(label, kind),
                    q(value),
                    date_reason(reason)
                )
            } else {
                let what = if kind == "Das Datum" {
                    "kein Datum"
                } else {
                    "kein Zeitpunkt"
                };
                format!(
                    "{}{} ist {what}. {}",
                    prefix(label),
                    q(value),
                    date_reason(reason)
                )
            }
        }
        Problem::TimestampWithoutOffset { value, normalised } => format!(
            "{}{} hat keine Zeitzone (Abstand zu UTC); der Server liest den Zeitpunkt als UTC, gesendet wird {}.",
            prefix(label),
            q(value),
            q(normalised)
        ),
        Problem::InvalidEnum { value, allowed } => format!(
            "{}{} ist keiner der erlaubten Werte: {allowed}.",
            prefix(label),
            q(value)
        ),
        Problem::UnrecognisedEnumValue { value, known } => format!(
            "{}{} ist kein bekannter Wert (bekannt: {known}); er wird unverändert gesendet.",
            prefix(label),
            q(value)
        ),
        Problem::EnumCaseNormalised { value, normalised } => format!(
            "{}{} unterscheidet sich von {} nur in der Groß- und Kleinschreibung; gesendet wird {}.",
            prefix(label),
            q(value),
            q(normalised),
            q(normalised)
        ),
        Problem::Coerced {
            value,
            kind,
            normalised,
        } => format!(
            "{}{} wurde als {} {} gelesen.",
            prefix(label),
            dq(value),
            coerced_kind(kind),
            dq(normalised)
        ),
        Problem::SentAsNull { value, path } => format!(
            "{}{} lässt sich in JSON nicht darstellen: `{}` wird als null gesendet.",
            prefix(label),
            match value.as_str() {
                "Invalid Date" => "Ein ungültiges Datum",
                "function" => "Eine Funktion",
                "symbol" => "Ein Symbol",
                other => other,
            },
            path
        ),
        Problem::OutOfRange { value, kind } => format!(
            "{}{} liegt außerhalb des Wertebereichs {}.",
            prefix(label),
            dq(value),
            term(kind)
        ),
        Problem::InvalidEmail { value, reason } => format!(
            "{}{} ist keine E-Mail-Adresse: {}.",
            prefix(label),
            q(value),
            email_reason(reason)
        ),
        Problem::BlankRemoved { kind } => format!(
            "{}Ein leerer Wert wurde entfernt (der Server würde {} ablehnen).",
            prefix(label),
            blank_kind(kind)
        ),
        Problem::NoValidPhone { misses } => match misses.as_slice() {
            [one] => format!(
                "{}Die Telefonnummer {} {}.",
                prefix(label),
                q(&one.input),
                phone_predicate(&one.why)
            ),
            many => {
                let mut out = format!("{}Keine gültige Telefonnummer in der Liste: ", prefix(label));
                for (i, m) in many.iter().enumerate() {
                    if i > 0 {
                        out.push_str("; ");
                    }
                    let _ = write!(out, "{} {}", q(&m.input), phone_predicate(&m.why));
                }
                out.push('.');
                out
            }
        },
        Problem::PhoneAmbiguous {
            value,
            national,
            international,
        } => format!(
            "{}{} lässt sich als {national} lesen (eine Nummer ohne Landesvorwahl, so liest sie der Server) oder als {international} (mit dem führenden +, das Tabellenprogramme bei Zahlen weglassen). Schreiben Sie sie mit + oder mit der 0 davor.",
            prefix(label),
            q(value)
        ),
        Problem::NotMobile { value } => format!(
            "{}{value} ist eine Festnetznummer. Der Server nimmt sie an, aber über WhatsApp ist ein Festnetzanschluss selten erreichbar. Fehlt die Mobilnummer, oder ist sie ungültig?",
            prefix(label)
        ),
        Problem::InvalidCountryCode { value } => format!(
            "{} ist kein bekannter Ländercode (ISO 3166-1 Alpha-2, z. B. „DE“).",
            q(value)
        ),

        Problem::DuplicateExternalId { value, first_row } => format!(
            "Die external_id {} steht auch in Zeile {}: Der Server aktualisiert denselben Datensatz zweimal.",
            q(value),
            nu(first_row.saturating_add(1))
        ),
        Problem::SharedHandle { other_row, .. } => format!(
            "Der Wert steht auch in Zeile {}, unter einer anderen external_id: Der Server ordnet ihn nur einem der beiden Kontakte zu.",
            nu(other_row.saturating_add(1))
        ),

        Problem::DuplicateDropped { value, kept_row } => format!(
            "Die external_id {} steht auch in Zeile {}, die stattdessen gesendet wird: Diese Zeile bleibt aus dem Import.",
            q(value),
            nu(kept_row.saturating_add(1))
        ),

        Problem::RowTooLarge {
            row,
            bytes,
            max_bytes,
        } => format!(
            "Zeile {} der zu sendenden Zeilen ergibt allein eine Anfrage von {} Bytes, mehr als die Grenze von {} Bytes.",
            nu(row.saturating_add(1)),
            nu(*bytes),
            nu(*max_bytes)
        ),
        Problem::FailedRowsColumnsIgnored { columns } => {
            let (what, verb) = if columns.len() == 1 {
                ("Die Spalte", "wurde")
            } else {
                ("Die Spalten", "wurden")
            };
            format!(
                "{what} {} {verb} von failedRows angefügt (Zeilennummer, Gründe) und nicht gelesen.",
                list(columns, "und")
            )
        }

        Problem::AmbiguousDate { value, readings } => format!(
            "{}{} kann {} bedeuten: Es ist nicht eindeutig, ob Tag oder Monat vorne steht. Legen Sie die Datumsreihenfolge der Spalte fest (DMY oder MDY).",
            prefix(label),
            q(value),
            list(readings, "oder")
        ),
        Problem::MappedValuesDiffer { used, ignored } => format!(
            "{}Die Spalten für dieses Feld enthalten unterschiedliche Werte; gesendet wird {}, nicht {}.",
            prefix(label),
            q(used),
            list(ignored, "und")
        ),
        Problem::CountryCodesFromCountry { country, codes } => format!(
            "Wegen des Landes {} werden die Telefonnummern dieser Zeile für {} geprüft.",
            q(country),
            codes.join(", ")
        ),

        Problem::MissingIdentifier => "Ein Kontakt braucht mindestens eine Kennung: external_id, email, sms, whatsapp, instagram, facebook, google_business_messaging oder id.".into(),
        Problem::MissingContactReference { entity } => format!(
            "{} braucht contact_id oder contact_external_id.",
            term(entity)
        ),
        Problem::AmbiguousContactReference => "contact_id und contact_external_id sind beide gesetzt; welche der Server verwendet, ist nicht festgelegt.".into(),
        Problem::Required => match label {
            Some(l) => format!("{} muss ausgefüllt sein.", q(l)),
            None => "Dieses Feld muss ausgefüllt sein.".into(),
        },
        Problem::EndBeforeStart { start, end } => {
            format!("Das Ende ({end}) liegt vor dem Beginn ({start}).")
        }
        Problem::UnknownField {
            field,
            row_type,
            action,
        } => {
            let then = match action {
                UnknownAction::Kept => " Es wird unverändert gesendet.",
                UnknownAction::Removed => " Es wurde entfernt.",
                UnknownAction::Rejected => "",
            };
            let of = if row_type == "the import request" {
                "der Import-Anfrage".to_owned()
            } else {
                format!("für Importe vom Typ {row_type}")
            };
            format!("{} ist kein bekanntes Feld {of}.{then}", q(field))
        }
        Problem::InvalidSchema { reason, path } => {
            let why = match *reason {
                "not_json" => "Sie ist kein gültiges JSON",
                "not_an_object" => "Sie ist kein JSON-Objekt",
                "not_openapi" => "Sie hat weder „swagger“ noch „openapi“",
                "unsupported_version" => "Diese Version wird nicht unterstützt (Swagger 2.0 oder OpenAPI 3.x)",
                "wrong_type" => "Ein Wert hat den falschen Typ",
                "no_properties" => "Eine Tabelle hat keine Spalten („properties“)",
                "ref_cycle" => "Ein Verweis („$ref“) führt im Kreis",
                "ref_too_deep" => "Eine Kette von Verweisen („$ref“) ist zu lang",
                "ref_unresolved" => "Ein Verweis („$ref“) zeigt ins Leere",
                "ref_unsupported" => "Ein Verweis („$ref“) zeigt auf ein anderes Dokument",
                "too_deep" => "Sie ist zu tief verschachtelt",
                "too_large" => "Sie ist zu groß",
                other => other,
            };
            if path.is_empty() {
                format!("Die OpenAPI-Beschreibung ist nicht verwendbar: {why}.")
            } else {
                format!(
                    "Die OpenAPI-Beschreibung ist nicht verwendbar: {why} (bei {}).",
                    q(path)
                )
            }
        }
        Problem::SchemaUnknownFormat {
            table,
            column,
            format,
        } => format!(
            "Die Spalte {} von {} hat den Typ {}, den diese Bibliothek nicht kennt; ihre Werte werden als Text geprüft.",
            q(column),
            q(table),
            q(format)
        ),
        Problem::SchemaTableMissing { import_type, tried } => format!(
            "Die OpenAPI-Beschreibung hat keine Definition für {import_type} (gesucht: {}); verwendet wird die eingebaute Tabelle.",
            list(tried, "und")
        ),
        Problem::ReadOnlyField { field } => {
            format!(
                "Das Feld {} wird vom Server verwaltet und wurde entfernt.",
                q(field)
            )
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub fn mapping_reason(why: &MappingReason) -> String {
    match why {
        MappingReason::Exact => "Die Spalte heißt wie das Feld.".into(),
        MappingReason::Synonym => "Ein bekannter Name für das Feld.".into(),
        MappingReason::Fuzzy => "Der Name ähnelt dem des Felds.".into(),
        MappingReason::Sample => "Die Werte passen zu diesem Feld.".into(),
        MappingReason::PhoneValues => {
            "Enthält Telefonnummern, ist aber nicht zugeordnet: Wählen Sie whatsapp oder sms."
                .into()
        }
        MappingReason::Weaker { field } => {
            format!("Nicht zugeordnet: Eine andere Spalte passt besser zu {field}.")
        }
        MappingReason::NotUuid { field } => {
            format!("Nicht {field} zugeordnet: Die Werte sind keine UUIDs.")
        }
        MappingReason::None => "Kein Feld passt.".into(),
    }
}

pub fn options_error(e: &OptionsError) -> String {
    match e {
        OptionsError::Shape(detail) => format!("Ungültige Optionen ({detail})."),
        OptionsError::CountryCodes(codes) => format!(
            "Ungültige Optionen: defaultCountryCodes enthält unbekannte Ländercodes ({codes})."
        ),
        OptionsError::Locale(tag) => format!(
            "Ungültige Optionen: locale muss „en“ oder „de“ sein, nicht {}.",
            q(tag)
        ),
    }
}
