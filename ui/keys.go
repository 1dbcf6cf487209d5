package ui

import (
	"fyne.io/fyne/v2"
)

// The window's keyboard, the same on every screen:
//
//   - Tab and Shift+Tab move the focus in reading order (Fyne's focus chain follows the order of the
//     objects in the tree, so screens list what is above or left first); each screen puts the focus on
//     its main action when it opens (focus.go).
//   - Space taps the focused button; Enter taps it too (Fyne's own buttons only take Space). Enter in
//     an entry, a check box or a choice, or with nothing focused, taps the screen's default button.
//   - Esc closes an open dialog (answering no), else lets the screen cancel what it is doing, else goes
//     back. Fyne's widgets swallow Esc while they have the focus, so every focusable widget of the
//     window is built from the types in keywidgets.go, which hand it on to (*UI).escape.
//   - Ctrl+1, Ctrl+2, Ctrl+3 (Cmd on macOS) open Profiles, History and Settings; they are items of the
//     window's main menu (menu.go), which Fyne's driver asks before any widget.

// onTypedKey gets the keys typed while no widget has focus.
func (u *UI) onTypedKey(ev *fyne.KeyEvent) {
	u.windowKey(ev, true)
}

// windowKey does what Esc, and Enter when enter is set, do for the whole window; it reports whether
// it took the key. The focusable widgets call it for the keys they do not use themselves.
func (u *UI) windowKey(ev *fyne.KeyEvent, enter bool) bool {
	switch ev.Name {
	case fyne.KeyEscape:
		u.escape()
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if enter {
			u.submitDefault()
			return true
		}
	}
	return false
}

// escape closes an open dialog, else lets the screen cancel what it is doing, else goes back.
func (u *UI) escape() {
	if u.modal != nil {
		u.modal.onNo()
		return
	}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		top.Hide() // a pop-up of Fyne's own: a choice's list
		return
	}
	if e, ok := u.current().(escaper); ok && e.onEscape() {
		return
	}
	u.back()
}

// submitDefault taps the screen's default button when it is enabled. An open dialog has no default:
// Enter taps its focused button (the safe answer when it opens), and nothing when none has the focus.
func (u *UI) submitDefault() {
	if u.modal != nil || u.win.Canvas().Overlays().Top() != nil {
		return
	}
	d, ok := u.current().(defaulter)
	if !ok {
		return
	}
	if b := d.defaultButton(); usable(b) && b.OnTapped != nil {
		b.OnTapped()
	}
}

// usable reports whether b is there to be tapped: not nil, shown and enabled.
func usable(b *button) bool {
	return b != nil && b.Visible() && !b.Disabled()
}
