package ui

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"scimrenew/sandbox"
)

// Ctrl+1, Ctrl+2 and Ctrl+3 (Cmd on macOS) open Profiles, History and Settings from anywhere, an
// entry with the focus included; the window's main menu lists them with their shortcuts.
func TestKeyboardShortcutsOpenTheSections(t *testing.T) {
	w := newWizHarness(t)
	want := map[string]string{"Profiles": shortcut(fyne.Key1).ShortcutName(),
		"History": shortcut(fyne.Key2).ShortcutName(), "Settings": shortcut(fyne.Key3).ShortcutName()}
	listed := map[string]string{}
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil {
				listed[it.Label] = it.Shortcut.ShortcutName()
			}
		}
	}
	for label, sc := range want {
		if listed[label] != sc {
			t.Errorf("the main menu lists %q with shortcut %q, want %q", label, listed[label], sc)
		}
	}

	w.shortcut(fyne.Key2)
	if _, ok := w.ui.current().(*historyScreen); !ok {
		t.Fatalf("Ctrl+2 shows %T, want the history", w.ui.current())
	}
	w.shortcut(fyne.Key3)
	s, ok := w.ui.current().(*settingsScreen)
	if !ok {
		t.Fatalf("Ctrl+3 shows %T, want Settings", w.ui.current())
	}
	w.wantFocus("Settings", s.form.name.entry)
	w.shortcut(fyne.Key1) // with the focus in an entry
	w.home()
	w.shortcut(fyne.Key3)
	w.shortcut(fyne.Key3) // again: Settings stays, once on the stack
	w.press(fyne.KeyEscape)
	w.home()

	w.ui.showError(errors.New("something to read"))
	w.shortcut(fyne.Key2)
	if _, ok := w.ui.current().(*homeScreen); !ok || w.ui.modal == nil {
		t.Fatal("Ctrl+2 went on under an open dialog")
	}
}

// Each screen starts with the focus on its main action.
func TestKeyboardFocusStartsOnTheMainAction(t *testing.T) {
	w := newWizHarness(t)
	api := w.profile(sandbox.APIProfile)
	home := w.home()
	w.wantFocus("home", home.cards[0].renewB)

	w.ui.goHistory(api.ID)
	hs := w.ui.current().(*historyScreen)
	w.wantFocus("history of a profile with a token", hs.checkB)
	other := w.profile(sandbox.HubPageProfile)
	other.ID, other.Name = "", "Without a token"
	other, err := w.sb.Store.CreateProfile(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	w.ui.goHistory(other.ID)
	w.wantFocus("history of a profile without a token", w.ui.current().(*historyScreen).trackB)

	s := w.settingsOf(api.ID)
	w.wantFocus("settings", s.form.name.entry)
	w.tabTo(s.prefsB)
	w.press(fyne.KeyReturn)
	w.wantFocus("Preferences chosen", s.prefsB) // the focus stays where the admin is
	w.press(fyne.KeyTab)
	w.wantFocus("Tab after Preferences", s.prefs.clipboard)
	w.ui.goSettings(prefsID)
	w.wantFocus("Settings opened at the preferences", w.ui.current().(*settingsScreen).prefs.clipboard)
	w.press(fyne.KeyEscape) // from the choice: back to the history
	hs, ok := w.ui.current().(*historyScreen)
	if !ok {
		t.Fatalf("Esc from Settings shows %T, want the history it was opened from", w.ui.current())
	}
	w.wantFocus("back in the history", hs.trackB)
}

// Without a profile the home screen starts on Add a profile, and the form it opens on its first field.
func TestKeyboardFocusStartsOnTheMainActionWithoutProfiles(t *testing.T) {
	h := newHarness(t)
	h.wantFocus("the empty home screen", h.ui.current().(*homeScreen).addB)
	h.press(fyne.KeyReturn)
	s, ok := h.ui.current().(*settingsScreen)
	if !ok || !s.form.isNew() {
		t.Fatalf("Return on Add a profile shows %T", h.ui.current())
	}
	h.wantFocus("a new profile", s.form.name.entry)
	h.ui.goHistory("")
	h.wantFocus("the history without profiles", h.ui.current().(*historyScreen).addB)
}

// settingsOf opens Settings on a profile.
func (w *wizHarness) settingsOf(id string) *settingsScreen {
	w.t.Helper()
	w.ui.goSettings(id)
	return w.ui.current().(*settingsScreen)
}

// Tab goes through each screen in reading order (the header first), and every widget it stops at
// hands Esc to the window.
func TestKeyboardTabFollowsReadingOrder(t *testing.T) {
	w := newWizHarness(t)
	check := func(what string, fs []fyne.Focusable) {
		t.Helper()
		w.win.Content().Refresh()
		if len(fs) < 4 {
			t.Fatalf("%s: Tab reaches only %d widgets", what, len(fs))
		}
		if fs[0] != fyne.Focusable(w.ui.header.homeB) && fs[0] != fyne.Focusable(w.ui.header.backB) {
			t.Errorf("%s: Tab starts at %s, not in the header", what, describeFocus(fs[0]))
		}
		w.wantReadingOrder(what, fs)
		w.keysOnly(what, fs)
	}
	check("home", w.chain())

	wz := w.renew(w.profile(sandbox.HubPageProfile))
	w.hubPanelReady(wz)
	check("the Hub step", w.chain())
	w.issueOnClipboard(w.sb.HubPage)
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
	check("the install step", w.chain())

	w.ui.goHistory(w.profile(sandbox.APIProfile).ID)
	check("history", w.chain())

	// Settings reads in two columns: the profiles, then the form.
	s := w.settingsOf(w.profile(sandbox.APIProfile).ID)
	fs := w.chain()
	split := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.detail).X
	var header, left, right []fyne.Focusable
	for _, f := range fs {
		switch b := w.boxOf(f); {
		case b.y < fyne.CurrentApp().Driver().AbsolutePositionForObject(s.list).Y:
			header = append(header, f)
		case b.x < split:
			left = append(left, f)
		default:
			right = append(right, f)
		}
	}
	if want := append(append(append([]fyne.Focusable{}, header...), left...), right...); !sameOrder(fs, want) {
		t.Error("settings: Tab does not go header, then the profile list, then the form")
	}
	check("settings, header and list", append(header, left...))
	// The form scrolls above its button bar: each reads in order, the form first.
	bar := s.detail.Objects[0].(*fyne.Container).Objects[1]
	var form, buttons []fyne.Focusable
	for _, f := range right {
		if holds(bar, f.(fyne.CanvasObject)) {
			buttons = append(buttons, f)
		} else if len(buttons) > 0 {
			t.Fatalf("settings: Tab goes from the button bar back into the form (%s)", describeFocus(f))
		} else {
			form = append(form, f)
		}
	}
	if len(form) < 10 || len(buttons) != 3 {
		t.Fatalf("settings: Tab reaches %d widgets of the form and %d of its button bar", len(form), len(buttons))
	}
	w.wantReadingOrder("settings, the form", form)
	w.wantReadingOrder("settings, the button bar", buttons)
	w.keysOnly("settings, the form", right)
}

func sameOrder(a, b []fyne.Focusable) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Return taps the focused button even when it is not the screen's default; Space does too; Esc from
// a focused button goes back.
func TestKeyboardReturnAndSpaceTapTheFocusedButton(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	w.tabTo(w.home().editB[p.ID])
	w.press(fyne.KeyReturn)
	s, ok := w.ui.current().(*settingsScreen)
	if !ok || s.form.base.ID != p.ID {
		t.Fatalf("Return on Edit shows %T", w.ui.current())
	}
	w.press(fyne.KeyEscape) // from the name entry
	w.tabTo(w.home().cards[0].historyB)
	w.press(fyne.KeySpace)
	hs, ok := w.ui.current().(*historyScreen)
	if !ok {
		t.Fatalf("Space on History shows %T", w.ui.current())
	}
	w.wantFocus("history", hs.checkB)
	w.press(fyne.KeyEscape) // from a focused button
	w.home()
}

// An error dialog takes Return and Esc itself: either closes it, and neither reaches the screen below
// (Return would tap its default button, Esc would go back).
func TestKeyboardDialogsTakeReturnAndEsc(t *testing.T) {
	w := newWizHarness(t)
	api := w.profile(sandbox.APIProfile)
	w.ui.goHistory(api.ID)
	hs := w.ui.current().(*historyScreen)
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		w.ui.showError(errors.New("the check could not run"))
		if w.ui.modal == nil || w.ui.modal.msg.Text != "The check could not run" {
			t.Fatal("showError opened no dialog of the window")
		}
		w.wantFocus("the error dialog", w.ui.modal.no)
		w.press(key)
		if w.ui.modal != nil || w.ui.current() != hs {
			t.Fatalf("%s on the error dialog: dialog open %v, screen %T", key, w.ui.modal != nil, w.ui.current())
		}
		w.wantFocus("after the dialog", hs.checkB)
	}
	// With nothing focused in it, Return does nothing and Esc closes it.
	w.ui.showError(errors.New("again"))
	w.win.Canvas().Unfocus()
	w.press(fyne.KeyReturn)
	if w.ui.modal == nil || w.ui.current() != hs {
		t.Fatal("Return with nothing focused acted on the screen below the dialog")
	}
	w.press(fyne.KeyEscape)
	if w.ui.modal != nil || w.ui.current() != hs {
		t.Fatal("Esc with nothing focused did not close the dialog, or went back")
	}
}

// The focused button has a ring round it in the text colour, whatever its fill; Fyne's own tint of
// the fill does not show on a coloured button.
func TestKeyboardFocusedButtonShowsARing(t *testing.T) {
	h := newHarness(t)
	b := h.ui.current().(*homeScreen).addB
	r, ok := test.WidgetRenderer(b).(*focusRingRenderer)
	if !ok {
		t.Fatalf("a button draws with %T", test.WidgetRenderer(b))
	}
	h.wantFocus("the empty home screen", b)
	if !r.ring.Visible() || r.ring.StrokeWidth < 2 || r.ring.StrokeColor != theme.Color(theme.ColorNameForeground) ||
		r.Objects()[len(r.Objects())-1] != r.ring {
		t.Fatal("the focused button shows no ring on top in the text colour")
	}
	h.press(fyne.KeyTab)
	if r.ring.Visible() {
		t.Fatal("the ring stays after the focus moved on")
	}
	h.press(shiftTab)
	b.Disable()
	if r.ring.Visible() {
		t.Fatal("a disabled button shows the ring")
	}
}

// A choice opens its list on Space; Esc closes the list and stays on the screen.
func TestKeyboardEscClosesAChoiceList(t *testing.T) {
	w := newWizHarness(t)
	w.ui.goHistory(w.profile(sandbox.APIProfile).ID)
	hs := w.ui.current().(*historyScreen)
	w.tabTo(hs.picker)
	w.press(fyne.KeySpace)
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Space on the profile choice opened no list")
	}
	w.press(fyne.KeyEscape)
	if w.win.Canvas().Overlays().Top() != nil || w.ui.current() != hs {
		t.Fatalf("Esc on the open list: list open %v, screen %T", w.win.Canvas().Overlays().Top() != nil, w.ui.current())
	}
}
