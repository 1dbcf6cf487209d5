package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/sandbox"
	"scimrenew/store"
)

// The scales the screens are checked at.
var checkedScales = []float32{1, 1.5, 2}

func TestScaleDefaultWindowFitsASmallScreen(t *testing.T) {
	if got := windowSizeFor(1); got != defaultWindowSize {
		t.Errorf("at scale 1 the window starts at %v, want the default %v", got, defaultWindowSize)
	}
	for _, s := range checkedScales {
		if px := scaled(windowSizeFor(s), s); px.Width > smallScreenRoom.Width+slack || px.Height > smallScreenRoom.Height+slack {
			t.Errorf("at scale %.1f the window starts at %v pixels, more than the %v a 1280×800 screen leaves", s, px, smallScreenRoom)
		}
	}
}

func TestScaleUserScale(t *testing.T) {
	test.NewTempApp(t)
	for env, want := range map[string]float32{"1.5": 1.5, "2": 2, "": 1, "auto": 1, "0": 1, "-1": 1} {
		t.Setenv("FYNE_SCALE", env)
		if got := userScale(fyne.CurrentApp()); got != want {
			t.Errorf("FYNE_SCALE=%q: userScale = %v, want %v", env, got, want)
		}
	}
}

// TestScaleScreensAtTheirMinimum visits every screen. Each states its minimum size (screenMinSize),
// and its content must fit that. Then, at each checked scale, the window is sized to the smallest it
// can be with that screen on show, and to the size it starts at on that scale, and what is drawn is
// checked: the window's minimum fits a 1280×800 screen, no button, entry or other control is smaller
// than it needs, nothing is cut off by the window's edge unless a scroller holds it, and no two texts
// or controls overlap.
func TestScaleScreensAtTheirMinimum(t *testing.T) {
	w := newWizHarness(t)
	canvas := w.win.Canvas().(interface{ SetScale(float32) })
	for _, st := range screenTour(w) {
		st.show()
		stated := screenMinSize(w.ui.current())
		if content := w.ui.body.Objects[0].(*fyne.Container).Objects[0].MinSize(); content.Width > stated.Width || content.Height > stated.Height {
			t.Errorf("%s: the content needs %v, more than the %v the screen states", st.name, content, stated)
		}
		for _, s := range checkedScales {
			canvas.SetScale(s)
			min := w.win.Content().MinSize().AddWidthHeight(0, menuBarHeight()) // the real window adds its menu bar
			if px := scaled(min, s); px.Width > smallScreenRoom.Width || px.Height > smallScreenRoom.Height {
				t.Errorf("%s at scale %.1f: the window cannot shrink below %v pixels (%v), more than a 1280×800 screen leaves",
					st.name, s, px, min)
			}
			for _, size := range []fyne.Size{min, windowSizeFor(s).Max(min)} {
				w.win.Resize(size)
				w.win.Content().Refresh() // lays out again what changed since (a real window does so each frame)
				if title := drawnTexts(w.ui.header.titleL); size.Width >= defaultWindowSize.Width &&
					(len(title) != 1 || title[0].Text != w.ui.header.titleL.Text) {
					t.Errorf("%s at scale %.1f, %v: the title %q is cut short with room to spare", st.name, s, size, w.ui.header.titleL.Text)
				}
				for _, o := range append([]fyne.CanvasObject{w.win.Content()}, w.win.Canvas().Overlays().List()...) {
					for _, p := range layoutProblems(o, size) {
						t.Errorf("%s at scale %.1f, %v: %s", st.name, s, size, p)
					}
				}
			}
		}
	}
	canvas.SetScale(1)
	w.win.Resize(defaultWindowSize)
}

// menuBarHeight is the height of the window's menu bar on Linux and Windows, which Fyne's desktop
// driver draws above the content and the test driver does not: one line of menu text with the inner
// padding below it (Fyne 2.7's menuBarItemRenderer.MinSize).
func menuBarHeight() float32 {
	return fyne.MeasureText("File", theme.TextSize(), fyne.TextStyle{}).Height + theme.InnerPadding()
}

func scaled(s fyne.Size, scale float32) fyne.Size {
	return fyne.NewSize(s.Width*scale, s.Height*scale)
}

type tourStop struct {
	name string
	show func()
}

// screenTour is every screen of the sandbox, in the states the screenshots show.
func screenTour(w *wizHarness) []tourStop {
	contoso, fabrikam := w.profile(sandbox.HubPageProfile), w.profile(sandbox.APIProfile)
	return []tourStop{
		{"home", func() {
			// As in --sandbox: the banner with the clock and "Set up my own".
			w.ui.deps.SandboxClock, w.ui.deps.LeaveSandbox = w.sb.Clock, func() {}
			w.ui.showJumpBar()
			w.ui.home()
			w.settle()
		}},
		{"settings", func() { w.ui.goSettings(contoso.ID); w.settle() }},
		{"settings of an API-mode profile", func() { w.ui.goSettings(fabrikam.ID); w.settle() }},
		{"new profile", func() { w.ui.goSettings(newProfileID); w.settle() }},
		{"preferences", func() { w.ui.goSettings(prefsID); w.settle() }},
		{"history", func() { w.ui.goHistory(fabrikam.ID); w.settle() }},
		{"wizard, Hub page", func() {
			w.ui.home()
			w.hubPanelReady(w.renew(contoso))
		}},
		{"wizard, a refused token", func() {
			wz := w.ui.current().(*wizardScreen)
			typeInto(wz.hubP.pasteE, "abcdefghijklmnopqrstuvwxyz0123456789")
			test.Tap(wz.hubP.useB)
			w.until(wz, "the refusal", func() bool { return wz.problem != nil })
		}},
		{"wizard, asked to start over", func() {
			wz := w.ui.current().(*wizardScreen)
			test.Tap(wz.problem.buttons["Use another token"])
		}},
		{"wizard, install by hand", func() {
			wz := w.ui.current().(*wizardScreen)
			test.Tap(w.ui.modal.yes)
			w.hubPanelReady(wz)
			w.issueOnClipboard(w.sb.HubPage)
			w.until(wz, "the manual install", func() bool { return wz.manual != nil })
		}},
		{"wizard, done", func() {
			w.ui.home()
			w.settle()
			wz := w.renew(fabrikam)
			w.until(wz, "Done", func() bool { return wz.done != nil })
		}},
		{"home without a keychain", func() {
			// The real app on a computer without a keychain: its banner instead of the sandbox's.
			w.ui.banner.Objects = nil
			w.ui.showKeychainBanner(errors.New("secrets: no Secret Service is running (org.freedesktop.secrets)"))
			w.ui.home()
			w.settle()
		}},
		{"history, no profiles", func() {
			for _, p := range []store.Profile{contoso, fabrikam} {
				if err := w.sb.Store.DeleteProfile(context.Background(), p.ID); err != nil {
					w.t.Fatal(err)
				}
			}
			w.ui.goHistory("")
			w.settle()
		}},
		{"home, first run", func() { w.ui.home(); w.settle() }},
	}
}

// box is a rectangle drawn on the window: a text or a control, in window coordinates, clipped to the
// scrollers it sits in.
type box struct {
	what     string
	pos, end fyne.Position
}

func (b box) String() string {
	return fmt.Sprintf("%s at (%.0f,%.0f)-(%.0f,%.0f)", b.what, b.pos.X, b.pos.Y, b.end.X, b.end.Y)
}

// layoutProblems walks what o draws at size and says what is clipped or overlaps.
func layoutProblems(o fyne.CanvasObject, size fyne.Size) []string {
	l := &layoutWalk{}
	l.walk(o, fyne.NewPos(0, 0), box{what: "window", end: fyne.NewPos(size.Width, size.Height)}, false)
	for i, a := range l.boxes {
		for _, b := range l.boxes[i+1:] {
			if w, h := min(a.end.X, b.end.X)-max(a.pos.X, b.pos.X), min(a.end.Y, b.end.Y)-max(a.pos.Y, b.pos.Y); w > slack && h > slack {
				l.problems = append(l.problems, fmt.Sprintf("%v overlaps %v", a, b))
			}
		}
	}
	return l.problems
}

type layoutWalk struct {
	boxes    []box
	problems []string
}

const slack = 0.5 // dp of rounding allowed

// walk records o's texts and controls. pos is o's position in the window, clip the viewport it is
// seen through (the window, or the innermost scroller), scrolled whether a scroller holds it.
func (l *layoutWalk) walk(o fyne.CanvasObject, pos fyne.Position, clip box, scrolled bool) {
	if !o.Visible() || o.Size().IsZero() {
		return
	}
	size := o.Size()
	whole := box{what: describe(o), pos: pos, end: pos.Add(fyne.NewPos(size.Width, size.Height))}
	if t, ok := o.(*canvas.Text); ok && t.Text != "" {
		whole.what = fmt.Sprintf("text %q", clipText(t.Text))
	}
	if isDrawn(o) {
		l.drawn(o, whole, clip, scrolled)
		return
	}
	if s, ok := o.(*container.Scroll); ok {
		view, ok := intersect(whole, clip)
		if !ok {
			return
		}
		l.walk(s.Content, pos.Subtract(s.Offset), view, true)
		return
	}
	for _, c := range children(o) {
		l.walk(c, pos.Add(c.Position()), clip, scrolled)
	}
}

// drawn checks a text or control seen as whole through clip, and records it.
func (l *layoutWalk) drawn(o fyne.CanvasObject, whole, clip box, scrolled bool) {
	if size, min := o.Size(), o.MinSize(); needsWholeMin(o) && (size.Width+slack < min.Width || size.Height+slack < min.Height) {
		l.problems = append(l.problems, fmt.Sprintf("%v is %v, less than the %v it needs", whole, size, min))
	}
	if !scrolled && (whole.pos.X < clip.pos.X-slack || whole.pos.Y < clip.pos.Y-slack ||
		whole.end.X > clip.end.X+slack || whole.end.Y > clip.end.Y+slack) {
		l.problems = append(l.problems, fmt.Sprintf("%v is cut off by the window's edge", whole))
	}
	if seen, ok := intersect(whole, clip); ok {
		l.boxes = append(l.boxes, seen)
	}
}

func intersect(a, b box) (box, bool) {
	r := box{
		what: a.what, pos: fyne.NewPos(max(a.pos.X, b.pos.X), max(a.pos.Y, b.pos.Y)),
		end: fyne.NewPos(min(a.end.X, b.end.X), min(a.end.Y, b.end.Y)),
	}
	return r, r.end.X-r.pos.X > slack && r.end.Y-r.pos.Y > slack
}

// isDrawn says whether o is checked whole, as one box: a text, or a control whose inside is its own
// business (a button's label, an entry's text, a list's rows).
func isDrawn(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *canvas.Text, *widget.Button, *button, *widget.Entry, *entry, *widget.Select, *choice, *widget.Check, *check,
		*widget.RadioGroup, *widget.Hyperlink, *widget.Icon, *widget.List, *list, *widget.Table, *table,
		*widget.ProgressBar, *widget.ProgressBarInfinite, *widget.Activity:
		return true
	}
	return false
}

func describe(o fyne.CanvasObject) string {
	switch o := o.(type) {
	case *widget.Button:
		return fmt.Sprintf("button %q", o.Text)
	case *button:
		return fmt.Sprintf("button %q", o.Text)
	case *widget.Check:
		return fmt.Sprintf("check %q", o.Text)
	}
	return strings.TrimPrefix(reflect.TypeOf(o).String(), "*")
}

func clipText(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// children is what a container or a widget draws.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch o := o.(type) {
	case *fyne.Container:
		return o.Objects
	case fyne.Widget:
		return test.WidgetRenderer(o).Objects()
	}
	return nil
}

// needsWholeMin says whether a drawn box shows wrong when smaller than its MinSize: lists and tables
// scroll, and a text's own box is sized by its label (which wraps or truncates it).
func needsWholeMin(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *widget.List, *widget.Table, *canvas.Text:
		return false
	}
	return true
}

// TestScaleHeaderTitleAndNotice: the header shows its title and a notice whole when there is room,
// and shortens them, the title first, rather than widen the window.
func TestScaleHeaderTitleAndNotice(t *testing.T) {
	h := newHarness(t)
	hd := h.ui.header
	long := "Saved “Fabrikam (API mode, Okta Connections API)”"
	for _, tc := range []struct {
		width                     float32
		title, notice             string
		wantTitleWhole, wantWhole bool
	}{
		{defaultWindowSize.Width, "Settings", long, true, true},
		{defaultWindowSize.Width, "Renew · Fabrikam (API mode, Okta Connections API)", "Token renewed", true, true},
		{560, "Renew · Fabrikam (API mode, Okta Connections API)", long, false, false},
		{560, "Profiles", "Saved", true, true},
	} {
		hd.titleL.SetText(tc.title)
		h.ui.notice(tc.notice)
		h.win.Resize(fyne.NewSize(tc.width, 400))
		h.win.Content().Refresh()
		if min := h.win.Content().MinSize(); min.Width > 560 {
			t.Errorf("title %q and notice %q hold the window at least %v wide", tc.title, tc.notice, min.Width)
		}
		for _, c := range []struct {
			l     *widget.Label
			whole bool
		}{{hd.titleL, tc.wantTitleWhole}, {h.ui.status, tc.wantWhole}} {
			texts := drawnTexts(c.l)
			if len(texts) != 1 || (texts[0].Text == c.l.Text) != c.whole || !strings.HasPrefix(texts[0].Text, c.l.Text[:4]) {
				t.Errorf("at width %v, %q shows as %v; want whole: %v", tc.width, c.l.Text, texts, c.whole)
			}
		}
	}
}
