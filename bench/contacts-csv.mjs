// A contacts CSV as a German CRM export looks: ; separated, quoted cells with the delimiter,
// list cells, umlauts.
export function contactsCsv(n) {
  const first = ["Jürgen", "Anna-Lena", "Ömer", "Zoë", "Björn", "Hans", "Grete", "Łukasz"];
  const last = ["Müller", "Groß", "Öztürk", "Weiß", "Schäfer", "Meier", "Nowak", "Dubois"];
  const lines = ["external_id;full_name;email;whatsapp;sms;country_codes;city;note"];
  for (let i = 0; i < n; i++) {
    const f = first[i % first.length];
    const l = last[(i * 7) % last.length];
    lines.push(
      `K-${i};${f} ${l};${f.toLowerCase()}.${i}@example.de;0151 ${2000000 + i}, +43 664 ${100000 + i};` +
        `+49 30 ${900000 + i};DE|AT;${i % 3 ? "München" : "Köln"};"Kunde seit ${2000 + (i % 25)}; Messe ""Nord"""`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}
