package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/services"
	"scimrenew/store"
)

// Date formats used wherever the UI shows a date (the user's local calendar).
const (
	dateFormat     = "Mon 2 Jan 2006"
	dateTimeFormat = "Mon 2 Jan 2006, 15:04"
)

// profileCard is one profile on the home screen: its current token's expiry and days left (coloured
// by urgency), the last check of that token, and Renew, or Continue for a renewal in progress.
type profileCard struct {
	h   *homeScreen
	p   store.Profile
	now time.Time

	tok        store.Token // the current token, when hasTok
	hasTok     bool
	open       store.Renewal // the unfinished renewal, when inProgress
	inProgress bool
	loadErr    error

	expiryL   *widget.Label
	daysL     *widget.Label
	healthL   *widget.Label
	progressL *widget.Label
	editB     *widget.Button
	historyB  *widget.Button
	renewB    *widget.Button
}

func (c *profileCard) buildUI() fyne.CanvasObject {
	c.expiryL = widget.NewLabel("")
	c.daysL = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.healthL = widget.NewLabel("")
	c.healthL.Wrapping = fyne.TextWrapWord
	c.fillToken()

	id := c.p.ID
	c.editB = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { c.h.onEdit(id) })
	c.editB.Importance = widget.LowImportance
	c.historyB = widget.NewButtonWithIcon("History", theme.HistoryIcon(), func() { c.h.u.goHistory(id) })
	c.historyB.Importance = widget.LowImportance
	c.renewB = widget.NewButtonWithIcon("Renew", theme.ViewRefreshIcon(), func() { c.h.onRenew(id) })
	c.renewB.Importance = widget.HighImportance

	lines := container.NewVBox(container.NewHBox(c.expiryL, c.daysL), c.healthL)
	if c.inProgress {
		c.renewB.SetText("Continue")
		c.renewB.SetIcon(theme.MediaPlayIcon())
		c.progressL = widget.NewLabelWithStyle(c.progressText(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		c.progressL.Importance = widget.WarningImportance
		c.progressL.Wrapping = fyne.TextWrapWord
		lines.Add(c.progressL)
	}
	buttons := container.NewCenter(container.NewHBox(c.editB, c.historyB, c.renewB))
	return widget.NewCard(c.p.Name, c.modeText(), container.NewBorder(nil, nil, nil, buttons, lines))
}

func (c *profileCard) modeText() string {
	create := "Hub page (you copy the token)"
	if c.p.APIMode() {
		create = "API mode (SCIM Renew creates the token)"
	}
	install := "Okta by hand (deep link)"
	if services.HasOktaAPI(c.p) {
		install = "Okta through its API"
	}
	return create + " · " + install
}

// fillToken sets the expiry, days-left and health lines from the current token.
func (c *profileCard) fillToken() {
	switch {
	case c.loadErr != nil:
		c.expiryL.SetText("The token history could not be read: " + c.loadErr.Error())
		c.expiryL.Importance = widget.DangerImportance
		return
	case !c.hasTok:
		c.expiryL.SetText("No current token recorded: Renew gets a new one and records it.")
		c.healthL.Hide()
		return
	}
	c.expiryL.SetText("Token expires " + c.tok.ExpiresAt.In(c.now.Location()).Format(dateFormat) + " ·")
	c.daysL.SetText(cardDaysText(c.tok.ExpiresAt, c.now))
	c.daysL.Importance = urgencyImportance(reminders.Urgency(c.tok.ExpiresAt, c.now, c.p))
	c.healthL.SetText(healthText(c.tok, c.now.Location()))
	if c.tok.HealthResult != "" && c.tok.HealthResult != "ok" {
		c.healthL.Importance = widget.DangerImportance
	}
}

func (c *profileCard) progressText() string {
	since := c.open.StartedAt.In(c.now.Location()).Format(dateTimeFormat)
	text := fmt.Sprintf("Renewal in progress since %s (next: %s) — Continue", since,
		renewal.StepOf(c.open.State).String())
	if c.open.LastError != "" {
		text += ". It stopped on: " + userText(c.open.LastError)
	}
	return text
}

// cardDaysText says how long is left, in the words an admin reads at a glance.
func cardDaysText(expires, now time.Time) string {
	d := reminders.DaysLeft(expires, now)
	switch {
	case d > 1:
		return fmt.Sprintf("%d days left", d)
	case d == 1:
		return "1 day left"
	case d == 0:
		return "expires today"
	case d == -1:
		return "expired yesterday"
	}
	return fmt.Sprintf("expired %d days ago", -d)
}

// urgencyImportance colours days left: green while nothing is due, amber inside the reminder lead
// time, red in the last week and after expiry.
func urgencyImportance(l reminders.Level) widget.Importance {
	switch l {
	case reminders.LevelCritical:
		return widget.DangerImportance
	case reminders.LevelWarning:
		return widget.WarningImportance
	}
	return widget.SuccessImportance
}

// healthText is the last check of a token: the health probe's result, else its verification.
func healthText(t store.Token, loc *time.Location) string {
	switch {
	case t.HealthResult == "ok":
		return "Last check passed on " + t.HealthAt.In(loc).Format(dateFormat) + ": the SCIM endpoint accepts the token."
	case t.HealthResult != "":
		return "Last check failed on " + t.HealthAt.In(loc).Format(dateFormat) + ": " + t.HealthMessage
	case !t.VerifiedAt.IsZero():
		return "Verified on " + t.VerifiedAt.In(loc).Format(dateFormat) + "; not checked since."
	}
	return "Not checked yet."
}
