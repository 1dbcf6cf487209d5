#!/usr/bin/env bash
# with-keyring.sh CMD [ARG...] runs CMD in a private, throw-away desktop session:
#   - a fresh HOME (and XDG runtime dir) so nothing touches the developer's real keyring or Fyne
#     preferences, while GOCACHE/GOMODCACHE/GOPATH keep pointing at the real ones (or every run
#     would rebuild cgo from cold, about 4 minutes);
#   - a private D-Bus session bus (dbus-run-session), with gnome-keyring's Secret Service unlocked by a
#     random password, waited for until it owns org.freedesktop.secrets (without the wait about one
#     run in ten fails);
#   - an Xvfb display (1280x800x24) exported as DISPLAY, for the few tests that map real windows.
# It exports SCIMRENEW_TEST_KEYRING=1 so tests know a real keyring is there (and fail, not skip,
# when CI=true and it is missing). Set SCIMRENEW_NO_XVFB=1 to leave DISPLAY alone.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 CMD [ARG...]" >&2
	exit 2
fi

if [ "${1:-}" != "--inner" ]; then
	for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			echo "with-keyring.sh: $tool not found; run scripts/deps.sh first" >&2
			exit 1
		fi
	done
	# Ask Go where its caches are while HOME is still the real one.
	if command -v go >/dev/null 2>&1; then
		for v in GOCACHE GOMODCACHE GOPATH GOPROXY GOSUMDB GOFLAGS GOPRIVATE GOTOOLCHAIN; do
			val=$(go env "$v")
			export "$v=$val"
		done
	fi
	# Fyne logs a locale error under C.UTF-8; unset is quiet (en_US.UTF-8 may not be generated).
	if [ "${LANG:-}" = "C.UTF-8" ] || [ "${LANG:-}" = "C.utf8" ]; then unset LANG; fi
	if [ "${LC_ALL:-}" = "C.UTF-8" ] || [ "${LC_ALL:-}" = "C.utf8" ]; then unset LC_ALL; fi

	SCIMRENEW_TEST_HOME=$(mktemp -d "${TMPDIR:-/tmp}/scimrenew-home.XXXXXX")
	export SCIMRENEW_TEST_HOME
	trap 'rm -rf "$SCIMRENEW_TEST_HOME"' EXIT
	mkdir -m 0700 "$SCIMRENEW_TEST_HOME/run"
	# No exec: the trap above must still remove the throw-away HOME afterwards.
	status=0
	env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME \
		-u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK \
		HOME="$SCIMRENEW_TEST_HOME" XDG_RUNTIME_DIR="$SCIMRENEW_TEST_HOME/run" \
		dbus-run-session -- "$0" --inner "$@" || status=$?
	exit "$status"
fi
shift # --inner

pids=()
cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT

has_owner() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}

# The password only has to unlock this throw-away keyring; it never leaves this process tree.
password=$(head -c 24 /dev/urandom | base64)
gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 <<<"$password" &
pids+=($!)
unset password

for _ in $(seq 1 100); do
	if has_owner org.freedesktop.secrets; then break; fi
	sleep 0.1
done
if ! has_owner org.freedesktop.secrets; then
	echo "with-keyring.sh: gnome-keyring did not claim org.freedesktop.secrets within 10 s" >&2
	exit 1
fi
export SCIMRENEW_TEST_KEYRING=1

if [ "${SCIMRENEW_NO_XVFB:-}" != "1" ]; then
	if ! command -v Xvfb >/dev/null 2>&1; then
		echo "with-keyring.sh: Xvfb not found; run scripts/deps.sh first" >&2
		exit 1
	fi
	started=""
	for _ in $(seq 1 20); do
		n=$((99 + RANDOM % 900))
		if [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; then continue; fi
		Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
		xpid=$!
		for _ in $(seq 1 100); do
			if ! kill -0 "$xpid" 2>/dev/null; then break; fi # lost a race for the display: next
			if [ -e "/tmp/.X11-unix/X$n" ] && xdpyinfo -display ":$n" >/dev/null 2>&1; then
				started=":$n"
				break
			fi
			sleep 0.1
		done
		if [ -n "$started" ]; then
			pids+=("$xpid")
			break
		fi
		kill "$xpid" 2>/dev/null || true
		wait "$xpid" 2>/dev/null || true
	done
	if [ -z "$started" ]; then
		echo "with-keyring.sh: could not start Xvfb on a free display" >&2
		exit 1
	fi
	export DISPLAY="$started"
fi

status=0
"$@" || status=$?
exit "$status"
