//go:build !windows

package desktop

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestNotifyLeavesOtherSystemsToTheCaller: off Windows, Notify says at once that it does not handle
// this system, so the window notifies through Fyne.
func TestNotifyLeavesOtherSystemsToTheCaller(t *testing.T) {
	start := time.Now()
	if err := Notify(context.Background(), "t", "b"); !errors.Is(err, ErrNotifyUnsupported) {
		t.Errorf("Notify = %v, want ErrNotifyUnsupported", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Notify took %v", d)
	}
}
