#!/usr/bin/env bash
# deps.sh installs the Debian/Ubuntu packages SCIM Renew needs to build and to test, and does
# nothing when they are all present already (so `make run` stays fast on the second call).
#
# Build: a C toolchain and the X11/GL headers that Fyne's cgo glue compiles against.
# Test:  Xvfb (real windows headless), D-Bus and gnome-keyring (a real Secret Service for the
#        keychain tests), secret-tool (to check what the app stored), a notification daemon,
#        ImageMagick and xdotool/x11-utils (screenshots and window checks under Xvfb), xclip and curl
#        (scripts/screenshots.sh copies a token the fake Hub page made).
set -euo pipefail

BUILD_PKGS=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
	libxinerama-dev libxi-dev libxxf86vm-dev)
TEST_PKGS=(xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools notification-daemon imagemagick
	x11-utils xdotool xclip curl)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: not a Debian/Ubuntu system (no dpkg/apt-get); install the equivalents of:" >&2
	echo "  ${BUILD_PKGS[*]} ${TEST_PKGS[*]}" >&2
	exit 0
fi

missing=()
for pkg in "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}"; do
	# dpkg -s succeeds for removed-but-configured packages too; the status string does not lie.
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	if [ "$status" != "install ok installed" ]; then
		missing+=("$pkg")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "deps.sh: missing packages (${missing[*]}) and no sudo; as root run:" >&2
		echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
	SUDO=(sudo)
fi

echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
