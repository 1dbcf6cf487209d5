package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/services"
)

// captureCard asks the admin about text on the clipboard that may be the new token but proves nothing
// about itself (an opaque token looks just like a password copied to sign in to the Hub). It shows the
// text masked, with its length; nothing is done with the text unless the admin chooses Use this token.
type captureCard struct {
	box     *fyne.Container
	textL   *widget.Label
	useB    *button
	ignoreB *button

	cand    services.Capture // the candidate on show; Kind CaptureNothing when none
	reading string           // the clipboard text it came from, to track it for clearing once used
}

func newCaptureCard(w *wizardScreen) *captureCard {
	c := &captureCard{}
	head := widget.NewLabelWithStyle("Is this the new token?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.textL = wrapped("")
	c.useB = newButton(w.u, "Use this token", theme.ConfirmIcon(), w.onUseCandidate)
	c.ignoreB = newButton(w.u, "Ignore", theme.CancelIcon(), w.onIgnoreCandidate)
	c.box = container.NewVBox(head, c.textL, container.NewHBox(c.useB, c.ignoreB))
	c.box.Hide()
	return c
}

// captureCardText is what the card says about a candidate of n characters.
func captureCardText(n int) string {
	return fmt.Sprintf("The clipboard holds %d characters that may be the new token: %s. Use them only if you "+
		"clicked Copy in the Hub just now: a password copied to sign in to the Hub looks just the same, and "+
		"SCIM Renew would send it to the SCIM endpoint.", n, maskedToken)
}

// offer shows candidate c, read from the clipboard as reading (a new one replaces the one on show).
func (c *captureCard) offer(cand services.Capture, reading string) {
	if c.cand.Kind == services.CaptureConfirm && c.cand.Token == cand.Token {
		return
	}
	c.cand, c.reading = cand, reading
	c.textL.SetText(captureCardText(cand.Length))
	c.box.Show()
}

// drop forgets the candidate and hides the card.
func (c *captureCard) drop() {
	c.cand, c.reading = services.Capture{}, ""
	c.textL.SetText("")
	c.box.Hide()
}

// shown reports whether the card asks about a candidate.
func (c *captureCard) shown() bool { return c.cand.Kind == services.CaptureConfirm }

// pollClipboard feeds one clipboard reading to the watcher; it runs on the main goroutine. A JWT is
// taken at once; anything else that may be a token is only offered on the card.
func (w *wizardScreen) pollClipboard() {
	if w.hubP == nil || w.hubWait.watcher == nil || w.running {
		return
	}
	reading := w.u.clipboard().Content()
	c := w.hubWait.watcher.Observe(reading)
	switch c.Kind {
	case services.CaptureTake:
		w.take(c.Token, reading)
	case services.CaptureConfirm:
		w.showClipboardHint(nil)
		w.hubP.ask.offer(c, reading)
		w.updateHubPrimary()
	default:
		w.showClipboardHint(w.hubWait.watcher.Hint())
	}
}

// take hands a token from the clipboard to the renewal; the clipboard text, a secret now, is cleared
// after the timeout like the app's own copies, if the clipboard still holds it.
func (w *wizardScreen) take(token, reading string) {
	w.hubWait.watcher = nil
	w.hubP.ask.drop()
	w.u.trackSecret(reading)
	w.capture(token)
}

// onUseCandidate: the admin confirms the candidate on the card is the token.
func (w *wizardScreen) onUseCandidate() {
	a := w.hubP.ask
	if !a.shown() {
		return
	}
	w.take(a.cand.Token, a.reading)
}

// onIgnoreCandidate: the admin says the candidate is not the token; it is not offered again, and the
// wait goes on.
func (w *wizardScreen) onIgnoreCandidate() {
	a := w.hubP.ask
	if a.shown() && w.hubWait.watcher != nil {
		w.hubWait.watcher.Ignore(a.cand.Token)
	}
	a.drop()
	w.updateHubPrimary()
}
