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

// profileCard is one profile on the home screen: its current token's expiry and days left (coloured
// by urgency), the last check of that token, and Renew, or Continue for a renewal in progress.
type profileCard struct {
	h   *homeScreen
	p   store.Profile
	now time.Time

	st      services.Status // the profile's token (current, or the last one, expired) and renewal in progress
	loadErr error

	expiry    *expiryLine
	healthL   *widget.Label
	progressL *widget.Label
	editB     *button
	historyB  *button
	renewB    *button
	trackB    *button // "Track current token", on a profile without a current token
}

func (c *profileCard) buildUI() fyne.CanvasObject {
	c.expiry = newExpiryLine()
	c.healthL = widget.NewLabel("")
	c.healthL.Wrapping = fyne.TextWrapWord
	c.fillToken()

	id := c.p.ID
	c.editB = newButton(c.h.u, "Edit", theme.DocumentCreateIcon(), func() { c.h.onEdit(id) })
	c.editB.Importance = widget.LowImportance
	c.historyB = newButton(c.h.u, "History", theme.HistoryIcon(), func() { c.h.u.goHistory(id) })
	c.historyB.Importance = widget.LowImportance
	c.renewB = newButton(c.h.u, "Renew", theme.ViewRefreshIcon(), func() { c.h.onRenew(id) })
	c.renewB.Importance = widget.HighImportance

	lines := container.NewVBox(c.expiry.rt, c.healthL)
	if c.st.Renewal != nil {
		c.renewB.SetText("Continue")
		c.renewB.SetIcon(theme.MediaPlayIcon())
		c.progressL = widget.NewLabelWithStyle(c.progressText(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		c.progressL.Importance = widget.WarningImportance
		c.progressL.Wrapping = fyne.TextWrapWord
		lines.Add(c.progressL)
	}
	row := container.NewHBox(c.editB, c.historyB)
	if c.loadErr == nil && !c.st.Current && c.st.Renewal == nil {
		c.trackB = newButton(c.h.u, "Track current token", theme.ConfirmIcon(), func() { c.h.u.goTrack(id) })
		row.Add(c.trackB)
	}
	row.Add(c.renewB)
	buttons := container.NewCenter(row)
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

// fillToken sets the expiry, days-left and health lines from the profile's token.
func (c *profileCard) fillToken() {
	tok := c.st.Token
	switch {
	case c.loadErr != nil:
		c.expiry.set("The token history could not be read: "+c.loadErr.Error(), widget.DangerImportance, "", 0)
		return
	case tok == nil:
		c.expiry.set("No current token recorded. If Okta already uses one, track it so its reminders start now; "+
			"or Renew to get a new one.", widget.MediumImportance, "", 0)
		c.healthL.Hide()
		return
	}
	loc := c.now.Location()
	days := ""
	if c.st.HasExpiry {
		days = services.DaysText(c.st.DaysLeft, services.DaysLeft)
	}
	c.expiry.set("Token expires "+services.DateText(tok.ExpiresAt, loc, services.DateLong), widget.MediumImportance,
		days, urgencyImportance(c.st.Urgency))
	c.healthL.SetText(healthText(*tok, loc))
	if tok.HealthResult != "" && tok.HealthResult != string(services.ProbeOK) {
		c.healthL.Importance = widget.DangerImportance
	}
}

func (c *profileCard) progressText() string {
	open := c.st.Renewal
	since := services.DateText(open.StartedAt, c.now.Location(), services.DateTimeLong)
	text := fmt.Sprintf("Renewal in progress since %s (next: %s) — Continue", since,
		renewal.StepOf(open.State).String())
	if open.LastError != "" {
		text += ". It stopped on: " + services.MessageText(open.LastError)
	}
	return text
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
	segs := []widget.RichTextSegment{&widget.TextSegment{
		Text:  text,
		Style: widget.RichTextStyle{Inline: true, ColorName: importanceColor(textImp)},
	}}
	if days != "" {
		segs[0].(*widget.TextSegment).Text += " · "
		segs = append(segs, &widget.TextSegment{Text: days, Style: widget.RichTextStyle{
			Inline:    true,
			ColorName: importanceColor(daysImp), TextStyle: fyne.TextStyle{Bold: true},
		}})
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
	case t.DatesOnly():
		return "Tracked by its dates only, not verified: SCIM Renew does not hold this token, so no health check " +
			"runs until the next renewal."
	case t.HealthResult == string(services.ProbeOK):
		return "Last check passed on " + services.DateText(t.HealthAt, loc, services.DateLong) + ": the SCIM endpoint accepts the token."
	case t.HealthResult != "":
		return "Last check failed on " + services.DateText(t.HealthAt, loc, services.DateLong) + ": " + t.HealthMessage
	case !t.VerifiedAt.IsZero():
		return "Verified on " + services.DateText(t.VerifiedAt, loc, services.DateLong) + "; not checked since."
	}
	return "Not checked yet."
}
