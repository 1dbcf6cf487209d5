package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/services"
	"scimrenew/store"
)

// wizHarness is the UI over a running sandbox (its store, in-memory keychain, clock, fake Hubs and
// fake Okta) with the renewal services main.go builds, a browser that records what it is asked to
// open, and a count of the admin's actions in our window.
type wizHarness struct {
	*harness
	sb  *sandbox.Sandbox
	svc *services.Services

	mu     sync.Mutex
	opened []string

	// actions counts taps and fields typed into, in our window, since the home screen's Renew.
	actions int
}

// newWizHarness starts a sandbox and the UI on it; opts may change the sandbox and the services'
// config before the window opens.
func newWizHarness(t *testing.T, opts ...func(*sandbox.Sandbox, *services.Config)) *wizHarness {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	cfg := services.Config{Store: sb.Store, Keychain: sb.Keychain, Now: sb.Clock.Now, Owner: "SCIM Renew window (test)"}
	for _, o := range opts {
		o(sb, &cfg)
	}
	svc := services.New(cfg)
	w := &wizHarness{sb: sb, svc: svc}
	w.harness = newHarnessWith(t, sb.Keychain, func(d *Deps) {
		d.Now, d.DataDir = sb.Clock.Now, sb.DataDir
		d.Services = svc
	})
	w.ui.opener = func(u *url.URL) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.opened = append(w.opened, u.String())
		return nil
	}
	clipboardPoll = 20 * time.Millisecond
	t.Cleanup(func() { clipboardPoll = 500 * time.Millisecond })
	w.waitFor("the start-up check", func() bool {
		select {
		case <-w.ui.startupCheck():
			return true
		default:
			return false
		}
	})
	return w
}

// lastOpened is the last link given to the browser ("" for none).
func (w *wizHarness) lastOpened() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.opened) == 0 {
		return ""
	}
	return w.opened[len(w.opened)-1]
}

// tap taps b as the admin would, counting it; tapping a disabled or hidden button fails the test.
func (w *wizHarness) tap(b *button) {
	w.t.Helper()
	if b == nil {
		w.t.Fatal("tapped a button that is not on show")
	}
	if b.Disabled() || !b.Visible() {
		w.t.Fatalf("tapped %q, which is disabled or hidden", b.Text)
	}
	w.actions++
	test.Tap(b)
}

// typeIn types text into e, counting one action.
func (w *wizHarness) typeIn(e *entry, text string) {
	w.actions++
	typeInto(e, text)
}

// profile returns the demo profile of the given name.
func (w *wizHarness) profile(name string) store.Profile {
	w.t.Helper()
	p, err := w.sb.Store.ProfileByName(context.Background(), name)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// current returns a profile's current token row.
func (w *wizHarness) current(profileID string) store.Token {
	w.t.Helper()
	tok, err := w.sb.Store.CurrentToken(context.Background(), profileID)
	if err != nil {
		w.t.Fatal(err)
	}
	return tok
}

// home returns the home screen on show.
func (w *wizHarness) home() *homeScreen {
	w.t.Helper()
	h, ok := w.ui.current().(*homeScreen)
	if !ok {
		w.t.Fatalf("current screen is %T, want the home screen", w.ui.current())
	}
	return h
}

// renew taps the profile's Renew (or Continue) on the home screen and returns the wizard; the action
// count starts there.
func (w *wizHarness) renew(p store.Profile) *wizardScreen {
	w.t.Helper()
	w.actions = 0
	w.tap(w.home().renewB[p.ID])
	wz, ok := w.ui.current().(*wizardScreen)
	if !ok {
		w.t.Fatalf("Renew opened %T", w.ui.current())
	}
	return wz
}

// until waits for the wizard to stop running and cond to hold; a problem panel that cond does not
// expect fails the test with its text.
func (w *wizHarness) until(wz *wizardScreen, what string, cond func() bool) {
	w.t.Helper()
	w.waitFor(what, func() bool {
		if wz.running || w.ui.busy > 0 {
			return false
		}
		if cond() {
			return true
		}
		if wz.problem != nil {
			w.t.Fatalf("waiting for %s, the wizard shows a problem: %s — %s", what, wz.problem.titleL.Text,
				wz.problem.msgL.Text)
		}
		return false
	})
}

// hubPanelReady waits for the Hub-page panel with the client secret loaded.
func (w *wizHarness) hubPanelReady(wz *wizardScreen) {
	w.t.Helper()
	w.until(wz, "the Hub page panel", func() bool { return wz.hubP != nil && wz.hubWait.secretLoaded })
}

// keychainValue reads a keychain entry ("" when missing).
func (w *wizHarness) keychainValue(profileID string, kind secrets.Kind) string {
	w.t.Helper()
	v, err := w.sb.Keychain.Get(profileID, kind)
	if err != nil && !errors.Is(err, secrets.ErrNotFound) {
		w.t.Fatal(err)
	}
	return v
}

// noSecretsOnDisk fails if any file of the data dir (database, WAL, log) holds one of the secrets.
func (w *wizHarness) noSecretsOnDisk(what string, values ...string) {
	w.t.Helper()
	for i, v := range values {
		if v == "" {
			w.t.Fatalf("%s: secret #%d is empty, so the check would prove nothing", what, i)
		}
		if hits := filesContain(w.t, w.sb.DataDir, v); len(hits) > 0 {
			w.t.Fatalf("%s: secret #%d (%d bytes) found in %s", what, i, len(v), strings.Join(hits, ", "))
		}
	}
}

// released waits until the renewal's session is released (the wizard was left), so the next Begin
// does not meet this window's own lease.
func (w *wizHarness) released(profileID string) {
	w.t.Helper()
	w.waitFor("the renewal's lease to be released", func() bool {
		r, err := w.sb.Store.OpenRenewal(context.Background(), profileID)
		return errors.Is(err, store.ErrNotFound) || (err == nil && r.LeaseOwner == "")
	})
}
