package desktop

import (
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"time"
)

// OpenURL opens a web link in the user's browser, or a file:// URL with the file's default app, and
// reports a failure where the platform can tell (no browser, no opener installed), so the window can
// offer the link to copy instead. It does not judge the link: the caller applies its own rules (https,
// loopback) first. It returns within a few seconds.
func OpenURL(u *url.URL) error {
	if u.Scheme == "file" {
		return openFile(fileURLPath(u))
	}
	return openURL(u)
}

// OpenFile opens a local file (an exported calendar, say) with the desktop's default app for its type.
func OpenFile(path string) error { return OpenURL(FileURL(path)) }

// FileURL is the file:// URL of a local path: file:///home/jo/x.ics, or file:///C:/Users/jo/x.ics for
// a Windows drive path.
func FileURL(path string) *url.URL {
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if len(u.Path) == 0 || u.Path[0] != '/' {
		u.Path = "/" + u.Path
	}
	return u
}

// fileURLPath is the local path of a file:// URL, the inverse of FileURL.
func fileURLPath(u *url.URL) string {
	p := u.Path
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // /C:/... is a Windows drive path
		p = p[1:]
	}
	return filepath.FromSlash(p)
}

// openerWait is how long to wait for an opener's verdict. xdg-open and open return at once when they
// find no app; some browsers keep the opener running until they exit, which counts as success.
var openerWait = 5 * time.Second

// launch runs an opener command (xdg-open, open, rundll32) and waits up to openerWait for its exit
// status: starting it alone, as Fyne does, would leave "no browser" unnoticed. what names the missing
// thing in the error ("browser", "app for this file").
func launch(what, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("%s is not installed", name)
		}
		return fmt.Errorf("%s could not be started: %w", name, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("%s found no %s to use (exit status %d)", name, what, exit.ExitCode())
		}
		return err
	case <-time.After(openerWait):
		return nil // still running: an app took the link; the goroutine above reaps it
	}
}
