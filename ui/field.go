package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// field is one validated form row: its entry, the message under it when the value is wrong, and its
// key in store.FieldErrors. A message shows once the field has been typed into, or once the user
// tried to save, so a fresh form is not a wall of red.
type field struct {
	key     string
	label   string
	entry   *entry
	errL    *widget.Label
	touched bool
	// trim strips surrounding spaces before validation: a pasted URL or ID often carries them.
	trim bool
}

func newField(u *UI, key, label, placeholder string, trim bool) *field {
	fl := &field{key: key, label: label, entry: newEntry(u), trim: trim}
	fl.entry.SetPlaceHolder(placeholder)
	fl.errL = newErrorCaption()
	return fl
}

// newErrorCaption is the red caption shown under a field, hidden while there is nothing to say.
func newErrorCaption() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	l.Hide()
	return l
}

// value is the field's text as it will be validated and saved.
func (fl *field) value() string {
	if fl.trim {
		return strings.TrimSpace(fl.entry.Text)
	}
	return fl.entry.Text
}

// item is the field's form row: the entry, its error caption, and a grey hint.
func (fl *field) item(hint string) formRow {
	return formRow{label: fl.label, widget: fl.widget(nil), hint: hint}
}

// widget stacks the entry (with an optional button beside it) over the error caption.
func (fl *field) widget(beside fyne.CanvasObject) fyne.CanvasObject {
	var row fyne.CanvasObject = fl.entry
	if beside != nil {
		row = container.NewBorder(nil, nil, nil, beside, fl.entry)
	}
	return container.NewVBox(row, fl.errL)
}

// showError shows msg under the field ("" hides the caption).
func (fl *field) showError(msg string) {
	if fl.errL.Text == msg && fl.errL.Visible() == (msg != "") {
		return
	}
	fl.errL.SetText(msg)
	if msg == "" {
		fl.errL.Hide()
	} else {
		fl.errL.Show()
	}
}
