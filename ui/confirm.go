package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// confirmation is a yes/no question whose buttons stay reachable (tests tap them) and which Esc
// answers "no". Enter answers nothing: the question usually guards something destructive.
type confirmation struct {
	u     *UI
	dlg   dialog.Dialog
	msg   *widget.Label
	yes   *widget.Button
	no    *widget.Button
	onYes func()
}

// confirm asks question; onYes runs on the main goroutine if the user agrees. danger styles the yes
// button as destructive.
func (u *UI) confirm(title, question, yesLabel string, danger bool, onYes func()) *confirmation {
	c := &confirmation{u: u, onYes: onYes}
	c.msg = widget.NewLabel(question)
	c.msg.Wrapping = fyne.TextWrapWord
	c.yes = widget.NewButton(yesLabel, c.onYesTapped)
	c.yes.Importance = widget.HighImportance
	if danger {
		c.yes.Importance = widget.DangerImportance
	}
	c.no = widget.NewButton("Cancel", c.onNo)
	buttons := container.NewHBox(layout.NewSpacer(), c.no, c.yes)
	c.dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(c.msg, buttons), u.win)
	c.dlg.Resize(fyne.NewSize(460, 0))
	u.modal = c
	c.dlg.Show()
	return c
}

func (c *confirmation) onYesTapped() {
	c.close()
	c.onYes()
}

func (c *confirmation) onNo() { c.close() }

func (c *confirmation) close() {
	if c.u.modal == c {
		c.u.modal = nil
	}
	c.dlg.Hide()
}
