// Package autostart writes and removes the per-OS entry that starts SCIM Renew at login: an XDG autostart
// .desktop file on Linux and the BSDs, a LaunchAgent plist on macOS, a value under the current user's Run
// registry key on Windows. The entry's format is built by pure functions (DesktopEntry, LaunchAgentPlist)
// that every platform can test; only where it is stored is build-tagged.
//
// It touches nothing but that one entry of the current user, never needs administrator rights, and
// imports nothing of the project.
package autostart

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AppID names the entry: the desktop file's and the plist's base name, the LaunchAgent's label and the
// registry value's name.
const AppID = "io.scimrenew.app"

// AppName is the name shown in the desktop's list of startup applications.
const AppName = "SCIM Renew"

// ErrUnsupported reports a platform without a known autostart mechanism.
var ErrUnsupported = errors.New("autostart: starting at login is not supported on this system")

// Enable makes the executable at execPath (the running executable's absolute path, normally from
// os.Executable) start at login with args, replacing any earlier entry.
func Enable(execPath string, args ...string) error {
	if err := checkCommand(execPath, args); err != nil {
		return err
	}
	return enable(execPath, args)
}

// Disable removes the login entry; it is not an error when there is none.
func Disable() error { return disable() }

// Enabled reports whether a login entry exists (and is not switched off).
func Enabled() bool { return enabled() }

// Path says where the entry lives, for the settings screen: a file path, or the registry value on
// Windows.
func Path() (string, error) { return entryPath() }

func checkCommand(execPath string, args []string) error {
	if !filepath.IsAbs(execPath) {
		return fmt.Errorf("autostart: the program path %q is not absolute; pass the running executable's full path", execPath)
	}
	for _, a := range append([]string{execPath}, args...) {
		if !utf8.ValidString(a) {
			return fmt.Errorf("autostart: the command %q is not valid UTF-8, which a login entry must be; move the app to a folder with a plainer name", a)
		}
		if strings.IndexFunc(a, unicode.IsControl) >= 0 {
			return fmt.Errorf("autostart: the command %q contains a control character (such as a line break), which a login entry cannot hold", a)
		}
	}
	return nil
}
