package reminders

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"

	"scimrenew/store"
)

// icsProductID is the calendar's PRODID (RFC 5545 §3.7.3).
const icsProductID = "-//SCIM Renew//Token reminders//EN"

// icsUIDDomain ends every event UID, making them globally unique (RFC 5545 §3.8.4.7).
const icsUIDDomain = "@scimrenew.io"

// ErrNoReminders reports an export asked for with no reminder dates.
var ErrNoReminders = errors.New("reminders: there are no reminder dates to put in a calendar file")

// ExportICS writes an RFC 5545 calendar holding one all-day event per reminder of token t of profile p
// (each date is the reminder's due date on the calendar of its DueAt location), each event with a 09:00
// display alarm too, since many calendars drop alarms on import. Lines end in CRLF as RFC 5545 requires.
// UIDs are stable per token and reminder kind, so importing again updates the events instead of doubling
// them. There is no METHOD: this is a published calendar, not an invitation.
func ExportICS(w io.Writer, p store.Profile, t store.Token, rs []store.Reminder) error {
	if len(rs) == 0 {
		return ErrNoReminders
	}
	cal := ics.NewCalendarFor("SCIM Renew")
	cal.SetProductId(icsProductID)
	cal.SetCalscale("GREGORIAN")
	stamp := t.CreatedAt
	if p.UpdatedAt.After(stamp) {
		stamp = p.UpdatedAt // the lead times may have changed since the token was made
	}
	if stamp.IsZero() {
		stamp = time.Now()
	}
	for _, r := range rs {
		addEvent(cal, p, t, r, stamp)
	}
	if err := cal.SerializeTo(w, ics.WithNewLineWindows); err != nil {
		return fmt.Errorf("reminders: could not write the calendar file: %w", err)
	}
	return nil
}

func addEvent(cal *ics.Calendar, p store.Profile, t store.Token, r store.Reminder, stamp time.Time) {
	day := r.DueAt
	exp := t.ExpiresAt.In(day.Location())
	ev := cal.AddEvent(EventUID(t, r.Kind))
	ev.SetDtStampTime(stamp)
	ev.SetAllDayStartAt(day)
	ev.SetAllDayEndAt(time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, day.Location()))
	ev.SetSummary(eventSummary(p.Name, r.Kind, exp))
	ev.SetDescription(eventDescription(t, exp))
	ev.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT") // a reminder does not make anyone busy
	alarm := ev.AddAlarm()
	alarm.SetAction(ics.ActionDisplay)
	alarm.SetTrigger("PT9H") // 09:00 on the day: an all-day event starts at local midnight
	alarm.SetProperty(ics.ComponentPropertyDescription, eventSummary(p.Name, r.Kind, exp))
}

// EventUID is the calendar UID of a token's reminder of the given kind: the same for every export of the
// same token, different for every other token or kind.
func EventUID(t store.Token, kind string) string {
	id := t.ShortFingerprint()
	if t.DatesOnly() {
		// No fingerprint (a token tracked by its dates only): the profile and the row name it instead.
		id = fmt.Sprintf("token%d", t.ID)
		if t.ProfileID != "" {
			id = t.ProfileID + "-" + id
		}
	}
	return "scimrenew-" + id + "-" + kind + icsUIDDomain
}

func eventSummary(profile, kind string, exp time.Time) string {
	name := ""
	if profile != "" {
		name = " for " + profile
	}
	if kind == KindExpiry {
		return fmt.Sprintf("QorusDocs SCIM token%s expires today: renew it in SCIM Renew", name)
	}
	return fmt.Sprintf("Renew the QorusDocs SCIM token%s (expires %s)", name, exp.Format("2 Jan 2006"))
}

func eventDescription(t store.Token, exp time.Time) string {
	which := "Token fingerprint: " + t.ShortFingerprint() + "."
	if t.DatesOnly() {
		which = "The token is tracked by its dates only (not verified), so the date may be approximate."
	}
	return fmt.Sprintf("The QorusDocs SCIM token that Okta uses to provision users expires on %s at %s. "+
		"Open SCIM Renew to renew it; until it is renewed, provisioning from Okta fails after that time. "+
		"%s", exp.Format("Monday 2 January 2006"), exp.Format("15:04 MST"), which)
}

// WriteICS writes the calendar file to path (replacing it whole, never leaving half a file) with the
// owner's permissions only.
func WriteICS(path string, p store.Profile, t store.Token, rs []store.Reminder) error {
	var buf bytes.Buffer
	if err := ExportICS(&buf, p, t, rs); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".scimrenew-*.ics")
	if err != nil {
		return fmt.Errorf("reminders: could not create the calendar file in %s: %w", dir, err)
	}
	defer os.Remove(f.Name()) // after a successful rename there is nothing left to remove
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("reminders: could not write the calendar file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("reminders: could not write the calendar file %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("reminders: could not save the calendar file %s: %w", path, err)
	}
	return nil
}

// ICSFileName suggests a file name for a profile's calendar file, e.g. "scim-token-acme.ics".
func ICSFileName(p store.Profile) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(p.Name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimSuffix(b.String(), "-")
	if name == "" {
		return "scim-token.ics"
	}
	return "scim-token-" + name + ".ics"
}
