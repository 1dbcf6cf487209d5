#!/usr/bin/env bash
# run.sh is `make bench`: it builds SCIM Renew and the Fyne baseline (bench/baseline) the same way, then
# measures and prints ONE markdown table, also written to bench/out/latest.md (with the raw samples):
#   - cold start to the first window mapped and peak RSS, `scimrenew --sandbox` versus the baseline,
#     interleaved runs under X (bench/startup; run this inside scripts/with-keyring.sh for Xvfb + D-Bus);
#   - stripped binary sizes (-ldflags="-s -w"), app versus baseline;
#   - a full sandbox renewal through the engine: app time beyond HTTP, and the HTTP requests (bench/renewal);
#   - the Go benchmarks other packages hold (history query, history first render, due-reminder check).
# Ratios compare figures taken in this same run; the others hold only for the machine printed above them.
# Knobs: GO (go), BENCH_RUNS (7 interleaved runs each), BENCH_RENEWALS (21), BENCH_APP_ARGS (--sandbox).
set -uo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
runs=${BENCH_RUNS:-7}
renewals=${BENCH_RENEWALS:-21}
out=bench/out
mkdir -p "$out"
rows=$out/rows.md
raw=$out/raw.txt
: >"$rows"
: >"$raw"

say() { echo "bench: $*" >&2; }
row() { # row CELL...: one line of the table; a | inside a cell would break it
	local line="|" c
	for c in "$@"; do line+=" ${c//|//} |"; done
	echo "$line" >>"$rows"
}

# --- build -------------------------------------------------------------------------------------------
say "building the baseline, the app (plain and stripped), and the harnesses"
build() { # build OUT PKG [FLAGS...]: prints the first error line on failure
	local o=$1 pkg=$2
	shift 2
	if ! "$GO" build "$@" -o "$o" "$pkg" 2>"$out/build.err"; then
		head -n 1 "$out/build.err"
		return 1
	fi
}
build "$out/startup" ./bench/startup || { say "the startup harness does not build"; exit 1; }
build "$out/renewal" ./bench/renewal >"$out/renewal.builderr" || true
build "$out/baseline" ./bench/baseline || { say "the baseline does not build"; exit 1; }
build "$out/baseline-stripped" ./bench/baseline -ldflags="-s -w" || exit 1
app_err=""
if ! app_err=$(build "$out/scimrenew" .); then
	say "the app does not build: $app_err"
	rm -f "$out/scimrenew" "$out/scimrenew-stripped"
else
	app_err=$(build "$out/scimrenew-stripped" . -ldflags="-s -w") || true
fi

# --- start and memory --------------------------------------------------------------------------------
say "timing $runs interleaved starts of each under X (DISPLAY=${DISPLAY:-unset})"
app_bin=$out/scimrenew
[ -x "$app_bin" ] || app_bin=""
"$out/startup" -app "$app_bin" -app-args "${BENCH_APP_ARGS---sandbox}" -baseline "$out/baseline" -runs "$runs" \
	>>"$rows" 2>>"$raw" || say "the start-up measurement failed (see $raw)"

# --- size --------------------------------------------------------------------------------------------
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
base_size=$(stat -c %s "$out/baseline-stripped")
if [ -f "$out/scimrenew-stripped" ]; then
	app_size=$(stat -c %s "$out/scimrenew-stripped")
	row 'Stripped binary size (`-ldflags="-s -w"`)' "$(mib "$app_size")" "$(mib "$base_size")" \
		"$(awk -v a="$app_size" -v b="$base_size" 'BEGIN { printf "%.2f×", a / b }')" "— (none set)" "info"
else
	row 'Stripped binary size (`-ldflags="-s -w"`)' "not measured: the app does not build: ${app_err//|//}" \
		"$(mib "$base_size")" "—" "— (none set)" "n/a"
fi

# --- renewal -----------------------------------------------------------------------------------------
say "timing $renewals sandbox renewals through the engine"
if [ -x "$out/renewal" ]; then
	"$out/renewal" -n "$renewals" >>"$rows" 2>>"$raw" || say "the renewal measurement failed (see $raw)"
else
	row "Sandbox renewal (API mode, Connections API)" "not measured: $(tr '|' '/' <"$out/renewal.builderr")" "—" "—" "≤ 50 ms" "n/a"
fi

# --- Go benchmarks -----------------------------------------------------------------------------------
# gobench PKG FUNC LABEL TARGET_NS TARGET_TEXT: runs FUNC in PKG if a test file declares it, one row per
# (sub-)benchmark, "not yet" otherwise.
gobench() {
	local pkg=$1 fn=$2 label=$3 target=$4 ttext=$5 log reason
	if ! grep -qs "^func $fn(" "$pkg"/*_test.go; then
		row "$label" "not yet ($fn is not in $pkg)" "—" "—" "$ttext" "n/a"
		return
	fi
	say "go test -bench $fn $pkg"
	log=$("$GO" test -run='^$' -bench="^$fn\$" -benchmem "$pkg" 2>&1)
	echo "$log" | grep -E '^(Benchmark|cpu:|ok|FAIL|---|    )' >>"$raw"
	if ! echo "$log" | grep -qE "^$fn.* ns/op"; then
		# A benchmark that fails itself (b.Error) prints no figure; its message usually carries one.
		reason=$(echo "$log" | awk '/^--- FAIL/ { f = 1; next } f && /^ +/ { sub(/^ +/, ""); print; exit }')
		[ -n "$reason" ] || reason=$(echo "$log" | grep -m1 -vE '^(#|goos|goarch|pkg|cpu)')
		row "$label" "failed: $reason" "—" "—" "$ttext" "**miss**"
		return
	fi
	echo "$log" | awk -v fn="$fn" -v label="$label" -v target="$target" -v ttext="$ttext" '
		$1 ~ "^" fn && $4 == "ns/op" {
			name = $1; sub(/-[0-9]+$/, "", name); sub("^" fn "/?", "", name); gsub(/_/, " ", name)
			ns = $3
			if (ns >= 1e6) v = sprintf("%.2f ms", ns / 1e6); else v = sprintf("%.1f µs", ns / 1e3)
			printf "| %s%s | %s | — | — | %s | %s |\n", label, (name == "" ? "" : " (" name ")"), v, ttext, (ttext ~ /^—/ ? "info" : (ns <= target ? "pass" : "**miss**"))
		}' >>"$rows"
}
gobench ./store BenchmarkHistoryFirstPage "Go benchmark: history query as the screen makes it (count + first page), 10,000 tokens" 5000000 "≤ 5 ms"
gobench ./store BenchmarkHistoryQuery "Go benchmark: every row at once (the CLI's history), 10,000 tokens" 0 "— (info)"
gobench ./ui BenchmarkHistoryRender "Go benchmark: history first render, test driver" 50000000 "≤ 50 ms"
gobench ./reminders BenchmarkDueCheck "Go benchmark: due-reminder check, 1,000 profiles" 1000000 "≤ 1 ms"

# --- the table ---------------------------------------------------------------------------------------
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ram=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
fyne=$("$GO" list -m -f '{{.Version}}' fyne.io/fyne/v2 2>/dev/null)
{
	echo "Machine: ${cpu:-unknown CPU}, $(nproc) cores, $ram RAM; $("$GO" version | cut -d' ' -f3-4); Fyne $fyne;" \
		"$(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo
	echo "| Measure | SCIM Renew | Baseline | Ratio | Target | Result |"
	echo "| --- | --- | --- | --- | --- | --- |"
	cat "$rows"
	echo
	echo "Start: from exec to the X server's MapNotify of the first top-level window; a new process each run, page cache" \
		"warm (one discarded warm-up round); both programs built with the same \`go build\`. Ratios are app ÷ baseline" \
		"from this same run; other figures hold for the machine above. Renewal: sandbox fakes on loopback, HTTP time" \
		"summed inside the clients' RoundTrip and body reads."
} >"$out/table.md"
{
	cat "$out/table.md"
	echo
	echo "Raw samples:"
	echo
	echo '```'
	cat "$raw"
	echo '```'
} >"$out/latest.md"
echo
cat "$out/table.md"
echo
say "written to $out/latest.md (with the raw samples)"
