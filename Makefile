# SCIM Renew. On a fresh Debian 12 / Ubuntu machine with Go >= 1.26:
#   make run     install the system packages if missing, then start the app (ARGS="--debug" etc.)
#   make test    the same install, then the whole suite with -race in a private D-Bus session with an
#                unlocked gnome-keyring, a throw-away HOME and an Xvfb display (scripts/with-keyring.sh)
# Also: make fuzz (<= 60 s of fuzzing), make bench, make lint (gofumpt, vet, staticcheck with ST checks,
# gocyclo <= 15: scripts/lint.sh), make package (Linux release artefact).

GO ?= go
ARGS ?=
PKGS ?= ./...
FYNE_TOOL := fyne.io/tools/cmd/fyne@v1.7.4

.PHONY: deps run test fuzz bench package lint

deps:
	@scripts/deps.sh

run: deps
	$(GO) run . --sandbox-if-empty $(ARGS)

test: deps
	scripts/with-keyring.sh $(GO) test -race -count=1 -timeout 20m $(PKGS)

fuzz:
	GO=$(GO) scripts/fuzz.sh

# One table (start-up and memory against a bare Fyne window, binary size, a sandbox renewal, the Go
# benchmarks), printed and written to bench/out/latest.md. About 3 minutes; BENCH_RUNS=7 interleaved starts.
bench: deps
	GO=$(GO) scripts/with-keyring.sh bench/run.sh

# The first run rebuilds cgo with hardening flags: about 3 minutes.
package: deps
	$(GO) run $(FYNE_TOOL) package -os linux -release

lint:
	GO=$(GO) scripts/lint.sh
