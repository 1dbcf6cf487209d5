package reminders

import (
	"strings"
	"testing"
	"time"

	"scimrenew/store"
)

func TestMessage(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	exp := date(berlin, 2026, 3, 12, 15, 0)
	cases := []struct {
		now         time.Time
		title, body string
	}{
		{
			date(berlin, 2026, 3, 5, 9, 0), "Acme: SCIM token expires in 7 days",
			"QorusDocs SCIM token for Acme expires in 7 days (12 Mar). Open SCIM Renew to renew.",
		},
		{
			date(berlin, 2026, 3, 11, 9, 0), "Acme: SCIM token expires tomorrow",
			"QorusDocs SCIM token for Acme expires tomorrow (12 Mar). Open SCIM Renew to renew.",
		},
		{
			date(berlin, 2026, 3, 12, 9, 0), "Acme: SCIM token expires today at 15:00",
			"QorusDocs SCIM token for Acme expires today at 15:00 (12 Mar). Open SCIM Renew to renew.",
		},
		{
			date(berlin, 2026, 3, 12, 15, 0), "Acme: SCIM token expired",
			"QorusDocs SCIM token for Acme expired on 12 Mar; Okta can no longer provision users to QorusDocs. Open SCIM Renew to renew.",
		},
		{
			date(berlin, 2025, 12, 20, 9, 0), "Acme: SCIM token expires in 82 days",
			"QorusDocs SCIM token for Acme expires in 82 days (12 Mar 2026). Open SCIM Renew to renew.",
		},
	}
	for _, c := range cases {
		title, body := Message(store.Reminder{ProfileName: "Acme", TokenExpiresAt: exp}, c.now)
		if title != c.title || body != c.body {
			t.Errorf("at %v:\n got %q / %q\nwant %q / %q", c.now, title, body, c.title, c.body)
		}
	}
	// 7 days across the spring clock change (29 March) are still 7 days, though only 167 hours.
	title, _ := Message(store.Reminder{ProfileName: "Acme", TokenExpiresAt: date(berlin, 2026, 4, 2, 8, 0)}, date(berlin, 2026, 3, 26, 9, 0))
	if title != "Acme: SCIM token expires in 7 days" {
		t.Errorf("across the clock change: %q", title)
	}
	// The calendar is now's: 23:30 UTC on 11 March is already 12 March in Berlin.
	_, body := Message(store.Reminder{ProfileName: "Acme", TokenExpiresAt: exp}, time.Date(2026, 3, 11, 23, 30, 0, 0, time.UTC).In(berlin))
	if !strings.Contains(body, "expires today") {
		t.Errorf("Berlin's calendar not used: %q", body)
	}
}

func TestDaysLeftAcrossDST(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	newYork := mustLoc(t, "America/New_York")
	cases := []struct {
		exp, now time.Time
		want     int
	}{
		{date(berlin, 2025, 3, 31, 0, 30), date(berlin, 2025, 3, 29, 23, 0), 2},  // 23 h and a half: two dates
		{date(berlin, 2025, 4, 2, 9, 0), date(berlin, 2025, 3, 26, 9, 0), 7},     // 167 hours
		{date(newYork, 2025, 11, 5, 9, 0), date(newYork, 2025, 10, 29, 9, 0), 7}, // 169 hours
		{date(berlin, 2025, 4, 2, 9, 0), date(berlin, 2025, 4, 2, 23, 59), 0},
		{date(berlin, 2025, 4, 2, 9, 0), date(berlin, 2025, 4, 5, 8, 0), -3},
	}
	for _, c := range cases {
		if got := DaysLeft(c.exp, c.now); got != c.want {
			t.Errorf("DaysLeft(%v, %v) = %d; want %d", c.exp, c.now, got, c.want)
		}
	}
}

func TestUrgency(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	exp := date(berlin, 2026, 3, 15, 10, 0)
	def := store.Profile{}
	cases := []struct {
		name string
		p    store.Profile
		now  time.Time
		want Level
	}{
		{"two months ahead", def, date(berlin, 2026, 1, 15, 12, 0), LevelOK},
		{"the evening before the first reminder's day", def, date(berlin, 2026, 2, 14, 23, 0), LevelOK},
		{"the first reminder's day", def, date(berlin, 2026, 2, 15, 0, 0), LevelWarning},
		{"8 days left", def, date(berlin, 2026, 3, 7, 23, 59), LevelWarning},
		{"7 days left", def, date(berlin, 2026, 3, 8, 0, 0), LevelCritical},
		{"expiry day", def, date(berlin, 2026, 3, 15, 9, 59), LevelCritical},
		{"expired", def, date(berlin, 2026, 3, 15, 10, 0), LevelCritical},
		{"long day lead time widens the warning", store.Profile{RemindDays: []int{60, 7}}, date(berlin, 2026, 1, 14, 8, 0), LevelWarning},
		{"before a 60-day lead time", store.Profile{RemindDays: []int{60, 7}}, date(berlin, 2026, 1, 13, 23, 0), LevelOK},
		{"two-month first reminder", store.Profile{RemindMonths: 2}, date(berlin, 2026, 1, 15, 0, 0), LevelWarning},
	}
	for _, c := range cases {
		if got := Urgency(exp, c.now, c.p); got != c.want {
			t.Errorf("%s: Urgency = %v; want %v", c.name, got, c.want)
		}
	}
	if got := Urgency(time.Time{}, time.Now(), def); got != LevelOK {
		t.Errorf("unknown expiry: %v", got)
	}
	for l, s := range map[Level]string{LevelOK: "ok", LevelWarning: "warning", LevelCritical: "critical", Level(9): "unknown"} {
		if l.String() != s {
			t.Errorf("Level(%d).String() = %q", l, l.String())
		}
	}
}
