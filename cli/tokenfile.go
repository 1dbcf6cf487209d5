package cli

import (
	"fmt"

	"scimrenew/ownerfile"
)

// writeTokenFile writes the token to path for a manual install, readable by its owner only (mode
// 0600 on Unix, an owner-only DACL on Windows). An existing file is reused (a resumed renewal writes the
// same token again) but never followed through a symbolic link or Windows reparse point, and it is
// narrowed to its owner before it is emptied and written, so the token never sits in a file others
// can read.
func writeTokenFile(path, token string) error {
	f, err := ownerfile.OpenForWrite(path, false)
	if err != nil {
		return &stopErr{fmt.Sprintf("could not create the token file %s: %v; choose another --token-out FILE", path, err)}
	}
	fail := func(what string, err error) error {
		_ = f.Close()
		return &stopErr{fmt.Sprintf("could not %s the token file %s: %v; choose another --token-out FILE", what, path, err)}
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
