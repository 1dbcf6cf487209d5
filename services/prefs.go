package services

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// The meta keys of the app preferences. They live in the store's meta table (not Fyne's preferences)
// so they follow the data dir, the sandbox's throw-away dir included. The names keep their "ui."
// prefix: data dirs already hold them.
const (
	metaClipboardSeconds = "ui.clipboard_clear_seconds"
	metaKeepRunning      = "ui.keep_running" // "1" when on
)

// DefaultClipboardTimeout is how long a copied secret stays on the clipboard unless the preference
// says otherwise.
const DefaultClipboardTimeout = 30 * time.Second

// MaxClipboardTimeout is the longest clipboard timeout the preference takes: a secret left for longer
// is as good as left for good.
const MaxClipboardTimeout = time.Hour

// ErrClipboardTimeout reports a clipboard timeout that is not a whole number of seconds from one
// second to MaxClipboardTimeout.
var ErrClipboardTimeout = errors.New("the clipboard timeout must be a whole number of seconds, from 1 second to 1 hour")

// ClipboardTimeout returns how long a secret the app copies stays on the clipboard: the saved
// preference, or DefaultClipboardTimeout when none is saved or the saved one is out of range. On a
// database error it returns DefaultClipboardTimeout with the error.
func (s *Services) ClipboardTimeout(ctx context.Context) (time.Duration, error) {
	v, err := s.cfg.Store.Meta(ctx, metaClipboardSeconds)
	if err != nil {
		return DefaultClipboardTimeout, fmt.Errorf("cannot read the clipboard preference: %w", err)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || time.Duration(n)*time.Second > MaxClipboardTimeout {
		return DefaultClipboardTimeout, nil
	}
	return time.Duration(n) * time.Second, nil
}

// SetClipboardTimeout saves how long a copied secret stays on the clipboard. It errs, matching
// ErrClipboardTimeout, for a timeout ClipboardTimeout would not give back, and saves nothing then.
func (s *Services) SetClipboardTimeout(ctx context.Context, d time.Duration) error {
	if d < time.Second || d > MaxClipboardTimeout || d%time.Second != 0 {
		return fmt.Errorf("%w (not %s)", ErrClipboardTimeout, d)
	}
	if err := s.cfg.Store.SetMeta(ctx, metaClipboardSeconds, strconv.Itoa(int(d/time.Second))); err != nil {
		return fmt.Errorf("cannot save the clipboard preference: %w", err)
	}
	return nil
}

// KeepRunning reports the "Keep running in the background" preference: off unless turned on. On a
// database error it reports off, with the error.
func (s *Services) KeepRunning(ctx context.Context) (bool, error) {
	v, err := s.cfg.Store.Meta(ctx, metaKeepRunning)
	if err != nil {
		return false, fmt.Errorf("cannot read the keep-running preference: %w", err)
	}
	return v == "1", nil
}

// SetKeepRunning saves the "Keep running in the background" preference.
func (s *Services) SetKeepRunning(ctx context.Context, on bool) error {
	v := "0"
	if on {
		v = "1"
	}
	if err := s.cfg.Store.SetMeta(ctx, metaKeepRunning, v); err != nil {
		return fmt.Errorf("cannot save the keep-running preference: %w", err)
	}
	return nil
}
