package ui

import (
	"time"

	"scimrenew/desktop"
)

// exitCleanupLimit bounds how long an exit request waits for the window to clear the clipboard and
// quit: the system ends the process soon anyway.
const exitCleanupLimit = 5 * time.Second

// watchExit makes the window quit the way the tray's Quit does, taking the app's secret off the
// clipboard first (if the clipboard still holds it), when the operating system asks the program to
// end: SIGTERM, SIGINT or SIGHUP, the console closing, the session ending (desktop.WatchExit).
//
// Fyne catches SIGINT and SIGTERM itself once the app runs, and quits without telling the window, so
// the clipboard would keep the secret: the signals are claimed back when the app has started, and once
// more a moment later (Fyne registers from a goroutine of its own).
func (u *UI) watchExit() {
	ew := desktop.WatchExit(func() {
		done := make(chan struct{})
		u.post(func() {
			u.Quit()
			close(done)
		})
		select {
		case <-done:
		case <-time.After(exitCleanupLimit):
		}
	})
	u.onQuit(ew.Stop)
	lc := u.app.Lifecycle()
	lc.SetOnStarted(func() {
		ew.Claim()
		time.AfterFunc(2*time.Second, ew.Claim)
	})
	lc.SetOnStopped(ew.Stop) // whatever ended the app (the clipboard is out of reach by then)
}
