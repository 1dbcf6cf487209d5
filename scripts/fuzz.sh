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

for t in "${targets[@]}"; do
	read -r dir name <<<"$t"
	echo "fuzz.sh: $dir $name for ${per}s"
	"$GO" test -run='^$' -fuzz="^${name}\$" -fuzztime="${per}s" "$dir"
done
