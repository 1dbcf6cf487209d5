//go:build unix

package instance

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// userFolder names the per-user socket folder in the temp dir.
func userFolder() string { return "scimrenew-" + strconv.Itoa(os.Getuid()) }

// checkPrivate reports an error unless dir is a folder (not a symlink) owned by this user with no
// permission for group or others.
func checkPrivate(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("instance: cannot check the socket folder %s: %w", dir, err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case fi.Mode()&os.ModeSymlink != 0 || !fi.IsDir():
		return fmt.Errorf("instance: %s is not a folder of its own (a link or a file); not using it for the window's socket", dir)
	case !ok || int(st.Uid) != os.Getuid():
		return fmt.Errorf("instance: %s belongs to another user; not using it for the window's socket", dir)
	case fi.Mode().Perm()&0o077 != 0:
		return fmt.Errorf("instance: %s is open to other users (mode %v); not using it for the window's socket", dir, fi.Mode().Perm())
	}
	return nil
}
