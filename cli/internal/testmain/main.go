// Command testmain is scimrenew's command line without the window: it calls cli.Main directly, so the
// cli tests run every verb as a real subprocess without building Fyne. It is for tests only.
package main

import (
	"os"

	"scimrenew/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, cli.Env{Version: "test"}))
}
