//go:build windows

package desktop

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// toastAppKey registers AppID as a sender of toasts for the current user, as Windows documents for an
// app without a package identity: Windows 10 and 11 may drop toasts from an ID that is not there. The
// installer writes it too and removes it on uninstall.
const toastAppKey = `Software\Classes\AppUserModelId\` + AppID

// notify registers AppID, then runs toastScript in Windows PowerShell (from the system folder, never
// through PATH) with no window, and waits for its verdict (toastOutcome) until ctx ends.
func notify(ctx context.Context, title, body string) error {
	if err := registerToastApp(); err != nil {
		return err
	}
	sys, err := windows.GetSystemDirectory()
	if err != nil {
		return fmt.Errorf("desktop: could not find the Windows system folder to start Windows PowerShell: %w; %s", err, toastNext)
	}
	args, env := toastCommand(title, body)
	cmd := exec.CommandContext(ctx, filepath.Join(sys, `WindowsPowerShell\v1.0\powershell.exe`), args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true, CreationFlags: windows.CREATE_NO_WINDOW}
	var stdout, stderr cappedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 2 * time.Second // a child left holding the pipes must not hold the reminder too
	err = cmd.Run()
	return toastOutcome(err, ctx.Err(), stdout.b, stderr.b)
}

// registerToastApp makes sure toastAppKey names the app (DisplayName is what the toast's header and
// Windows' notification settings show). It writes only when the value is missing or different, so it
// is cheap to call before every toast, and it puts the key back should something have removed it.
func registerToastApp() error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, toastAppKey, registry.QUERY_VALUE|registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf(`desktop: could not register %s for notifications (HKCU\%s): %w; %s`, AppName, toastAppKey, err, toastNext)
	}
	defer k.Close()
	if v, _, err := k.GetStringValue("DisplayName"); err == nil && v == AppName {
		return nil
	}
	if err := k.SetStringValue("DisplayName", AppName); err != nil {
		return fmt.Errorf(`desktop: could not register %s for notifications (HKCU\%s): %w; %s`, AppName, toastAppKey, err, toastNext)
	}
	return nil
}
