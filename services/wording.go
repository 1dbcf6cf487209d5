package services

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// packagePrefixes are the prefixes the app's packages put on their errors for the log; a sentence for
// the user goes without them.
var packagePrefixes = []string{"renewal: ", "hub: ", "okta: ", "store: ", "secrets: ", "reminders: ", "services: "}

// Sentence turns a message (usually an error's text) into a sentence for the user: it drops the
// package prefixes ("renewal: ", "hub: ") wherever a wrapped error put them, trims the spaces around
// it, capitalises its first letter (a whole rune, so non-ASCII text stays intact) and ends it with a
// full stop unless it already ends with one, a question mark or an exclamation mark. "" stays "".
func Sentence(msg string) string {
	for {
		trimmed := msg
		for _, p := range packagePrefixes {
			trimmed = strings.ReplaceAll(trimmed, p, "")
		}
		if trimmed == msg {
			break
		}
		msg = trimmed // dropping one prefix may join the text around it into another
	}
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return ""
	}
	first, size := utf8.DecodeRuneInString(msg)
	if first != utf8.RuneError {
		msg = string(unicode.ToUpper(first)) + msg[size:]
	}
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}

// DaysStyle chooses how DaysText words a number of days left.
type DaysStyle int

// The ways of saying how long a token has.
const (
	// DaysLeft is the window's wording (home card, tray): "12 days left", "1 day left", "expires today",
	// "expired yesterday", "expired 3 days ago".
	DaysLeft DaysStyle = iota
	// DaysExpires is the command line's wording, after "the token": "expires in 12 days", "expires
	// tomorrow", "expires today", "expired yesterday", "expired 3 days ago".
	DaysExpires
	// DaysShort is a table column's count: "12 days", "1 day", "today", "expired".
	DaysShort
)

// DaysText says how far an expiry is, given the calendar days left (reminders.DaysLeft; 0 on the day
// of expiry, negative after it), in the wording of style.
func DaysText(days int, style DaysStyle) string {
	switch {
	case days < 0 && style == DaysShort:
		return "expired"
	case days < -1:
		return fmt.Sprintf("expired %d days ago", -days)
	case days == -1:
		return "expired yesterday"
	case days == 0 && style == DaysShort:
		return "today"
	case days == 0:
		return "expires today"
	}
	switch style {
	case DaysExpires:
		if days == 1 {
			return "expires tomorrow"
		}
		return fmt.Sprintf("expires in %d days", days)
	case DaysShort:
		return plural(days, "day")
	}
	return plural(days, "day") + " left"
}

// DateStyle chooses how DateText shows a date.
type DateStyle int

// The date styles. Each has a text for an unknown (zero) time.
const (
	DateISO       DateStyle = iota // 2030-01-31 (the command line); "-" when unknown
	DateTimeISO                    // 2030-01-31 09:00
	DateLong                       // Thu 31 Jan 2030 (the window's cards and wizard); "—" when unknown
	DateTimeLong                   // Thu 31 Jan 2030, 09:00
	DateShort                      // 31 Jan 2030 (the history table); "—" when unknown
	DateTimeShort                  // 31 Jan 2030 09:00
)

var dateLayouts = [...]struct{ layout, unknown string }{
	DateISO:       {"2006-01-02", "-"},
	DateTimeISO:   {"2006-01-02 15:04", "-"},
	DateLong:      {"Mon 2 Jan 2006", "—"},
	DateTimeLong:  {"Mon 2 Jan 2006, 15:04", "—"},
	DateShort:     {"2 Jan 2006", "—"},
	DateTimeShort: {"2 Jan 2006 15:04", "—"},
}

// DateText shows t on the calendar of loc (time.Local when nil) in style; a zero t is shown as the
// style's "unknown" text.
func DateText(t time.Time, loc *time.Location, style DateStyle) string {
	if style < 0 || int(style) >= len(dateLayouts) {
		style = DateISO
	}
	f := dateLayouts[style]
	if t.IsZero() {
		return f.unknown
	}
	if loc == nil {
		loc = time.Local
	}
	return t.In(loc).Format(f.layout)
}

// DurationStyle chooses how DurationText words a span of time.
type DurationStyle int

// The duration styles.
const (
	// DurationExact is for short, exact spans (the clipboard's timeout): "30 seconds", "1 minute",
	// "2 minutes".
	DurationExact DurationStyle = iota
	// DurationDays rounds to what a person would say of a long span (the sandbox's jump ahead): "less
	// than a day", "1 day", "45 days", "about 3 months".
	DurationDays
)

// DurationText says d in words, in style.
func DurationText(d time.Duration, style DurationStyle) string {
	if style == DurationDays {
		days := int((d + 12*time.Hour) / (24 * time.Hour))
		switch {
		case days < 1:
			return "less than a day"
		case days < 60:
			return plural(days, "day")
		}
		return fmt.Sprintf("about %d months", (days+15)/30)
	}
	if d >= time.Minute && d%time.Minute == 0 {
		return plural(int(d/time.Minute), "minute")
	}
	return plural(int(d.Round(time.Second)/time.Second), "second")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// ParseLeadDays reads the reminder lead days a person types ("14, 7, 1", "14 7 1", "14;7;1"): whole
// numbers separated by commas, semicolons or spaces; an empty text is no days. It checks the grammar
// only: the allowed range is store.ValidateProfile's rule. The error names the part that is not a
// number and never echoes more than that part.
func ParseLeadDays(s string) ([]int, error) {
	days := []int{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		n, err := strconv.Atoi(part)
		if err != nil {
			if utf8.RuneCountInString(part) > 20 {
				part = string([]rune(part)[:20]) + "…"
			}
			return nil, fmt.Errorf("%q is not a whole number of days; write the days separated by commas, e.g. 14, 7, 1", part)
		}
		days = append(days, n)
	}
	return days, nil
}

// FormatLeadDays writes lead days the way ParseLeadDays reads them back: "14, 7, 1".
func FormatLeadDays(days []int) string {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ", ")
}
