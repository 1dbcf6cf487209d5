package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// focuser is a screen that says where the focus starts when it opens: its main action (a button, or
// the first field of a form). A screen without one starts on its enabled default button, if any.
type focuser interface{ focusTarget() fyne.Focusable }

// startFocus puts the focus on the current screen's main action, or on nothing.
func (u *UI) startFocus() {
	var target fyne.Focusable
	switch s := u.current().(type) {
	case focuser:
		target = s.focusTarget()
	case defaulter:
		if b := s.defaultButton(); usable(b) {
			target = b
		}
	}
	u.focus(target)
}

// focus moves the window's focus to f (nil: to no widget). While a dialog is open the dialog keeps
// its own focus: the screen's is set when the dialog closes.
func (u *UI) focus(f fyne.Focusable) {
	c := u.win.Canvas()
	if c.Overlays().Top() != nil {
		u.pendingFocus, u.focusPending = f, true
		return
	}
	u.focusPending = false
	if f == nil {
		c.Unfocus()
		return
	}
	c.Focus(f)
}

// overlayClosed gives the screen the focus it was meant to have while the dialog was open.
func (u *UI) overlayClosed() {
	if u.focusPending && u.win.Canvas().Overlays().Top() == nil {
		u.focus(u.pendingFocus)
	}
}

// onShow reports whether s is the screen in the window (built and on top), so its widgets can be
// focused.
func (u *UI) onShow(s screen) bool { return u.current() == s && !u.building }

// focusedOn reports whether the screen's focus is on a widget that is still on show; a widget that
// was removed or hidden keeps Fyne's focus, and the keys typed then would reach it.
func (u *UI) focusedOn() fyne.Focusable {
	c := u.win.Canvas()
	if c.Overlays().Top() != nil {
		return nil
	}
	f := c.Focused()
	if f == nil || !holds(c.Content(), f.(fyne.CanvasObject)) {
		return nil
	}
	return f
}

// holds reports whether o is on show inside root (root itself included): found through containers and
// the widgets this package nests others in, with every step visible.
func holds(root, o fyne.CanvasObject) bool {
	if root == nil || !root.Visible() {
		return false
	}
	if root == o {
		return true
	}
	var children []fyne.CanvasObject
	switch r := root.(type) {
	case *fyne.Container:
		children = r.Objects
	case *container.Scroll:
		children = []fyne.CanvasObject{r.Content}
	case *container.Split:
		children = []fyne.CanvasObject{r.Leading, r.Trailing}
	case *container.ThemeOverride:
		children = []fyne.CanvasObject{r.Content}
	case *widget.Card:
		children = []fyne.CanvasObject{r.Content}
	case *widget.Form:
		for _, it := range r.Items {
			children = append(children, it.Widget)
		}
	case *widget.PopUp:
		children = []fyne.CanvasObject{r.Content}
	case *entry:
		children = []fyne.CanvasObject{r.ActionItem}
	}
	for _, c := range children {
		if holds(c, o) {
			return true
		}
	}
	return false
}
