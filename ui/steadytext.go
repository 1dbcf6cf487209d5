package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// steadyText holds a wrapping label at the height of the tallest of the texts it may show, so what
// sits beside or below it stays put when the text changes (a button the user is about to click must
// not jump). The label's text now and each alternative are measured by a hidden twin of the label, at
// the label's own width.
func steadyText(l *widget.Label, alternatives ...string) fyne.CanvasObject {
	objs := []fyne.CanvasObject{l}
	for _, text := range append([]string{l.Text}, alternatives...) {
		twin := widget.NewLabelWithStyle(text, l.Alignment, l.TextStyle)
		twin.Wrapping, twin.SizeName = l.Wrapping, l.SizeName
		twin.Hide()
		objs = append(objs, twin)
	}
	return &fyne.Container{Layout: tallestLayout{}, Objects: objs}
}

// tallestLayout stacks its objects at full size and is as tall as the tallest of them, hidden ones
// included: those are the measuring twins.
type tallestLayout struct{}

func (tallestLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (tallestLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
