//go:build linux || freebsd || openbsd || netbsd || dragonfly

package autostart

import (
	"errors"
	"os"
	"path/filepath"
)

// entryPath is $XDG_CONFIG_HOME/autostart/io.scimrenew.app.desktop; a relative XDG_CONFIG_HOME is
// ignored, as the XDG Base Directory Specification requires.
func entryPath() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return "", errors.New("autostart: neither XDG_CONFIG_HOME nor HOME is set, so there is no place for the login entry")
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "autostart", AppID+".desktop"), nil
}

func enable(execPath string, args []string) error {
	p, err := entryPath()
	if err != nil {
		return err
	}
	return writeFileAtomic(p, []byte(DesktopEntry(execPath, args...)))
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
	b, err := os.ReadFile(p)
	return err == nil && !entryDisabled(string(b))
}
