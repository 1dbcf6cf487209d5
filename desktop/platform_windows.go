package desktop

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"syscall"

	"golang.org/x/sys/windows/registry"
)

// Windows: toasts of our own (toast_windows.go) given sanitised text, the notification area
// always there, links and files through the shell's URL handler, start at login through the current
// user's Run registry key.

// prepareNotification reduces title and body to plain text within a toast's limits (toastText). Notify
// passes text to PowerShell only through the environment; the sanitising stays as defence in depth
// (and for Fyne's script, which pastes text into code). Windows always has a notification centre.
func prepareNotification(_ context.Context, title, body string) (string, string, error) {
	return toastText(title, toastTitleMax), toastText(body, toastBodyMax), nil
}

// trayAvailable: the notification area always shows tray icons.
func trayAvailable(context.Context) (bool, string) { return true, "" }

// openURL hands the link to the shell's URL handler, as Fyne does, but waits for its verdict.
func openURL(u *url.URL) error {
	return launch("browser", "rundll32", "url.dll,FileProtocolHandler", u.String())
}

// openFile opens the file with its default app through the same handler, as a file:// URL.
func openFile(path string) error {
	return launch("app for this file", "rundll32", "url.dll,FileProtocolHandler", FileURL(path).String())
}

// runKey is the current user's Run key: its values are command lines started at login.
const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

func autostartPath() (string, error) { return `HKCU\` + runKey + `\` + AppID, nil }

// commandLine quotes each argument as the C runtime's argument parser expects.
func commandLine(execPath string, args []string) string {
	parts := make([]string, 0, 1+len(args))
	parts = append(parts, `"`+execPath+`"`) // a Windows path cannot contain a double quote
	for _, a := range args {
		parts = append(parts, syscall.EscapeArg(a))
	}
	return strings.Join(parts, " ")
}

func enableAutostart(execPath string, args []string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("desktop: could not open the Run registry key: %w", err)
	}
	defer k.Close()
	if err := k.SetStringValue(AppID, commandLine(execPath, args)); err != nil {
		return fmt.Errorf("desktop: could not write the Run registry value: %w", err)
	}
	return nil
}

func disableAutostart() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("desktop: could not open the Run registry key: %w", err)
	}
	defer k.Close()
	if err := k.DeleteValue(AppID); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("desktop: could not remove the Run registry value: %w", err)
	}
	return nil
}

func autostartEnabled() bool {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	defer k.Close()
	_, _, err = k.GetStringValue(AppID)
	return err == nil
}
