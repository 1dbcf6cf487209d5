package reminders

import (
	"fmt"
	"slices"
	"time"

	"scimrenew/store"
)

// Reminder kinds. A day reminder's kind is DayKind(n), e.g. "7d".
const (
	KindFirst  = "first"  // the vendor's rule: 11 months after creation, or RemindMonths before expiry
	KindExpiry = "expiry" // the day the token expires
)

// vendorMonths is the vendor's advice: renew 11 months after creating a 12-month token.
const vendorMonths = 11

// remindHour is the local hour at which every reminder falls.
const remindHour = 9

// DayKind names the reminder n days before expiry.
func DayKind(n int) string { return fmt.Sprintf("%dd", n) }

// AddMonthsClamped adds calendar months to t, clamping the day to the target month's last day: 31 January
// plus one month is 28 (or 29) February, where time.AddDate would overflow into March. The clock time and
// location are kept.
func AddMonthsClamped(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	if last := daysIn(y, m+time.Month(months)); d > last {
		d = last
	}
	return time.Date(y, m+time.Month(months), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// daysIn is the number of days of month m of year y; m may be outside 1..12 (time.Date normalises it).
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// atRemindHour is 09:00 on t's calendar date in loc; day shifts the date by whole calendar days, so a
// daylight-saving change in between never moves the hour.
func atRemindHour(t time.Time, day int, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+day, remindHour, 0, 0, 0, loc)
}

// Schedule returns a token's reminders, by due time: the first reminder (the earlier of created + 11
// calendar months and expiry − p.RemindMonths calendar months), then p.RemindDays days before expiry,
// then the expiry day itself, each at 09:00 on the local calendar date in loc (time.Local when nil).
// Reminders that would fall before the token was created or after it expires are left out (the expiry
// reminder excepted), and of two on the same date only the more urgent is kept. An already-expired
// token still gets its reminders: they are all due, and the due check turns them into one notification.
// Schedule is pure: it reads no clock.
func Schedule(p store.Profile, t store.Token, loc *time.Location) []store.Reminder {
	if t.ExpiresAt.IsZero() {
		return nil
	}
	if loc == nil {
		loc = time.Local
	}
	cands := candidates(p, t, loc)
	out := make([]store.Reminder, 0, len(cands))
	for _, c := range cands {
		if c.Kind != KindExpiry && !c.DueAt.Before(t.ExpiresAt) {
			continue
		}
		if c.Kind != KindExpiry && !t.CreatedAt.IsZero() && !c.DueAt.After(t.CreatedAt) {
			continue
		}
		out = append(out, c)
	}
	// Candidates run from least to most urgent; a stable sort keeps that order among equal dates, so the
	// last of a run of equal dates is the one to keep.
	slices.SortStableFunc(out, func(a, b store.Reminder) int { return a.DueAt.Compare(b.DueAt) })
	kept := out[:0]
	for i, r := range out {
		if i+1 < len(out) && out[i+1].DueAt.Equal(r.DueAt) {
			continue
		}
		kept = append(kept, r)
	}
	return kept
}

// candidates lists every reminder the profile's settings ask for, least urgent first.
func candidates(p store.Profile, t store.Token, loc *time.Location) []store.Reminder {
	exp := t.ExpiresAt.In(loc)
	months := p.RemindMonths
	if months <= 0 {
		months = store.DefaultRemindMonths
	}
	first := AddMonthsClamped(atRemindHour(exp, 0, loc), -months)
	if !t.CreatedAt.IsZero() {
		if c := AddMonthsClamped(atRemindHour(t.CreatedAt, 0, loc), vendorMonths); c.Before(first) {
			first = c
		}
	}
	rs := []store.Reminder{{TokenID: t.ID, Kind: KindFirst, DueAt: first}}
	for _, n := range leadDays(p.RemindDays) {
		rs = append(rs, store.Reminder{TokenID: t.ID, Kind: DayKind(n), DueAt: atRemindHour(exp, -n, loc)})
	}
	return append(rs, store.Reminder{TokenID: t.ID, Kind: KindExpiry, DueAt: atRemindHour(exp, 0, loc)})
}

// leadDays returns the positive lead times, largest first, without repeats; nil means the defaults.
func leadDays(days []int) []int {
	if days == nil {
		days = store.DefaultRemindDays
	}
	out := make([]int, 0, len(days))
	for _, d := range days {
		if d > 0 && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out
}
