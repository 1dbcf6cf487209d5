package reminders

import (
	"slices"
	"time"

	"scimrenew/store"
)

// Level is how urgently a token needs renewing; the UI colours and the CLI's status exit codes follow it.
type Level int

// The urgency levels, in increasing urgency.
const (
	LevelOK       Level = iota // nothing to do yet
	LevelWarning               // inside the first reminder's lead time
	LevelCritical              // 7 days or fewer left, or expired
)

// criticalDays is the number of calendar days left at and below which a token is critical.
const criticalDays = 7

// String names the level in lower case ("ok", "warning", "critical").
func (l Level) String() string {
	switch l {
	case LevelOK:
		return "ok"
	case LevelWarning:
		return "warning"
	case LevelCritical:
		return "critical"
	}
	return "unknown"
}

// Urgency says how urgent renewing a token that expires at expires is at now: critical when it has
// expired or 7 calendar days or fewer are left, a warning once the profile's first reminder lead time
// (RemindMonths calendar months, or its longest RemindDays if that is longer) has begun, else OK. Days
// are counted on the calendar of now's location. A zero expires is OK: nothing is known to expire.
func Urgency(expires, now time.Time, p store.Profile) Level {
	if expires.IsZero() {
		return LevelOK
	}
	if !now.Before(expires) || DaysLeft(expires, now) <= criticalDays {
		return LevelCritical
	}
	months := p.RemindMonths
	if months <= 0 {
		months = store.DefaultRemindMonths
	}
	local := expires.In(now.Location())
	start := AddMonthsClamped(local, -months)
	if days := leadDays(p.RemindDays); len(days) > 0 {
		if d := time.Date(local.Year(), local.Month(), local.Day()-slices.Max(days), 0, 0, 0, 0, now.Location()); d.Before(start) {
			start = d
		}
	}
	start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, now.Location())
	if !now.Before(start) {
		return LevelWarning
	}
	return LevelOK
}

// DaysLeft counts the calendar days from now's date to expires' date, both on the calendar of now's
// location: 0 on the day of expiry, negative after it.
func DaysLeft(expires, now time.Time) int {
	ey, em, ed := expires.In(now.Location()).Date()
	ny, nm, nd := now.Date()
	// Whole days between two UTC midnights are exact: UTC has no daylight-saving changes.
	a := time.Date(ey, em, ed, 0, 0, 0, 0, time.UTC)
	b := time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)
	return int(a.Sub(b) / (24 * time.Hour))
}
