#!/usr/bin/env bash
# test-windows.sh [PKG...] is `make test-windows`: it cross-builds each package's test binary for
# Windows amd64 (mingw-w64, cgo on: SQLite and GLFW are C) and runs every one under Wine 8 in a
# throw-away prefix with an Xvfb display, then prints one line per package and a total.
#
#   PKG...          packages to test (default: every package, ./...)
#   WINE_SUBSET=ci  the named CI subset instead: every package but ui, whose Fyne tests take most of
#                   the time under Wine (see docs/windows.md); PKG... wins over it
#   WINE_RUN=REGEX  passed as -test.run to every test binary
#   WINE_KEEP=1     keep the work folder (test binaries, logs, prefix) and print where it is
#
# What Wine cannot do is skipped by the tests themselves, each through internal/winetest naming the
# Wine limit; docs/windows.md lists them. The two Wine 8 gaps Go needs bridged are in scripts/wine/lib.sh.
# The tests see SCIMRENEW_TEST_KEYRING=1 (Wine has a Credential Manager), SCIMRENEW_TEST_APP_BIN (the
# console exe, built once here) and SCIMRENEW_TEST_CLI_BIN (the cli tests' command line), so no test
# runs `go build` under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/wine/lib.sh
. scripts/wine/lib.sh

if [ "${1:-}" != "--inner" ]; then
	scripts/deps.sh
	wine_deps
	# with-keyring.sh gives the Xvfb display (and a throw-away HOME); its D-Bus session is unused here.
	exec scripts/with-keyring.sh "$0" --inner "$@"
fi
shift # --inner

patterns=("$@")
if [ ${#patterns[@]} -eq 0 ]; then patterns=(./...); fi
# Only packages with tests: `go test -c` names each binary after the package's last element, and two
# test-less packages (bench/renewal, renewal) would otherwise claim the same name.
mapfile -t pkgs < <(GOOS=windows CGO_ENABLED=1 go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' "${patterns[@]}" | sed '/^$/d')
if [ $# -eq 0 ] && [ "${WINE_SUBSET:-}" = "ci" ]; then
	mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | grep -v -x 'scimrenew/ui')
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/scimrenew-wine.XXXXXX")
cleanup() {
	if [ -n "${WINEPREFIX:-}" ]; then wineserver -k 2>/dev/null || true; fi
	if [ "${WINE_KEEP:-}" = "1" ]; then
		echo "test-windows: kept $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

t0=$SECONDS
echo "test-windows: building the Windows test binaries" >&2
overlay=$(wine_overlay "$work")
mkdir -p "$work/bin" "$work/log"
(
	wine_gobuild_env
	go build -trimpath -overlay "$overlay" -o "$work/scimrenew.exe" .
	go build -trimpath -overlay "$overlay" -o "$work/cli-testmain.exe" ./cli/internal/testmain
	go test -c -trimpath -overlay "$overlay" -o "$work/bin/" "${pkgs[@]}"
)
build_s=$((SECONDS - t0))

t1=$SECONDS
echo "test-windows: a fresh Wine prefix" >&2
wine_prefix "$work/prefix"
wine_server_hold
prefix_s=$((SECONDS - t1))

export SCIMRENEW_TEST_APP_BIN SCIMRENEW_TEST_CLI_BIN
SCIMRENEW_TEST_APP_BIN=$(winepath -w "$work/scimrenew.exe")
SCIMRENEW_TEST_CLI_BIN=$(winepath -w "$work/cli-testmain.exe")

flags=(-test.count=1 -test.timeout=15m -test.v)
if [ -n "${WINE_RUN:-}" ]; then flags+=("-test.run=$WINE_RUN"); fi

t2=$SECONDS
passed=0 failed=0 skipped=0
failures=()
while IFS=' ' read -r pkg dir; do
	name=$(basename "$pkg")
	if [ "$pkg" = "scimrenew" ]; then name=scimrenew; fi
	exe="$work/bin/$name.test.exe"
	[ -f "$exe" ] || continue # a package without tests
	log="$work/log/$name.log"
	start=$SECONDS
	status=0
	(cd "$dir" && timeout 20m wine "$exe" "${flags[@]}") >"$log" 2>&1 || status=$?
	took=$((SECONDS - start))
	p=$(grep -c -- '^--- PASS' "$log" || true)
	s=$(grep -c -- '^--- SKIP' "$log" || true)
	f=$(grep -c -- '^--- FAIL' "$log" || true)
	passed=$((passed + p)) skipped=$((skipped + s))
	if [ "$status" -eq 0 ]; then
		printf 'ok  \t%s\t%ds\t(%d passed, %d skipped)\n' "$pkg" "$took" "$p" "$s"
	else
		failed=$((failed + (f > 0 ? f : 1)))
		failures+=("$pkg")
		printf 'FAIL\t%s\t%ds\t(exit %d)\n' "$pkg" "$took" "$status"
		grep -v -e '^=== ' -e '^    --- PASS' -e '^--- PASS' "$log" | tail -n 60 | sed 's/^/    /'
	fi
	# Every skip or left-out check under Wine names its Wine limit (internal/winetest): list them once
	# per test, for docs/windows.md's table.
	awk '/^=== (RUN|CONT)/ { test = $3 }
		/Wine limit, real Windows only: / { sub(/.*Wine limit, real Windows only: /, ""); print "    wine limit: " test ": " $0 }' "$log" | sort -u
done < <(go list -f '{{.ImportPath}} {{.Dir}}' "${pkgs[@]}")

# The window app on OpenGL 1.1 (Remote Desktop, a VM without GPU): Mesa pretends to be that old; the app
# must show a message box pointing to the console commands (found here with xdotool, closed with Enter)
# and exit 1, not fail silently.
gl_box() {
	local pid wid="" status=0 out="$work/log/opengl-1.1.log"
	MESA_GL_VERSION_OVERRIDE=1.1 wine "$work/scimrenew.exe" --data-dir 'C:\scimrenew-gl-check' >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 1 120); do
		wid=$(xdotool search --name '^SCIM Renew cannot open its window$' 2>/dev/null | head -n 1 || true)
		if [ -n "$wid" ]; then break; fi
		sleep 0.5
	done
	if [ -n "$wid" ]; then
		xdotool windowfocus "$wid" 2>/dev/null || true
		xdotool key --clearmodifiers Return
	fi
	for _ in $(seq 1 40); do
		if ! kill -0 "$pid" 2>/dev/null; then break; fi
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then kill "$pid"; fi
	wait "$pid" || status=$?
	if [ -n "$wid" ] && [ "$status" -eq 1 ] && grep -q 'scimrenew help' "$out"; then
		printf 'ok  \t%s\n' "OpenGL 1.1: message box found and closed, exit 1"
		passed=$((passed + 1))
	else
		printf 'FAIL\t%s\n' "OpenGL 1.1: message box ${wid:-not found}, exit $status"
		sed 's/^/    /' "$out" | tail -n 20
		failed=$((failed + 1))
		failures+=("opengl-1.1")
	fi
}
if [ -z "${WINE_RUN:-}" ] && [ $# -eq 0 ]; then gl_box; fi
run_s=$((SECONDS - t2))

echo "test-windows: build ${build_s}s, prefix ${prefix_s}s, tests under Wine ${run_s}s" >&2
if [ ${#failures[@]} -gt 0 ]; then echo "test-windows: failed: ${failures[*]}" >&2; fi
echo "wine: $passed passed, $failed failed, $skipped skipped"
[ ${#failures[@]} -eq 0 ]
