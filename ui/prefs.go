package ui

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// metaClipboardSeconds is the store meta key of the clipboard timeout. App preferences live in the
// store (not Fyne preferences) so they follow the data dir: the sandbox's throw-away dir included.
const metaClipboardSeconds = "ui.clipboard_clear_seconds"

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

// loadPrefs reads the app preferences from the store; a missing or odd value keeps the default.
func (u *UI) loadPrefs() {
	if u.deps.Store == nil {
		return
	}
	v, err := u.deps.Store.Meta(context.Background(), metaClipboardSeconds)
	if err != nil {
		u.deps.Log.Warn("cannot read the app preferences", "err", err)
		return
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 && n <= 3600 {
		u.clip.timeout = time.Duration(n) * time.Second
	}
}

// prefsPanel is the app-wide part of Settings. Later issues add their rows (keep running in the
// background, start at login) to rows() below.
type prefsPanel struct {
	u         *UI
	clipboard *widget.Select
}

func newPrefsPanel(u *UI) *prefsPanel { return &prefsPanel{u: u} }

func (p *prefsPanel) buildUI() fyne.CanvasObject {
	labels := make([]string, len(clipboardChoices))
	current := ""
	for i, c := range clipboardChoices {
		labels[i] = c.label
		if c.d == p.u.clip.timeout {
			current = c.label
		}
	}
	p.clipboard = widget.NewSelect(labels, nil)
	if current != "" {
		p.clipboard.SetSelected(current)
	} else {
		p.clipboard.PlaceHolder = p.u.clip.timeout.String()
	}
	p.clipboard.OnChanged = p.onClipboardChanged
	form := widget.NewForm(p.rows()...)
	where := widget.NewLabel("Data and logs: " + p.u.deps.DataDir)
	where.Wrapping = fyne.TextWrapBreak
	where.Importance = widget.LowImportance
	return container.NewVBox(widget.NewCard("Preferences", "", form), where)
}

// rows lists the preference rows.
func (p *prefsPanel) rows() []*widget.FormItem {
	return []*widget.FormItem{
		{Text: "Clear copied secrets after", Widget: p.clipboard,
			HintText: "A token or secret the app copies is taken off the clipboard then, if it is still there."},
		// Issue 6 adds "Keep running in the background" and "Start at login" here.
	}
}

func (p *prefsPanel) onClipboardChanged(label string) {
	for _, c := range clipboardChoices {
		if c.label != label {
			continue
		}
		p.u.clip.timeout = c.d
		if p.u.deps.Store == nil {
			return
		}
		if err := p.u.deps.Store.SetMeta(context.Background(), metaClipboardSeconds, strconv.Itoa(int(c.d/time.Second))); err != nil {
			p.u.showError(err)
			return
		}
		p.u.notice("Saved ✓")
	}
}
