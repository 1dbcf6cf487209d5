package ui

import (
	"os"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Window and screen sizes, in Fyne's scaled units (a unit is a pixel at scale 1, two at scale 2).
var (
	// defaultWindowSize is the window's size at start when the screen has room for it.
	defaultWindowSize = fyne.NewSize(1000, 700)
	// smallScreenRoom is what a 1280×800 screen leaves a window, in pixels, after its title bar and
	// a desktop panel: the window starts no larger, whatever the scale.
	smallScreenRoom = fyne.NewSize(1280, 720)
)

// windowSizeFor is the window's starting size at scale: the default, made smaller where the default
// would not fit a 1280×800 screen (1000×700 units are 1500×1050 pixels at FYNE_SCALE=1.5).
func windowSizeFor(scale float32) fyne.Size {
	if scale <= 0 {
		scale = 1
	}
	return defaultWindowSize.Min(fyne.NewSize(smallScreenRoom.Width/scale, smallScreenRoom.Height/scale))
}

// userScale is the scale the user asked for: FYNE_SCALE, else Fyne's scale setting, else 1. Fyne
// multiplies it by what it detects of the monitor only once the window exists, too late to size it;
// a monitor dense enough to scale has the pixels to spare.
func userScale(a fyne.App) float32 {
	if s, err := strconv.ParseFloat(os.Getenv("FYNE_SCALE"), 32); err == nil && s > 0 {
		return float32(s)
	}
	if s := a.Settings().Scale(); s > 0 {
		return s
	}
	return 1
}

// screenMinSize is the smallest size each screen is usable at: the window cannot be made smaller
// while it is on show, and what the screen holds beyond it scrolls (the profile cards, the profile
// form, the history table, the wizard's panel). Each is at most 640×220 units, so the whole window
// (its menu bar, header and a banner included) still fits a 1280×800 screen at scale 2. scale_test.go
// checks that each screen's content fits its size here, with nothing clipped or overlapping.
func screenMinSize(s screen) fyne.Size {
	switch s.(type) {
	case *settingsScreen:
		return fyne.NewSize(640, 200) // the profile list beside the form or the preferences
	case *historyScreen:
		return fyne.NewSize(580, 200) // the toolbar's picker and buttons on one line
	case *wizardScreen:
		return fyne.NewSize(560, 220) // the step indicator, the token card and Cancel renewal around the panel
	}
	return fyne.NewSize(560, 200) // home, and any screen without an entry here
}

// screenLayout gives a screen all of the body and holds the body at the screen's stated minimum, or
// at the content's own if that is larger.
type screenLayout struct{ min fyne.Size }

func (l screenLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l screenLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := l.min
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// withMinSize puts a screen's content in the body at the screen's minimum size.
func withMinSize(content fyne.CanvasObject, min fyne.Size) fyne.CanvasObject {
	return &fyne.Container{Layout: screenLayout{min: min}, Objects: []fyne.CanvasObject{content}}
}

// titleRow lays out the header's title and notice, both truncating labels, on one line: each at its
// full width when both fit; otherwise the notice keeps up to half the room and the title shortens
// with an ellipsis first. So a long profile name in the title never widens the window.
type titleRow struct{ title, notice *widget.Label }

func newTitleRow(title, notice *widget.Label) *fyne.Container {
	title.Truncation, notice.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	return &fyne.Container{Layout: titleRow{title: title, notice: notice}, Objects: []fyne.CanvasObject{title, notice}}
}

func (r titleRow) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	tw, nw := naturalWidth(r.title), naturalWidth(r.notice)
	if tw+nw > size.Width {
		nw = min(nw, size.Width/2)
	}
	tw = size.Width - nw // the title is left-aligned: room to spare does not show
	r.title.Move(fyne.NewPos(0, 0))
	r.title.Resize(fyne.NewSize(tw, size.Height))
	r.notice.Move(fyne.NewPos(size.Width-nw, 0))
	r.notice.Resize(fyne.NewSize(nw, size.Height))
}

func (r titleRow) MinSize(_ []fyne.CanvasObject) fyne.Size {
	t, n := r.title.MinSize(), r.notice.MinSize()
	return fyne.NewSize(t.Width+n.Width, max(t.Height, n.Height))
}

// naturalWidth is the width a label needs to show its text whole on one line (measured by an
// untruncated twin, so padding and font match); 0 when it is hidden or empty.
func naturalWidth(l *widget.Label) float32 {
	if !l.Visible() || l.Text == "" {
		return 0
	}
	twin := widget.NewLabelWithStyle(l.Text, l.Alignment, l.TextStyle)
	twin.SizeName = l.SizeName
	// A truncating label shapes its text apart from measuring it, and may cut a text that measures
	// exactly its width: a little more keeps the ellipsis away.
	return twin.MinSize().Width + 2*theme.Padding()
}
