package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// formRow is one row of a form: a bold label, the input widget, and an optional grey hint under it.
type formRow struct {
	label  string
	widget fyne.CanvasObject
	hint   string
}

// labelColumn is the label column that several forms share, so their inputs start at the same x even
// when they sit in different cards or are nested in other containers (a widget.Form sizes its own
// column to its own labels). The column is as wide as the widest label of every form made from it,
// hidden rows included, so showing a section never shifts the others.
type labelColumn struct {
	labels []*widget.Label
}

// width is the widest label's minimum width.
func (c *labelColumn) width() float32 {
	w := float32(0)
	for _, l := range c.labels {
		w = max(w, l.MinSize().Width)
	}
	return w
}

// form lays rows out as a two-column form on this column: labels right-aligned (as widget.Form does),
// inputs from the same x in every form of the column.
func (c *labelColumn) form(rows ...formRow) *fyne.Container {
	objs := make([]fyne.CanvasObject, 0, 2*len(rows))
	for _, r := range rows {
		l := widget.NewLabelWithStyle(r.label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		c.labels = append(c.labels, l)
		objs = append(objs, l, withFormHint(r.widget, r.hint))
	}
	return &fyne.Container{Layout: &columnFormLayout{col: c}, Objects: objs}
}

// withFormHint puts a grey caption under w, placed as widget.Form places its hint text; it wraps
// rather than overflowing a narrow window.
func withFormHint(w fyne.CanvasObject, hint string) fyne.CanvasObject {
	if hint == "" {
		return w
	}
	h := widget.NewRichText(&widget.TextSegment{Text: hint, Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText, Inline: true,
	}})
	h.Wrapping = fyne.TextWrapWord
	return &fyne.Container{Layout: formHintLayout{}, Objects: []fyne.CanvasObject{w, h}}
}

// columnFormLayout places label/input pairs in rows, the labels in the shared column's width. A row
// whose label and input are both hidden takes no space.
type columnFormLayout struct {
	col *labelColumn
}

func (l *columnFormLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lw, pad := l.col.width(), theme.Padding()
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		label, input := objs[i], objs[i+1]
		if !label.Visible() && !input.Visible() {
			continue
		}
		lm, im := label.MinSize(), input.MinSize()
		h := max(lm.Height, im.Height)
		label.Move(fyne.NewPos(0, y))
		label.Resize(fyne.NewSize(lw, lm.Height)) // its text stays level with an entry's
		input.Move(fyne.NewPos(lw+pad, y))
		input.Resize(fyne.NewSize(max(size.Width-lw-pad, im.Width), h))
		y += h + pad
	}
}

func (l *columnFormLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lw, pad := l.col.width(), theme.Padding()
	var w, h float32
	rows := 0
	for i := 0; i+1 < len(objs); i += 2 {
		label, input := objs[i], objs[i+1]
		if !label.Visible() && !input.Visible() {
			continue
		}
		lm, im := label.MinSize(), input.MinSize()
		w = max(w, im.Width)
		h += max(lm.Height, im.Height)
		rows++
	}
	if rows == 0 {
		return fyne.Size{}
	}
	return fyne.NewSize(lw+pad+w, h+float32(rows-1)*pad)
}

// formHintLayout puts the input on top and its hint under it, the hint's text half an inner padding
// below the input, as widget.Form does.
type formHintLayout struct{}

func (formHintLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w, hint := objs[0], objs[1]
	ih := w.MinSize().Height
	w.Move(fyne.NewPos(0, 0))
	w.Resize(fyne.NewSize(size.Width, ih))
	hint.Move(fyne.NewPos(0, hintTop(ih)))
	hint.Resize(fyne.NewSize(size.Width, hint.MinSize().Height))
	hint.Resize(fyne.NewSize(size.Width, hint.MinSize().Height)) // again: a wrapped text's height follows its width
}

// MinSize ends half an inner padding below the hint's text, as widget.Form does, though the hint's box
// runs one inner padding below it.
func (formHintLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	wm, hm := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(wm.Width, hm.Width), hintTop(wm.Height)+hm.Height-theme.InnerPadding()/2)
}

// hintTop is where the hint's box starts: its text (one inner padding into the box) then sits half an
// inner padding below the input.
func hintTop(inputHeight float32) float32 {
	return inputHeight - theme.InnerPadding()/2
}
