package services

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"scimrenew/secrets"
	"scimrenew/store"
)

// local is the services over a SQLite file in a temporary directory, with secrets in memory, for the
// use-cases that never reach the keychain, the Hub or Okta.
type local struct {
	ctx   context.Context
	dir   string
	st    *store.Store
	clock *clock
	svc   *Services
	notes *noteLog
}

func newLocal(t *testing.T) *local {
	t.Helper()
	l := &local{ctx: context.Background(), dir: t.TempDir(), clock: &clock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}}
	l.open(t)
	return l
}

// open (re)opens the store in the directory and the services over it.
func (l *local) open(t *testing.T) {
	t.Helper()
	st, err := store.Open(l.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetClock(l.clock.Now)
	l.st = st
	l.svc = New(Config{Store: st, Keychain: secrets.NewMemory(), Now: l.clock.Now, Location: time.UTC, Owner: "services test"})
	l.notes = &noteLog{}
	l.svc.SetNotifier(l.notes)
}

// noteLog records the titles of the notifications shown, from any goroutine.
type noteLog struct {
	mu     sync.Mutex
	titles []string
}

func (n *noteLog) Notify(title, _ string) error {
	n.mu.Lock()
	n.titles = append(n.titles, title)
	n.mu.Unlock()
	return nil
}

func (n *noteLog) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.titles)
}

func TestClipboardTimeoutPreference(t *testing.T) {
	l := newLocal(t)
	if d, err := l.svc.ClipboardTimeout(l.ctx); err != nil || d != DefaultClipboardTimeout {
		t.Fatalf("fresh data dir: %v, %v; want the default %v", d, err, DefaultClipboardTimeout)
	}
	for _, d := range []time.Duration{15 * time.Second, time.Minute, time.Second, MaxClipboardTimeout} {
		if err := l.svc.SetClipboardTimeout(l.ctx, d); err != nil {
			t.Fatalf("set %v: %v", d, err)
		}
		if got, err := l.svc.ClipboardTimeout(l.ctx); err != nil || got != d {
			t.Fatalf("after setting %v: read %v, %v", d, got, err)
		}
	}
	if err := l.svc.SetClipboardTimeout(l.ctx, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	for _, d := range []time.Duration{0, -time.Second, 500 * time.Millisecond, 1500 * time.Millisecond, MaxClipboardTimeout + time.Second} {
		if err := l.svc.SetClipboardTimeout(l.ctx, d); !errors.Is(err, ErrClipboardTimeout) {
			t.Errorf("set %v: %v, want ErrClipboardTimeout", d, err)
		}
	}
	if got, _ := l.svc.ClipboardTimeout(l.ctx); got != 2*time.Minute {
		t.Errorf("a refused value changed the preference to %v", got)
	}

	// The preference is in the data dir's database: a new process reads it.
	l.open(t)
	if got, err := l.svc.ClipboardTimeout(l.ctx); err != nil || got != 2*time.Minute {
		t.Errorf("after reopening: %v, %v", got, err)
	}
}

// A value the app never wrote (an older build, a hand edit) gives the default; one it wrote is read as
// the seconds it is, under the key data dirs already hold.
func TestClipboardTimeoutReadsWhatTheDataDirHolds(t *testing.T) {
	l := newLocal(t)
	for _, tc := range []struct {
		stored string
		want   time.Duration
	}{
		{"120", 2 * time.Minute},
		{"3600", time.Hour},
		{"1", time.Second},
		{"3601", DefaultClipboardTimeout},
		{"0", DefaultClipboardTimeout},
		{"-5", DefaultClipboardTimeout},
		{"thirty", DefaultClipboardTimeout},
		{"", DefaultClipboardTimeout},
	} {
		if err := l.st.SetMeta(l.ctx, "ui.clipboard_clear_seconds", tc.stored); err != nil {
			t.Fatal(err)
		}
		if got, err := l.svc.ClipboardTimeout(l.ctx); err != nil || got != tc.want {
			t.Errorf("stored %q: read %v, %v; want %v", tc.stored, got, err, tc.want)
		}
	}
}

func TestKeepRunningPreference(t *testing.T) {
	l := newLocal(t)
	if on, err := l.svc.KeepRunning(l.ctx); err != nil || on {
		t.Fatalf("fresh data dir: %v, %v; want off", on, err)
	}
	for _, on := range []bool{true, false, true} {
		if err := l.svc.SetKeepRunning(l.ctx, on); err != nil {
			t.Fatal(err)
		}
		if got, err := l.svc.KeepRunning(l.ctx); err != nil || got != on {
			t.Fatalf("after setting %v: read %v, %v", on, got, err)
		}
	}
	if v, _ := l.st.Meta(l.ctx, "ui.keep_running"); v != "1" {
		t.Errorf("stored %q under the data dirs' key, want \"1\"", v)
	}
	for stored, want := range map[string]bool{"1": true, "0": false, "yes": false, "": false} {
		if err := l.st.SetMeta(l.ctx, "ui.keep_running", stored); err != nil {
			t.Fatal(err)
		}
		if got, _ := l.svc.KeepRunning(l.ctx); got != want {
			t.Errorf("stored %q: read %v, want %v", stored, got, want)
		}
	}
}

// A database that cannot be read gives the defaults with an error that says what could not be read;
// a write that fails says what could not be saved.
func TestPreferencesOnAClosedDatabase(t *testing.T) {
	l := newLocal(t)
	if err := l.svc.SetClipboardTimeout(l.ctx, time.Minute); err != nil {
		t.Fatal(err)
	}
	l.st.Close()
	if d, err := l.svc.ClipboardTimeout(l.ctx); err == nil || d != DefaultClipboardTimeout {
		t.Errorf("clipboard timeout from a closed database: %v, %v", d, err)
	}
	if on, err := l.svc.KeepRunning(l.ctx); err == nil || on {
		t.Errorf("keep running from a closed database: %v, %v", on, err)
	}
	if err := l.svc.SetClipboardTimeout(l.ctx, time.Minute); err == nil || errors.Is(err, ErrClipboardTimeout) {
		t.Errorf("saving to a closed database: %v", err)
	}
	if err := l.svc.SetKeepRunning(l.ctx, true); err == nil {
		t.Error("saving keep running to a closed database did not fail")
	}
}
