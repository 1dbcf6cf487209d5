// Command wincheck checks the Windows release artefacts for scripts/package-windows.sh:
//
//	wincheck subsystem FILE N   the PE file's subsystem field is N (2: window app, 3: console)
//	wincheck hardened FILE      the PE file asks for ASLR (64-bit, high entropy) and DEP
//	wincheck creds PREFIX       prints how many Credential Manager entries start with PREFIX (Windows)
//
// It is a build tool: it ships in no artefact.
package main

import (
	"debug/pe"
	"fmt"
	"os"
	"strconv"
	"strings"
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
	case len(args) == 2 && args[0] == "hardened":
		if err := hardened(args[1]); err != nil {
			return err
		}
		fmt.Printf("%s: ASLR (high entropy) and DEP\n", args[1])
		return nil
	case len(args) == 2 && args[0] == "creds":
		n, err := countCredentials(args[1])
		if err != nil {
			return err
		}
		fmt.Println(n)
		return nil
	}
	return fmt.Errorf("usage: wincheck subsystem FILE N | wincheck hardened FILE | wincheck creds PREFIX")
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

// The DllCharacteristics bits a release exe must have: Windows loads it at a random address (with
// 64-bit entropy) and never runs code from its data pages.
var hardening = []struct {
	bit  uint16
	name string
}{
	{pe.IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE, "DYNAMIC_BASE (ASLR)"},
	{pe.IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA, "HIGH_ENTROPY_VA (64-bit ASLR)"},
	{pe.IMAGE_DLLCHARACTERISTICS_NX_COMPAT, "NX_COMPAT (DEP)"},
}

// hardened checks that the PE file at path is a 64-bit image with every bit of hardening set.
func hardened(path string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return fmt.Errorf("%s is not a 64-bit PE image", path)
	}
	return missingHardening(path, h.DllCharacteristics)
}

// missingHardening names the hardening bits chars lacks, or returns nil.
func missingHardening(path string, chars uint16) error {
	var missing []string
	for _, h := range hardening {
		if chars&h.bit == 0 {
			missing = append(missing, h.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s lacks %s in its DllCharacteristics (%#04x)", path, strings.Join(missing, ", "), chars)
	}
	return nil
}
