package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is SCIM Renew's look: Fyne's default theme (fonts, icons, sizes, and the variant the OS or
// FYNE_THEME asks for) with colours of its own, chosen so that every text colour the screens use reads
// at WCAG AA (4.5:1) on every surface it can sit on, in light and dark (theme_test.go computes each
// pair). Fyne's stock palette does not: its green on white is 1.5:1.
//
// Two rules shape the palettes. Status colours (success, warning, error, primary) serve both as text
// on the window and as button fills under a label, so light uses deep shades under white labels and
// dark uses pale ones under dark labels; hovering or pressing a button shifts its fill away from its
// label in either variant (Fyne darkens in light, lightens in dark). And the disabled colour is also
// the colour of every low-importance label (the wizard's steps still to come, "never checked"), so it
// is a readable grey, not a faint one; disabled buttons differ by their flatter fill. The focus tint
// is as strong as coloured text on it allows (20%, more than Fyne's light default), so the control
// keyboard input goes to stands out.
type appTheme struct{ fyne.Theme }

// newAppTheme returns the app's theme, wrapping Fyne's default.
func newAppTheme() fyne.Theme { return &appTheme{Theme: theme.DefaultTheme()} }

// Color returns the palette's colour for n in variant v, or Fyne's default for names the palette
// leaves alone (shadow, scroll bar, separator). Any variant but light is drawn dark, as Fyne does.
func (t *appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	p := darkPalette
	if v == theme.VariantLight {
		p = lightPalette
	}
	if c, ok := p[n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

func rgba(hex uint32, alpha uint8) color.NRGBA {
	c := rgb(hex)
	c.A = alpha
	return c
}

// lightPalette: near-black text, deep status colours with white labels on their fills, and a pale
// selection so coloured text stays readable on a selected or hovered row.
var lightPalette = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          rgb(0xffffff),
	theme.ColorNameOverlayBackground:   rgb(0xffffff),
	theme.ColorNameHeaderBackground:    rgb(0xf5f5f5),
	theme.ColorNameInputBackground:     rgb(0xf5f5f5),
	theme.ColorNameMenuBackground:      rgb(0xf5f5f5),
	theme.ColorNameInputBorder:         rgb(0x8c8c8c),
	theme.ColorNameButton:              rgb(0xebebeb),
	theme.ColorNameDisabledButton:      rgb(0xf5f5f5),
	theme.ColorNameHover:               rgba(0x000000, 0x0f),
	theme.ColorNamePressed:             rgba(0x000000, 0x19),
	theme.ColorNameSelection:           rgba(0x1a5fd0, 0x1c),
	theme.ColorNameFocus:               rgba(0x1a5fd0, 0x33),
	theme.ColorNameForeground:          rgb(0x2e2e2e),
	theme.ColorNameDisabled:            rgb(0x5c5c5c),
	theme.ColorNamePlaceHolder:         rgb(0x5c5c5c),
	theme.ColorNamePrimary:             rgb(0x1655bd),
	theme.ColorNameHyperlink:           rgb(0x1450b4),
	theme.ColorNameSuccess:             rgb(0x176a2d),
	theme.ColorNameWarning:             rgb(0x8f4200),
	theme.ColorNameError:               rgb(0xb3221b),
	theme.ColorNameForegroundOnPrimary: rgb(0xffffff),
	theme.ColorNameForegroundOnSuccess: rgb(0xffffff),
	theme.ColorNameForegroundOnWarning: rgb(0xffffff),
	theme.ColorNameForegroundOnError:   rgb(0xffffff),
}

// darkPalette: Fyne's dark surfaces, pale status colours with dark labels on their fills, a softer
// pressed flash (Fyne's 40% white washes out a light label) and a readable grey for disabled text.
var darkPalette = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          rgb(0x171718),
	theme.ColorNameOverlayBackground:   rgb(0x181d25),
	theme.ColorNameHeaderBackground:    rgb(0x1b1b1b),
	theme.ColorNameInputBackground:     rgb(0x202023),
	theme.ColorNameMenuBackground:      rgb(0x28292e),
	theme.ColorNameInputBorder:         rgb(0x6e6e73),
	theme.ColorNameButton:              rgb(0x28292e),
	theme.ColorNameDisabledButton:      rgb(0x1e1e20),
	theme.ColorNameHover:               rgba(0xffffff, 0x0f),
	theme.ColorNamePressed:             rgba(0xffffff, 0x33),
	theme.ColorNameSelection:           rgba(0x7aa7ff, 0x24),
	theme.ColorNameFocus:               rgba(0x7aa7ff, 0x33),
	theme.ColorNameForeground:          rgb(0xf3f3f3),
	theme.ColorNameDisabled:            rgb(0xb8b8b8),
	theme.ColorNamePlaceHolder:         rgb(0xc0c0c0),
	theme.ColorNamePrimary:             rgb(0x97bcff),
	theme.ColorNameHyperlink:           rgb(0x99bdff),
	theme.ColorNameSuccess:             rgb(0x66d985),
	theme.ColorNameWarning:             rgb(0xffbb55),
	theme.ColorNameError:               rgb(0xffa19a),
	theme.ColorNameForegroundOnPrimary: rgb(0x171718),
	theme.ColorNameForegroundOnSuccess: rgb(0x171718),
	theme.ColorNameForegroundOnWarning: rgb(0x171718),
	theme.ColorNameForegroundOnError:   rgb(0x171718),
}
