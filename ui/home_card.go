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

	expiry    *expiryLine
	healthL   *widget.Label
	progressL *widget.Label
	editB     *widget.Button
	historyB  *widget.Button
	renewB    *widget.Button
}

func (c *profileCard) buildUI() fyne.CanvasObject {
	c.expiry = newExpiryLine()
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

	lines := container.NewVBox(c.expiry.rt, c.healthL)
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
		c.expiry.set("The token history could not be read: "+c.loadErr.Error(), widget.DangerImportance, "", 0)
		return
	case !c.hasTok:
		c.expiry.set("No current token recorded: Renew gets a new one and records it.", widget.MediumImportance, "", 0)
		c.healthL.Hide()
		return
	}
	c.expiry.set("Token expires "+c.tok.ExpiresAt.In(c.now.Location()).Format(dateFormat), widget.MediumImportance,
		cardDaysText(c.tok.ExpiresAt, c.now), urgencyImportance(reminders.Urgency(c.tok.ExpiresAt, c.now, c.p)))
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

// expiryLine is "Token expires <date> · <days left>" as one run of text, the days in bold and coloured
// by urgency. (Two labels side by side each add their padding, which leaves a double gap after the dot.)
type expiryLine struct {
	rt      *widget.RichText
	text    string // what comes before the dot
	days    string // "" for a line without days left
	daysImp widget.Importance
}

func newExpiryLine() *expiryLine {
	l := &expiryLine{rt: widget.NewRichText()}
	l.rt.Wrapping = fyne.TextWrapWord
	return l
}

// set shows text in the colour of textImp, then, unless days is "", " · " and days in bold in the colour
// of daysImp.
func (l *expiryLine) set(text string, textImp widget.Importance, days string, daysImp widget.Importance) {
	l.text, l.days, l.daysImp = text, days, daysImp
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: text,
		Style: widget.RichTextStyle{Inline: true, ColorName: importanceColor(textImp)}}}
	if days != "" {
		segs[0].(*widget.TextSegment).Text += " · "
		segs = append(segs, &widget.TextSegment{Text: days, Style: widget.RichTextStyle{Inline: true,
			ColorName: importanceColor(daysImp), TextStyle: fyne.TextStyle{Bold: true}}})
	}
	l.rt.Segments = segs
	l.rt.Refresh()
}

// importanceColor is the theme colour a label of importance imp has, for text in a RichText.
func importanceColor(imp widget.Importance) fyne.ThemeColorName {
	switch imp {
	case widget.LowImportance:
		return theme.ColorNameDisabled
	case widget.HighImportance:
		return theme.ColorNamePrimary
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameForeground
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
