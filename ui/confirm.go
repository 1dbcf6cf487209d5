package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// confirmation is a dialog of the window: a yes/no question, or a message with one button. Its buttons
// stay reachable (tests tap them); Esc answers "no" (or closes the message), and the focus starts on
// that safe answer, so Enter never confirms something destructive unless the admin tabbed to it.
type confirmation struct {
	u     *UI
	dlg   dialog.Dialog
	msg   *widget.Label
	yes   *button // nil for a message
	no    *button
	onYes func()
	prev  *confirmation // the dialog this one opened over, nil for none
}

// confirm asks question; onYes runs on the main goroutine if the user agrees. danger styles the yes
// button as destructive.
func (u *UI) confirm(title, question, yesLabel string, danger bool, onYes func()) *confirmation {
	c := &confirmation{u: u, onYes: onYes, msg: wrapped(question)}
	c.yes = newButton(u, yesLabel, nil, c.onYesTapped)
	c.yes.Importance = widget.HighImportance
	if danger {
		c.yes.Importance = widget.DangerImportance
	}
	c.no = newButton(u, "Cancel", nil, c.onNo)
	c.show(title, container.NewVBox(c.msg, container.NewHBox(layout.NewSpacer(), c.no, c.yes)), 460)
	return c
}

// inform shows text with an OK button, in the look of Fyne's information and error dialogs (icon is
// theirs: theme.InfoIcon or theme.ErrorIcon).
func (u *UI) inform(title, text string, icon fyne.Resource) *confirmation {
	c := &confirmation{u: u, msg: wrapped(text)}
	c.msg.Alignment = fyne.TextAlignCenter
	c.no = newButton(u, "OK", nil, c.onNo)
	c.dlg = dialog.NewCustomWithoutButtons(title, c.msg, u.win)
	c.dlg.(*dialog.CustomDialog).SetButtons([]fyne.CanvasObject{c.no})
	c.dlg.(*dialog.CustomDialog).SetIcon(icon)
	c.open(460)
	return c
}

// dialog shows content with close as the button that closes it (its action is set here).
func (u *UI) dialog(title string, content fyne.CanvasObject, close *button, width float32) *confirmation {
	c := &confirmation{u: u, no: close}
	close.OnTapped = c.onNo
	c.show(title, content, width)
	return c
}

func (c *confirmation) show(title string, content fyne.CanvasObject, width float32) {
	c.dlg = dialog.NewCustomWithoutButtons(title, content, c.u.win)
	c.open(width)
}

// open shows the dialog over the window (and over any dialog already open) with the focus on no.
func (c *confirmation) open(width float32) {
	c.dlg.Resize(fyne.NewSize(width, 0))
	c.prev, c.u.modal = c.u.modal, c
	c.dlg.Show()
	c.u.win.Canvas().Focus(c.no)
}

func (c *confirmation) onYesTapped() {
	c.close()
	c.onYes()
}

func (c *confirmation) onNo() { c.close() }

func (c *confirmation) close() {
	u := c.u
	if u.modal == c {
		u.modal = c.prev
	} else {
		for d := u.modal; d != nil; d = d.prev {
			if d.prev == c {
				d.prev = c.prev
			}
		}
	}
	c.dlg.Hide()
	u.overlayClosed()
}
