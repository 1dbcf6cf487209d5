package cli

import (
	"fmt"
	"os"
)

// writeTokenFile writes the token to path for a manual install, readable by its owner only. An existing
// file is reused (a resumed renewal writes the same token again) but never followed through a symbolic
// link, and its mode is narrowed to 0600 before it is emptied and written, so the token never sits in a
// file others can read.
func writeTokenFile(path, token string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		return &stopErr{fmt.Sprintf("could not create the token file %s: %v; choose another --token-out FILE", path, err)}
	}
	fail := func(what string, err error) error {
		_ = f.Close()
		return &stopErr{fmt.Sprintf("could not %s the token file %s: %v; choose another --token-out FILE", what, path, err)}
	}
	fi, err := f.Stat()
	if err != nil {
		return fail("check", err)
	}
	if !fi.Mode().IsRegular() {
		return fail("use", fmt.Errorf("it is not a regular file"))
	}
	if err := f.Chmod(0o600); err != nil {
		return fail("restrict access to", err)
	}
	if err := f.Truncate(0); err != nil {
		return fail("empty", err)
	}
	if _, err := f.WriteString(token + "\n"); err != nil {
		return fail("write", err)
	}
	if err := f.Sync(); err != nil {
		return fail("write", err)
	}
	if err := f.Close(); err != nil {
		return &stopErr{fmt.Sprintf("could not write the token file %s: %v", path, err)}
	}
	return nil
}
