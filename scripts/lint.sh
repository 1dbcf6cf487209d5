#!/usr/bin/env bash
# lint.sh is `make lint` and CI's lint step: the gates every change passes before its tests run.
#   - gofumpt: formatting (a stricter gofmt), nothing to change;
#   - go vet;
#   - staticcheck with the ST style checks switched on (staticcheck.conf);
#   - gocyclo: no non-test function above a cyclomatic complexity of 15.
# The tools are installed at pinned versions into $(go env GOPATH)/bin when missing. No vulnerability
# database is reachable from the build machines, so govulncheck is not part of it.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
gobin="$($GO env GOPATH)/bin"
export PATH="$gobin:$PATH"

# install NAME MODULE@VERSION [VERSION-COMMAND...]: go install the pinned version unless the binary is
# there and (when it can say) reports that version.
install() {
	local name=$1 mod=$2
	shift 2
	if command -v "$name" >/dev/null 2>&1; then
		if [ $# -eq 0 ] || "$@" 2>/dev/null | grep -qF "${mod##*@v}"; then
			return
		fi
	fi
	echo "lint.sh: installing $mod"
	GOBIN="$gobin" $GO install "$mod"
}
install gofumpt mvdan.cc/gofumpt@v0.12.0 gofumpt -version
install staticcheck honnef.co/go/tools/cmd/staticcheck@v0.8.2 staticcheck -version
install gocyclo github.com/fzipp/gocyclo/cmd/gocyclo@v0.6.0

status=0
step() { printf '\n--- %s\n' "$*"; }

step "gofumpt"
unformatted=$(gofumpt -l .)
if [ -n "$unformatted" ]; then
	echo "gofumpt -w needed on:"
	echo "$unformatted"
	status=1
fi

step "go vet"
$GO vet ./... || status=1

step "staticcheck (staticcheck.conf: the default checks plus the ST style checks)"
staticcheck ./... || status=1

step "gocyclo: non-test functions above 15"
complex=$(gocyclo -over 15 -ignore '_test\.go$' . || true)
if [ -n "$complex" ]; then
	echo "$complex"
	echo "split these functions: the ceiling is 15"
	status=1
fi

exit "$status"
