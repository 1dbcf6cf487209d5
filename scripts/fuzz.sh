#!/usr/bin/env bash
# fuzz.sh runs every fuzz target of the module for a share of a fixed budget of fuzzing time
# (FUZZ_BUDGET seconds in all, default 60, at most 10 s per target). Their seed corpora already run as
# ordinary tests in `make test`; this looks for new crashers. With more targets than seconds in the
# budget, a different slice of them runs each day.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
budget=${FUZZ_BUDGET:-60}

# Cheap filter first: only packages with a Fuzz function in a test file get compiled for -list.
mapfile -t dirs < <(grep -rlE --include='*_test.go' --exclude-dir=.git --exclude-dir=vendor --exclude-dir=testdata \
	'^func Fuzz[A-Z0-9_]' . | xargs -r -n1 dirname | sort -u)
targets=()
for dir in "${dirs[@]}"; do
	list=$("$GO" test -list 'Fuzz.*' "$dir") # a build failure stops the script here
	while read -r name; do
		if [[ $name == Fuzz* ]]; then targets+=("$dir $name"); fi
	done <<<"$list"
done

n=${#targets[@]}
if [ "$n" -eq 0 ]; then
	echo "fuzz.sh: no fuzz targets"
	exit 0
fi
per=$((budget / n))
if [ "$per" -gt 10 ]; then per=10; fi
if [ "$per" -lt 1 ]; then
	per=1
	start=$(($(date +%s) / 86400 * budget % n))
	targets=("${targets[@]:start}" "${targets[@]:0:start}")
	targets=("${targets[@]:0:budget}")
	echo "fuzz.sh: $n targets, more than the ${budget}s budget: today's slice of ${#targets[@]}"
fi

# fuzz_once runs one target; it fails on a real finding. Go's fuzzer sometimes ends a time-boxed run with
# "context deadline exceeded" and no failing input (a worker still busy when the time is up): that is
# not a finding, so it is tried once more, and reported but not failed if it happens again. A real
# finding always writes its input under testdata/fuzz/NAME, which is what is checked.
fuzz_once() {
	local dir=$1 name=$2 out corpus="$1/testdata/fuzz/$2" before after
	before=$( (ls "$corpus" 2>/dev/null || true) | wc -l)
	if out=$("$GO" test -run='^$' -fuzz="^${name}\$" -fuzztime="${per}s" "$dir" 2>&1); then
		echo "$out"
		return 0
	fi
	echo "$out"
	after=$( (ls "$corpus" 2>/dev/null || true) | wc -l)
	if [ "$after" -eq "$before" ] && grep -q 'context deadline exceeded' <<<"$out"; then
		return 2
	fi
	return 1
}

for t in "${targets[@]}"; do
	read -r dir name <<<"$t"
	echo "fuzz.sh: $dir $name for ${per}s"
	rc=0
	fuzz_once "$dir" "$name" || rc=$?
	if [ "$rc" -eq 2 ]; then
		echo "fuzz.sh: $name stopped with Go's deadline race and no failing input; once more"
		rc=0
		fuzz_once "$dir" "$name" || rc=$?
		if [ "$rc" -eq 2 ]; then
			echo "fuzz.sh: $name: the deadline race again, still no failing input: not a finding"
			rc=0
		fi
	fi
	if [ "$rc" -ne 0 ]; then
		echo "fuzz.sh: $name found a failing input (see $dir/testdata/fuzz/$name)"
		exit 1
	fi
done
