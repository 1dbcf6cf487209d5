// Command scimrenew is SCIM Renew, the desktop app that renews the QorusDocs SCIM token Okta uses and
// reminds before it expires. This file only wires the packages together: flags, data dir, log, store,
// keychain, then the window (or, later, a CLI verb or the sandbox).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2/app"

	"scimrenew/applog"
	"scimrenew/assets"
	"scimrenew/hub"
	"scimrenew/secrets"
	"scimrenew/store"
	"scimrenew/ui"
)

const appID = "io.scimrenew.app"

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// run starts the app and returns the process exit code: 0 done, 1 failed, 2 bad usage.
func run(args []string, stderr io.Writer) int {
	// CLI seam: a first argument that is a verb (status, history, renew, ...) goes to cli.Main(args)
	// here, before any window or flag of the GUI is touched.
	fs := flag.NewFlagSet("scimrenew", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", defaultDataDir(), "folder for the database and the log")
	debug := fs.Bool("debug", false, "log in detail, and to stderr too")
	sandbox := fs.Bool("sandbox", false, "try the app against a fake Hub and Okta on this computer")
	if err := fs.Parse(args); err == flag.ErrHelp {
		return 0
	} else if err != nil {
		return 2
	}
	if *sandbox {
		// Sandbox seam: sandbox.Start gives a throw-away data dir, an in-memory keychain, the fakes and
		// demo profiles, and its own ui.Deps; until it lands the flag says so.
		fmt.Fprintln(stderr, "scimrenew: --sandbox is not available yet in this build")
		return 2
	}
	log, logFile, err := applog.Setup(*dataDir, *debug)
	if err != nil {
		fmt.Fprintln(stderr, "scimrenew:", err)
		return 1
	}
	defer logFile.Close()
	st, err := store.Open(*dataDir)
	if err != nil {
		log.Error("cannot open the database", "err", err)
		fmt.Fprintln(stderr, "scimrenew:", err)
		return 1
	}
	defer st.Close()

	deps := ui.Deps{Store: st, Keychain: secrets.New(appID, 3*time.Second), Log: log, DataDir: *dataDir, Hub: hub.NewClient()}
	if err := deps.Keychain.Probe(); err != nil {
		log.Warn("the OS keychain is unavailable; secrets last until quit", "err", err)
		deps.Keychain, deps.KeychainErr = secrets.NewMemory(), err
	}
	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow("SCIM Renew")
	w.SetIcon(assets.Icon)
	ui.New(a, w, deps).Show()
	log.Info("started", "data_dir", *dataDir)
	a.Run()
	return 0
}
