#!/usr/bin/env bash
# package-linux.sh is `make package`: dist/scimrenew-<version>-linux-<arch>.tar.xz, the Linux release
# that `fyne package -os linux -release` makes (the binary, the icon, and the .desktop entry from
# FyneApp.toml's [LinuxAndBSD] section, with a Makefile that installs them).
#
# `fyne package` rewrites FyneApp.toml (drops its comments, bumps Build) and drops files beside
# main.go while it builds, so it runs on a copy of the tree in a fixed cache folder (fixed, so the Go
# build cache stays warm); the working tree is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
FYNE_TOOL=fyne.io/tools/cmd/fyne@v1.7.4

version=$(sed -n 's/^Version *= *"\(.*\)"$/\1/p' FyneApp.toml)
name="scimrenew-$version-linux-$(go env GOARCH)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/scimrenew-package-linux"
stage="$cache/src"
if [ ! -x "$cache/bin/fyne" ] || [ "$(cat "$cache/bin/fyne.version" 2>/dev/null)" != "$FYNE_TOOL" ]; then
	echo "package-linux: installing $FYNE_TOOL" >&2
	GOBIN="$cache/bin" CGO_ENABLED=0 go install "$FYNE_TOOL"
	echo "$FYNE_TOOL" >"$cache/bin/fyne.version"
fi
rm -rf "$stage"
mkdir -p "$stage" dist
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$stage"
else
	tar --exclude=./dist --exclude=./.git -cf - . | tar -C "$stage" -xf -
fi
(cd "$stage" && "$cache/bin/fyne" package -os linux -release)
mv "$stage/SCIM Renew.tar.xz" "dist/$name.tar.xz"
tar -tJf "dist/$name.tar.xz" | grep -q 'share/applications/.*\.desktop$' ||
	{ echo "package-linux: the archive has no .desktop entry" >&2; exit 1; }
ls -l "$root/dist/$name.tar.xz"
