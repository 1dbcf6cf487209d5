package ui

import (
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The keyboard as Fyne's desktop driver delivers it (internal/driver/glfw/window.go), for the test
// driver, which has no keyboard of its own: Tab and Shift+Tab move the canvas's focus; a shortcut goes
// to the main menu's items first, then to the focused widget, then to the canvas; any other key goes to
// the focused widget, or to the canvas's OnTypedKey when none has the focus. Tests that use these
// drive the window by keys alone, as an admin without a mouse would.

// press sends one key to the window and counts it.
func (h *harness) press(name fyne.KeyName) {
	h.t.Helper()
	h.keys++
	c := h.win.Canvas()
	switch name {
	case fyne.KeyTab:
		test.FocusNext(c)
		return
	case shiftTab:
		test.FocusPrevious(c)
		return
	}
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	c.OnTypedKey()(ev)
}

// shiftTab stands for Shift+Tab in press.
const shiftTab fyne.KeyName = "Shift+Tab"

// typeText types text into the focused widget, counting one action.
func (h *harness) typeText(text string) {
	h.t.Helper()
	f := h.win.Canvas().Focused()
	if f == nil {
		h.t.Fatal("typed with no widget focused")
	}
	h.keys++
	test.Type(f, text)
}

// shortcut types Ctrl+key (Cmd+key on macOS) the way the driver does, counting it.
func (h *harness) shortcut(key fyne.KeyName) {
	h.t.Helper()
	h.keys++
	sc := shortcut(key)
	if m := h.win.MainMenu(); m != nil {
		for _, menu := range m.Items {
			for _, it := range menu.Items {
				if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
					it.Action()
					return
				}
			}
		}
	}
	c := h.win.Canvas()
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(sc)
}

// focused is the focused widget (nil for none).
func (h *harness) focused() fyne.Focusable { return h.win.Canvas().Focused() }

// wantFocus fails unless want has the focus.
func (h *harness) wantFocus(what string, want fyne.Focusable) {
	h.t.Helper()
	if got := h.focused(); got != want {
		h.t.Fatalf("%s: the focus is on %s, want %s", what, describeFocus(got), describeFocus(want))
	}
}

// tabTo presses Tab until want has the focus (at most once round the window), and returns how many
// presses that took.
func (h *harness) tabTo(want fyne.Focusable) int {
	h.t.Helper()
	for n := 0; n < 60; n++ {
		if h.focused() == want {
			return n
		}
		h.press(fyne.KeyTab)
	}
	h.t.Fatalf("Tab never reached %s", describeFocus(want))
	return 0
}

// chain is the window's focus chain in Tab order, from the first focusable widget, once round.
func (h *harness) chain() []fyne.Focusable {
	h.t.Helper()
	c := h.win.Canvas()
	c.Unfocus()
	var out []fyne.Focusable
	seen := map[fyne.Focusable]bool{}
	for range 200 {
		test.FocusNext(c)
		f := c.Focused()
		if f == nil || seen[f] {
			return out
		}
		seen[f] = true
		out = append(out, f)
	}
	h.t.Fatal("the focus chain does not come round")
	return nil
}

// place is where a widget is in the window.
type place struct{ x, y, w, h float32 }

func (h *harness) boxOf(f fyne.Focusable) place {
	o := f.(fyne.CanvasObject)
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := o.Size()
	return place{p.X, p.Y, s.Width, s.Height}
}

// before reports whether a comes before b in reading order: on an earlier line, or on the same line
// further left. Two widgets share a line when their middles are within half the taller one's height.
func (a place) before(b place) bool {
	am, bm := a.y+a.h/2, b.y+b.h/2
	if math.Abs(float64(am-bm)) < float64(max(a.h, b.h))/2 {
		return a.x < b.x
	}
	return am < bm
}

// wantReadingOrder fails unless the widgets come in reading order.
func (h *harness) wantReadingOrder(what string, fs []fyne.Focusable) {
	h.t.Helper()
	for i := 1; i < len(fs); i++ {
		a, b := h.boxOf(fs[i-1]), h.boxOf(fs[i])
		if !a.before(b) {
			h.t.Errorf("%s: Tab goes from %s at %v to %s at %v, which comes before it", what,
				describeFocus(fs[i-1]), a, describeFocus(fs[i]), b)
		}
	}
}

// knownKeySwallower is a focusable part of a Fyne widget that cannot be replaced from outside: an
// option of a RadioGroup (Fyne 2.7 builds them inside the group). Esc does nothing while one has the
// focus; Tab leaves it. The README says so.
func knownKeySwallower(f fyne.Focusable) bool {
	return fmt.Sprintf("%T", f) == "*widget.radioItem"
}

// describeFocus names a focusable widget in a failure message.
func describeFocus(f fyne.Focusable) string {
	switch w := f.(type) {
	case nil:
		return "nothing"
	case *button:
		if w.Text == "" {
			return "an icon button"
		}
		return fmt.Sprintf("button %q", w.Text)
	case *entry:
		return fmt.Sprintf("entry %q", w.PlaceHolder)
	case *choice:
		return fmt.Sprintf("choice %q", w.Selected)
	case *check:
		return fmt.Sprintf("check %q", w.Text)
	}
	return fmt.Sprintf("%T", f)
}

// keysOnly checks that no widget of the window is a plain Fyne one that would swallow Esc: every
// focusable widget the chain reaches is one of this package's keyboard types.
func (h *harness) keysOnly(what string, fs []fyne.Focusable) {
	h.t.Helper()
	for _, f := range fs {
		switch f.(type) {
		case *button, *entry, *jwkEntry, *choice, *check, *list, *table:
		default:
			if knownKeySwallower(f) {
				continue
			}
			h.t.Errorf("%s: %s takes the focus but is not built for the keyboard (Esc would stop there)", what, describeFocus(f))
		}
	}
}
