package reminders

import (
	"fmt"
	"time"

	"scimrenew/store"
)

// Message is the text of a reminder's notification at now: what is about to happen and what to do. Dates
// are on the calendar of now's location.
func Message(r store.Reminder, now time.Time) (title, body string) {
	return expiryMessage(r.ProfileName, r.TokenExpiresAt, now)
}

func expiryMessage(profile string, expires, now time.Time) (title, body string) {
	exp := expires.In(now.Location())
	date := shortDate(exp, now)
	if !now.Before(exp) {
		title = headline(profile, "SCIM token expired")
		body = fmt.Sprintf("%s expired on %s; Okta can no longer provision users to QorusDocs. Open SCIM Renew to renew.",
			subject(profile), date)
		return title, body
	}
	var when string
	switch days := DaysLeft(exp, now); {
	case days <= 0:
		when = "today at " + exp.Format("15:04")
	case days == 1:
		when = "tomorrow"
	default:
		when = fmt.Sprintf("in %d days", days)
	}
	title = headline(profile, "SCIM token expires "+when)
	body = fmt.Sprintf("%s expires %s (%s). Open SCIM Renew to renew.", subject(profile), when, date)
	return title, body
}

// rejectedMessage tells that the Hub refused a token that should still be valid; oktaNote, when not
// empty, is Okta's side of it (oktaSentence).
func rejectedMessage(profile string, expires, now time.Time, status int, oktaNote string) (title, body string) {
	code := ""
	if status > 0 {
		code = fmt.Sprintf(" (HTTP %d)", status)
	}
	if oktaNote != "" {
		oktaNote = " " + oktaNote
	}
	title = headline(profile, "SCIM token rejected")
	body = fmt.Sprintf("The Hub refused %s%s although it is valid until %s: the token was revoked or replaced; provisioning is failing.%s Open SCIM Renew to renew.",
		lowerSubject(profile), code, shortDate(expires.In(now.Location()), now), oktaNote)
	return title, body
}

// oktaFailureMessage tells that Okta's System Log shows provisioning refused by the Hub.
func oktaFailureMessage(profile, oktaNote string) (title, body string) {
	title = headline(profile, "Okta provisioning is failing")
	body = fmt.Sprintf("%s Okta's copy of the SCIM token for %s is not accepted. Open SCIM Renew to renew.", oktaNote, orDefault(profile))
	return title, body
}

// oktaSentence says how many provisioning authentication failures Okta's System Log shows since when;
// reason is Okta's latest explanation ("" when it gave none).
func oktaSentence(n int, reason string, since, now time.Time) string {
	events := "authentication failures"
	if n == 1 {
		events = "authentication failure"
	}
	if reason != "" {
		reason = fmt.Sprintf(" (latest: %q)", truncate(reason, 120))
	}
	since = since.In(now.Location())
	return fmt.Sprintf("Okta's System Log shows %d provisioning %s since %s %s%s.",
		n, events, shortDate(since, now), since.Format("15:04"), reason)
}

// truncate shortens s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func headline(profile, what string) string {
	if profile == "" {
		return what
	}
	return profile + ": " + what
}

func subject(profile string) string {
	if profile == "" {
		return "The QorusDocs SCIM token"
	}
	return "QorusDocs SCIM token for " + profile
}

func lowerSubject(profile string) string {
	if profile == "" {
		return "the QorusDocs SCIM token"
	}
	return "the QorusDocs SCIM token for " + profile
}

func orDefault(profile string) string {
	if profile == "" {
		return "this profile"
	}
	return profile
}

// shortDate is "12 Mar", with the year when it is not now's year.
func shortDate(t, now time.Time) string {
	if t.Year() != now.Year() {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}
