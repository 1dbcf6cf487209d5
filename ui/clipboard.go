package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// copiedFor is how long a copy button says "Copied" (a variable so tests need not wait).
var copiedFor = 2 * time.Second

// secretClipboard remembers the secret the app last put on the clipboard, so it can take it off again
// after the timeout or on quit — but only while the clipboard still holds it: anything the user has
// copied since is left alone. Main goroutine only (Fyne's clipboard lives there).
type secretClipboard struct {
	timeout time.Duration
	value   string // the secret on the clipboard, "" when none
	gen     int    // bumps on every copy, so a stale timer cannot clear a newer secret
	stop    func()
}

func (u *UI) clipboard() fyne.Clipboard { return u.app.Clipboard() }

// copySecret puts a secret on the clipboard and clears it after the clipboard timeout (a setting,
// 30 s by default) or when the app quits, if the clipboard still holds it then.
func (u *UI) copySecret(value string) {
	u.clipboard().SetContent(value)
	u.trackSecret(value)
}

// trackSecret treats value, which the clipboard holds already (a token the admin copied in the Hub
// and the app took), as a secret the app put there: it is cleared after the clipboard timeout or on
// quit, if the clipboard still holds it then. It does nothing when the clipboard holds something else.
func (u *UI) trackSecret(value string) {
	if value == "" || u.clipboard().Content() != value {
		return
	}
	c := &u.clip
	if c.stop != nil {
		c.stop()
	}
	c.gen++
	gen := c.gen
	c.value = value
	c.stop = u.after(c.timeout, func() {
		if c.gen == gen {
			c.clear(u)
		}
	})
}

// copyText puts text that is not secret (a link, a Client ID) on the clipboard.
func (u *UI) copyText(text string) {
	u.clipboard().SetContent(text)
}

// clear takes the app's secret off the clipboard if it is still there.
func (c *secretClipboard) clear(u *UI) {
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
	if c.value == "" {
		return
	}
	cb := u.clipboard()
	if cb.Content() == c.value {
		cb.SetContent("")
	}
	c.value = ""
}

// newCopyButton returns a button that copies value() — as a secret when secret is true — and
// confirms visibly. For a value that must first be read from the keychain, build a plain button,
// read it with background, then call copySecret and confirmCopied.
func (u *UI) newCopyButton(label string, secret bool, value func() string) *button {
	b := newButton(u, label, theme.ContentCopyIcon(), nil)
	b.OnTapped = func() {
		v := value()
		if v == "" {
			return
		}
		if secret {
			u.copySecret(v)
		} else {
			u.copyText(v)
		}
		u.confirmCopied(b)
	}
	return b
}

// confirmCopied makes b say "Copied" with a check mark for two seconds, then restores its label and icon.
func (u *UI) confirmCopied(b *button) {
	text, icon := b.Text, b.Icon
	if text == "Copied" {
		return // already confirming; the pending restore puts the original back
	}
	b.SetText("Copied")
	b.SetIcon(theme.ConfirmIcon())
	u.after(copiedFor, func() {
		b.SetText(text)
		b.SetIcon(icon)
	})
}
