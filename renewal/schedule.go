package renewal

import (
	"context"
	"fmt"
	"time"

	"scimrenew/hub"
	"scimrenew/store"
)

// ReminderStore is what VendorRule needs of the database; *store.Store implements it.
type ReminderStore interface {
	ReplaceReminders(ctx context.Context, tokenID int64, rs []store.Reminder) error
}

// VendorRule is the fallback Scheduler until package reminders provides the full one: the vendor's rule
// (the first reminder 11 calendar months after creation, i.e. one month before a 12-month expiry), then
// the profile's escalation days and the expiry day itself, each at 09:00 local time.
type VendorRule struct {
	Store ReminderStore
	// Location is the user's time zone for the 09:00 rule; nil means time.Local.
	Location *time.Location
}

// ReminderHour is the local hour at which reminders fall due.
const ReminderHour = 9

// Schedule replaces the token's reminders with the vendor's rule.
func (v VendorRule) Schedule(ctx context.Context, p store.Profile, t store.Token) error {
	return v.Store.ReplaceReminders(ctx, t.ID, VendorReminders(p, t, v.Location))
}

// VendorReminders computes the vendor-rule reminders of a token: "first" on the earlier of created +
// (12 − RemindMonths) calendar months and expiry − RemindMonths calendar months (clamped to the month's
// last day), then "<n>d" for each of the profile's RemindDays before expiry, and "expiry" on the expiry
// date; all at 09:00 in loc (nil: time.Local), in date order.
func VendorReminders(p store.Profile, t store.Token, loc *time.Location) []store.Reminder {
	if loc == nil {
		loc = time.Local
	}
	months := p.RemindMonths
	if months <= 0 {
		months = store.DefaultRemindMonths
	}
	first := hub.AddMonths(t.CreatedAt.In(loc), hub.TokenLifetimeMonths-months)
	expires := t.ExpiresAt.In(loc)
	if !t.ExpiresAt.IsZero() {
		if b := hub.AddMonths(expires, -months); b.Before(first) {
			first = b
		}
	}
	out := []store.Reminder{{TokenID: t.ID, Kind: "first", DueAt: atHour(first, loc)}}
	if t.ExpiresAt.IsZero() {
		return out
	}
	y, m, d := expires.Date()
	for _, n := range p.RemindDays {
		if n <= 0 {
			continue
		}
		due := time.Date(y, m, d-n, ReminderHour, 0, 0, 0, loc)
		if due.After(out[0].DueAt) {
			out = append(out, store.Reminder{TokenID: t.ID, Kind: fmt.Sprintf("%dd", n), DueAt: due})
		}
	}
	out = append(out, store.Reminder{TokenID: t.ID, Kind: "expiry", DueAt: atHour(expires, loc)})
	sortByDue(out)
	return out
}

func atHour(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, ReminderHour, 0, 0, 0, loc)
}

func sortByDue(rs []store.Reminder) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].DueAt.Before(rs[j-1].DueAt); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}
