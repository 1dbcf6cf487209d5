package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// screen is one page of the window. buildUI is called each time the screen is shown (also when the
// user comes back to it), so it reads fresh data then. Register cleanups with (*UI).onLeave and use
// (*UI).screenCtx for work that must stop when the user leaves.
type screen interface {
	title() string
	buildUI() fyne.CanvasObject
}

// escaper is a screen that handles Esc itself (e.g. cancels a running step); returning false lets
// the navigator go back.
type escaper interface{ onEscape() bool }

// defaulter is a screen with a default button, tapped by Enter with nothing focused or from one of
// the screen's single-line entries, check boxes or choices (a focused button takes Enter itself).
type defaulter interface{ defaultButton() *button }

// section names the header button a screen belongs to, so it is highlighted.
type section int

const (
	sectionOther section = iota
	sectionHome
	sectionHistory
	sectionSettings
)

// sectioned is a screen that belongs to a header section.
type sectioned interface{ section() section }

// page is a screen on the navigator's stack with its lifetime.
type page struct {
	s        screen
	ctx      context.Context
	cancel   context.CancelFunc
	cleanups []func()
}

// navigator is a stack of screens: open pushes, back pops, home resets. Main goroutine only.
type navigator struct {
	stack []*page
}

func (n *navigator) top() *page {
	if len(n.stack) == 0 {
		return nil
	}
	return n.stack[len(n.stack)-1]
}

// leave ends the top page's lifetime: its context is cancelled and its cleanups run (newest first).
func (n *navigator) leave() {
	p := n.top()
	if p == nil || p.cancel == nil {
		return
	}
	p.cancel()
	p.cancel = nil
	for i := len(p.cleanups) - 1; i >= 0; i-- {
		p.cleanups[i]()
	}
	p.cleanups = nil
}

// open shows s on top of the current screen; back returns to it.
func (u *UI) open(s screen) {
	u.nav.leave()
	u.nav.stack = append(u.nav.stack, &page{s: s})
	u.render()
}

// replace shows s in place of the current screen (back skips the current one).
func (u *UI) replace(s screen) {
	u.nav.leave()
	if len(u.nav.stack) > 0 {
		u.nav.stack = u.nav.stack[:len(u.nav.stack)-1]
	}
	u.nav.stack = append(u.nav.stack, &page{s: s})
	u.render()
}

// back returns to the previous screen, rebuilding it; on the first screen it does nothing.
func (u *UI) back() {
	if len(u.nav.stack) < 2 {
		return
	}
	u.nav.leave()
	u.nav.stack = u.nav.stack[:len(u.nav.stack)-1]
	u.render()
}

// home clears the stack and shows the home screen.
func (u *UI) home() {
	u.nav.leave()
	u.nav.stack = nil
	u.open(newHomeScreen(u))
}

// current returns the screen on show (tests use it to reach the screen's widgets).
func (u *UI) current() screen {
	if p := u.nav.top(); p != nil {
		return p.s
	}
	return nil
}

// onLeave registers fn to run when the user leaves the current screen (stop tickers, cancel work).
// Call it from buildUI or later while the screen is on show.
func (u *UI) onLeave(fn func()) {
	if p := u.nav.top(); p != nil {
		p.cleanups = append(p.cleanups, fn)
	}
}

// screenCtx is cancelled when the user leaves the current screen or the app quits.
func (u *UI) screenCtx() context.Context {
	if p := u.nav.top(); p != nil && p.ctx != nil {
		return p.ctx
	}
	return context.Background()
}

func (u *UI) render() {
	p := u.nav.top()
	p.ctx, p.cancel = context.WithCancel(context.Background())
	u.building = true
	content := p.s.buildUI()
	u.building = false
	u.body.Objects = []fyne.CanvasObject{withMinSize(content, screenMinSize(p.s))}
	u.body.Refresh()
	u.header.update(p.s, len(u.nav.stack) > 1)
	u.startFocus()
}

// header is the bar above every screen: Back, the screen's title, the notice area and the sections.
type header struct {
	u        *UI
	backB    *button
	titleL   *widget.Label
	row      *fyne.Container // the title and the notice, laid out again when either changes
	homeB    *button
	historyB *button
	settingB *button
}

func newHeader(u *UI) *header { return &header{u: u} }

func (h *header) buildUI() fyne.CanvasObject {
	h.backB = newButton(h.u, "", theme.NavigateBackIcon(), h.onBack)
	h.backB.Importance = widget.LowImportance
	h.titleL = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.titleL.SizeName = theme.SizeNameSubHeadingText
	h.homeB = newButton(h.u, "Profiles", theme.HomeIcon(), h.onHome)
	h.historyB = newButton(h.u, "History", theme.HistoryIcon(), h.onHistory)
	h.settingB = newButton(h.u, "Settings", theme.SettingsIcon(), h.onSettings)
	h.row = newTitleRow(h.titleL, h.u.status)
	right := container.NewHBox(h.homeB, h.historyB, h.settingB)
	bar := container.NewBorder(nil, nil, h.backB, right, h.row)
	return container.NewVBox(container.NewPadded(bar), widget.NewSeparator())
}

func (h *header) update(s screen, canGoBack bool) {
	h.titleL.SetText(s.title())
	h.row.Refresh()
	if canGoBack {
		h.backB.Show()
	} else {
		h.backB.Hide()
	}
	sec := sectionOther
	if ss, ok := s.(sectioned); ok {
		sec = ss.section()
	}
	for b, bs := range map[*button]section{h.homeB: sectionHome, h.historyB: sectionHistory, h.settingB: sectionSettings} {
		b.Importance = widget.LowImportance
		if bs == sec {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
}

func (h *header) onBack()     { h.u.back() }
func (h *header) onHome()     { h.u.home() }
func (h *header) onHistory()  { h.u.goHistory("") }
func (h *header) onSettings() { h.u.goSettings("") }
