#!/usr/bin/env bash
# package-windows.sh is `make package-windows`: the Windows release, cross-built here with mingw-w64.
# It writes to dist/:
#   scimrenew-<version>-windows-amd64.zip        "SCIM Renew.exe" (the window app: icon, version
#                                                information and manifest from `fyne package`) and
#                                                scimrenew.exe (the console exe for the verbs)
#   scimrenew-<version>-windows-amd64-setup.exe  the per-user installer (packaging/windows/installer.nsi)
# then checks both exes' PE subsystem (2 window, 3 console) and hardening (ASLR with high entropy, DEP),
# and, unless PACKAGE_NO_TEST=1, installs, upgrades and uninstalls silently under Wine
# (scripts/wine/test-installer.sh).
#
# `fyne package` rewrites FyneApp.toml (drops its comments, bumps Build) and drops files beside
# main.go while it builds, so it runs on a copy of the tree in a fixed cache folder (fixed, so the Go
# build cache stays warm); the working tree is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=scripts/wine/lib.sh
. scripts/wine/lib.sh

FYNE_TOOL=fyne.io/tools/cmd/fyne@v1.7.4
scripts/deps.sh
WINE_PKGS+=(zip)
wine_deps

version=$(sed -n 's/^Version *= *"\(.*\)"$/\1/p' FyneApp.toml)
build=$(sed -n 's/^Build *= *\([0-9][0-9]*\)$/\1/p' FyneApp.toml)
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || [ -z "$build" ]; then
	echo "package-windows: FyneApp.toml needs Version = \"x.y.z\" and Build = N" >&2
	exit 1
fi
name="scimrenew-$version-windows-amd64"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/scimrenew-package-windows"
stage="$cache/src"
out="$cache/out"

if [ ! -x "$cache/bin/fyne" ] || [ "$(cat "$cache/bin/fyne.version" 2>/dev/null)" != "$FYNE_TOOL" ]; then
	echo "package-windows: installing $FYNE_TOOL" >&2
	GOBIN="$cache/bin" GOOS='' GOARCH='' CGO_ENABLED=0 go install "$FYNE_TOOL"
	echo "$FYNE_TOOL" >"$cache/bin/fyne.version"
fi

echo "package-windows: copying the tree to $stage" >&2
rm -rf "$stage" "$out"
mkdir -p "$stage" "$out"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$stage"
else
	tar --exclude=./dist --exclude=./.git -cf - . | tar -C "$stage" -xf -
fi

convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$out/icon.ico"

echo "package-windows: the window app (fyne package -os windows -release)" >&2
# fyne builds C with release and hardening flags of its own (CGO_CFLAGS, CGO_LDFLAGS); a `go` shim
# records them, so the console exe below is built with the same flags (and reuses the build cache).
mkdir -p "$cache/shim"
cat >"$cache/shim/go" <<SHIM
#!/bin/sh
if [ "\$1" = build ]; then
	printf 'CGO_CFLAGS=%s\nCGO_LDFLAGS=%s\n' "\$CGO_CFLAGS" "\$CGO_LDFLAGS" >"$out/cgo-flags"
fi
exec "$(command -v go)" "\$@"
SHIM
chmod +x "$cache/shim/go"
(
	cd "$stage"
	PATH="$cache/shim:$PATH" CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc "$cache/bin/fyne" package -os windows -release
)
mv "$stage/SCIM Renew.exe" "$out/SCIM Renew.exe"

echo "package-windows: the console exe" >&2
IFS=. read -r major minor patch <<<"$version"
sed -e "s/@VERSION@/$version/g" -e "s/@VERSION_COMMAS@/$major,$minor,$patch,$build/g" -e "s/@YEAR@/$(date +%Y)/g" \
	packaging/windows/console.rc.in >"$out/console.rc"
cp packaging/windows/scimrenew.exe.manifest "$out/"
x86_64-w64-mingw32-windres -I "$out" -O coff -o "$stage/zz_console_windows_amd64.syso" "$out/console.rc"
(
	cd "$stage"
	wine_gobuild_env
	CGO_CFLAGS=$(sed -n 's/^CGO_CFLAGS=//p' "$out/cgo-flags")
	CGO_LDFLAGS=$(sed -n 's/^CGO_LDFLAGS=//p' "$out/cgo-flags")
	export CGO_CFLAGS CGO_LDFLAGS
	go build -trimpath -tags release -ldflags "-s -w -X main.version=$version" -o "$out/scimrenew.exe" .
)

go run ./packaging/windows/wincheck subsystem "$out/SCIM Renew.exe" 2
go run ./packaging/windows/wincheck subsystem "$out/scimrenew.exe" 3
go run ./packaging/windows/wincheck hardened "$out/SCIM Renew.exe"
go run ./packaging/windows/wincheck hardened "$out/scimrenew.exe"

mkdir -p dist
rm -f "dist/$name.zip"
(cd "$out" && zip -q -X "$root/dist/$name.zip" "SCIM Renew.exe" scimrenew.exe)

echo "package-windows: the installer" >&2
installer() { # installer VERSION VERSION4 OUTFILE
	makensis -V2 -DVERSION="$1" -DVERSION4="$2" -DSRCDIR="$out" -DOUTFILE="$3" packaging/windows/installer.nsi
}
installer "$version" "$version.$build" "$root/dist/$name-setup.exe"

ls -l "dist/$name.zip" "dist/$name-setup.exe"
if [ "${PACKAGE_NO_TEST:-}" != "1" ]; then
	# An "older release" to upgrade from: the same files under version 0.0.1.
	installer 0.0.1 0.0.1.1 "$out/older-setup.exe"
	scripts/wine/test-installer.sh "$out/older-setup.exe" "dist/$name-setup.exe" "$version"
fi
