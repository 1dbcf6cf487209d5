// Command wincheck checks the Windows release artefacts for scripts/package-windows.sh:
//
//	wincheck subsystem FILE N   the PE file's subsystem field is N (2: window app, 3: console)
//	wincheck creds PREFIX       prints how many Credential Manager entries start with PREFIX (Windows)
//
// It is a build tool: it ships in no artefact.
package main

import (
	"debug/pe"
	"fmt"
	"os"
	"strconv"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "wincheck:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) == 3 && args[0] == "subsystem":
		want, err := strconv.Atoi(args[2])
		if err != nil {
			return err
		}
		got, err := subsystem(args[1])
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("%s has PE subsystem %d, want %d (2: window app, 3: console)", args[1], got, want)
		}
		fmt.Printf("%s: PE subsystem %d\n", args[1], got)
		return nil
	case len(args) == 2 && args[0] == "creds":
		n, err := countCredentials(args[1])
		if err != nil {
			return err
		}
		fmt.Println(n)
		return nil
	}
	return fmt.Errorf("usage: wincheck subsystem FILE N | wincheck creds PREFIX")
}

// subsystem reads the Subsystem field of a PE file's optional header.
func subsystem(path string) (int, error) {
	f, err := pe.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		return int(h.Subsystem), nil
	case *pe.OptionalHeader32:
		return int(h.Subsystem), nil
	}
	return 0, fmt.Errorf("%s has no optional header", path)
}
