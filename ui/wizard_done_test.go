package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"scimrenew/reminders"
	"scimrenew/sandbox"
	"scimrenew/store"
)

// The Done panel lists the reminder days as the schedule keeps them, each with its own unit.
func TestRemindDaysText(t *testing.T) {
	for _, c := range []struct {
		days []int
		want string
	}{
		{[]int{14, 7, 1}, "14 days, 7 days and 1 day before it expires, and on the day"},
		{[]int{1}, "1 day before it expires, and on the day"},
		{[]int{30}, "30 days before it expires, and on the day"},
		{[]int{1, 7, 7, 0}, "7 days and 1 day before it expires, and on the day"},
		{[]int{0}, "on the day it expires"},
		{[]int{}, "on the day it expires"},
	} {
		if got := remindDaysText(store.Profile{RemindDays: c.days}); got != c.want {
			t.Errorf("remindDaysText(%v) = %q, want %q", c.days, got, c.want)
		}
	}
}

// Done offers the calendar export at the moment the renewal is fresh: one tap writes the new token's
// reminder dates to an .ics file and opens it.
func TestWizardDoneAddsTheNewTokenToTheCalendar(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home) // Windows' home
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	wz := w.renew(p)
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	tok := w.current(p.ID)

	test.Tap(wz.done.calendarB)
	w.until(wz, "the calendar file to open", func() bool {
		return wz.done.calendarL.Visible() && strings.Contains(wz.done.calendarL.Text, "and opened it")
	})
	path := filepath.Join(home, reminders.ICSFileName(p))
	if !strings.Contains(wz.done.calendarL.Text, path) || wz.done.calendarB.Disabled() {
		t.Fatalf("Done says %q (button disabled: %v), want it to name %s", wz.done.calendarL.Text, wz.done.calendarB.Disabled(), path)
	}
	if got := w.lastOpened(); got != "file://"+fileURLPath(path) {
		t.Fatalf("opened %q, want the calendar file", got)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := w.sb.Store.TokenReminders(context.Background(), tok.ID)
	if err != nil || len(rs) == 0 {
		t.Fatalf("the new token has no reminders: %v", err)
	}
	if n := strings.Count(string(b), "BEGIN:VEVENT\r\n"); n != len(rs) {
		t.Fatalf("the calendar holds %d events for the new token's %d reminders", n, len(rs))
	}
}
