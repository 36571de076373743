#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer): targets request, row, phone, csv, table, openapi,
# xlsx_write (fuzz/).
#
#   scripts/fuzz.sh                    every target for $FUZZ_SECONDS (default 60) seconds each
#   scripts/fuzz.sh phone csv          only these targets
#   FUZZ_SECONDS=300 scripts/fuzz.sh   longer runs
#
# Environment:
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_JOBS      parallel libFuzzer workers per target (default 1; use the number of cores)
#   FUZZ_ARGS      extra libFuzzer flags, e.g. "-max_len=65536"
#
# Installs cargo-fuzz (cargo install) and the nightly toolchain (rustup) if missing. Seeds
# fuzz/corpus/<target>/ at run time from tests/fixtures/, www/samples/ (if present) and a few
# hand-written bodies; the corpus grows across runs and is git-ignored (fuzz/.gitignore). Crashes
# land in fuzz/artifacts/<target>/ and make the script exit non-zero; each one becomes a test in
# tests/regressions.rs. Per-target logs and a summary line per target: fuzz/artifacts/logs/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[fuzz] %s\n' "$*" >&2; }
die() { printf '[fuzz] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
export PATH="$HOME/.cargo/bin:$PATH"

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
FUZZ_JOBS="${FUZZ_JOBS:-1}"
FUZZ_ARGS="${FUZZ_ARGS:-}"
ALL_TARGETS=(request row phone csv table openapi xlsx_write)
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

command -v cargo >/dev/null || die "cargo not found (install Rust via rustup first)"
command -v python3 >/dev/null || die "python3 not found (used to write the seed corpora)"
if ! rustup toolchain list | grep -q '^nightly'; then
  log "rustup toolchain install nightly --profile minimal"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "cargo install cargo-fuzz --locked"
  cargo install cargo-fuzz --locked
fi

# ------------------------------------------------------------------------------------------------
# Seed corpora (small; regenerated each run, added to whatever the corpus already holds).
log "writing seed corpora into fuzz/corpus/"
python3 - "$ROOT" <<'EOF'
import hashlib, json, os, random, sys

root = sys.argv[1]
corpus = os.path.join(root, "fuzz", "corpus")
rng = random.Random(20240501)

def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

# Phone corpus: candidates and regions (tests/fixtures/phone_corpus.jsonl).
phone_cases = []
path = os.path.join(root, "tests", "fixtures", "phone_corpus.jsonl")
if os.path.exists(path):
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f if l.strip()]
    phone_cases = rng.sample(lines, min(400, len(lines)))

for case in phone_cases:
    put("phone", ",".join(case.get("regions", [])) + "\n" + "\n".join(case.get("candidates", [])))
for extra in ["DE\n030 901820\n+1 202-555-0173", "\n\u200b\n+49\u202e30 901820", "de,AT, us\n0664 1234567",
              "XX,001,D\n\x01\n12345678901234567890", "RU\n8 (912) 345-67-89", "\n" + "9" * 300]:
    put("phone", extra)

# JSON files in tests/fixtures and www/samples as bodies (request) and rows (row).
def json_files():
    for d in [os.path.join(root, "tests", "fixtures"), os.path.join(root, "www", "samples")]:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if os.path.isfile(p) and name.endswith(".json") and os.path.getsize(p) < 256 * 1024:
                yield p, "json"
            elif os.path.isfile(p) and name.endswith(".csv") and os.path.getsize(p) < 256 * 1024:
                yield p, "csv"

bodies, rows, csvs = [], [], []
for p, kind in json_files():
    with open(p, "rb") as f:
        raw = f.read()
    if kind == "csv":
        csvs.append(raw)
        continue
    try:
        v = json.loads(raw)
    except Exception:
        continue
    if isinstance(v, dict) and "payload" in v:
        bodies.append(v)
        if isinstance(v["payload"], list):
            rows.extend(v["payload"][:20])

# Hand-written bodies: every type, every kind of field, valid and near-valid.
UUID = "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
contacts = [
    {"external_id": "c1", "email": " Anna@Example.de ", "whatsapp": ["", "0151 23456789", "+43 664 1234567"],
     "country_codes": ["de", "AT"], "birthday": "1990-12-25", "is_blocked": "no", "full_name": "Anna \u202eRTL\u202c",
     "whatsapp_transactional_opt_in": "Legitimate_Interest", "created_at": "2024-01-01T00:00:00Z"},
    {"sms": "+1 (202) 555-0173", "id": UUID.replace("-", ""), "birthday": "25.12.1990"},
    {"email": "a@b", "sms": 4930901820, "country_codes": "DE;AT"},
    {"instagram": "@x", "sms": ["\u200b", "\ufeff"], "zipcode": 10115, "is_blocked": 1},
    {"__proto__": {"polluted": 1}, "constructor": "x", "external_id": "p"},
    "not a row", None, [1, 2],
]
deals = [{"contact_id": UUID, "external_id": "d1", "amount": 12.5},
         {"contact_external_id": "c1", "contact_id": "{" + UUID.lower() + "}"}, {}]
appointments = [
    {"id": UUID, "name": "Visit", "contact_external_id": "c1", "start_time": "2024-05-01 14:30",
     "end_time": "2024-05-01T15:30:00+02:00", "confirmed_at": None},
    {"id": None, "name": " ", "contact_id": "nope", "start_time": "2024-05-01T16:00:00Z", "end_time": "2024-05-01T15:00:00Z"},
]
bodies += [
    {"type": "contact_details", "contact_list_id": UUID, "payload": contacts},
    {"payload": deals, "type": "Deal_Details", "allow_deal_reassignment": "true"},
    {"type": "appointment_details", "payload": appointments, "allow_appointment_reassignment": False},
    {"type": "contact_details", "payload": []},
    {"type": "nope", "payload": [{"a": 1}]},
    {"type": "contact_details", "payload": {"email": "a@b.de"}},
]
rows += contacts + deals + appointments

for b in bodies:
    for selector in (b"\x00", b"\x01", b"\x03"):
        put("request", selector + json.dumps(b, ensure_ascii=rng.random() < 0.5).encode())
for text in ['{"type":"contact_details","payload":[{"email":"a@b.de","x":"\\ud800"}]}', "[", "{}", "null",
             '{"type":"contact_details","payload":[' + "[" * 200 + "]" * 200 + "]}",
             '{"type":"contact_details","payload":[{"zipcode":' + "1" * 300 + "}]}"]:
    put("request", b"\x00" + text.encode())
for r in rows:
    put("row", bytes([rng.randrange(4), 1, 2, 3, 0]) + json.dumps(r).encode())
put("row", b"\x00\x01\x02\x03\x00" + json.dumps(contacts).encode())

csvs += [
    "\ufeffexternal_id,whatsapp,country_codes,email\nc1,\"0151 23456789; +43 664 1234567\",de|at,a@b.de\n,,,\nc2,+49 30 901820,,\n",
    "email;sms;birthday\r\na@b.de;0151 1, 0151 2;1990-12-25\r\nx@y.de;1;extra;more\r\n",
    "contact_external_id\tname\tstart_time\tend_time\tid\nc1\tVisit\t2024-05-01 14:30\t2024-05-01T15:30:00+02:00\t" + UUID + "\n",
    "a,a\n1,2\n\"unterminated",
]
for c in csvs:
    for selector in (0, 1, 2, 5):
        put("csv", bytes([selector]) + (c if isinstance(c, bytes) else c.encode()))
# Contact CSVs from the phone corpus.
for i in range(0, len(phone_cases), 40):
    lines = ["external_id,whatsapp,country_codes"]
    for j, case in enumerate(phone_cases[i:i + 40]):
        cands = ";".join(c.replace('"', '""') for c in case.get("candidates", []))
        lines.append(f'c{j},"{cands}",{"|".join(case.get("regions", []))}')
    put("csv", b"\x00" + "\n".join(lines).encode())
    payload = [{"external_id": f"c{j}", "whatsapp": c.get("candidates", []), "country_codes": c.get("regions", [])}
               for j, c in enumerate(phone_cases[i:i + 40])]
    put("request", b"\x00" + json.dumps({"type": "contact_details", "payload": payload}).encode())

# The file-reading fixtures (tests/fixtures/files) as whole files, under a few selectors
# (file name, encoding option, piece size).
files = os.path.join(root, "tests", "fixtures", "files")
for name in sorted(os.listdir(files)):
    p = os.path.join(files, name)
    if name.endswith(".py") or os.path.getsize(p) > 64 * 1024:
        continue
    with open(p, "rb") as f:
        raw = f.read()
    for selector in (0, 1, 2, 3, 5, 9, 17, 230):
        put("table", bytes([selector]) + raw)

# OpenAPI descriptions (tests/fixtures/openapi) whole, and cut down to their import tables.
oa = os.path.join(root, "tests", "fixtures", "openapi")
for name in sorted(os.listdir(oa)):
    if not name.endswith(".json"):
        continue
    with open(os.path.join(oa, name), "rb") as f:
        raw = f.read()
    put("openapi", raw)
    doc = json.loads(raw)
    defs = doc.get("definitions") or doc.get("components", {}).get("schemas", {})
    small = {k: v for k, v in defs.items() if k.endswith("_details") or k.startswith("public.")}
    if "definitions" in doc:
        put("openapi", json.dumps({"swagger": "2.0", "info": doc["info"], "definitions": small}))
    else:
        put("openapi", json.dumps({"openapi": "3.0.3", "info": doc["info"], "components": {"schemas": small}}))
# Grids for the .xlsx writer: rows split at 0x1E, cells at 0x1F.
for g in ["mateo_row\x1fName\x1fMobil\x1emateo_errors\x1e1\x1fJ\u00fcrgen\x1f+4915123456789",
          "a\r\nb\x1f_x0041_\x1f=1+1\x1f\x01\x1e\x1e\x1f\x1f x ",
          "<b>&amp;</b>\x1f\"quoted\"\x1f\U0001F600\ufffe"]:
    put("xlsx_write", g.encode())
for text in ['{"swagger": "2.0", "definitions": {"deal_details": {"$ref": "#/definitions/a"}, "a": {"$ref": "#/definitions/deal_details"}}}',
             '{"openapi": "3.1.0", "components": {"schemas": {"deal": {"properties": {"x": {"type": ["string", "null"], "format": "uuid"}}, "required": ["x"]}}}}',
             '{"swagger": "2.0", "definitions": {"contact": {"properties": {"sms": {"format": "text[]", "type": "array", "items": {"$ref": "#/definitions/contact"}}}}}}']:
    put("openapi", text)

for t in sorted(os.listdir(corpus)):
    print(f"  fuzz/corpus/{t}: {len(os.listdir(os.path.join(corpus, t)))} files")
EOF

# ------------------------------------------------------------------------------------------------
mkdir -p fuzz/artifacts/logs
log "building fuzz targets (cargo +nightly fuzz build, debug assertions on)"
(cd fuzz && cargo +nightly fuzz build -O --debug-assertions) >fuzz/artifacts/logs/build.log 2>&1 ||
  { tail -30 fuzz/artifacts/logs/build.log >&2; die "build failed (fuzz/artifacts/logs/build.log)"; }
PARALLEL=()
if [ "$FUZZ_JOBS" -gt 1 ]; then PARALLEL=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi

FAILED=()
for target in "${TARGETS[@]}"; do
  logfile="fuzz/artifacts/logs/$target.log"
  log "$target: ${FUZZ_SECONDS}s (log: $logfile)"
  set +e
  # shellcheck disable=SC2086
  (cd fuzz && cargo +nightly fuzz run -O --debug-assertions "$target" "corpus/$target" -- \
    -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=4096 -timeout=30 -max_len=65536 \
    -print_final_stats=1 "${PARALLEL[@]}" $FUZZ_ARGS) >"$logfile" 2>&1
  status=$?
  set -e
  # Executions: libFuzzer's final stats (summed over workers when FUZZ_JOBS > 1).
  execs=$( (cat "$logfile" fuzz/fuzz-*.log 2>/dev/null || true) | awk '/stat::number_of_executed_units/ {s+=$2} END {print s+0}')
  cov=$( (grep -ho 'cov: [0-9]*' "$logfile" || true) | tail -1 | awk '{print $2}')
  corpus_n=$(find "fuzz/corpus/$target" -type f | wc -l)
  crashes=$( (find "fuzz/artifacts/$target" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) 2>/dev/null || true) | wc -l)
  line="$(date -u +%FT%TZ) target=$target seconds=$FUZZ_SECONDS jobs=$FUZZ_JOBS execs=$execs cov=${cov:-?} corpus=$corpus_n artifacts=$crashes exit=$status"
  echo "$line" | tee -a fuzz/artifacts/logs/summary.txt >&2
  rm -f fuzz/fuzz-*.log
  if [ "$status" -ne 0 ]; then
    FAILED+=("$target")
    grep -E '^(==|thread|SUMMARY|artifact_prefix|Test unit written)' "$logfile" | head -20 >&2 || true
  fi
done

if [ "${#FAILED[@]}" -gt 0 ]; then
  die "crashes in: ${FAILED[*]} (inputs in fuzz/artifacts/<target>/; reproduce with: cd fuzz && cargo +nightly fuzz run <target> <file>)"
fi
log "no crashes"
