#!/usr/bin/env bash
# screenshots.sh retakes the PNGs in docs/screenshots/ from the real window: it builds the app, then,
# for each theme (FYNE_THEME=light and dark) and scale (FYNE_SCALE=1 and 1.5), in a private D-Bus
# session with an Xvfb display, a notification daemon and a throw-away HOME, runs a fresh
# `scimrenew --sandbox` and walks it with xdotool as a person would (clicks at fixed places of a
# 1000x700-unit window, which is 1500x1050 pixels at scale 1.5; Enter where the screen has a default
# button; fixed pauses after each action). Each file name ends in its theme, -light.png or -dark.png;
# scale 1 goes to docs/screenshots/, scale 1.5 to docs/screenshots/scale-1.5/:
#
#   start                the window as it opens, at the size it picks for the scale (at 1.5 it fits
#                        a 1280x800 screen); the rest are at 1000x700 units
#   home                 the profiles home
#   settings             Settings with the Contoso demo profile selected
#   settings-okta        Settings scrolled to Fabrikam's Okta API access (API token kind)
#   wizard-done          Fabrikam (API mode): one click on Renew runs to Done
#   history              Fabrikam's token history after that renewal
#   wizard-create        Contoso (Hub page): the create step after Copy Client Secret
#   wizard-verify        a made-up token pasted and used: the SCIM check refuses it
#   wizard-install       a real token from the fake Hub page, picked up from the clipboard; the deep-link install
#   notification         the whole screen after Jump ahead 11 months: a reminder beside the window (both
#                        profiles fall due together and notification-daemon shows one at a time, so
#                        either profile's may be the one on show)
#
# Then the Windows window app, "SCIM Renew.exe" from the release zip of `make package-windows`, under
# Wine on Xvfb, with the theme set the Windows way (the registry's AppsUseLightTheme, which the app
# follows), to docs/screenshots/windows/: home, settings, settings-okta, wizard-done and history, by the
# same clicks, in a throw-away Wine prefix (the two Wine 8 gaps bridged as in `make test-windows`,
# scripts/wine/lib.sh); the sandbox keeps its secrets in memory. Wine draws no window frame without a window
# manager, so these show the window's content only. SHOTS_WINDOWS=0 leaves the Windows app out,
# SHOTS_LINUX=0 the Linux one.
#
# The browser is a stand-in (an xdg-open first on PATH) that only records the links the app opens:
# the Hub page's address comes from there, and the token is made by posting that page's form with
# the Client ID and Secret the wizard put on the clipboard, as the admin would paste them.
# The app runs under LANG=C.UTF-8, as in a container or an SSH session, and the run fails if it
# cannot read that locale. Needs the packages of scripts/deps.sh (run first; the Windows part installs
# mingw-w64, Wine and NSIS itself). Takes about six minutes with a warm Go build cache.
# The clicks assume the layout of the screens as they are; after a layout change, look at every PNG
# again.
#
# Usage: scripts/screenshots.sh [THEME...]   (default: light dark)
set -euo pipefail

if [ "${1:-}" != "--inner" ]; then
	cd "$(dirname "$0")/.."
	scripts/deps.sh
	for tool in go dbus-run-session dbus-send Xvfb xdotool xclip import convert curl awk; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			echo "screenshots.sh: $tool not found; run scripts/deps.sh first" >&2
			exit 1
		fi
	done
	themes=("$@")
	[ ${#themes[@]} -gt 0 ] || themes=(light dark)
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/scimrenew-shots.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	echo "screenshots.sh: building" >&2
	go build -o "$tmp/scimrenew" .
	mkdir -m 0700 "$tmp/bin"
	# The stand-in browser: records each link and succeeds, so the app shows no "open it yourself"
	# dialog. SHOTS_OPENED is the run's list of links.
	printf '#!/bin/sh\nprintf "%%s\\n" "$1" >>"$SHOTS_OPENED"\n' >"$tmp/bin/xdg-open"
	chmod +x "$tmp/bin/xdg-open"
	scales=(1 1.5)
	if [ "${SHOTS_LINUX:-1}" = 0 ]; then scales=(); fi
	for scale in "${scales[@]}"; do
		out="$PWD/docs/screenshots"
		[ "$scale" = 1 ] || out="$out/scale-$scale"
		mkdir -p "$out"
		for theme in "${themes[@]}"; do
			run="$tmp/$theme-$scale"
			mkdir -m 0700 "$run" "$run/home" "$run/home/run" "$run/tmp"
			echo "screenshots.sh: $theme theme at scale $scale" >&2
			env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME -u DISPLAY \
				-u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK -u LC_ALL -u LANGUAGE \
				HOME="$run/home" XDG_RUNTIME_DIR="$run/home/run" TMPDIR="$run/tmp" LANG=C.UTF-8 \
				FYNE_THEME="$theme" FYNE_SCALE="$scale" SHOTS_OPENED="$run/opened.txt" \
				dbus-run-session -- "$0" --inner "$tmp" "$run" "$out" "$theme" "$scale"
		done
	done
	if [ "${SHOTS_WINDOWS:-1}" != 0 ]; then
		echo "screenshots.sh: the Windows window app (make package-windows)" >&2
		PACKAGE_NO_TEST=1 scripts/package-windows.sh >"$tmp/package-windows.log" 2>&1 ||
			{ tail -n 30 "$tmp/package-windows.log" >&2; exit 1; }
		version=$(sed -n 's/^Version *= *"\(.*\)"$/\1/p' FyneApp.toml)
		mkdir -m 0700 "$tmp/win"
		unzip -q -d "$tmp/win" "dist/scimrenew-$version-windows-amd64.zip" "SCIM Renew.exe"
		out="$PWD/docs/screenshots/windows"
		mkdir -p "$out"
		for theme in "${themes[@]}"; do
			run="$tmp/windows-$theme"
			mkdir -m 0700 "$run" "$run/home" "$run/tmp"
			echo "screenshots.sh: Windows (Wine), $theme theme" >&2
			env -u DISPLAY -u WINEPREFIX HOME="$run/home" TMPDIR="$run/tmp" \
				"$0" --inner "$tmp" "$run" "$out" "$theme" 1 windows
		done
	fi
	ls -l docs/screenshots/*-*.png docs/screenshots/scale-*/*.png docs/screenshots/windows/*.png 2>/dev/null
	exit 0
fi

# --- inside the private D-Bus session ---
tmp=$2   # the build: the binary and the stand-in browser
run=$3   # this run's HOME, log and recorded links
out=$4   # where the PNGs go
theme=$5 # light or dark: the suffix of each PNG
scale=$6 # FYNE_SCALE: the window and every click scale with it
os=${7:-linux} # linux: the app built here; windows: "SCIM Renew.exe" under Wine
times() { awk -v n="$1" -v s="$scale" 'BEGIN { printf "%d", n * s + 0.5 }'; }
win_w=$(times 1000)
win_h=$(times 700)
root_w=$(times 1440) # wider than the window plus a notification, so the popup never overlaps the window
root_h=$win_h
# Wine without a window manager puts the window's content where it would be inside a Windows frame
# (a few pixels in, a title bar down): room for that below.
if [ "$os" = windows ]; then root_h=$((win_h + 60)); fi
pids=()
cleanup() {
	local pid
	if [ "$os" = windows ] && [ -n "${WINEPREFIX:-}" ]; then wineserver -k 2>/dev/null || true; fi
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

fail() {
	echo "screenshots.sh: $*" >&2
	exit 1
}

has_owner() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}

# Xvfb picks a free display itself and writes its number to fd 3.
Xvfb -displayfd 3 -screen 0 "${root_w}x${root_h}x24" -nolisten tcp 3>"$run/display" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
	if [ -s "$run/display" ]; then break; fi
	sleep 0.1
done
[ -s "$run/display" ] || fail "Xvfb did not start"
DISPLAY=":$(head -1 "$run/display")"
export DISPLAY

if [ "$os" = windows ]; then
	# shellcheck source=scripts/wine/lib.sh
	. "$(dirname "$0")/wine/lib.sh"
	wine_prefix "$run/wineprefix"
	wine_server_hold # ended by cleanup (wineserver -k)
	# The Windows setting the app follows: Settings > Personalization > Colors, "Choose your app mode".
	light=1
	[ "$theme" = light ] || light=0
	wine reg add 'HKCU\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize' \
		/v AppsUseLightTheme /t REG_DWORD /d "$light" /f >/dev/null 2>&1
	# The sandbox makes its data folder in %TEMP% (in the prefix); each theme has a prefix of its own.
	wine "$tmp/win/SCIM Renew.exe" --sandbox >"$run/app.log" 2>&1 &
	app=$!
	pids+=("$app")
fi

notifyd=""
start_notifications() {
	NO_AT_BRIDGE=1 /usr/lib/notification-daemon/notification-daemon >/dev/null 2>&1 &
	notifyd=$!
	pids+=("$notifyd")
	for _ in $(seq 1 100); do
		if has_owner org.freedesktop.Notifications; then return; fi
		sleep 0.1
	done
	fail "notification-daemon did not claim org.freedesktop.Notifications"
}
if [ "$os" = linux ]; then
	start_notifications
	PATH="$tmp/bin:$PATH" "$tmp/scimrenew" --sandbox >"$run/app.log" 2>&1 &
	app=$!
	pids+=("$app")
fi

W=$(timeout 60 xdotool search --sync --name "^SCIM Renew" | head -1) || true
[ -n "$W" ] || fail "the window did not appear; the app said: $(cat "$run/app.log")"
[ "$os" = windows ] || xdotool windowmove "$W" 0 0
sleep 3 # first frame, start-up health check, home redrawn with its result

# click X Y [PAUSE]: a left click at X,Y (units) of the window's content, below the window's main
# menu bar (File, Go: menu_h units), then a pause (1 s by default).
menu_h=27
click() {
	xdotool mousemove --window "$W" "$(times "$1")" "$(times "$(($2 + menu_h))")" click 1
	sleep "${3:-1}"
}
# key KEY [PAUSE]
key() {
	xdotool key "$1"
	sleep "${2:-1}"
}
# shrink FILE: small PNG8 for the docs.
shrink() { convert "$1" -strip +dither -colors 64 "PNG8:$1"; }
# shot NAME: the window alone, at the size it has, as NAME-THEME.png. The pointer leaves it first, so
# no button shows as hovered.
shot() {
	xdotool mousemove $((root_w - 20)) $((root_h - 20))
	sleep 0.3
	local x y w h geo file="$out/$1-$theme.png"
	geo=$(xdotool getwindowgeometry --shell "$W")
	x=$(sed -n 's/^X=//p' <<<"$geo")
	y=$(sed -n 's/^Y=//p' <<<"$geo")
	w=$(sed -n 's/^WIDTH=//p' <<<"$geo")
	h=$(sed -n 's/^HEIGHT=//p' <<<"$geo")
	import -window root "$run/raw.png"
	convert "$run/raw.png" -crop "${w}x${h}+${x}+${y}" +repage "$file"
	shrink "$file"
	echo "screenshots.sh: ${file#"$PWD"/}" >&2
}
# clipboard: what the clipboard holds now (what the admin would paste).
clipboard() { xclip -o -selection clipboard 2>/dev/null || true; }

# The window as it opens, then at the size the clicks below assume (the size the Windows app opens at).
if [ "$os" = linux ]; then
	shot start
	xdotool windowsize "$W" "$win_w" "$win_h"
	xdotool windowfocus "$W" # explicit focus: keys reach the window wherever the pointer is
	sleep 1.5
fi
geo=$(xdotool getwindowgeometry --shell "$W")
[ "$(sed -n 's/^WIDTH=//p' <<<"$geo")x$(sed -n 's/^HEIGHT=//p' <<<"$geo")" = "${win_w}x${win_h}" ] ||
	fail "the window is not ${win_w}x${win_h}: $geo"

# Where things are in the 1000x700-unit window.
hdr_profiles=(750 28)
hdr_settings=(945 28)
jump_months=(945 84)
card1_renew=(942 233) # the first card: Contoso, whose token expires first
card2_renew=(942 395) # the second: Fabrikam
settings_item2=(100 247)
settings_scroll=(330 440) # a point in the form's label column: entries would take the wheel
done_history=(206 429)
hub_paste=(400 375)
confirm_yes=(622 386) # "Drop it and start again" in the confirmation, centred in the whole window

shot home

click "${hdr_settings[@]}"
shot settings

click "${settings_item2[@]}"
xdotool mousemove --window "$W" "$(times "${settings_scroll[0]}")" "$(times "$((settings_scroll[1] + menu_h))")"
xdotool click --repeat 32 --delay 30 5
sleep 1
shot settings-okta

# Fabrikam, API mode: Renew runs every step by itself; the header still says "Token renewed".
click "${hdr_profiles[@]}"
click "${card2_renew[@]}" 2
shot wizard-done
click "${done_history[@]}" 1.5
shot history
if [ "$os" = windows ]; then
	grep -q "Fyne error" "$run/app.log" && echo "screenshots.sh: the app printed: $(grep -A2 "Fyne error" "$run/app.log")" >&2
	exit 0 # the Hub-page walk below needs a browser and a notification daemon of Linux's
fi

# Contoso, Hub-page mode: Enter taps the panel's primary button, Open the Hub then Copy Client Secret.
click "${hdr_profiles[@]}"
click "${card1_renew[@]}" 2
key Return
client_id=$(clipboard)
key Return 0.3
client_secret=$(clipboard)
sleep 0.5 # the button still says Copied
shot wizard-create
if [ -z "$client_id" ] || [ -z "$client_secret" ]; then
	fail "the wizard did not put the Client ID and Secret on the clipboard"
fi
hub=$(head -1 "$run/opened.txt" 2>/dev/null || true)
[ -n "$hub" ] || fail "Open the Hub opened no link"

# A plausible token the Hub never issued: the SCIM check refuses it.
click "${hub_paste[@]}" 0.5
xdotool type --delay 5 "abcdefghijklmnopqrstuvwxyz0123456789"
key Return 2
shot wizard-verify

# Use another token (Enter), confirm, then make a real token on the Hub page and copy it: the wizard
# picks it up from the clipboard, verifies it and stops at the install.
key Return
click "${confirm_yes[@]}" 2
# The secret goes through stdin, never argv.
page=$(printf '%s' "$client_secret" | curl -fsS --max-time 10 --data-urlencode "client_id=$client_id" \
	--data-urlencode "client_secret@-" "${hub%/}/settings/hub-management/scim-token") ||
	fail "the fake Hub page did not create a token"
token=$(sed -n 's/.*<textarea id="token"[^>]*>\([^<]*\)<\/textarea>.*/\1/p' <<<"$page")
[ -n "$token" ] || fail "no token on the fake Hub page"
printf '%s' "$token" | xclip -selection clipboard
unset token page client_secret
sleep 3
key Return 1.5 # Open Okta Provisioning tab: the deep link, the token on the clipboard
shot wizard-install
[ "$(wc -l <"$run/opened.txt")" -ge 2 ] || fail "Open Okta Provisioning tab opened no link"
echo "screenshots.sh: deep link $(tail -1 "$run/opened.txt")" >&2
key Return 2 # I saved it in Okta
click "${hdr_profiles[@]}"

# A fresh notification daemon drops the reminder shown at start, so only the jump's reminders show.
kill "$notifyd"
wait "$notifyd" 2>/dev/null || true
start_notifications
click "${jump_months[@]}" 2
xdotool mousemove $((root_w - 20)) $((root_h - 20))
sleep 0.3
import -window root "$out/notification-$theme.png"
shrink "$out/notification-$theme.png"
echo "screenshots.sh: ${out#"$PWD"/}/notification-$theme.png" >&2

kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
# Under LANG=C.UTF-8 the app must not complain about the locale; other Fyne errors are shown.
if grep -q "Error parsing user locale" "$run/app.log"; then
	fail "the app could not read the C.UTF-8 locale: $(grep -A2 "Fyne error" "$run/app.log" | head -6)"
fi
if grep -q "Fyne error" "$run/app.log"; then
	echo "screenshots.sh: the app printed: $(grep -A2 "Fyne error" "$run/app.log")" >&2
fi
