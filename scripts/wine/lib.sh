# shellcheck shell=bash
# scripts/wine/lib.sh is sourced by scripts/test-windows.sh and scripts/package-windows.sh: the pieces
# that build Windows programs here (mingw-w64) and run them under Debian's Wine 8.
#
# Wine 8 has two gaps that are Wine's, not Windows' (DESIGN.md, "Platforms"), bridged for the test run
# only and never in what is shipped:
#   1. Go >= 1.22 needs bcryptprimitives.dll!ProcessPrng, which Wine 8 lacks: every Go program dies at
#      start with "bcryptprimitives.dll not found". wine_prefix puts a small mingw DLL of our own
#      (processprng.c, on top of BCryptGenRandom) into the throw-away prefix's system32.
#   2. Go 1.26's os.RemoveAll deletes with FILE_DISPOSITION_INFORMATION_EX, which Wine 8 answers with
#      STATUS_NOT_IMPLEMENTED ("unlinkat ...: Invalid function"), so every t.TempDir cleanup fails.
#      wine_overlay writes a `go build -overlay` file that adds that status to the fallback list of
#      internal/syscall/windows (Deleteat), which then deletes the way older Windows versions need.

# Debian packages: the cross compiler, Wine (the command `wine` comes from the package of that name,
# the 64-bit loader from wine64), NSIS for the installer, and the X tools the GUI checks use.
WINE_PKGS=(gcc-mingw-w64-x86-64 wine64 wine nsis)

# wine_deps installs WINE_PKGS when one is missing (apt-get; root or sudo).
wine_deps() {
	local missing=() pkg status
	for pkg in "${WINE_PKGS[@]}"; do
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
		if [ "$status" != "install ok installed" ]; then missing+=("$pkg"); fi
	done
	if [ ${#missing[@]} -eq 0 ]; then return 0; fi
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
	echo "wine: installing ${missing[*]}" >&2
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# wine_env exports what every Wine call below needs: a prefix of our own (never ~/.wine), no Mono or
# Gecko install prompts, no debugger that would hold a crashed program (and its files) open, quiet debug
# channels, and a UTF-8 Unix locale: Wine turns Windows file names into Unix ones through it, so under
# LANG=C a name with "ü" cannot be created.
wine_env() {
	export WINEPREFIX="$1"
	export WINEARCH=win64
	export WINEDEBUG=-all
	export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d;winedbg.exe=d"
	export LANG=C.UTF-8
	# The test binaries are built with -trimpath, so Go finds no GOROOT and with it no time zone
	# database; the tests load named zones (Europe/Berlin, ...), so hand them Go's own (the app itself
	# uses only the system's local zone, which Windows gives through its API).
	ZONEINFO="Z:$(go env GOROOT)/lib/time/zoneinfo.zip"
	export ZONEINFO
}

# wine_prefix DIR creates a fresh Wine prefix in DIR, with the ProcessPrng DLL in its system32.
wine_prefix() {
	local dir=$1 here
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	wine_env "$dir"
	wineboot --init >/dev/null 2>&1
	wineserver --wait
	x86_64-w64-mingw32-gcc -O2 -shared -s -o "$dir/drive_c/windows/system32/bcryptprimitives.dll" \
		"$here/processprng.c" "$here/processprng.def" -lbcrypt
}

# wine_server_hold starts the prefix's wineserver now and keeps it until `wineserver -k`. Without it
# each Windows program starts a server that ends 3 seconds after its last client, and a program
# starting just as that server shuts down dies with "wine client error:0: recvmsg: Connection reset
# by peer" before it has run a line of its own (seen once in CI between two test binaries). Not for
# scripts that wait for the server to end (`wineserver --wait`), such as the installer check.
wine_server_hold() {
	wineserver --persistent
}

# wine_overlay DIR writes DIR/overlay.json (and the patched file it names) and prints its path.
wine_overlay() {
	local dir=$1 src
	src="$(go env GOROOT)/src/internal/syscall/windows/at_windows.go"
	if ! grep -q '^		STATUS_NOT_SUPPORTED: ' "$src"; then
		echo "wine: $src no longer has the fallback list this overlay patches; update scripts/wine/lib.sh" >&2
		return 1
	fi
	sed 's|^\t\tSTATUS_NOT_SUPPORTED: |\t\tSTATUS_NOT_SUPPORTED, NTStatus(0xC0000002) /* STATUS_NOT_IMPLEMENTED: Wine 8 */: |' \
		"$src" >"$dir/at_windows.go"
	printf '{"Replace":{"%s":"%s"}}\n' "$src" "$dir/at_windows.go" >"$dir/overlay.json"
	echo "$dir/overlay.json"
}

# wine_gobuild_env exports the cross-compilation settings for Windows amd64 with cgo (SQLite, GLFW).
# CC and CGO_CFLAGS are what `fyne package -release` uses with Debian's mingw-w64, and every Windows
# build passes -trimpath as fyne does, so the test binaries, `make vet-cross` and the release share one
# compile of the C code in the Go build cache (about 8 minutes from cold on 2 cores).
WINE_CGO_CFLAGS="-O3 -pipe"
wine_gobuild_env() {
	export CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc CGO_CFLAGS="$WINE_CGO_CFLAGS"
}
