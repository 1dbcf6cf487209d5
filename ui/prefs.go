package ui

import (
	"context"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/desktop"
)

// clipboardChoices are the clipboard timeouts offered, in the order shown.
var clipboardChoices = []struct {
	label string
	d     time.Duration
}{
	{"15 seconds", 15 * time.Second},
	{"30 seconds", 30 * time.Second},
	{"1 minute", time.Minute},
	{"2 minutes", 2 * time.Minute},
}

// loadPrefs reads the app preferences (services.ClipboardTimeout); a failed read keeps the default.
func (u *UI) loadPrefs() {
	if u.deps.Services == nil {
		return
	}
	d, err := u.deps.Services.ClipboardTimeout(context.Background())
	if err != nil {
		u.deps.Log.Warn("cannot read the app preferences", "err", err)
		return
	}
	u.clip.timeout = d
}

// prefsPanel is the app-wide part of Settings. Later issues add their rows (keep running in the
// background, start at login) to rows() below.
type prefsPanel struct {
	u         *UI
	clipboard *choice
	keep      *check
	keepHint  *widget.RichText
	login     *check
	loginHint *widget.RichText
	entry     loginEntry
}

// loginEntry is what "Start at login" needs of the OS's login entry (desktop.Autostart).
type loginEntry interface {
	Enable(execPath string, args ...string) error
	Disable() error
	Enabled() bool
	Path() (string, error)
}

func newPrefsPanel(u *UI) *prefsPanel { return &prefsPanel{u: u, entry: desktop.Autostart{}} }

func (p *prefsPanel) buildUI() fyne.CanvasObject {
	labels := make([]string, len(clipboardChoices))
	current := ""
	for i, c := range clipboardChoices {
		labels[i] = c.label
		if c.d == p.u.clip.timeout {
			current = c.label
		}
	}
	p.clipboard = newChoice(p.u, labels, nil)
	if current != "" {
		p.clipboard.SetSelected(current)
	} else {
		p.clipboard.PlaceHolder = p.u.clip.timeout.String()
	}
	p.clipboard.OnChanged = p.onClipboardChanged
	p.buildBackgroundRows()
	form := widget.NewForm(p.rows()...)
	where := widget.NewLabel("Data and logs: " + p.u.deps.DataDir)
	where.Wrapping = fyne.TextWrapBreak
	where.Importance = widget.LowImportance
	return container.NewVBox(widget.NewCard("Preferences", "", form), where)
}

// rows lists the preference rows.
func (p *prefsPanel) rows() []*widget.FormItem {
	return []*widget.FormItem{
		{Text: "Clear copied secrets after", Widget: withHint(p.clipboard, clipboardHint())},
		{Text: "Background", Widget: withHint(p.keep, p.keepHint)},
		{Text: "Login", Widget: withHint(p.login, p.loginHint)},
	}
}

func (p *prefsPanel) onClipboardChanged(label string) {
	for _, c := range clipboardChoices {
		if c.label != label {
			continue
		}
		p.u.clip.timeout = c.d
		if p.u.deps.Services == nil {
			return
		}
		if err := p.u.deps.Services.SetClipboardTimeout(context.Background(), c.d); err != nil {
			p.u.showError(err)
			return
		}
		p.u.notice("Saved")
	}
}

// loadKeepRunning reads the "Keep running in the background" preference (off unless turned on).
func (u *UI) loadKeepRunning() bool {
	if u.deps.Services == nil {
		return false
	}
	on, err := u.deps.Services.KeepRunning(context.Background())
	if err != nil {
		u.deps.Log.Warn("cannot read the keep-running preference", "err", err)
	}
	return on
}

// buildBackgroundRows builds "Keep running in the background" and "Start at login".
func (p *prefsPanel) buildBackgroundRows() {
	p.keep = newCheck(p.u, "Keep running in the background", p.onKeepRunningChanged)
	p.keepHint = hintLabel()
	p.refreshKeep()
	bg := p.u.bgs()
	bg.tray.onChange = p.refreshKeep
	p.u.onLeave(func() { bg.tray.onChange = nil })

	p.login = newCheck(p.u, "Start at login", nil)
	p.login.Checked = p.entry.Enabled()
	p.login.OnChanged = p.onStartAtLoginChanged
	p.loginHint = hintLabel()
	p.refreshLoginHint()
}

// clipboardHint says what the clipboard setting does, wrapping (a form's own hint would not, and
// would hold the window wider than a small screen at a large scale).
func clipboardHint() *widget.RichText {
	h := hintLabel()
	h.Segments[0].(*widget.TextSegment).Text = "A token or secret the app copies is taken off the clipboard then, if it is still there."
	return h
}

// hintLabel is a wrapping hint under a setting, in the look of a form's own hint text (which cannot
// wrap, and these are sentences).
func hintLabel() *widget.RichText {
	r := widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText,
	}})
	r.Wrapping = fyne.TextWrapWord
	return r
}

func setHint(r *widget.RichText, text string) {
	r.Segments[0].(*widget.TextSegment).Text = text
	r.Refresh()
}

func hintText(r *widget.RichText) string { return r.Segments[0].(*widget.TextSegment).Text }

// withHint stacks a setting over its hint, the hint pulled up to sit close under it as a form's does.
func withHint(o fyne.CanvasObject, hint *widget.RichText) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), o, hint)
}

// refreshKeep shows whether keeping running is possible here, and why not when it is not.
func (p *prefsPanel) refreshKeep() {
	bg := p.u.bgs()
	t := bg.tray
	switch {
	case !t.known:
		p.keep.Disable()
		setHint(p.keepHint, "Checking whether your desktop shows tray icons…")
	case !t.host:
		p.keep.Checked = false
		p.keep.Disable()
		setHint(p.keepHint, "Unavailable: "+t.why+". Closing the window quits SCIM Renew, so reminders "+
			"show only while its window is open; \"Start at login\" opens it each time you log in.")
	default:
		p.keep.Checked = bg.keepRunning
		p.keep.Enable()
		text := "Closing the window hides it; the tray icon brings it back and offers Renew now, Status and Quit, " +
			"and reminders keep coming."
		if t.installed && !bg.keepRunning {
			text += " The tray icon goes away when you next quit."
		}
		setHint(p.keepHint, text)
	}
	p.keep.Refresh()
}

func (p *prefsPanel) onKeepRunningChanged(on bool) {
	bg := p.u.bgs()
	if on == bg.keepRunning || !bg.tray.host {
		return
	}
	if p.u.deps.Services != nil {
		if err := p.u.deps.Services.SetKeepRunning(context.Background(), on); err != nil {
			p.u.showError(err)
			p.refreshKeep()
			return
		}
	}
	bg.keepRunning = on
	p.u.applyKeepRunning()
	p.refreshKeep()
	p.u.notice("Saved")
}

// onStartAtLoginChanged writes or removes the login entry for the running executable.
func (p *prefsPanel) onStartAtLoginChanged(on bool) {
	err := p.setStartAtLogin(on)
	if err != nil {
		p.u.deps.Log.Warn("cannot change the login entry", "on", on, "err", err)
		p.login.Checked = p.entry.Enabled()
		p.login.Refresh()
		p.u.showError(err)
		return
	}
	p.refreshLoginHint()
	p.u.notice("Saved")
}

func (p *prefsPanel) setStartAtLogin(on bool) error {
	if !on {
		return p.entry.Disable()
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("the app's own program file cannot be found, so it cannot start at login: %w", err)
	}
	return p.entry.Enable(exe)
}

func (p *prefsPanel) refreshLoginHint() {
	text := "Opens SCIM Renew when you log in, so reminders come even if you forget to start it."
	if where, err := p.entry.Path(); err == nil && p.login.Checked {
		text += " Entry: " + where
	}
	if p.u.deps.SandboxClock != nil {
		text += " This starts the real app, not the sandbox."
	}
	setHint(p.loginHint, text)
}
