// Generates realistic contact CSV files for the end-to-end tests: German, Austrian, Swiss, Dutch
// and US numbers in national and international form, lists of several numbers per cell, and a
// small share of rows with problems (bad email, dotted birthday, no identifier, bad number).
// Deterministic (seeded), so a failing run can be reproduced.

const FIRST = ["Anna", "Lukas", "Sophie", "Daan", "Emily", "Jonas", "Maria", "Felix", "Lea", "Noah", "Mila", "Tim", "Lena", "Finn", "Sanne", "Michael", "Clara", "Elias", "Jana", "Luuk"];
const LAST = ["Schmidt", "Gruber", "Meier", "de Vries", "Johnson", "Weber", "Rossi", "Bauer", "Hofer", "Keller", "Jansen", "Schulz", "Huber", "Bakker", "Brown", "Fischer", "Wagner", "Visser", "Müller", "Steiner"];
const CITIES = { DE: ["Berlin", "Hamburg", "München", "Köln"], AT: ["Wien", "Graz", "Linz"], CH: ["Zürich", "Basel", "Bern"], NL: ["Amsterdam", "Utrecht", "Rotterdam"], US: ["New York", "Boston", "San Francisco"] };

/** Small deterministic PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digits = (rand, n) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join("");

/** A valid-looking phone number of a country, national or international. */
function phone(rand, country) {
  const intl = rand() < 0.5;
  switch (country) {
    case "DE": {
      const prefix = ["151", "160", "170", "171", "176"][Math.floor(rand() * 5)];
      const rest = digits(rand, prefix === "151" ? 8 : 7);
      return intl ? `+49 ${prefix} ${rest}` : `0${prefix} ${rest}`;
    }
    case "AT": {
      const rest = digits(rand, 7);
      return intl ? `+43 664 ${rest}` : `0664 ${rest}`;
    }
    case "CH": {
      const rest = `${digits(rand, 3)} ${digits(rand, 2)} ${digits(rand, 2)}`;
      return intl ? `+41 79 ${rest}` : `079 ${rest}`;
    }
    case "NL": {
      const rest = `${1 + Math.floor(rand() * 5)}${digits(rand, 7)}`; // 06-1… to 06-5… are mobile
      return intl ? `+31 6 ${rest}` : `06 ${rest}`;
    }
    default: {
      const rest = `${200 + Math.floor(rand() * 700)}-${digits(rand, 4)}`;
      return intl ? `+1 415 ${rest}` : `(415) ${rest}`;
    }
  }
}

const COUNTRIES = ["DE", "DE", "DE", "AT", "CH", "NL", "US"];

/**
 * CSV text with `n` contact rows. Columns: external_id, full_name, email, whatsapp, sms,
 * country_codes, birthday, city. About 3% of the rows have an error.
 */
export function contactsCsv(n, seed = 42) {
  const rand = rng(seed);
  const lines = ["external_id,full_name,email,whatsapp,sms,country_codes,birthday,city"];
  for (let i = 0; i < n; i++) {
    const country = COUNTRIES[Math.floor(rand() * COUNTRIES.length)];
    const second = COUNTRIES[Math.floor(rand() * COUNTRIES.length)];
    const first = FIRST[Math.floor(rand() * FIRST.length)];
    const last = LAST[Math.floor(rand() * LAST.length)];
    let id = `K-${String(100000 + i)}`;
    let email = `${first}.${last}.${i}@example.${country.toLowerCase() === "us" ? "com" : country.toLowerCase()}`.toLowerCase().replace(/ /g, "");
    const list = [phone(rand, country)];
    if (rand() < 0.4) list.push(phone(rand, second));
    const whatsapp = list.length > 1 ? `"${list.join(rand() < 0.5 ? "; " : " | ")}"` : list[0];
    const sms = rand() < 0.3 ? phone(rand, country) : "";
    const codes = country === second ? country : `"${country};${second}"`;
    const y = 1950 + Math.floor(rand() * 55);
    const m = String(1 + Math.floor(rand() * 12)).padStart(2, "0");
    const d = String(1 + Math.floor(rand() * 28)).padStart(2, "0");
    let birthday = `${y}-${m}-${d}`;
    const roll = rand();
    let wa = whatsapp;
    if (roll < 0.01) email = email.replace("@", "(at)");
    else if (roll < 0.02) birthday = `${d}.${m}.${y}`;
    else if (roll < 0.025) {
      id = "";
      email = "";
      wa = "";
    } else if (roll < 0.03) wa = "n/a";
    const city = CITIES[country][Math.floor(rand() * CITIES[country].length)];
    lines.push([id, `${first} ${last}`, email, wa, sms, codes, birthday, city].join(","));
  }
  return lines.join("\n") + "\n";
}
