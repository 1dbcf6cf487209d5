package renewal

import (
	"context"
	"testing"
	"time"
	_ "time/tzdata" // the test's time zone, whatever the machine has installed

	"scimrenew/store"
)

func TestVendorReminders(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal("no time zone data:", err)
	}
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 9, 0, 0, 0, loc) }
	for _, tc := range []struct {
		name             string
		created, expires time.Time
		months           int
		days             []int
		want             map[string]time.Time
	}{
		{
			"12-month token: 11 months after creation",
			time.Date(2025, 3, 10, 16, 30, 0, 0, loc), time.Date(2026, 3, 10, 16, 30, 0, 0, loc), 1,
			[]int{14, 7, 1},
			map[string]time.Time{"first": d(2026, 2, 10), "14d": d(2026, 2, 24), "7d": d(2026, 3, 3), "1d": d(2026, 3, 9), "expiry": d(2026, 3, 10)},
		},
		{
			"31 March clamps to the end of February",
			time.Date(2025, 3, 31, 8, 0, 0, 0, loc), time.Date(2026, 3, 31, 8, 0, 0, 0, loc), 1, nil,
			map[string]time.Time{"first": d(2026, 2, 28), "expiry": d(2026, 3, 31)},
		},
		{
			"a shorter-lived token: one month before expiry",
			time.Date(2025, 1, 15, 12, 0, 0, 0, loc), time.Date(2025, 7, 31, 12, 0, 0, 0, loc), 1,
			[]int{7},
			map[string]time.Time{"first": d(2025, 6, 30), "7d": d(2025, 7, 24), "expiry": d(2025, 7, 31)},
		},
		{
			"two months' lead",
			time.Date(2025, 5, 1, 0, 30, 0, 0, loc), time.Date(2026, 5, 1, 0, 30, 0, 0, loc), 2,
			[]int{90, 1},
			map[string]time.Time{"first": d(2026, 3, 1), "1d": d(2026, 4, 30), "expiry": d(2026, 5, 1)},
		},
		{
			"UTC instant on the previous local day",
			time.Date(2025, 6, 30, 23, 30, 0, 0, time.UTC), time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC), 1, nil,
			map[string]time.Time{"first": d(2026, 6, 1), "expiry": d(2026, 7, 1)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := store.Profile{RemindMonths: tc.months, RemindDays: tc.days}
			rs := VendorReminders(p, store.Token{ID: 7, CreatedAt: tc.created, ExpiresAt: tc.expires}, loc)
			if len(rs) != len(tc.want) {
				t.Fatalf("got %d reminders %+v, want %d", len(rs), rs, len(tc.want))
			}
			for i, r := range rs {
				if w, ok := tc.want[r.Kind]; !ok || !r.DueAt.Equal(w) || r.TokenID != 7 {
					t.Errorf("%s due %v, want %v", r.Kind, r.DueAt, w)
				}
				if i > 0 && r.DueAt.Before(rs[i-1].DueAt) {
					t.Errorf("reminders out of order: %v", rs)
				}
			}
		})
	}
}

func TestVendorRuleSchedulesThroughTheStore(t *testing.T) {
	f := newFixture(t, true)
	f.addToken(store.TokenCurrent)
	cur, err := f.st.CurrentToken(f.ctx, f.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := VendorRule{Store: f.st}
	for i := 0; i < 2; i++ { // scheduling twice (a resumed finish) replaces, never duplicates
		if err := v.Schedule(context.Background(), f.p, cur); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := f.st.TokenReminders(f.ctx, cur.ID)
	if err != nil || len(rs) != 5 {
		t.Fatalf("reminders %+v, %v", rs, err)
	}
	next, err := f.st.NextReminder(f.ctx, f.p.ID)
	if err != nil || next.Kind != "first" || next.DueAt.Hour() != ReminderHour {
		t.Fatalf("next %+v, %v", next, err)
	}
}
