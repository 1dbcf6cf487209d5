//go:build !windows

package desktop

import (
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// WatchExit calls its function once on an exit signal; after Claim, a handler another part of the
// program registered (as Fyne does, to quit without telling the app) no longer sees the signal.
func TestWatchExitClaimsTheSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			called := make(chan struct{}, 2)
			w := WatchExit(func() { called <- struct{}{} })
			defer w.Stop()
			toolkit := make(chan os.Signal, 1)
			signal.Notify(toolkit, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
			defer signal.Stop(toolkit)
			w.Claim()
			if err := syscall.Kill(os.Getpid(), sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-called:
			case <-time.After(5 * time.Second):
				t.Fatalf("%s did not call the function", sig)
			}
			select {
			case <-toolkit:
				t.Fatalf("the other handler still got %s after Claim", sig)
			case <-time.After(200 * time.Millisecond):
			}
			select {
			case <-called:
				t.Fatal("the function ran twice")
			default:
			}
			// The function ran, so the signal is back to its default action: the watch is done. Keep
			// the test process alive by handling it again before the next case.
			signal.Ignore(sig)
		})
	}
	signal.Reset(syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
}
