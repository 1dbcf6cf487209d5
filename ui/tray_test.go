package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"scimrenew/desktop"
	"scimrenew/sandbox"
)

// menuItem returns the item of m labelled label (searching child menus), or fails.
func menuItem(t *testing.T, m *fyne.Menu, label string) *fyne.MenuItem {
	t.Helper()
	var find func(*fyne.Menu) *fyne.MenuItem
	find = func(m *fyne.Menu) *fyne.MenuItem {
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
			if it.ChildMenu != nil {
				if c := find(it.ChildMenu); c != nil {
					return c
				}
			}
		}
		return nil
	}
	if it := find(m); it != nil {
		return it
	}
	t.Fatalf("the tray menu has no %q item", label)
	return nil
}

func statusLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		if it.Label == "Status" && it.ChildMenu != nil {
			for _, c := range it.ChildMenu.Items {
				out = append(out, c.Label)
			}
		}
	}
	return out
}

// checkTrayMenu checks the tray menu's items and returns its Status lines, one per profile.
func checkTrayMenu(t *testing.T, m *fyne.Menu, names ...string) []string {
	t.Helper()
	for _, want := range []string{"Open SCIM Renew", "Renew now", "Status", "Quit"} {
		menuItem(t, m, want)
	}
	if !menuItem(t, m, "Quit").IsQuit {
		t.Error("Quit is not marked as the quit item, so Fyne would add a second one")
	}
	labels := statusLabels(m)
	if len(labels) != len(names) {
		t.Fatalf("status lines %q, want one per profile", labels)
	}
	for i, name := range names {
		if !strings.HasPrefix(labels[i], name+": ") || !strings.HasSuffix(labels[i], " days left") {
			t.Fatalf("status line %q, want %s's days left", labels[i], name)
		}
	}
	return labels
}

func TestTrayKeepsTheAppRunningWhereAHostExists(t *testing.T) {
	s := newSandboxHarness(t)
	if err := s.ui.deps.Services.SetKeepRunning(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	tray := &fakeTray{}
	s.ui.startBackgroundWith(fakeEnv(true, tray))
	s.waitFor("the tray's status lines", func() bool { return tray.last() != nil && len(s.ui.bg.tray.lines) == 3 })
	m := tray.last()
	contoso, fabrikam := s.profile(sandbox.HubPageProfile), s.profile(sandbox.APIProfile)
	labels := checkTrayMenu(t, m, contoso.Name, fabrikam.Name, sandbox.TrackedProfile)

	// Closing the window hides it: the app (and its reminders) keep running.
	s.ui.onCloseRequested()
	if s.ui.bg.ctx.Err() != nil {
		t.Fatal("closing the window quit the app although a tray host exists and the setting is on")
	}
	menuItem(t, m, labels[1]).Action()
	if hs, ok := s.ui.current().(*historyScreen); !ok || hs.profileID != fabrikam.ID {
		t.Fatalf("a Status line opened %T, want the history of its profile", s.ui.current())
	}
	// Contoso's token expires first, so "Renew now" renews Contoso.
	if !s.ui.bg.tray.lines[0].urgent || s.ui.bg.tray.lines[1].urgent {
		t.Fatalf("urgent flags %+v; Contoso's token expires first", s.ui.bg.tray.lines)
	}
	menuItem(t, m, "Renew now").Action()
	if got := fmt.Sprintf("%T", s.ui.current()); strings.Contains(got, "history") || strings.Contains(got, "home") {
		t.Fatalf("Renew now showed %s, want the renewal", got)
	}
	menuItem(t, m, "Quit").Action()
	if s.ui.bg.ctx.Err() == nil {
		t.Fatal("the tray's Quit did not stop the background work")
	}
}

func TestWithoutATrayHostClosingQuitsAndSettingsSayWhy(t *testing.T) {
	s := newSandboxHarness(t)
	if err := s.ui.deps.Services.SetKeepRunning(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	tray := &fakeTray{}
	s.ui.startBackgroundWith(fakeEnv(false, tray))
	s.waitFor("the tray probe", func() bool { return s.ui.bg.tray.known })
	if s.ui.keepRunningOnClose || len(tray.menus) != 0 {
		t.Fatalf("no tray host, yet keepRunningOnClose=%v and %d tray menus", s.ui.keepRunningOnClose, len(tray.menus))
	}
	p := s.settings(prefsID).prefs
	if !p.keep.Disabled() || p.keep.Checked {
		t.Fatalf("keep-running check: disabled %v, checked %v; want disabled and off", p.keep.Disabled(), p.keep.Checked)
	}
	if hint := hintText(p.keepHint); !strings.Contains(hint, "Unavailable: no tray host in this test") ||
		!strings.Contains(hint, "Closing the window quits") {
		t.Fatalf("hint %q does not explain why", hint)
	}
}

func TestKeepRunningSettingTurnsTheTrayOnAndOff(t *testing.T) {
	s := newSandboxHarness(t)
	tray := &fakeTray{}
	s.ui.startBackgroundWith(fakeEnv(true, tray))
	p := s.settings(prefsID).prefs
	s.waitFor("the tray probe to reach the settings", func() bool { return !p.keep.Disabled() })
	if p.keep.Checked || s.ui.keepRunningOnClose || len(tray.menus) != 0 {
		t.Fatal("keep running must start off, with no tray icon")
	}
	test.Tap(p.keep)
	if v, _ := s.ui.deps.Services.KeepRunning(context.Background()); !v || !s.ui.keepRunningOnClose {
		t.Fatalf("after turning it on: stored %v, keepRunningOnClose %v", v, s.ui.keepRunningOnClose)
	}
	s.waitFor("the tray menu", func() bool { return tray.last() != nil })
	test.Tap(p.keep)
	if v, _ := s.ui.deps.Services.KeepRunning(context.Background()); v || s.ui.keepRunningOnClose {
		t.Fatalf("after turning it off: stored %v, keepRunningOnClose %v", v, s.ui.keepRunningOnClose)
	}
	if !strings.Contains(hintText(p.keepHint), "goes away when you next quit") {
		t.Fatalf("hint %q: the tray icon cannot be removed at once, and the hint should say so", hintText(p.keepHint))
	}
}

func TestStartAtLoginWritesAndRemovesTheAutostartEntry(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the on-disk check is of the XDG autostart file; other systems' entries are tested in package desktop")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	h := newHarness(t)
	p := h.settings(prefsID).prefs
	if p.login.Checked {
		t.Fatal("Start at login is on before anything was written")
	}
	test.Tap(p.login)
	entry := filepath.Join(cfg, "autostart", desktop.AppID+".desktop")
	b, err := os.ReadFile(entry)
	if err != nil {
		t.Fatalf("turning Start at login on wrote no entry: %v", err)
	}
	exe, _ := os.Executable()
	if want := "Exec=" + desktop.ExecLine(exe); !strings.Contains(string(b), want) {
		t.Fatalf("entry lacks %q:\n%s", want, b)
	}
	if !strings.Contains(hintText(p.loginHint), entry) {
		t.Fatalf("hint %q does not say where the entry is", hintText(p.loginHint))
	}
	// A new settings screen reads the state back from disk.
	if !h.settings(prefsID).prefs.login.Checked {
		t.Fatal("Start at login shows off although the entry exists")
	}
	p = h.settings(prefsID).prefs
	test.Tap(p.login)
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Fatalf("turning Start at login off left the entry: %v", err)
	}
}
