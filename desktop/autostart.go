package desktop

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AppID names the login entry: the desktop file's and the plist's base name, the LaunchAgent's label
// and the registry value's name.
const AppID = "io.scimrenew.app"

// AppName is the name shown in the desktop's list of startup applications.
const AppName = "SCIM Renew"

// ErrUnsupported reports a platform without a known way to start an app at login.
var ErrUnsupported = errors.New("desktop: starting at login is not supported on this system")

// Autostart is the current user's entry that starts SCIM Renew at login: an XDG autostart .desktop file
// on Linux and the BSDs, a LaunchAgent plist in ~/Library/LaunchAgents on macOS, a value under
// HKCU\Software\Microsoft\Windows\CurrentVersion\Run on Windows. Its zero value is ready to use. The
// entry's formats are built by pure functions (DesktopEntry, LaunchAgentPlist) that every platform can
// test; only where the entry is stored is build-tagged.
type Autostart struct{}

// Enable makes the executable at execPath (the running executable's absolute path, normally from
// os.Executable) start at login with args, replacing any earlier entry.
func (Autostart) Enable(execPath string, args ...string) error {
	if err := checkCommand(execPath, args); err != nil {
		return err
	}
	return enableAutostart(execPath, args)
}

// Disable removes the login entry; it is not an error when there is none.
func (Autostart) Disable() error { return disableAutostart() }

// Enabled reports whether a login entry exists (and is not switched off).
func (Autostart) Enabled() bool { return autostartEnabled() }

// Path says where the entry lives, for the settings screen: a file path, or the registry value on
// Windows.
func (Autostart) Path() (string, error) { return autostartPath() }

func checkCommand(execPath string, args []string) error {
	if !filepath.IsAbs(execPath) {
		return fmt.Errorf("desktop: the program path %q is not absolute; pass the running executable's full path", execPath)
	}
	for _, a := range append([]string{execPath}, args...) {
		if !utf8.ValidString(a) {
			return fmt.Errorf("desktop: the command %q is not valid UTF-8, which a login entry must be; move the app to a folder with a plainer name", a)
		}
		if strings.IndexFunc(a, unicode.IsControl) >= 0 {
			return fmt.Errorf("desktop: the command %q contains a control character (such as a line break), which a login entry cannot hold", a)
		}
	}
	return nil
}
