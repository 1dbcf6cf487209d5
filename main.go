// Command scimrenew is SCIM Renew, the desktop app that renews the QorusDocs SCIM token Okta uses and
// reminds before it expires. This file only wires the packages together: a CLI verb goes to package
// cli; otherwise flags, data dir (or the sandbox), log, store, keychain, services, then the window.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2/app"

	"scimrenew/assets"
	"scimrenew/cli"
	// For its init, which makes a C or POSIX locale readable before Fyne's lang package reads it. Go
	// runs it first whatever its place here (package localefix says why).
	_ "scimrenew/localefix"
	"scimrenew/ui"
)

const appID = "io.scimrenew.app"

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// run starts the app and returns the process exit code: 0 done, 1 failed, 2 bad usage.
func run(args []string, stderr io.Writer) int {
	if cli.Handles(args) {
		return cli.Main(args, os.Stdin, os.Stdout, stderr, cli.Env{DataDir: defaultDataDir()})
	}
	fs := flag.NewFlagSet("scimrenew", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.dataDir, "data-dir", defaultDataDir(), "folder for the database and the log")
	fs.BoolVar(&o.debug, "debug", false, "log in detail, and to stderr too")
	fs.BoolVar(&o.sandbox, "sandbox", false, "try the app against a fake Hub and Okta on this computer")
	fs.BoolVar(&o.sandboxIfEmpty, "sandbox-if-empty", false, "start the sandbox when no profile is configured yet")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: scimrenew [--data-dir DIR] [--debug] [--sandbox] [VERB ...]\n\nWith no verb it opens the window; `scimrenew help` lists the command-line verbs.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err == flag.ErrHelp {
		return 0
	} else if err != nil {
		return 2
	}
	env, err := setup(o, stderr)
	if errors.Is(err, errHandedOver) {
		fmt.Fprintln(stderr, "scimrenew:", err)
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "scimrenew:", err)
		return 1
	}
	defer env.close()

	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow(env.title)
	w.SetIcon(assets.Icon)
	env.setWindow(w)
	u := ui.New(a, w, env.deps)
	u.Show()
	env.log.Info("started", "data_dir", env.dataDir, "sandbox", env.sandbox != nil)
	a.Run()
	return 0
}
