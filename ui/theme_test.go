package ui

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wcagAA is the contrast WCAG 2 level AA asks of body text; wcagNonText is what it asks of a
// control's boundary (an entry's border).
const (
	wcagAA      = 4.5
	wcagNonText = 3.0
)

func TestThemeInstalledAtStart(t *testing.T) {
	newHarness(t)
	if _, ok := fyne.CurrentApp().Settings().Theme().(*appTheme); !ok {
		t.Fatalf("the app's theme is %T, want *appTheme", fyne.CurrentApp().Settings().Theme())
	}
}

func TestThemeFollowsVariant(t *testing.T) {
	th := newAppTheme()
	light, dark := th.Color(theme.ColorNameBackground, theme.VariantLight), th.Color(theme.ColorNameBackground, theme.VariantDark)
	if luminance(light) < 0.9 || luminance(dark) > 0.05 {
		t.Fatalf("background: light %v, dark %v; want a light and a dark one", light, dark)
	}
	// Names the palettes leave alone still come from Fyne's default.
	if got, want := th.Color(theme.ColorNameShadow, theme.VariantLight), theme.DefaultTheme().Color(theme.ColorNameShadow, theme.VariantLight); got != want {
		t.Fatalf("shadow: got %v, want Fyne's %v", got, want)
	}
}

// TestContrastText checks every text colour the screens use against every surface text sits on: the
// window (cards have no fill of their own and sit on it), dialogs and pop-ups (overlay), table headers,
// entries and selects (input), menus, each also under a hovered, selected, selected-and-hovered or
// focused highlight (translucent: composited over the surface beneath). The text colours are read
// from what Fyne draws for a label of each importance, plus the RichText colours of importanceColor,
// hints (placeholder) and hyperlinks.
func TestContrastText(t *testing.T) {
	for _, v := range themeVariants {
		t.Run(v.name, func(t *testing.T) {
			th := useVariant(t, v.v)
			var fails []string
			for _, tc := range textColours(t, th) {
				for _, s := range textSurfaces(th) {
					if r := contrast(tc.c, s.c); r < wcagAA {
						fails = append(fails, fmt.Sprintf("%s %s on %s %s: %.2f:1", tc.name, hexOf(tc.c), s.name, hexOf(s.c), r))
					}
				}
			}
			reportContrast(t, fails)
		})
	}
}

// TestContrastButtons checks each button importance's label against its fill as Fyne 2.7 draws it:
// normal, hovered and focused (Fyne blends the hover or focus colour over the fill), each also while
// pressed (the pressed colour flashes over that at full strength first), and disabled; on every
// surface a button can sit on, since a low-importance button has no fill until hovered.
func TestContrastButtons(t *testing.T) {
	for _, v := range themeVariants {
		t.Run(v.name, func(t *testing.T) {
			th := useVariant(t, v.v)
			pressed := th.Color(theme.ColorNamePressed, v.v)
			var fails []string
			for _, imp := range importances {
				for _, st := range buttonStates {
					fg, fill := drawnButton(t, imp.imp, st.set)
					for _, s := range baseSurfaces(th) {
						under := over(s.c, fill)
						check := func(state string, bg color.Color) {
							if r := contrast(over(bg, fg), bg); r < wcagAA {
								fails = append(fails, fmt.Sprintf("%s button %s on %s: label %s on %s: %.2f:1",
									imp.name, state, s.name, hexOf(fg), hexOf(bg), r))
							}
						}
						check(st.name, under)
						if st.name != "disabled" {
							check(st.name+"+pressed", over(under, pressed))
						}
					}
				}
			}
			reportContrast(t, fails)
		})
	}
}

// TestContrastInputBorder checks an entry's outline is visible against the window and its own fill.
func TestContrastInputBorder(t *testing.T) {
	th := newAppTheme()
	for _, v := range themeVariants {
		border := th.Color(theme.ColorNameInputBorder, v.v)
		for _, bg := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground} {
			if r := contrast(border, th.Color(bg, v.v)); r < wcagNonText {
				t.Errorf("%s: input border %s on %s: %.2f:1, want >= %.1f:1", v.name, hexOf(border), bg, r, wcagNonText)
			}
		}
	}
}

var themeVariants = []struct {
	name string
	v    fyne.ThemeVariant
}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}}

var importances = []struct {
	name string
	imp  widget.Importance
}{
	{"Medium", widget.MediumImportance},
	{"Low", widget.LowImportance},
	{"High", widget.HighImportance},
	{"Danger", widget.DangerImportance},
	{"Warning", widget.WarningImportance},
	{"Success", widget.SuccessImportance},
}

var buttonStates = []struct {
	name string
	set  func(*widget.Button)
}{
	{"normal", func(*widget.Button) {}},
	{"hovered", func(b *widget.Button) { b.MouseIn(&desktop.MouseEvent{}) }},
	{"focused", func(b *widget.Button) { b.FocusGained() }},
	{"disabled", func(b *widget.Button) { b.Disable() }},
}

// variantTheme pins a theme to one variant: Fyne's test app states no variant preference.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// useVariant starts a test app drawing the app's theme in variant v and returns that theme.
func useVariant(t *testing.T, v fyne.ThemeVariant) fyne.Theme {
	t.Helper()
	test.NewTempApp(t)
	th := variantTheme{Theme: newAppTheme(), v: v}
	test.ApplyTheme(t, th)
	return th
}

type namedColour struct {
	name string
	c    color.Color
}

// textColours is every colour text is drawn in: labels of each importance as Fyne draws them, the
// colours importanceColor gives RichText segments, hints and hyperlinks.
func textColours(t *testing.T, th fyne.Theme) []namedColour {
	t.Helper()
	var out []namedColour
	for _, imp := range importances {
		l := widget.NewLabel("365 days left")
		l.Importance = imp.imp
		texts := drawnTexts(l)
		if len(texts) != 1 {
			t.Fatalf("a %s label draws %d texts, want 1", imp.name, len(texts))
		}
		out = append(out, namedColour{imp.name + " label", texts[0].Color})
		out = append(out, namedColour{imp.name + " rich text", th.Color(importanceColor(imp.imp), 0)})
	}
	for _, n := range []fyne.ThemeColorName{theme.ColorNamePlaceHolder, theme.ColorNameHyperlink, theme.ColorNameForeground} {
		out = append(out, namedColour{string(n), th.Color(n, 0)})
	}
	return out
}

func baseSurfaces(th fyne.Theme) []namedColour {
	var out []namedColour
	for _, n := range []fyne.ThemeColorName{
		theme.ColorNameBackground, theme.ColorNameOverlayBackground,
		theme.ColorNameHeaderBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
	} {
		out = append(out, namedColour{string(n), th.Color(n, 0)})
	}
	return out
}

// textSurfaces is each base surface plain and under each highlight Fyne draws over it.
func textSurfaces(th fyne.Theme) []namedColour {
	hover, sel, focus := th.Color(theme.ColorNameHover, 0), th.Color(theme.ColorNameSelection, 0), th.Color(theme.ColorNameFocus, 0)
	var out []namedColour
	for _, s := range baseSurfaces(th) {
		out = append(out, s,
			namedColour{s.name + "+hover", over(s.c, hover)},
			namedColour{s.name + "+selection", over(s.c, sel)},
			namedColour{s.name + "+selection+hover", over(over(s.c, sel), hover)},
			namedColour{s.name + "+focus", over(s.c, focus)})
	}
	return out
}

// drawnButton renders a button of importance imp in a state and returns its label's colour and its
// fill (transparent when it has none), as Fyne drew them.
func drawnButton(t *testing.T, imp widget.Importance, set func(*widget.Button)) (fg, fill color.Color) {
	t.Helper()
	b := widget.NewButton("Renew", nil)
	b.Importance = imp
	test.NewWindow(b)
	set(b)
	objs := test.WidgetRenderer(b).Objects()
	bg, ok := objs[0].(*canvas.Rectangle)
	if !ok {
		t.Fatalf("a button's first object is %T, want its background *canvas.Rectangle", objs[0])
	}
	texts := drawnTexts(b)
	if len(texts) != 1 {
		t.Fatalf("a button draws %d texts, want 1", len(texts))
	}
	return texts[0].Color, bg.FillColor
}

// drawnTexts walks what a widget renders and returns its texts.
func drawnTexts(o fyne.CanvasObject) []*canvas.Text {
	switch o := o.(type) {
	case *canvas.Text:
		return []*canvas.Text{o}
	case fyne.Widget:
		var out []*canvas.Text
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, drawnTexts(c)...)
		}
		return out
	case *fyne.Container:
		var out []*canvas.Text
		for _, c := range o.Objects {
			out = append(out, drawnTexts(c)...)
		}
		return out
	}
	return nil
}

func reportContrast(t *testing.T, fails []string) {
	t.Helper()
	if len(fails) > 0 {
		t.Errorf("%d pairs below %.1f:1:\n%s", len(fails), wcagAA, strings.Join(fails, "\n"))
	}
}

// over composites top over an opaque under (the "over" operator), returning an opaque colour.
func over(under, top color.Color) color.Color {
	u := color.NRGBAModel.Convert(under).(color.NRGBA)
	o := color.NRGBAModel.Convert(top).(color.NRGBA)
	a := float64(o.A) / 0xff
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(y)*a + float64(x)*(1-a))) }
	return color.NRGBA{R: mix(u.R, o.R), G: mix(u.G, o.G), B: mix(u.B, o.B), A: 0xff}
}

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 0xff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// contrast is WCAG 2's contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	x, y := luminance(a), luminance(b)
	if x < y {
		x, y = y, x
	}
	return (x + 0.05) / (y + 0.05)
}

func hexOf(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	if n.A == 0xff {
		return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", n.R, n.G, n.B, n.A)
}

func TestContrastOfKnownPairs(t *testing.T) {
	for _, tc := range []struct {
		a, b color.Color
		want float64
	}{
		{color.White, color.Black, 21},
		{rgb(0x43f436), color.White, 1.48}, // Fyne's stock success green on white
		{rgb(0x767676), color.White, 4.54},
	} {
		if got := contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", hexOf(tc.a), hexOf(tc.b), got, tc.want)
		}
	}
	if got := hexOf(over(color.White, rgba(0x000000, 0x80))); got != "#7f7f7f" {
		t.Errorf("50%% black over white = %s, want #7f7f7f", got)
	}
}
