package ui

import (
	"context"
	"time"
)

// do runs fn on the Fyne main goroutine. It is the only way code on another goroutine may touch a
// widget, the clipboard or the UI's own fields. Do not call it from the main goroutine itself.
func (u *UI) do(fn func()) { u.post(fn) }

// background runs work on its own goroutine while the window's progress bar shows, then hands the
// result to done on the main goroutine. work gets the current screen's context: it is cancelled
// when the user leaves the screen or the app quits, and done is then skipped (the screen's widgets
// are gone). Work that must finish anyway (a save) uses context.WithoutCancel. Call background on the
// main goroutine. Disable the buttons that started the work before calling it, enable them in done.
func background[R any](u *UI, work func(ctx context.Context) R, done func(R)) {
	ctx := u.screenCtx()
	u.busyStart()
	go func() {
		r := work(ctx)
		u.do(func() {
			u.busyEnd()
			if ctx.Err() == nil {
				done(r)
			}
		})
	}()
}

func (u *UI) busyStart() {
	u.busy++
	if u.busy == 1 {
		u.progress.Show()
		u.progress.Start()
	}
}

func (u *UI) busyEnd() {
	u.busy--
	if u.busy == 0 {
		u.progress.Stop()
		u.progress.Hide()
	}
}

// after runs fn on the main goroutine once d has passed, unless the returned stop is called first.
// It is not tied to the screen: fn must cope with its widgets no longer being on show.
func (u *UI) after(d time.Duration, fn func()) (stop func()) {
	t := time.AfterFunc(d, func() { u.do(fn) })
	return func() { t.Stop() }
}

// every runs fn on the main goroutine every d until the user leaves the current screen (then the
// ticker stops by itself). fn may read the clipboard: it runs where Fyne allows that.
func (u *UI) every(d time.Duration, fn func()) {
	ctx := u.screenCtx()
	t := time.NewTicker(d)
	u.onLeave(t.Stop)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				u.do(func() {
					if ctx.Err() == nil {
						fn()
					}
				})
			}
		}
	}()
}
