//go:build darwin

package autostart

import (
	"fmt"
	"os"
	"path/filepath"
)

// entryPath is ~/Library/LaunchAgents/io.scimrenew.app.plist; launchd loads it at the next login.
func entryPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("autostart: the home folder is unknown, so there is no place for the login entry: %w", err)
	}
	return filepath.Join(home, "Library", "LaunchAgents", AppID+".plist"), nil
}

func enable(execPath string, args []string) error {
	p, err := entryPath()
	if err != nil {
		return err
	}
	return writeFileAtomic(p, LaunchAgentPlist(execPath, args...))
}

func disable() error {
	p, err := entryPath()
	if err != nil {
		return err
	}
	return removeFile(p)
}

func enabled() bool {
	p, err := entryPath()
	if err != nil {
		return false
	}
	_, err = os.Stat(p)
	return err == nil
}
