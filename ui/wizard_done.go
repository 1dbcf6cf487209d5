package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/renewal"
	"scimrenew/services"
	"scimrenew/store"
)

// donePanel is the end of a renewal: when the new token expires, how many days that is, and when
// the first reminder comes.
type donePanel struct {
	w         *wizardScreen
	sum       renewal.Summary
	profile   store.Profile
	expiry    *expiryLine
	methodL   *widget.Label
	reminderL *widget.Label
	homeB     *button
	historyB  *button
	calendarB *button
	calendarL *widget.Label // what Add to calendar did: where the file is, or why it failed
}

// showDone shows the summary; sum is nil when the run that finished did not return one.
func (w *wizardScreen) showDone(sum *renewal.Summary) {
	d := &donePanel{w: w, profile: w.sess.Profile()}
	if sum != nil {
		d.sum = *sum
	} else {
		d.sum = w.summaryFromStore()
	}
	d.expiry = newExpiryLine()
	d.methodL = wrapped("")
	d.reminderL = wrapped("")
	d.homeB = newButton(w.u, "Back to profiles", theme.HomeIcon(), w.u.home)
	d.homeB.Importance = widget.HighImportance
	id := w.profileID
	d.historyB = newButton(w.u, "History", theme.HistoryIcon(), func() { w.u.goHistory(id) })
	d.calendarB = newButton(w.u, "Add to calendar", theme.CalendarIcon(), d.onCalendar)
	d.calendarL = wrapped("")
	d.calendarL.Hide()
	d.fill()
	title := panelTitle("Renewal complete")
	title.Importance = widget.SuccessImportance
	box := container.NewVBox(title, d.expiry.rt, d.methodL, d.reminderL)
	if len(d.sum.Warnings) > 0 {
		warn := wrapped(joinSentences(d.sum.Warnings))
		warn.Importance = widget.WarningImportance
		box.Add(warn)
	}
	box.Add(container.NewHBox(d.homeB, d.historyB, d.calendarB))
	box.Add(d.calendarL)
	w.setStep(renewal.StepDone)
	w.setPanel(box, d.homeB)
	w.done = d
	w.u.notice("Token renewed")
}

// onCalendar writes the new token's reminder dates to an .ics file and opens it, as the history's
// button does, so a calendar reminder is one tap away at the moment the renewal is fresh in mind.
func (d *donePanel) onCalendar() {
	d.calendarB.Disable()
	d.w.u.addToCalendar(d.profile, func(msg string, imp widget.Importance) {
		d.calendarB.Enable()
		d.calendarL.SetText(msg)
		d.calendarL.Importance = imp
		d.calendarL.Show()
		d.calendarL.Refresh()
	})
}

// summaryFromStore rebuilds the summary from the profile's status (a run that did not go through
// Finish): its current token, now the new one, and its next reminder.
func (w *wizardScreen) summaryFromStore() renewal.Summary {
	var sum renewal.Summary
	st, err := w.u.deps.Services.Status(context.Background(), w.profileID)
	if err != nil {
		w.u.deps.Log.Warn("cannot read the new token's record", "err", err)
		return sum
	}
	if st.Token != nil {
		sum.Token = *st.Token
	}
	if st.NextReminder != nil {
		sum.NextReminder = st.NextReminder.DueAt
	}
	return sum
}

// fill writes the dates as of now (the sandbox's clock may jump), with the days left as the home card
// counts them.
func (d *donePanel) fill() {
	now, t := d.w.u.deps.Now(), d.sum.Token
	loc := now.Location()
	days, imp := "", widget.MediumImportance
	if st, err := d.w.u.deps.Services.Status(context.Background(), d.profile.ID); err == nil && st.HasExpiry &&
		st.Token.ID == t.ID {
		days, imp = services.DaysText(st.DaysLeft, services.DaysLeft), urgencyImportance(st.Urgency)
	}
	d.expiry.set("The new token expires "+services.DateText(t.ExpiresAt, loc, services.DateLong), widget.MediumImportance,
		days, imp)
	if t.InstallMethod == store.InstallAPI {
		d.methodL.SetText("Okta took it through its API, and the app's provisioning connection reads ENABLED.")
	} else {
		d.methodL.SetText("You saved it on the Okta app's Provisioning tab.")
	}
	if d.sum.NextReminder.IsZero() {
		d.reminderL.SetText("No reminder is scheduled for it: set the lead times in Settings.")
		return
	}
	d.reminderL.SetText("Next reminder: " + services.DateText(d.sum.NextReminder, loc, services.DateTimeLong) +
		". Then SCIM Renew reminds you " + remindDaysText(d.profile) + ".")
}

// remindDaysText lists the escalation reminders of a profile as the schedule keeps them (lead times
// above zero, each once, largest first), each with its own unit: "14 days, 7 days and 1 day".
func remindDaysText(p store.Profile) string {
	var days []int
	for _, n := range p.RemindDays {
		if n > 0 && !slices.Contains(days, n) {
			days = append(days, n)
		}
	}
	if len(days) == 0 {
		return "on the day it expires"
	}
	slices.Sort(days)
	slices.Reverse(days)
	parts := make([]string, len(days))
	for i, n := range days {
		parts[i] = strconv.Itoa(n) + " days"
		if n == 1 {
			parts[i] = "1 day"
		}
	}
	list := parts[len(parts)-1]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + list
	}
	return list + " before it expires, and on the day"
}
