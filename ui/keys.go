package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// entry is a widget.Entry that passes Esc to the window (a focused Fyne entry swallows it) and
// treats Enter as the screen's default button. Build every entry of a screen with newEntry or
// newPasswordEntry so the keyboard works the same everywhere.
type entry struct {
	widget.Entry
	u *UI
	// reveal is a password entry's eye button; onReveal, when set, replaces its plain show/hide
	// toggle (the client secret loads the stored value first).
	reveal   *widget.Button
	onReveal func()
}

func newEntry(u *UI) *entry {
	e := &entry{u: u}
	e.ExtendBaseWidget(e)
	e.OnSubmitted = func(string) { u.submitDefault() }
	return e
}

func newPasswordEntry(u *UI) *entry {
	e := newEntry(u)
	e.Password = true
	e.reveal = widget.NewButtonWithIcon("", theme.VisibilityIcon(), e.onRevealTapped)
	e.reveal.Importance = widget.LowImportance
	e.ActionItem = e.reveal
	return e
}

func (e *entry) onRevealTapped() {
	if e.onReveal != nil {
		e.onReveal()
		return
	}
	e.setRevealed(e.Password)
}

// setRevealed shows the entry's text in clear (true) or masks it again.
func (e *entry) setRevealed(show bool) {
	e.Password = !show
	if show {
		e.reveal.SetIcon(theme.VisibilityOffIcon())
	} else {
		e.reveal.SetIcon(theme.VisibilityIcon())
	}
	e.Refresh()
}

// TypedKey hands Esc to the window and everything else to the entry.
// TypedShortcut tracks a secret copied or cut out of a password entry while it is revealed (a stored
// Client Secret or Okta token shown in Settings): the clipboard is cleared after the timeout or on quit,
// like the app's own copies, if it still holds it then. The context menu's Copy and Cut come here too.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	e.Entry.TypedShortcut(s)
	if e.reveal == nil {
		return
	}
	switch s.(type) {
	case *fyne.ShortcutCopy, *fyne.ShortcutCut:
		e.u.trackSecret(e.u.clipboard().Content())
	}
}

func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.u.escape()
		return
	}
	e.Entry.TypedKey(ev)
}

// onTypedKey gets the keys typed while no widget has focus.
func (u *UI) onTypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		u.escape()
	case fyne.KeyReturn, fyne.KeyEnter:
		u.submitDefault()
	}
}

// escape closes an open confirmation, else lets the screen cancel what it is doing, else goes back.
func (u *UI) escape() {
	if u.modal != nil {
		u.modal.onNo()
		return
	}
	if e, ok := u.current().(escaper); ok && e.onEscape() {
		return
	}
	u.back()
}

// submitDefault taps the screen's default button when it is enabled. An open confirmation has no
// default: Enter must not confirm something destructive.
func (u *UI) submitDefault() {
	if u.modal != nil {
		return
	}
	d, ok := u.current().(defaulter)
	if !ok {
		return
	}
	if b := d.defaultButton(); b != nil && !b.Disabled() && b.Visible() && b.OnTapped != nil {
		b.OnTapped()
	}
}
