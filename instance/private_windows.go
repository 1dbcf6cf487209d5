//go:build windows

package instance

import (
	"fmt"
	"os"
)

// userFolder names the socket folder in the temp dir, which on Windows is already the user's own
// (%LOCALAPPDATA%\Temp).
func userFolder() string { return "scimrenew" }

// checkPrivate reports an error unless dir is a folder, not a link. Windows keeps the user's temp dir
// private through its access control list, which Go's file mode does not show.
func checkPrivate(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("instance: cannot check the socket folder %s: %w", dir, err)
	}
	if fi.Mode()&os.ModeSymlink != 0 || !fi.IsDir() {
		return fmt.Errorf("instance: %s is not a folder of its own (a link or a file); not using it for the window's socket", dir)
	}
	return nil
}
