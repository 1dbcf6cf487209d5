package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The window's focusable widgets. Each is Fyne's own with the keys of keys.go added: a focused Fyne
// widget gets every key and drops the ones it has no use for, Esc included, so each of these hands Esc
// (and, where it has no use for it, Enter) to the window. Build every focusable widget with these.

// button is a widget.Button that Enter taps as Space does, with a visible focus ring (focusring.go).
type button struct {
	widget.Button
	u        *UI
	hasFocus bool
}

// newButton returns a button with label and icon (either may be empty) that runs tapped.
func newButton(u *UI, label string, icon fyne.Resource, tapped func()) *button {
	b := &button{u: u}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey taps the button on Enter (Space does already) and hands Esc to the window.
func (b *button) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Button.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	case fyne.KeyEscape:
		b.u.escape()
	default:
		b.Button.TypedKey(ev)
	}
}

// entry is a widget.Entry that passes Esc to the window (a focused Fyne entry swallows it) and
// treats Enter as the screen's default button. Build every entry of a screen with newEntry or
// newPasswordEntry so the keyboard works the same everywhere.
type entry struct {
	widget.Entry
	u *UI
	// reveal is a password entry's eye button; onReveal, when set, replaces its plain show/hide
	// toggle (the client secret loads the stored value first).
	reveal   *button
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
	e.reveal = newButton(u, "", theme.VisibilityIcon(), e.onRevealTapped)
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

// choice is a widget.Select: Space and the arrows open or step through it, Enter is the screen's.
type choice struct {
	widget.Select
	u *UI
}

func newChoice(u *UI, options []string, changed func(string)) *choice {
	c := &choice{u: u}
	c.Options, c.OnChanged = options, changed
	c.PlaceHolder = "(Select one)" // Fyne's own default, which only its constructor sets
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey hands Esc and Enter to the window, the rest to the choice.
func (c *choice) TypedKey(ev *fyne.KeyEvent) {
	if !c.u.windowKey(ev, true) {
		c.Select.TypedKey(ev)
	}
}

// check is a widget.Check: Space ticks it, Enter is the screen's.
type check struct {
	widget.Check
	u *UI
}

func newCheck(u *UI, label string, changed func(bool)) *check {
	c := &check{u: u}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey hands Esc and Enter to the window.
func (c *check) TypedKey(ev *fyne.KeyEvent) { c.u.windowKey(ev, true) }

// list is a widget.List: the arrows move in it, and Space or Enter selects the row there.
type list struct {
	widget.List
	u *UI
}

func newList(u *UI, length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *list {
	l := &list{u: u}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey selects on Enter as on Space, and hands Esc to the window.
func (l *list) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	case fyne.KeyEscape:
		l.u.escape()
	default:
		l.List.TypedKey(ev)
	}
}

// table is a widget.Table with headers: the arrows move in it; Esc and Enter are the window's.
type table struct {
	widget.Table
	u *UI
}

func newTable(u *UI, length func() (int, int), create func() fyne.CanvasObject, update func(widget.TableCellID, fyne.CanvasObject)) *table {
	t := &table{u: u}
	t.Length, t.CreateCell, t.UpdateCell = length, create, update
	t.ShowHeaderRow, t.ShowHeaderColumn = true, true
	t.ExtendBaseWidget(t)
	return t
}

// TypedKey hands Esc and Enter to the window, the rest to the table.
func (t *table) TypedKey(ev *fyne.KeyEvent) {
	if !t.u.windowKey(ev, true) {
		t.Table.TypedKey(ev)
	}
}
