#!/usr/bin/env bash
# Times `loupe build` end to end (release build) on Loupe's benchmark workload, and — in the same
# run, on the same machine — the equivalent pandas + scikit-learn script and pandas.read_csv alone.
#
# Usage: scripts/benchmark.sh [--workload binary|multiclass|drift|monitoring] [--rows "1000000 5000000"] [--repeat 3]
#                             [--python-repeat 1] [--data FILE]... [--scratch DIR] [--skip-python]
#                             [--no-fairness]
#
#   --workload W        binary (default): the reference workload, `loupe generate --kind bench`;
#                       multiclass: 10 classes × 2 models as probability columns (a_0 … a_9,
#                       b_0 … b_9) with 3 slicing specs, `loupe generate --kind bench-multiclass`
#                       (default 1M rows; no pandas + scikit-learn script, read_csv alone)
#                       drift: data-only `loupe build --data CURRENT --reference REFERENCE` (statistics
#                       of both files and every distance per column; 11 columns), the reference
#                       `--kind bench`, the current `--kind bench-drift`, against pandas.read_csv of
#                       the two files in one process (default 5M rows each; --data not supported)
#                       monitoring: the binary build with and without `--window week` (the default
#                       detectors, feature drift per window), side by side on the same file, and
#                       the ratio (default 5M rows; no Python)
#   --rows N...         row counts to generate (default 1M and 5M; multiclass: 1M)
#   --repeat N          runs of `loupe build` and of read_csv per file; the median is reported (3)
#   --python-repeat N   runs of the pandas + scikit-learn script per file (1; it takes minutes at 5M)
#   --data FILE         benchmark this existing CSV (same columns) instead of generated files; repeatable
#   --scratch DIR       where data files are generated and kept for reuse (default scratch/bench)
#   --skip-python       do not run the Python comparison
#   --no-fairness       leave out `--fairness race --fairness sex` (then the work is not the same)
#
# Python: `${PYTHON:-python3}` must import pandas and scikit-learn, e.g.
#   python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy "pandas<3" scikit-learn
#   PYTHON=/tmp/venv/bin/python scripts/benchmark.sh
# LOUPE=/path/to/loupe skips the release build and times that executable instead.
# Peak memory needs GNU time (/usr/bin/time; `apt-get install time`); without it only wall time
# is measured. The output ends with a Markdown table for the README.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKLOAD=binary
ROWS=""
REPEAT=3
PYTHON_REPEAT=1
SCRATCH="$ROOT/scratch/bench"
SKIP_PYTHON=0
FAIRNESS=1
DATA_FILES=()
PYTHON="${PYTHON:-python3}"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
die() { echo "benchmark.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --workload) WORKLOAD="${2:?--workload needs a value}"; shift 2 ;;
    --rows) ROWS="${2:?--rows needs a value}"; shift 2 ;;
    --repeat) REPEAT="${2:?--repeat needs a value}"; shift 2 ;;
    --python-repeat) PYTHON_REPEAT="${2:?--python-repeat needs a value}"; shift 2 ;;
    --data) DATA_FILES+=("${2:?--data needs a file}"); shift 2 ;;
    --scratch) SCRATCH="${2:?--scratch needs a folder}"; shift 2 ;;
    --skip-python) SKIP_PYTHON=1; shift ;;
    --no-fairness) FAIRNESS=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
case "$WORKLOAD" in
  binary) KIND=bench; PREFIX=pred; ROWS="${ROWS:-1000000 5000000}" ;;
  multiclass) KIND=bench-multiclass; PREFIX=mc; ROWS="${ROWS:-1000000}" ;;
  drift) KIND=bench; PREFIX=drift; ROWS="${ROWS:-5000000}" ;;
  monitoring) KIND=bench; PREFIX=pred; ROWS="${ROWS:-5000000}"; SKIP_PYTHON=1 ;;
  *) die "--workload must be binary, multiclass, drift or monitoring" ;;
esac
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || die "--repeat must be a positive integer"
[[ "$PYTHON_REPEAT" =~ ^[1-9][0-9]*$ ]] || die "--python-repeat must be a positive integer"

for f in "${DATA_FILES[@]+"${DATA_FILES[@]}"}"; do [ -r "$f" ] || die "cannot read $f"; done
mkdir -p "$SCRATCH"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/loupe-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

GNU_TIME=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then
  GNU_TIME=/usr/bin/time
else
  echo "note: GNU time not found (apt-get install time): peak memory is not measured" >&2
fi

# measure OUT_PREFIX COMMAND...: runs the command with stdout/stderr kept in OUT_PREFIX.log and
# prints "SECONDS PEAK_KB" (PEAK_KB is "-" without GNU time). Fails on exit status other than 0/1.
measure() {
  local prefix="$1"; shift
  local start end status=0
  start=$(date +%s%N)
  if [ -n "$GNU_TIME" ]; then
    "$GNU_TIME" -f '%M' -o "$prefix.rss" "$@" >"$prefix.log" 2>&1 || status=$?
  else
    "$@" >"$prefix.log" 2>&1 || status=$?
  fi
  end=$(date +%s%N)
  if [ "$status" -gt 1 ]; then
    echo "benchmark.sh: command failed with status $status: $*" >&2
    tail -n 20 "$prefix.log" >&2
    if grep -q -- "--fairness" "$prefix.log"; then
      echo "benchmark.sh: this loupe does not take --fairness yet; run with --no-fairness" >&2
    fi
    return 1
  fi
  local rss="-"
  [ -n "$GNU_TIME" ] && rss="$(tail -n 1 "$prefix.rss")"
  awk -v s="$start" -v e="$end" -v r="$rss" 'BEGIN { printf "%.3f %s\n", (e - s) / 1e9, r }'
}

# median of the numbers on stdin ("-" when there are none).
median() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# repeat_median N PREFIX COMMAND...: runs N times; prints "MEDIAN_SECONDS MAX_PEAK_KB".
repeat_median() {
  local n="$1" prefix="$2"; shift 2
  local i results=()
  for ((i = 1; i <= n; i++)); do
    results+=("$(measure "$prefix.$i" "$@")") || return 1
    echo "    run $i: ${results[-1]% *} s" >&2
  done
  local secs rss
  secs="$(printf '%s\n' "${results[@]}" | awk '{ print $1 }' | median)"
  rss="$(printf '%s\n' "${results[@]}" | awk '$2 != "-" { print $2 }' | sort -g | tail -n 1)"
  echo "$secs ${rss:--}"
}

div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf f "\n", a / b }'; }
# with_unit VALUE UNIT: "VALUE UNIT", or "n/a" when the value is missing.
with_unit() { if [ "$1" = "-" ]; then echo "n/a"; else echo "$1$2"; fi; }
human_rows() { awk -v n="$1" 'BEGIN { if (n >= 1e6 && n % 1e6 == 0) printf "%dM\n", n / 1e6; else if (n >= 1e3 && n % 1e3 == 0) printf "%dk\n", n / 1e3; else print n }'; }

# --- build ------------------------------------------------------------------------------------
if [ -n "${LOUPE:-}" ]; then
  echo "== using LOUPE=$LOUPE (no build)" >&2
else
  echo "== building loupe (release)" >&2
  (cd "$ROOT" && swift build -c release --product loupe >&2)
  LOUPE="$(cd "$ROOT" && swift build -c release --show-bin-path)/loupe"
fi
[ -x "$LOUPE" ] || die "no executable at $LOUPE"

# --- the data-drift workload: a reference and a current file, timed as a pair -------------------
# generate_once KIND ROWS FILE: writes FILE with `loupe generate` unless it is already there.
generate_once() {
  if [ -s "$3" ]; then
    echo "== reusing $3" >&2
  else
    echo "== generating $2 rows of $1 into $3" >&2
    local gen
    gen="$(measure "$WORK/generate" "$LOUPE" generate --kind "$1" --rows "$2" --out "$3.partial")"
    mv "$3.partial" "$3"
    echo "   generated in ${gen% *} s" >&2
  fi
}

if [ "$WORKLOAD" = drift ]; then
  [ ${#DATA_FILES[@]} -eq 0 ] || die "--data is not supported with --workload drift"
  PY_OK=0
  if [ "$SKIP_PYTHON" = 0 ]; then
    if "$PYTHON" -c 'import pandas' >/dev/null 2>&1; then
      PY_OK=1
      PY_VERSIONS="$("$PYTHON" -c 'import sys, pandas; print(f"Python {sys.version.split()[0]}, pandas {pandas.__version__}")')"
    else
      echo "note: $PYTHON cannot import pandas; skipping read_csv (set PYTHON=...)" >&2
    fi
  fi
  TABLE=()
  for n in $ROWS; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--rows: not a row count: $n"
    ref="$SCRATCH/drift_reference_$(human_rows "$n").csv"
    cur="$SCRATCH/drift_current_$(human_rows "$n").csv"
    generate_once bench "$n" "$ref"
    generate_once bench-drift "$n" "$cur"
    mb="$(div "$(( $(wc -c <"$ref") + $(wc -c <"$cur") ))" 1000000 %.1f)"
    echo "== drift: $n + $n rows, $mb MB" >&2
    echo "  loupe build --data current --reference reference x$REPEAT" >&2
    site="$WORK/site"
    loupe="$(repeat_median "$REPEAT" "$WORK/loupe" "$LOUPE" build --data "$cur" --reference "$ref" --out "$site" --quiet)"
    loupe_s="${loupe% *}"; loupe_kb="${loupe#* }"
    [ -s "$site/data.html" ] || echo "warning: loupe build wrote no $site/data.html" >&2
    pages_kb="$(du -sk --exclude=results.json "$site" | cut -f1)"
    rm -rf "$site"
    read_s="-"
    if [ "$PY_OK" = 1 ]; then
      echo "  pandas.read_csv of both files x$REPEAT" >&2
      read_csv="$(repeat_median "$REPEAT" "$WORK/read_csv" "$PYTHON" -c \
        'import sys, pandas; print(sum(len(pandas.read_csv(f)) for f in sys.argv[1:]))' "$ref" "$cur")"
      read_s="${read_csv% *}"
    fi
    TABLE+=("| $(human_rows "$n") + $(human_rows "$n") × 11 | $mb MB | $(with_unit "$loupe_s" " s") | $(with_unit "$(div "$loupe_kb" 1024 %.0f)" " MB") | $pages_kb KB | $(with_unit "$read_s" " s") | $(with_unit "$(div "$read_s" "$loupe_s" %.1f)" "×") |")
  done
  echo
  echo "Machine: $(nproc) cores, $(uname -sm); $(date -u +%Y-%m-%d); loupe build median of $REPEAT runs, whole process (reading both files, statistics of every column of both, every distance per column, the site)."
  [ "$PY_OK" = 1 ] && echo "Python: $PY_VERSIONS; read_csv of the two files in one process, median of $REPEAT (reading alone: no statistics)."
  echo
  echo "| rows × columns (reference + current) | files | loupe build | peak memory | pages | pandas read_csv (both) | read_csv / loupe |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${TABLE[@]}"
  exit 0
fi

# --- the monitoring workload: the same build with and without --window week ---------------------
if [ "$WORKLOAD" = monitoring ]; then
  FILES=("${DATA_FILES[@]+"${DATA_FILES[@]}"}")
  if [ ${#FILES[@]} -eq 0 ]; then
    for n in $ROWS; do
      [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--rows: not a row count: $n"
      f="$SCRATCH/${PREFIX}_$(human_rows "$n").csv"
      generate_once bench "$n" "$f"
      FILES+=("$f")
    done
  fi
  FAIRNESS_FLAGS=()
  if [ "$FAIRNESS" = 1 ] && "$LOUPE" help build | grep -q -- '--fairness'; then FAIRNESS_FLAGS=(--fairness race --fairness sex); fi
  BUILD=(--task binary --label label --score a=score_a --score b=score_b
    --baseline b --slice sex --slice race --slice age_band --slice region --slice sex,race
    "${FAIRNESS_FLAGS[@]}" --timestamp timestamp)
  TABLE=()
  for f in "${FILES[@]}"; do
    rows=$(( $(wc -l <"$f") - 1 ))
    echo "== monitoring: $(basename "$f"), $rows rows" >&2
    site="$WORK/site"
    # Alternate the two builds run by run, so a busy machine slows both alike.
    plain=(); monitored=()
    for ((i = 1; i <= REPEAT; i++)); do
      plain+=("$(measure "$WORK/plain.$i" "$LOUPE" build --data "$f" "${BUILD[@]}" --out "$site" --quiet)")
      echo "    without --window, run $i: ${plain[-1]% *} s" >&2
      monitored+=("$(measure "$WORK/window.$i" "$LOUPE" build --data "$f" "${BUILD[@]}" --window week --out "$site" --quiet)")
      echo "    with --window week, run $i: ${monitored[-1]% *} s" >&2
    done
    grep -q '"monitoring"' "$site/results.json" || echo "warning: the --window build wrote no monitoring" >&2
    windows="$(grep -oE '"reference" *: *(true|false)' "$site/results.json" | wc -l)"
    rm -rf "$site"
    plain_s="$(printf '%s\n' "${plain[@]}" | awk '{ print $1 }' | median)"
    window_s="$(printf '%s\n' "${monitored[@]}" | awk '{ print $1 }' | median)"
    plain_kb="$(printf '%s\n' "${plain[@]}" | awk '$2 != "-" { print $2 }' | sort -g | tail -n 1)"
    window_kb="$(printf '%s\n' "${monitored[@]}" | awk '$2 != "-" { print $2 }' | sort -g | tail -n 1)"
    added="$(awk -v a="$window_s" -v b="$plain_s" 'BEGIN { printf "%+.0f%%\n", (a / b - 1) * 100 }')"
    TABLE+=("| $(human_rows "$rows") | $windows | $(with_unit "$plain_s" " s") | $(with_unit "$window_s" " s") | $(div "$window_s" "$plain_s" %.2f)× ($added) | $(with_unit "$(div "${plain_kb:--}" 1024 %.0f)" " MB") → $(with_unit "$(div "${window_kb:--}" 1024 %.0f)" " MB") |")
  done
  echo
  echo "Machine: $(nproc) cores, $(uname -sm); $(date -u +%Y-%m-%d); median of $REPEAT runs each, alternating, whole process."
  echo "Build: loupe build --data FILE ${BUILD[*]} [--window week]"
  echo
  echo "| rows | windows | without --window | with --window week | ratio | peak memory |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${TABLE[@]}"
  exit 0
fi

# --- data ---------------------------------------------------------------------------------------
FILES=()
NOTES=()
if [ ${#DATA_FILES[@]} -gt 0 ]; then
  for f in "${DATA_FILES[@]}"; do
    [ -r "$f" ] || die "cannot read $f"
    FILES+=("$f")
  done
else
  for n in $ROWS; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--rows: not a row count: $n"
    f="$SCRATCH/${PREFIX}_$(human_rows "$n").csv"
    if [ -s "$f" ]; then
      echo "== reusing $f" >&2
    else
      echo "== generating $n rows into $f" >&2
      gen="$(measure "$WORK/generate" "$LOUPE" generate --kind "$KIND" --rows "$n" --out "$f.partial")"
      mv "$f.partial" "$f"
      echo "   generated in ${gen% *} s" >&2
      NOTES+=("Generated $(basename "$f") ($n rows) with \`loupe generate --kind $KIND\` in ${gen% *} s.")
    fi
    FILES+=("$f")
  done
fi

PYTHON_OK=0
if [ "$SKIP_PYTHON" = 0 ]; then
  if "$PYTHON" -c 'import pandas, sklearn' >/dev/null 2>&1; then
    PYTHON_OK=1
    PY_VERSIONS="$("$PYTHON" -c 'import sys, pandas, sklearn; print(f"Python {sys.version.split()[0]}, pandas {pandas.__version__}, scikit-learn {sklearn.__version__}")')"
  else
    echo "note: $PYTHON cannot import pandas and scikit-learn; skipping the Python comparison (set PYTHON=...)" >&2
  fi
fi

# The fairness analysis is part of the reference workload once this loupe has it.
[ "$WORKLOAD" = multiclass ] && FAIRNESS=0
if [ "$FAIRNESS" = 1 ] && ! "$LOUPE" help build | grep -q -- '--fairness'; then
  echo "note: this loupe has no --fairness yet; timing the build without the fairness analysis" >&2
  FAIRNESS=0
fi
FAIRNESS_FLAGS=()
[ "$FAIRNESS" = 1 ] && FAIRNESS_FLAGS=(--fairness race --fairness sex)

# --- runs ---------------------------------------------------------------------------------------
TABLE=()
SITE_SIZES=()
for f in "${FILES[@]}"; do
  rows=$(( $(wc -l <"$f") - 1 ))
  bytes=$(wc -c <"$f")
  mb="$(div "$bytes" 1000000 %.1f)"
  name="$(basename "$f")"
  echo "== $name: $rows rows, $mb MB" >&2

  echo "  loupe build ($WORKLOAD) x$REPEAT" >&2
  site="$WORK/site"
  if [ "$WORKLOAD" = multiclass ]; then
    BUILD=(--task multiclass --label label --score 'a=a_*' --score 'b=b_*' --baseline b
      --slice ink --slice region --slice ink,device)
  else
    BUILD=(--task binary --label label --score a=score_a --score b=score_b
      --baseline b --slice sex --slice race --slice age_band --slice region --slice sex,race
      "${FAIRNESS_FLAGS[@]}" --timestamp timestamp)
  fi
  loupe="$(repeat_median "$REPEAT" "$WORK/loupe" "$LOUPE" build --data "$f" "${BUILD[@]}" --out "$site" --quiet)"
  loupe_s="${loupe% *}"; loupe_kb="${loupe#* }"
  [ -s "$site/index.html" ] || echo "warning: loupe build wrote no $site/index.html" >&2
  SITE_SIZES+=("$(human_rows "$rows"): $(du -sk --exclude=results.json "$site" | cut -f1) KB of pages (largest $(find "$site" -name '*.html' -printf '%s %P\n' | sort -n | tail -n 1 | awk '{ printf "%s, %.0f KB", $2, $1 / 1024 }')), results.json $(( $(wc -c <"$site/results.json") / 1024 )) KB")
  rm -rf "$site"

  read_s="-"; script_s="-"; script_kb="-"
  if [ "$PYTHON_OK" = 1 ]; then
    echo "  pandas.read_csv x$REPEAT" >&2
    read_csv="$(repeat_median "$REPEAT" "$WORK/read_csv" \
      "$PYTHON" -c 'import sys, pandas; print(len(pandas.read_csv(sys.argv[1])))' "$f")"
    read_s="${read_csv% *}"
    if [ "$WORKLOAD" = binary ]; then
      echo "  pandas + scikit-learn x$PYTHON_REPEAT" >&2
      script="$(repeat_median "$PYTHON_REPEAT" "$WORK/sklearn" \
        "$PYTHON" "$ROOT/scripts/pipe_sklearn.py" "$f" "$WORK/sklearn-out")"
      script_s="${script% *}"; script_kb="${script#* }"
    fi
  fi

  rows_s="$(div "$rows" "$loupe_s" %.0f)"
  mb_s="$(div "$mb" "$loupe_s" %.0f)"
  peak_mb="$(div "$loupe_kb" 1024 %.0f)"
  peak_x="$(div "$(div "$loupe_kb" 1024 %.3f)" "$(div "$bytes" 1048576 %.3f)" %.2f)"
  rate="$(awk -v r="$rows_s" 'BEGIN { if (r == "-") print r; else printf "%.2fM\n", r / 1e6 }')"
  TABLE+=("| $(human_rows "$rows") | $mb MB | $(with_unit "$loupe_s" " s") | $rate | $mb_s | $(with_unit "$peak_mb" " MB") ($(with_unit "$peak_x" "×")) | $(with_unit "$read_s" " s") | $(with_unit "$script_s" " s") | $(with_unit "$(div "$read_s" "$loupe_s" %.1f)" "×") | $(with_unit "$(div "$script_s" "$loupe_s" %.0f)" "×") |")
done

# --- report ------------------------------------------------------------------------------------
echo
echo "Machine: $(nproc) cores, $(uname -sm); $(date -u +%Y-%m-%d); loupe build median of $REPEAT runs, whole process."
[ "$PYTHON_OK" = 1 ] && echo "Python: $PY_VERSIONS; read_csv median of $REPEAT, the script median of $PYTHON_REPEAT."
[ "$FAIRNESS" = 0 ] && [ "$WORKLOAD" = binary ] && echo "Note: run without --fairness; the Python script still computes fairness rates."
[ ${#NOTES[@]} -gt 0 ] && printf '%s\n' "${NOTES[@]}"
echo "Site sizes (pages, without results.json), which must not grow with the rows:"
printf '  %s\n' "${SITE_SIZES[@]}"
echo
echo "| rows | file | loupe build | rows/s | MB/s | peak memory (× file) | pandas read_csv | pandas + scikit-learn | read_csv / loupe | script / loupe |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${TABLE[@]}"
