// Package ownerfile opens and restricts the files that hold a secret or its traces (the token file
// `--token-out` writes, the database, the log) so that only the user who runs SCIM Renew can read
// them: mode 0600 on Unix, a protected DACL that grants the current user alone on Windows (where mode
// bits mean nothing). It also refuses to write through a symbolic link or a Windows reparse point
// (junction, symlink), so a file cannot be redirected to a place others read.
//
// It is a leaf: it imports nothing of the project, never logs, and never reads file contents.
package ownerfile

import (
	"errors"
	"fmt"
	"os"
)

// ErrNotRegular reports that the path names a symbolic link, a reparse point, a directory or a device
// rather than a regular file.
var ErrNotRegular = errors.New("it is not a regular file (a link, junction, folder or device)")

// OpenForWrite opens path for writing, creating it when missing, and returns it only once it is
// known to be a regular file (never a link followed to somewhere else) readable by its owner alone.
// With appending true every write goes to the end; otherwise the caller truncates as it needs.
func OpenForWrite(path string, appending bool) (*os.File, error) {
	f, err := openForWrite(path, appending)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, ErrNotRegular
	}
	if err := restrictOpen(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("restrict access to %s: %w", path, err)
	}
	return f, nil
}

// Restrict makes the existing file at path readable and writable by its owner only.
func Restrict(path string) error { return restrict(path) }

// Check returns nil when only the owner can read the file at path, or an error that says who else can.
func Check(path string) error { return check(path) }
