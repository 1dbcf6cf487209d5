package desktop

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// macOS: notifications through Fyne (UserNotifications, or osascript with the text escaped for
// AppleScript, which has no other metacharacters), the menu bar always there, links and files through
// open, start at login through a LaunchAgent.

// prepareNotification passes the text on as it is: Fyne hands it to UserNotifications as plain data.
func prepareNotification(_ context.Context, title, body string) (string, string, error) {
	return title, body, nil
}

// trayAvailable: the menu bar always shows status items.
func trayAvailable(context.Context) (bool, string) { return true, "" }

// openURL runs open, which fails when no app handles the link.
func openURL(u *url.URL) error { return launch("browser", "open", u.String()) }

func openFile(path string) error { return launch("app for this file", "open", path) }

// autostartPath is ~/Library/LaunchAgents/io.scimrenew.app.plist; launchd loads it at the next login.
func autostartPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("desktop: the home folder is unknown, so there is no place for the login entry: %w", err)
	}
	return filepath.Join(home, "Library", "LaunchAgents", AppID+".plist"), nil
}

func enableAutostart(execPath string, args []string) error {
	p, err := autostartPath()
	if err != nil {
		return err
	}
	return writeFileAtomic(p, LaunchAgentPlist(execPath, args...))
}

func disableAutostart() error {
	p, err := autostartPath()
	if err != nil {
		return err
	}
	return removeFile(p)
}

func autostartEnabled() bool {
	p, err := autostartPath()
	if err != nil {
		return false
	}
	_, err = os.Stat(p)
	return err == nil
}
