package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"scimrenew/hub/hubtest"
)

// probeScreen records its lifecycle, for the navigator tests.
type probeScreen struct {
	u      *UI
	builds int
	left   int
	ticks  int
	ctx    context.Context
	escape bool // onEscape handles Esc
	escs   int
}

func (p *probeScreen) title() string { return "Probe" }
func (p *probeScreen) buildUI() fyne.CanvasObject {
	p.builds++
	p.ctx = p.u.screenCtx()
	p.u.onLeave(func() { p.left++ })
	p.u.every(2*time.Millisecond, func() { p.ticks++ })
	return widget.NewLabel("probe")
}

func (p *probeScreen) onEscape() bool {
	p.escs++
	return p.escape
}

func TestNavigatorStopsScreenWorkOnLeave(t *testing.T) {
	h := newHarness(t)
	p := &probeScreen{u: h.ui}
	h.ui.open(p)
	h.waitFor("the screen's ticker", func() bool { return p.ticks >= 2 })
	h.ui.back()
	if p.left != 1 || p.ctx.Err() == nil {
		t.Fatalf("leaving: cleanups ran %d times, ctx err %v", p.left, p.ctx.Err())
	}
	n := p.ticks
	h.pump(30 * time.Millisecond)
	if p.ticks != n {
		t.Fatalf("the ticker kept running after the screen was left (%d more ticks)", p.ticks-n)
	}
	if _, ok := h.ui.current().(*homeScreen); !ok {
		t.Fatalf("back from the probe shows %T", h.ui.current())
	}
	h.ui.back() // on the first screen: nothing happens
	if _, ok := h.ui.current().(*homeScreen); !ok {
		t.Fatal("back on the home screen left it")
	}
}

func TestEscapeAsksScreenFirstThenGoesBack(t *testing.T) {
	h := newHarness(t)
	p := &probeScreen{u: h.ui, escape: true}
	h.ui.open(p)
	h.key(fyne.KeyEscape)
	if h.ui.current() != p || p.escs != 1 {
		t.Fatal("a screen that handles Esc was left anyway")
	}
	p.escape = false
	h.key(fyne.KeyEscape)
	if _, ok := h.ui.current().(*homeScreen); !ok {
		t.Fatalf("Esc shows %T, want home", h.ui.current())
	}
}

func TestBackgroundHandsBackOnMainOrDropsAfterLeave(t *testing.T) {
	h := newHarness(t)
	h.ui.open(&probeScreen{u: h.ui})
	var got string
	background(h.ui, func(context.Context) string { return "done" }, func(s string) { got = s })
	if !h.ui.progress.Visible() {
		t.Fatal("no progress shown while work runs")
	}
	h.settle()
	if got != "done" || h.ui.progress.Visible() {
		t.Fatalf("result %q, progress visible %v", got, h.ui.progress.Visible())
	}

	release := make(chan struct{})
	var sawCancel atomic.Bool
	called := false
	background(h.ui, func(ctx context.Context) int {
		<-release
		sawCancel.Store(ctx.Err() != nil)
		return 1
	}, func(int) { called = true })
	h.ui.back()
	close(release)
	h.settle()
	if called || !sawCancel.Load() {
		t.Fatalf("after leaving: done called %v, work saw cancel %v", called, sawCancel.Load())
	}
}

func TestSecretClipboardClearsOnlyItsOwnSecret(t *testing.T) {
	h := newHarness(t)
	cb := h.app.Clipboard()
	h.ui.clip.timeout = 20 * time.Millisecond

	h.ui.copySecret("secret-one")
	if cb.Content() != "secret-one" {
		t.Fatal("copySecret did not copy")
	}
	h.waitFor("the clipboard to be cleared", func() bool { return cb.Content() == "" })

	h.ui.copySecret("secret-two")
	cb.SetContent("something the user copied") // the user copies something else meanwhile
	h.pump(60 * time.Millisecond)
	if cb.Content() != "something the user copied" {
		t.Fatal("the timeout cleared what the user copied after the secret")
	}

	h.ui.clip.timeout = time.Hour
	h.ui.copySecret("secret-three")
	h.ui.onCloseRequested() // closing the window quits and clears
	if cb.Content() != "" {
		t.Fatal("quitting left the secret on the clipboard")
	}
}

func TestCopyButtonConfirmsThenRestores(t *testing.T) {
	h := newHarness(t)
	old := copiedFor
	copiedFor = 20 * time.Millisecond
	t.Cleanup(func() { copiedFor = old })
	b := h.ui.newCopyButton("Copy Client ID", false, func() string { return "client-123" })
	test.Tap(b)
	if h.app.Clipboard().Content() != "client-123" || b.Text != "Copied" {
		t.Fatalf("after tap: clipboard %q, button %q", h.app.Clipboard().Content(), b.Text)
	}
	h.waitFor("the label to come back", func() bool { return b.Text == "Copy Client ID" })
}

func TestOpenURLShowsLinkWhenBrowserFails(t *testing.T) {
	h := newHarness(t)
	var opened atomic.Value
	h.ui.opener = func(u *url.URL) error { opened.Store(u.String()); return errors.New("xdg-open found no browser") }
	link := "https://acme-admin.okta.com/admin/app/scim2testapp/instance/0oa1/#tab-provisioning"
	h.ui.openURL(link)
	h.waitFor("the fallback dialog", func() bool { return h.ui.lastLink != nil })
	if opened.Load() != link || h.ui.lastLink.link.Text != link {
		t.Fatalf("opened %v, dialog shows %q", opened.Load(), h.ui.lastLink.link.Text)
	}
	test.Tap(h.ui.lastLink.copyB)
	if h.app.Clipboard().Content() != link || h.ui.lastLink.copyB.Text != "Copied" {
		t.Fatal("Copy link did not copy the link visibly")
	}
}

func TestOpenURLRefusesPlainHTTPAndSucceedsQuietly(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.ui.opener = func(*url.URL) error { calls.Add(1); return nil }
	h.ui.openURL("http://acme.okta.com/") // not loopback: refused before any browser
	h.ui.openURL("http://127.0.0.1:8080/page")
	h.waitFor("the loopback link to open", func() bool { return calls.Load() == 1 })
	h.pump(20 * time.Millisecond)
	if calls.Load() != 1 || h.ui.lastLink != nil {
		t.Fatalf("opener calls %d, fallback %v", calls.Load(), h.ui.lastLink != nil)
	}
}

func TestHomeFirstRunOffersAddAndSandbox(t *testing.T) {
	h := newHarness(t)
	home := h.ui.current().(*homeScreen)
	if home.addB == nil || home.sandboxB == nil {
		t.Fatal("first run without 'Add a profile' and 'Try the sandbox'")
	}
	tried := false
	h.ui.deps.TrySandbox = func() { tried = true }
	test.Tap(home.sandboxB)
	if !tried {
		t.Fatal("'Try the sandbox' did not start it")
	}
	h.key(fyne.KeyReturn) // Enter = Add a profile
	s, ok := h.ui.current().(*settingsScreen)
	if !ok || !s.form.isNew() {
		t.Fatalf("Enter on the empty home shows %T", h.ui.current())
	}
}

func TestHomeEditOpensThatProfile(t *testing.T) {
	h := newHarness(t)
	a := saveProfile(t, h, "Alpha", "")
	b := saveProfile(t, h, "Beta", "")
	home := h.ui.current().(*homeScreen)
	if len(home.editB) != 2 {
		t.Fatalf("home lists %d profiles, want 2", len(home.editB))
	}
	test.Tap(home.editB[b.ID])
	s := h.ui.current().(*settingsScreen)
	if s.form.base.ID != b.ID || s.form.name.entry.Text != "Beta" {
		t.Fatalf("Edit Beta opened %q", s.form.name.entry.Text)
	}
	h.ui.back()
	test.Tap(h.ui.current().(*homeScreen).editB[a.ID])
	if got := h.ui.current().(*settingsScreen).form.name.entry.Text; got != "Alpha" {
		t.Fatalf("Edit Alpha opened %q", got)
	}
}

func TestDiscoverFillsTokenEndpointFromTheHub(t *testing.T) {
	fake := hubtest.New(hubtest.Options{})
	t.Cleanup(fake.Close)
	h := newHarness(t)
	f := h.settings(newProfileID).form
	fillValid(f, "Acme")
	typeInto(f.hubURL.entry, fake.URL())
	test.Tap(f.discoverB)
	h.settle()
	if f.tokenURL.entry.Text != fake.TokenURL() {
		t.Fatalf("token endpoint = %q, want %q (%s)", f.tokenURL.entry.Text, fake.TokenURL(), f.discoverMsg.Text)
	}
	if !strings.Contains(f.discoverMsg.Text, "API mode") {
		t.Errorf("message %q", f.discoverMsg.Text)
	}

	fake.SetFault(hubtest.TargetDiscovery, hubtest.Fault404)
	typeInto(f.tokenURL.entry, "")
	test.Tap(f.discoverB)
	h.settle()
	if f.tokenURL.entry.Text != "" || !strings.Contains(f.discoverMsg.Text, "Hub-page mode") {
		t.Fatalf("after a 404: token %q, message %q", f.tokenURL.entry.Text, f.discoverMsg.Text)
	}
	if f.discoverB.Disabled() {
		t.Fatal("Discover stays disabled after a failure")
	}
}

func TestDiscoverDisabledWhileHubURLInvalid(t *testing.T) {
	h := newHarness(t)
	f := h.settings(newProfileID).form
	typeInto(f.hubURL.entry, "not a url")
	if !f.discoverB.Disabled() {
		t.Fatal("Discover enabled for an invalid Hub URL")
	}
}

func TestClipboardPreferencePersists(t *testing.T) {
	h := newHarness(t)
	s := h.settings(prefsID)
	s.prefs.clipboard.SetSelected("1 minute")
	if h.ui.clip.timeout != time.Minute {
		t.Fatalf("timeout = %v", h.ui.clip.timeout)
	}
	v, err := h.ui.deps.Services.ClipboardTimeout(context.Background())
	if err != nil || v != time.Minute {
		t.Fatalf("stored %v, %v", v, err)
	}
	u2 := newUI(h.app, h.app.NewWindow("again"), Deps{Services: h.ui.deps.Services}, h.post)
	if u2.clip.timeout != time.Minute {
		t.Fatalf("a new UI reads %v", u2.clip.timeout)
	}
}
