package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/reminders"
	"scimrenew/services"
	"scimrenew/store"
)

// tokenCard shows the renewal's new token, once there is one: masked (with a reveal toggle), its
// fingerprint, and when it expires.
type tokenCard struct {
	w        *wizardScreen
	box      *fyne.Container
	valueL   *widget.Label
	revealB  *button
	infoL    *widget.Label
	tok      store.Token
	revealed bool
}

func newTokenCard(w *wizardScreen) *tokenCard { return &tokenCard{w: w} }

func (c *tokenCard) buildUI() fyne.CanvasObject {
	c.valueL = widget.NewLabel(maskedToken)
	// Not selectable: a copy made from the label would escape the clipboard's clearing. The install
	// panel's copy buttons are the way, and they are tracked.
	c.valueL.Wrapping = fyne.TextWrapBreak
	c.valueL.TextStyle = fyne.TextStyle{Monospace: true}
	c.revealB = newButton(c.w.u, "Show", theme.VisibilityIcon(), c.onReveal)
	c.revealB.Importance = widget.LowImportance
	c.infoL = widget.NewLabel("")
	c.infoL.Wrapping = fyne.TextWrapWord
	head := widget.NewLabelWithStyle("New token", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.box = container.NewVBox(container.NewBorder(nil, nil, head, c.revealB, c.valueL), c.infoL)
	c.box.Hide()
	return c.box
}

// refresh reads the new token's row; the card stays hidden until the renewal has a token.
func (c *tokenCard) refresh() {
	s := c.w.sess
	if s == nil {
		c.box.Hide()
		return
	}
	t, ok, err := c.w.u.deps.Services.RenewalToken(context.Background(), s)
	if err != nil {
		c.w.u.deps.Log.Warn("cannot read the new token's record", "err", err)
	}
	if !ok {
		c.box.Hide()
		return
	}
	if t.ID != c.tok.ID {
		c.mask()
	}
	c.tok = t
	c.infoL.Text, c.infoL.Importance = tokenInfoText(t, c.w.u.deps.Now())
	c.infoL.Refresh()
	c.box.Show()
}

// tokenInfoText is the card's line under the token: when it expires and its fingerprint. After a
// failed SCIM check the expiry is no promise, so it is not counted down as if it were good: a refused
// token (which never works) shows the refusal instead, in amber, and one whose check did not finish
// says it is not verified.
func tokenInfoText(t store.Token, now time.Time) (string, widget.Importance) {
	fp := " · fingerprint " + t.ShortFingerprint()
	date := services.DateText(t.ExpiresAt, now.Location(), services.DateLong)
	switch t.HealthResult {
	case "", string(services.ProbeOK):
		return fmt.Sprintf("Expires %s (%s, %s)", date, services.DaysText(reminders.DaysLeft(t.ExpiresAt, now), services.DaysLeft), expirySourceText(t.ExpirySource)) + fp,
			widget.MediumImportance
	case string(services.ProbeRejected):
		return "Refused by the SCIM endpoint" + fp, widget.WarningImportance
	}
	return fmt.Sprintf("Not verified: the SCIM check did not finish · would expire %s (%s)", date,
		expirySourceText(t.ExpirySource)) + fp, widget.MediumImportance
}

// expirySourceText says how the expiry date is known.
func expirySourceText(source string) string {
	switch source {
	case services.ExpiryFromJWT:
		return "read from the token"
	case services.ExpiryFromExpiresIn:
		return "as the Hub said"
	}
	return "assumed: QorusDocs tokens last 12 months"
}

func (c *tokenCard) mask() {
	c.revealed = false
	c.valueL.SetText(maskedToken)
	c.revealB.SetText("Show")
	c.revealB.SetIcon(theme.VisibilityIcon())
}

// onReveal shows the token (read from the keychain, off the main goroutine) or masks it again.
func (c *tokenCard) onReveal() {
	s := c.w.sess
	if c.revealed || s == nil {
		c.mask()
		return
	}
	c.revealB.Disable()
	background(c.w.u, func(ctx context.Context) tokenRead {
		v, err := s.PendingToken(ctx)
		return tokenRead{v, err}
	}, func(r tokenRead) {
		c.revealB.Enable()
		if r.err != nil {
			c.w.u.showError(errors.New(services.ErrorText(r.err)))
			return
		}
		c.revealed = true
		c.valueL.SetText(r.value)
		c.revealB.SetText("Hide")
		c.revealB.SetIcon(theme.VisibilityOffIcon())
	})
}

// tokenRead is a secret read from the keychain in the background.
type tokenRead struct {
	value string
	err   error
}
