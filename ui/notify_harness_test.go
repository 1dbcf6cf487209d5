package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"scimrenew/sandbox"
	"scimrenew/services"
	"scimrenew/store"
)

// sandboxHarness is the harness over a running sandbox: its demo profiles with current tokens, its fake
// Hubs and Okta, its shiftable clock, and the services assembled on them as main.go does.
type sandboxHarness struct {
	*harness
	sb  *sandbox.Sandbox
	svc *services.Services
}

func newSandboxHarness(t *testing.T) *sandboxHarness {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	svc := services.New(services.Config{Store: sb.Store, Keychain: sb.Keychain, Now: sb.Clock.Now, Owner: "ui test"})
	h := &harness{t: t, app: test.NewTempApp(t), dir: sb.DataDir, queue: make(chan func(), 1024), st: sb.Store, kc: sb.Keychain}
	deps := Deps{
		DataDir: sb.DataDir, Now: sb.Clock.Now,
		Services: svc, SandboxClock: sb.Clock,
	}
	h.win = h.app.NewWindow("SCIM Renew")
	h.win.Resize(fyne.NewSize(1000, 700))
	h.ui = newUI(h.app, h.win, deps, h.post)
	t.Cleanup(func() {
		h.ui.nav.leave()
		if h.ui.bg != nil {
			h.ui.bg.cancel()
		}
	})
	return &sandboxHarness{harness: h, sb: sb, svc: svc}
}

// profile returns the demo profile of the given name.
func (s *sandboxHarness) profile(name string) store.Profile {
	s.t.Helper()
	p, err := s.st.ProfileByName(context.Background(), name)
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

// current returns a profile's current token row.
func (s *sandboxHarness) currentToken(profileID string) store.Token {
	s.t.Helper()
	tok, err := s.st.CurrentToken(context.Background(), profileID)
	if err != nil {
		s.t.Fatal(err)
	}
	return tok
}

// fakeEnv is a platform with no D-Bus: notifications go straight to the test app, and the tray is fake.
func fakeEnv(host bool, tray *fakeTray) backgroundEnv {
	env := backgroundEnv{probeTray: func(context.Context) (bool, string) {
		if host {
			return true, ""
		}
		return false, "no tray host in this test"
	}}
	if tray != nil {
		env.tray = tray
	}
	return env
}

// fakeTray records the tray menus the UI sets.
type fakeTray struct{ menus []*fyne.Menu }

func (f *fakeTray) SetSystemTrayMenu(m *fyne.Menu) { f.menus = append(f.menus, m) }

func (f *fakeTray) last() *fyne.Menu {
	if len(f.menus) == 0 {
		return nil
	}
	return f.menus[len(f.menus)-1]
}

// visibleObjects lists o and everything shown inside it, through the renderers the canvas uses
// (test.LaidOutObjects makes new renderers, which a Table answers by dropping its cells).
func visibleObjects(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	switch c := o.(type) {
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			out = append(out, visibleObjects(child)...)
		}
	case *fyne.Container:
		for _, child := range c.Objects {
			out = append(out, visibleObjects(child)...)
		}
	}
	return out
}

// findButton returns the visible button labelled text inside o, or nil.
func findButton(o fyne.CanvasObject, text string) *button {
	for _, obj := range visibleObjects(o) {
		if b, ok := obj.(*button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// labelTexts lists the texts of the labels shown inside o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, obj := range visibleObjects(o) {
		if l, ok := obj.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

// waitTimeout bounds the waits of these tests that poll something outside the harness queue.
const waitTimeout = 10 * time.Second
