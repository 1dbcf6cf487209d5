package main

import (
	"os"
	"path/filepath"
	"runtime"
)

// defaultDataDir is the per-OS place for the database and the log: the XDG data dir on Linux and the
// BSDs (~/.local/share/scimrenew), ~/Library/Application Support/SCIM Renew on macOS, and
// %AppData%\SCIM Renew on Windows. When no home is known it falls back to ./scimrenew-data.
func defaultDataDir() string {
	switch runtime.GOOS {
	case "darwin", "windows":
		if dir, err := os.UserConfigDir(); err == nil {
			return filepath.Join(dir, "SCIM Renew")
		}
	default:
		if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
			return filepath.Join(dir, "scimrenew")
		}
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "share", "scimrenew")
		}
	}
	return "scimrenew-data"
}
