package desktop

import (
	"os"
	"os/signal"
	"sync"
)

// ExitWatch calls a function, once, when the operating system asks the program to end, so the
// program can clean up first (take its secret off the clipboard) and then exit by itself.
type ExitWatch struct {
	fn       func()
	ch       chan os.Signal
	once     sync.Once
	quit     chan struct{}
	stopOnce sync.Once
	session  func() // stops the platform's session-end watch
}

// WatchExit starts watching for the operating system's requests to end the program and calls fn,
// once, from another goroutine, when one comes: SIGTERM, SIGINT and SIGHUP on Unix; on Windows Ctrl-C
// and Ctrl-Break, the console closing, logoff and shutdown (which Go delivers as SIGINT and SIGTERM to
// a program with a console), and the end of the Windows session for the window app (WM_ENDSESSION, to
// a hidden window of its own). fn must return only once its clean-up is done: the system may end the
// process soon after. Once a request came, the signals get their default action back, so a second one
// ends the program at once, whatever fn is doing.
func WatchExit(fn func()) *ExitWatch {
	w := &ExitWatch{fn: fn, ch: make(chan os.Signal, 1), quit: make(chan struct{})}
	signal.Notify(w.ch, exitSignals...)
	w.session = watchSessionEnd(w.fire)
	go func() {
		select {
		case <-w.ch:
			w.fire()
		case <-w.quit:
		}
	}()
	return w
}

// Claim takes the exit signals from every other handler in the process, so fn is the one that runs:
// a GUI toolkit that catches them itself (Fyne quits on SIGINT and SIGTERM without telling the app)
// would otherwise end the program before fn has run. Call it once the toolkit has started; calling it
// again is harmless. A signal that arrives during the call itself is lost (ignored), never fatal.
func (w *ExitWatch) Claim() {
	select {
	case <-w.quit:
		return
	default:
	}
	signal.Ignore(exitSignals...) // drops the signals from every handler, the toolkit's included
	signal.Notify(w.ch, exitSignals...)
}

func (w *ExitWatch) fire() {
	w.once.Do(func() {
		signal.Reset(exitSignals...) // a second request ends the program at once
		w.fn()
	})
}

// Stop ends the watch; the signals get their default action back.
func (w *ExitWatch) Stop() {
	w.stopOnce.Do(func() {
		close(w.quit)
		signal.Stop(w.ch)
		w.session()
	})
}
