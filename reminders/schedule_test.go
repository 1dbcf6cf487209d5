package reminders

import (
	"testing"
	"time"

	"scimrenew/store"
)

func TestAddMonthsClamped(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	cases := []struct {
		in     time.Time
		months int
		want   time.Time
	}{
		{date(time.UTC, 2025, 1, 31, 9, 0), 1, date(time.UTC, 2025, 2, 28, 9, 0)}, // AddDate gives 3 March
		{date(time.UTC, 2024, 1, 31, 9, 0), 1, date(time.UTC, 2024, 2, 29, 9, 0)},
		{date(time.UTC, 2024, 2, 29, 9, 0), 12, date(time.UTC, 2025, 2, 28, 9, 0)},
		{date(time.UTC, 2024, 2, 29, 9, 0), -12, date(time.UTC, 2023, 2, 28, 9, 0)},
		{date(time.UTC, 2024, 2, 29, 9, 0), 48, date(time.UTC, 2028, 2, 29, 9, 0)},
		{date(time.UTC, 2025, 3, 31, 9, 0), -1, date(time.UTC, 2025, 2, 28, 9, 0)},
		{date(time.UTC, 2025, 12, 31, 9, 0), 2, date(time.UTC, 2026, 2, 28, 9, 0)},
		{date(time.UTC, 2025, 5, 31, 9, 0), -13, date(time.UTC, 2024, 4, 30, 9, 0)},
		{date(time.UTC, 2025, 1, 15, 9, 0), 0, date(time.UTC, 2025, 1, 15, 9, 0)},
		{date(time.UTC, 2025, 1, 31, 9, 0), 11, date(time.UTC, 2025, 12, 31, 9, 0)},
		{date(time.UTC, 2025, 3, 31, 9, 0), 11, date(time.UTC, 2026, 2, 28, 9, 0)},
		// The clock time stays put across a daylight-saving change: 10:00 CET to 10:00 CEST.
		{date(berlin, 2025, 3, 10, 10, 0), 1, date(berlin, 2025, 4, 10, 10, 0)},
	}
	for _, c := range cases {
		got := AddMonthsClamped(c.in, c.months)
		if !got.Equal(c.want) || got.Location() != c.want.Location() {
			t.Errorf("AddMonthsClamped(%v, %d) = %v; want %v", c.in, c.months, got, c.want)
		}
	}
}

func TestSchedule(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	newYork := mustLoc(t, "America/New_York")
	def := store.Profile{Name: "Acme"} // zero lead times mean the defaults: 1 month, then 14, 7 and 1 days
	cases := []struct {
		name             string
		p                store.Profile
		loc              *time.Location
		created, expires time.Time
		want             string
	}{
		{
			"created 31 January", def, berlin,
			date(berlin, 2025, 1, 31, 10, 0), date(berlin, 2026, 1, 31, 10, 0),
			"first@2025-12-31T09:00+01:00 14d@2026-01-17T09:00+01:00 7d@2026-01-24T09:00+01:00 1d@2026-01-30T09:00+01:00 expiry@2026-01-31T09:00+01:00",
		},
		{
			"created 31 March: first clamped to 28 February", def, berlin,
			date(berlin, 2025, 3, 31, 10, 0), date(berlin, 2026, 3, 31, 10, 0),
			"first@2026-02-28T09:00+01:00 14d@2026-03-17T09:00+01:00 7d@2026-03-24T09:00+01:00 1d@2026-03-30T09:00+02:00 expiry@2026-03-31T09:00+02:00",
		},
		{
			"created 31 January, expires 29 February of a leap year", def, berlin,
			date(berlin, 2024, 1, 31, 10, 0), date(berlin, 2024, 2, 29, 10, 0),
			"14d@2024-02-15T09:00+01:00 7d@2024-02-22T09:00+01:00 1d@2024-02-28T09:00+01:00 expiry@2024-02-29T09:00+01:00",
		},
		{
			"created 29 February, 12 months", def, berlin,
			date(berlin, 2024, 2, 29, 8, 0), date(berlin, 2025, 2, 28, 8, 0),
			"first@2025-01-28T09:00+01:00 14d@2025-02-14T09:00+01:00 7d@2025-02-21T09:00+01:00 1d@2025-02-27T09:00+01:00 expiry@2025-02-28T09:00+01:00",
		},
		{
			"created 29 February, 366 days: created + 11 months is earlier", def, berlin,
			date(berlin, 2024, 2, 29, 8, 0), date(berlin, 2025, 3, 1, 8, 0),
			"first@2025-01-29T09:00+01:00 14d@2025-02-15T09:00+01:00 7d@2025-02-22T09:00+01:00 1d@2025-02-28T09:00+01:00 expiry@2025-03-01T09:00+01:00",
		},
		{
			"6-month token", def, berlin,
			date(berlin, 2025, 3, 15, 12, 0), date(berlin, 2025, 9, 15, 12, 0),
			"first@2025-08-15T09:00+02:00 14d@2025-09-01T09:00+02:00 7d@2025-09-08T09:00+02:00 1d@2025-09-14T09:00+02:00 expiry@2025-09-15T09:00+02:00",
		},
		{
			"Berlin: clocks go forward on 30 March between 7d and 1d", def, berlin,
			date(berlin, 2024, 4, 2, 10, 0), date(berlin, 2025, 4, 2, 10, 0),
			"first@2025-03-02T09:00+01:00 14d@2025-03-19T09:00+01:00 7d@2025-03-26T09:00+01:00 1d@2025-04-01T09:00+02:00 expiry@2025-04-02T09:00+02:00",
		},
		{
			"New York: clocks go back on 2 November between 7d and 1d", def, newYork,
			date(newYork, 2024, 11, 5, 9, 30), date(newYork, 2025, 11, 5, 9, 30),
			"first@2025-10-05T09:00-04:00 14d@2025-10-22T09:00-04:00 7d@2025-10-29T09:00-04:00 1d@2025-11-04T09:00-05:00 expiry@2025-11-05T09:00-05:00",
		},
		{
			"dates are the user's local dates, not UTC's", def, mustLoc(t, "Pacific/Auckland"),
			time.Date(2024, 6, 30, 22, 0, 0, 0, time.UTC), time.Date(2025, 6, 30, 22, 0, 0, 0, time.UTC), // 1 July, 10:00 NZST
			"first@2025-06-01T09:00+12:00 14d@2025-06-17T09:00+12:00 7d@2025-06-24T09:00+12:00 1d@2025-06-30T09:00+12:00 expiry@2025-07-01T09:00+12:00",
		},
		{
			"already expired: every reminder, all in the past", def, berlin,
			date(berlin, 2023, 1, 10, 10, 0), date(berlin, 2024, 1, 10, 10, 0),
			"first@2023-12-10T09:00+01:00 14d@2023-12-27T09:00+01:00 7d@2024-01-03T09:00+01:00 1d@2024-01-09T09:00+01:00 expiry@2024-01-10T09:00+01:00",
		},
		{
			"9-day token: nothing before it was created", def, berlin,
			date(berlin, 2025, 5, 1, 10, 0), date(berlin, 2025, 5, 10, 10, 0),
			"7d@2025-05-03T09:00+02:00 1d@2025-05-09T09:00+02:00 expiry@2025-05-10T09:00+02:00",
		},
		{
			"7-day token created after 09:00: the 7d reminder would precede it", def, berlin,
			date(berlin, 2025, 5, 3, 10, 0), date(berlin, 2025, 5, 10, 10, 0),
			"1d@2025-05-09T09:00+02:00 expiry@2025-05-10T09:00+02:00",
		},
		{
			"expires before 09:00: the expiry reminder still comes that day", def, berlin,
			date(berlin, 2024, 6, 10, 0, 30), date(berlin, 2025, 6, 10, 0, 30),
			"first@2025-05-10T09:00+02:00 14d@2025-05-27T09:00+02:00 7d@2025-06-03T09:00+02:00 1d@2025-06-09T09:00+02:00 expiry@2025-06-10T09:00+02:00",
		},
		{
			"custom lead times: repeats, zero and negative days dropped",
			store.Profile{RemindMonths: 2, RemindDays: []int{7, 31, 7, 0, -3}},
			berlin,
			date(berlin, 2024, 7, 31, 12, 0), date(berlin, 2025, 7, 31, 12, 0),
			"first@2025-05-31T09:00+02:00 31d@2025-06-30T09:00+02:00 7d@2025-07-24T09:00+02:00 expiry@2025-07-31T09:00+02:00",
		},
		{
			"first and 31d on the same date: the more urgent is kept",
			store.Profile{RemindDays: []int{31, 1}},
			berlin,
			date(berlin, 2024, 7, 31, 12, 0), date(berlin, 2025, 7, 31, 12, 0),
			"31d@2025-06-30T09:00+02:00 1d@2025-07-30T09:00+02:00 expiry@2025-07-31T09:00+02:00",
		},
		{
			"no day reminders configured",
			store.Profile{RemindDays: []int{}},
			berlin,
			date(berlin, 2024, 7, 31, 12, 0), date(berlin, 2025, 7, 31, 12, 0),
			"first@2025-06-30T09:00+02:00 expiry@2025-07-31T09:00+02:00",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := store.Token{ID: 42, CreatedAt: c.created, ExpiresAt: c.expires}
			rs := Schedule(c.p, tok, c.loc)
			if got := kinds(rs); got != c.want {
				t.Fatalf("Schedule =\n  %s\nwant\n  %s", got, c.want)
			}
			for i, r := range rs {
				local := r.DueAt.In(c.loc)
				if local.Hour() != 9 || local.Minute() != 0 || r.TokenID != 42 {
					t.Errorf("%s at %v (token %d); want 09:00 local, token 42", r.Kind, local, r.TokenID)
				}
				if i > 0 && !rs[i-1].DueAt.Before(r.DueAt) {
					t.Errorf("%s not after %s", r.Kind, rs[i-1].Kind)
				}
			}
		})
	}
}

func TestScheduleEdges(t *testing.T) {
	if rs := Schedule(store.Profile{}, store.Token{CreatedAt: time.Now()}, time.UTC); rs != nil {
		t.Errorf("a token with no known expiry got reminders: %s", kinds(rs))
	}
	// No creation time (an imported token): the expiry rule alone decides the first reminder.
	exp := date(time.UTC, 2026, 3, 31, 12, 0)
	rs := Schedule(store.Profile{}, store.Token{ExpiresAt: exp}, nil)
	if len(rs) != 5 || rs[0].Kind != KindFirst || !rs[0].DueAt.Equal(AddMonthsClamped(date(time.Local, 2026, 3, 31, 9, 0), -1)) {
		t.Errorf("without a creation time: %s", kinds(rs))
	}
}

func FuzzSchedule(f *testing.F) {
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland", "Australia/Lord_Howe", "Asia/Kolkata"}
	f.Add(int64(1738314000), int64(365*24*3600), 1, 14, 7, uint8(1))     // 31 Jan 2025, 12 months
	f.Add(int64(1709193600), int64(366*24*3600), 1, 14, 7, uint8(2))     // 29 Feb 2024
	f.Add(int64(1742860800), int64(9*24*3600), 2, 31, 0, uint8(3))       // 9 days
	f.Add(int64(1700000000), int64(-5*24*3600), 0, -1, 400, uint8(4))    // expiry before creation
	f.Add(int64(1711846800), int64(184*24*3600+1800), 3, 1, 1, uint8(5)) // half-hour DST zone
	f.Fuzz(func(t *testing.T, created, life int64, months, d1, d2 int, zone uint8) {
		if created < 0 || created > 4e9 || life < -1e9 || life > 3e9 || months < -24 || months > 24 {
			return
		}
		loc, err := time.LoadLocation(zones[int(zone)%len(zones)])
		if err != nil {
			t.Skip(err)
		}
		d1, d2 = d1%1000, d2%1000
		tok := store.Token{CreatedAt: time.Unix(created, 0), ExpiresAt: time.Unix(created+life, 0)}
		rs := Schedule(store.Profile{RemindMonths: months, RemindDays: []int{d1, d2}}, tok, loc)
		if len(rs) == 0 || len(rs) > 4 || rs[len(rs)-1].Kind != KindExpiry {
			t.Fatalf("schedule %s", kinds(rs))
		}
		checkScheduleInvariants(t, tok, rs, loc)
		exp := tok.ExpiresAt.In(loc)
		shifted := AddMonthsClamped(exp, months)
		if got, want := shifted.Year()*12+int(shifted.Month()), exp.Year()*12+int(exp.Month())+months; got != want || shifted.Day() > exp.Day() {
			t.Fatalf("AddMonthsClamped(%v, %d) = %v", exp, months, shifted)
		}
	})
}

// checkScheduleInvariants checks what must hold of every schedule: 09:00 local, ascending, the expiry
// reminder on the expiry date, every other one within the token's life.
func checkScheduleInvariants(t *testing.T, tok store.Token, rs []store.Reminder, loc *time.Location) {
	t.Helper()
	exp := tok.ExpiresAt.In(loc)
	for i, r := range rs {
		local := r.DueAt.In(loc)
		if local.Hour() != remindHour { // 09:00 exists on every date in the fuzzed zones
			t.Fatalf("%s at %v", r.Kind, local)
		}
		if i > 0 && !rs[i-1].DueAt.Before(r.DueAt) {
			t.Fatalf("not ascending: %s", kinds(rs))
		}
		if r.Kind == KindExpiry {
			if !sameDay(local, exp) {
				t.Fatalf("expiry reminder on %v for expiry %v", local, exp)
			}
			continue
		}
		if !r.DueAt.After(tok.CreatedAt) || !r.DueAt.Before(tok.ExpiresAt) {
			t.Fatalf("%s at %v outside the token's life %v–%v", r.Kind, r.DueAt, tok.CreatedAt, tok.ExpiresAt)
		}
	}
}
