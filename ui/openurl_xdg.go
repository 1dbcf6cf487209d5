//go:build linux || freebsd || openbsd || netbsd

package ui

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"time"

	"fyne.io/fyne/v2"
)

// xdgWait is how long to wait for xdg-open's verdict. It returns at once when no browser is found;
// some browsers keep it running until they exit, which counts as success.
const xdgWait = 5 * time.Second

// defaultOpener runs xdg-open and waits for its exit status: Fyne's OpenURL only starts xdg-open, so
// "no browser" would go unnoticed. Inside Flatpak the portal (Fyne's OpenURL) is the way out.
func defaultOpener(a fyne.App) func(*url.URL) error {
	if os.Getenv("FLATPAK_ID") != "" {
		return appOpener(a)
	}
	return xdgOpen
}

func xdgOpen(u *url.URL) error {
	cmd := exec.Command("xdg-open", u.String())
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return errors.New("xdg-open is not installed")
		}
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("xdg-open found no browser to use (exit status %d)", exit.ExitCode())
		}
		return err
	case <-time.After(xdgWait):
		return nil // still running: a browser took the link; the goroutine above reaps it
	}
}
