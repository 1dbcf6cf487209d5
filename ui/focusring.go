package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// focusRingWidth is the width of the line drawn round the focused button.
const focusRingWidth = 2

// Fyne shows a focused button only by tinting its fill with the focus colour, which on a coloured
// button (the primary blue, the danger red) is all but invisible: a keyboard user could not see where
// Enter goes. So a button draws a ring in the text colour round itself while it has the focus.

// FocusGained shows the focus ring.
func (b *button) FocusGained() {
	b.hasFocus = true
	b.Button.FocusGained()
}

// FocusLost hides the focus ring.
func (b *button) FocusLost() {
	b.hasFocus = false
	b.Button.FocusLost()
}

// CreateRenderer draws Fyne's button with the focus ring over it.
func (b *button) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.Hide()
	r := &focusRingRenderer{WidgetRenderer: b.Button.CreateRenderer(), b: b, ring: ring}
	r.style()
	return r
}

// focusRingRenderer is a button's own renderer with the ring last, so it is drawn on top.
type focusRingRenderer struct {
	fyne.WidgetRenderer
	b    *button
	ring *canvas.Rectangle

	inner []fyne.CanvasObject // the button renderer's objects objs was built from
	objs  []fyne.CanvasObject
}

func (r *focusRingRenderer) Objects() []fyne.CanvasObject {
	inner := r.WidgetRenderer.Objects()
	if len(inner) != len(r.inner) || len(inner) == 0 || &inner[0] != &r.inner[0] {
		r.inner = inner
		r.objs = append(append(make([]fyne.CanvasObject, 0, len(inner)+1), inner...), r.ring)
	}
	return r.objs
}

func (r *focusRingRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.ring.Move(fyne.NewPos(0, 0))
	r.ring.Resize(size)
}

func (r *focusRingRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.style()
	r.ring.Refresh()
}

// style colours the ring for the button's theme and shows it while the button has the focus.
func (r *focusRingRenderer) style() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.ring.StrokeColor = th.Color(theme.ColorNameForeground, v)
	r.ring.StrokeWidth = focusRingWidth
	r.ring.CornerRadius = th.Size(theme.SizeNameInputRadius)
	if r.b.hasFocus && !r.b.Disabled() {
		r.ring.Show()
	} else {
		r.ring.Hide()
	}
}
