#!/usr/bin/env bash
# shellcheck disable=SC2015 # "check && check || fail" is meant: fail exits
# test-installer.sh OLD-SETUP NEW-SETUP VERSION checks the Windows installer under Wine, silently, in a
# throw-away prefix, as an admin-less user would use it:
#   1. install OLD-SETUP: program files, Start-menu shortcut, uninstall entry, install folder on PATH,
#      the app ID registered as a sender of notifications (HKCU\Software\Classes\AppUserModelId);
#      the console exe then stores a profile (data folder and a Credential Manager entry);
#   2. install NEW-SETUP over it: upgraded in place (uninstall entry says VERSION, still one PATH
#      entry), the data and the entry kept; `scimrenew --version` works through PATH in cmd.exe;
#   3. uninstall: program, shortcut, uninstall entry, PATH entry and notification sender gone; data and
#      entry kept;
#   4. install again and uninstall with /REMOVEDATA ("also remove my data"): data and entries gone.
# scripts/package-windows.sh runs it; it prints one line per check and fails on the first miss.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/wine/lib.sh
. scripts/wine/lib.sh

old=$(realpath "$1")
new=$(realpath "$2")
version=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/scimrenew-installer.XXXXXX")
cleanup() {
	wineserver -k 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

wine_prefix "$work/prefix"
(
	wine_gobuild_env
	CGO_ENABLED=0 go build -o "$work/wincheck.exe" ./packaging/windows/wincheck
)

winenv() { wine cmd /c "echo %$1%" 2>/dev/null | tr -d '\r'; }
appdata_w=$(winenv APPDATA)
inst_w="$(winenv LOCALAPPDATA)\\Programs\\SCIM Renew"
inst=$(winepath -u "$inst_w")
data=$(winepath -u "$appdata_w\\SCIM Renew")
shortcut=$(winepath -u "$appdata_w\\Microsoft\\Windows\\Start Menu\\Programs\\SCIM Renew.lnk")
uninstkey='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\io.scimrenew.app'
toastkey='HKCU\Software\Classes\AppUserModelId\io.scimrenew.app'

pass=0
ok() {
	pass=$((pass + 1))
	echo "  ok: $*"
}
fail() {
	echo "installer: FAILED: $*" >&2
	echo "installer: $pass passed, 1 failed"
	exit 1
}
# run ARGS... runs a Windows program and waits until every process of the prefix has ended (an NSIS
# uninstaller copies itself to %TEMP% and returns before that copy has finished).
run() {
	wine "$@" </dev/null >/dev/null 2>&1 || fail "wine $* exited $?"
	wineserver --wait
}
regval() { wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | awk -v v="$2" '$1 == v { $1 = ""; $2 = ""; sub(/^ +/, ""); print }'; }
path_entries() { regval 'HKCU\Environment' Path | tr ';' '\n' | grep -c -x -F "$inst_w" || true; }
creds() { wine "$work/wincheck.exe" creds "io.scimrenew.app:" 2>/dev/null | tr -d '\r'; }

installed() {
	[ -f "$inst/SCIM Renew.exe" ] && [ -f "$inst/scimrenew.exe" ] && [ -f "$inst/uninstall.exe" ] ||
		fail "$1: program files missing in $inst"
	[ -f "$shortcut" ] || fail "$1: no Start-menu shortcut"
	[ "$(regval "$uninstkey" DisplayVersion)" = "$2" ] || fail "$1: uninstall entry version is '$(regval "$uninstkey" DisplayVersion)', want $2"
	[ "$(path_entries)" = 1 ] || fail "$1: the install folder is on PATH $(path_entries) times, want once"
	[ "$(regval "$toastkey" DisplayName)" = "SCIM Renew" ] || fail "$1: the notification sender is '$(regval "$toastkey" DisplayName)', want SCIM Renew"
	ok "$1: files, shortcut, uninstall entry ($2), PATH entry, notification sender"
}
removed() {
	[ ! -e "$inst/SCIM Renew.exe" ] && [ ! -e "$inst/scimrenew.exe" ] || fail "$1: program files left in $inst"
	[ ! -e "$shortcut" ] || fail "$1: the Start-menu shortcut is left"
	[ -z "$(regval "$uninstkey" DisplayName)" ] || fail "$1: the uninstall entry is left"
	[ "$(path_entries)" = 0 ] || fail "$1: the install folder is still on PATH"
	! wine reg query "$toastkey" >/dev/null 2>&1 || fail "$1: the notification sender key is left"
	ok "$1: files, shortcut, uninstall entry, PATH entry and notification sender removed"
}

echo "installer: silent install, upgrade and uninstall under Wine"
run "$old" /S
installed "install $(basename "$old")" "$(regval "$uninstkey" DisplayVersion)"
printf 'not-a-real-secret-%s\n' "$RANDOM" | wine "$inst/scimrenew.exe" profile add --name Acme \
	--hub-url https://acme.qorusdocs.com --scim-url https://acme.qorusdocs.com/scim/v2 --client-id abc \
	--client-secret-stdin >/dev/null 2>&1 || fail "the console exe could not add a profile"
[ -f "$data/scimrenew.db" ] && [ "$(creds)" = 1 ] || fail "profile add left no data folder or no Credential Manager entry ($(creds))"
ok "the console exe stored a profile: data folder and one Credential Manager entry"

run "$new" /S
installed "upgrade in place" "$version"
[ -f "$data/scimrenew.db" ] && [ "$(creds)" = 1 ] || fail "the upgrade lost the data or the secret"
wineserver -k # a new session reads the user's PATH from the registry again
out=$(cd "$work" && wine cmd /c "scimrenew --version" 2>/dev/null | tr -d '\r')
[[ "$out" == *"$version"* ]] || fail "\`scimrenew --version\` through PATH printed '$out'"
ok "upgrade kept the data; \`scimrenew --version\` through PATH says $version"

run "$inst/uninstall.exe" /S
removed "uninstall"
[ -f "$data/scimrenew.db" ] && [ "$(creds)" = 1 ] || fail "uninstall without 'also remove my data' removed data"
ok "uninstall kept the data folder and the Credential Manager entry"

run "$new" /S
installed "install again" "$version"
run "$inst/uninstall.exe" /S /REMOVEDATA
removed "uninstall /REMOVEDATA"
[ ! -e "$data" ] && [ "$(creds)" = 0 ] || fail "/REMOVEDATA left the data folder or $(creds) Credential Manager entries"
ok "uninstall /REMOVEDATA removed the data folder and the Credential Manager entries"
echo "installer: $pass passed, 0 failed"
