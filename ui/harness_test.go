package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"scimrenew/secrets"
	"scimrenew/services"
	"scimrenew/store"
)

// harness is a UI in Fyne's test driver, with a real store in a temp dir and the services on it, with an
// in-memory keychain (or the one a test gives newHarnessWith).
//
// The test driver runs fyne.Do inline on the calling goroutine, which would let background work
// touch widgets concurrently with the test. So the harness's UI posts to a queue instead, and the
// test goroutine (acting as Fyne's main goroutine) runs what is queued in settle and waitFor.
type harness struct {
	t     *testing.T
	app   fyne.App
	win   fyne.Window
	ui    *UI
	st    *store.Store
	kc    services.Keychain // the keychain the services keep secrets in, for tests to check
	dir   string
	queue chan func()
	keys  int // keys pressed through press, typeText and shortcut
}

// newHarness builds the UI over an in-memory keychain; opts may change the Deps first.
func newHarness(t *testing.T, opts ...func(*Deps)) *harness {
	t.Helper()
	return newHarnessWith(t, secrets.NewMemory(), opts...)
}

// newHarnessWith builds the UI with the services keeping secrets in kc (e.g. a failing keychain, or the
// session's real one); opts may change the Deps first. When opts set no Services, the harness
// assembles them on the Deps' store, keychain and clock.
func newHarnessWith(t *testing.T, kc services.Keychain, opts ...func(*Deps)) *harness {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t), dir: t.TempDir(), queue: make(chan func(), 1024)}
	st, err := store.Open(h.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h.st, h.kc = st, kc
	deps := Deps{DataDir: h.dir}
	for _, o := range opts {
		o(&deps)
	}
	if deps.Services == nil {
		deps.Services = services.New(services.Config{
			Store: st, Keychain: h.kc, Now: deps.Now,
			Volatile: deps.KeychainErr != nil, Owner: "SCIM Renew window (test)",
		})
	}
	h.win = h.app.NewWindow("SCIM Renew")
	h.win.Resize(fyne.NewSize(1000, 700))
	h.ui = newUI(h.app, h.win, deps, h.post)
	t.Cleanup(h.ui.nav.leave) // stop the last screen's tickers
	return h
}

func (h *harness) post(fn func()) { h.queue <- fn }

// settle runs what background work hands back until none is in flight.
func (h *harness) settle() {
	h.t.Helper()
	h.waitFor("background work to finish", func() bool { return h.ui.busy == 0 })
}

// waitFor runs queued main-goroutine work until cond holds (checked between items), for up to 10 s.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		for drained := false; !drained; {
			select {
			case fn := <-h.queue:
				fn()
			default:
				drained = true
			}
		}
		if cond() {
			return
		}
		select {
		case fn := <-h.queue:
			fn()
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			h.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// pump runs queued work for d (for asserting that something does NOT happen).
func (h *harness) pump(d time.Duration) {
	end := time.After(d)
	for {
		select {
		case fn := <-h.queue:
			fn()
		case <-end:
			return
		}
	}
}

// key sends a key to the window as if no widget had focus.
func (h *harness) key(name fyne.KeyName) {
	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// settings opens Settings at selected and returns the screen.
func (h *harness) settings(selected string) *settingsScreen {
	h.t.Helper()
	h.ui.goSettings(selected)
	s, ok := h.ui.current().(*settingsScreen)
	if !ok {
		h.t.Fatalf("current screen is %T, want *settingsScreen", h.ui.current())
	}
	return s
}

// typeInto replaces an entry's text the way a user would: select nothing, clear, type.
func typeInto(e *entry, text string) {
	e.SetText("")
	test.Type(e, text)
}

// wantSame fails without printing either value: they may be secrets.
func wantSame(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got a %d-byte value, want the %d-byte value", what, len(got), len(want))
	}
}

// filesContain reports whether any file in dir holds needle (the database, its WAL, the log...).
func filesContain(t *testing.T, dir, needle string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), needle) {
			hits = append(hits, filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// visibleText is a label's text when it is shown, "" when hidden.
func visibleText(l *widget.Label) string {
	if !l.Visible() {
		return ""
	}
	return l.Text
}
