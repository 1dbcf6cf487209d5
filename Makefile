# SCIM Renew. On a fresh Debian 12 / Ubuntu machine with Go >= 1.26:
#   make run     install the system packages if missing, then start the app (ARGS="--debug" etc.)
#   make test    the same install, then the whole suite with -race in a private D-Bus session with an
#                unlocked gnome-keyring, a throw-away HOME and an Xvfb display (scripts/with-keyring.sh)
# Also: make fuzz (<= 60 s of fuzzing), make bench, make lint (gofumpt, vet, staticcheck with ST checks,
# gocyclo <= 15: scripts/lint.sh), make package (Linux release artefact).
# Windows, cross-built here and run under Wine (docs/windows.md): make test-windows, make package-windows.

GO ?= go
ARGS ?=
PKGS ?= ./...

.PHONY: deps run test test-windows fuzz bench package package-windows lint vet-cross

deps:
	@scripts/deps.sh

run: deps
	$(GO) run . --sandbox-if-empty $(ARGS)

test: deps
	scripts/with-keyring.sh $(GO) test -race -count=1 -timeout 20m $(PKGS)

# Every package's tests, cross-built for Windows (mingw-w64) and run under Wine 8 + Xvfb; installs mingw,
# Wine and nsis when missing. WINE_SUBSET=ci runs the CI subset; PKGS narrows it (e.g. PKGS=./hub/).
test-windows:
	scripts/test-windows.sh $(if $(filter-out ./...,$(PKGS)),$(PKGS))

fuzz:
	GO=$(GO) scripts/fuzz.sh

# One table (start-up and memory against a bare Fyne window, binary size, a sandbox renewal, the Go
# benchmarks), printed and written to bench/out/latest.md. About 3 minutes; BENCH_RUNS=7 interleaved starts.
bench: deps
	GO=$(GO) scripts/with-keyring.sh bench/run.sh

# dist/scimrenew-<version>-linux-<arch>.tar.xz; built on a copy, so FyneApp.toml is not rewritten.
# The first run rebuilds cgo with hardening flags: about 3 minutes.
package: deps
	scripts/package-linux.sh

# dist/scimrenew-<version>-windows-amd64.zip (window app + console exe) and the per-user installer
# ...-setup.exe, cross-built with mingw-w64 and NSIS, then installed, upgraded and uninstalled under Wine.
package-windows:
	scripts/package-windows.sh

lint:
	GO=$(GO) scripts/lint.sh

# go vet as the other systems see the code. Windows: every package, cgo on through mingw-w64 (installed
# when missing), with the settings of the Windows tests and release (scripts/wine/lib.sh). macOS: no cross compiler here, so cgo off, every package but the window (main, ui) and
# bench, which need cgo; store's cgo-only code sits in sqlite_cgo.go for this.
vet-cross:
	@bash -c '. scripts/wine/lib.sh && wine_deps'
	bash -c '. scripts/wine/lib.sh && wine_gobuild_env && $(GO) vet -trimpath ./...'
	CGO_ENABLED=0 GOOS=darwin GOARCH=arm64 $(GO) vet $$($(GO) list ./... | grep -v -x -e scimrenew -e scimrenew/ui -e 'scimrenew/bench/.*')
