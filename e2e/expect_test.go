package e2e

import (
	"scimrenew/hub"
	"scimrenew/renewal"
	"scimrenew/store"
)

// expectation is what one cell of the fault matrix must leave behind.
type expectation struct {
	is      error          // the sentinel the error matches (nil: none to check)
	state   string         // the journal state the renewal is left in
	confirm bool           // the admin must confirm before the Hub is asked again
	stored  bool           // the error is stored on the renewal (a detour to a manual step is not)
	class   hub.ProbeClass // the probe's class (SCIM probe row)
	phrases []string       // what the message must say, for this class of failure
}

// expect is the matrix's specification, cell by cell.
func expect(c call, f fault) expectation {
	switch c {
	case callCreate:
		return expectCreate(f)
	case callProbe:
		return expectProbe(f)
	case callOktaLog:
		return expectation{phrases: oktaPhrases(f, "read the Okta System Log")}
	}
	e := expectation{state: store.StateVerified, stored: true, phrases: oktaPhrases(f, "")}
	if f == fBig {
		// 2 MiB is under the Okta client's 8 MiB page limit; a reply without a TOKEN connection means
		// "Okta's API cannot set this app", so the admin is sent to the Provisioning tab, which is safe.
		e = expectation{is: renewal.ErrManualInstall, state: store.StateVerified, phrases: []string{"Provisioning tab"}}
	}
	return e
}

func expectCreate(f fault) expectation {
	unknown := expectation{
		is: hub.ErrOutcomeUnknown, state: store.StateCreating, confirm: true, stored: true,
		phrases: []string{"may or may not have created", "before creating another"},
	}
	none := func(is error, phrases ...string) expectation {
		return expectation{is: is, state: store.StateStarted, stored: true, phrases: phrases}
	}
	switch f {
	case f401:
		return none(hub.ErrInvalidClient, "rejected the Client ID or Secret", "HTTP 401")
	case f403:
		return none(hub.ErrRefused, "refused to create a token", "HTTP 403", "no token was created")
	case f404:
		return none(hub.ErrWrongURL, "HTTP 404", "no token was created", "token endpoint")
	case f429:
		return none(hub.ErrRateLimited, "limiting requests", "HTTP 429", "wait 30 seconds")
	case f500, f503:
		unknown.phrases = append(unknown.phrases, "internal error", "HTTP "+f.String())
	case fTimeout:
		unknown.phrases = append(unknown.phrases, "did not answer within")
	case fRefused:
		return none(hub.ErrUnreachable, "could not connect", "nothing was sent")
	case fTLS:
		return none(hub.ErrTLS, "secure connection", "not trust", "nothing was sent")
	case fHTML:
		unknown.phrases = []string{"web page", "check before creating another"}
	case fMalformed:
		unknown.phrases = append(unknown.phrases, "not valid JSON")
	case fBig:
		unknown.phrases = append(unknown.phrases, "larger than")
	}
	return unknown
}

func expectProbe(f fault) expectation {
	classes := map[fault]hub.ProbeClass{
		f401: hub.ProbeRejected, f403: hub.ProbeRejected, f404: hub.ProbeWrongURL,
		f429: hub.ProbeRateLimited, f500: hub.ProbeServerError, f503: hub.ProbeServerError, fTimeout: hub.ProbeTimeout,
		fRefused: hub.ProbeUnreachable, fTLS: hub.ProbeTLS, fHTML: hub.ProbeWrongURL, fMalformed: hub.ProbeWrongURL,
		fBig: hub.ProbeWrongURL,
	}
	phrases := map[fault][]string{
		f401: {"HTTP 401"}, f403: {"HTTP 403"}, f404: {"HTTP 404", "SCIM base URL"}, f429: {"HTTP 429"},
		f500: {"HTTP 500"}, f503: {"HTTP 503"}, fTimeout: {"did not answer within"}, fRefused: {"connection was refused"},
		fTLS: {"secure connection"}, fHTML: {"web page"}, fMalformed: {"not valid JSON"}, fBig: {"more than 1024 KiB"},
	}
	return expectation{
		is: renewal.ErrVerifyFailed, state: store.StateCreated, stored: true, class: classes[f],
		phrases: phrases[f],
	}
}

// oktaPhrases is what an Okta failure must say; op is the operation named in it, when checked.
func oktaPhrases(f fault, op string) []string {
	p := map[fault][]string{
		f401: {"HTTP 401", "API token"}, f403: {"HTTP 403", "not allowed"}, f404: {"HTTP 404", "app id"},
		f429: {"HTTP 429", "rate limit", "try again after"}, f500: {"HTTP 500", "server error"},
		f503: {"HTTP 503", "server error"}, fTimeout: {"did not answer in time"}, fRefused: {"could not reach"},
		fTLS: {"secure connection", "not trust"}, fHTML: {"text/html", "org URL"}, fMalformed: {"not Okta's JSON"},
		fBig: {"not Okta's JSON"},
	}[f]
	if op != "" && f != f401 { // a rejected credential is the same whatever was asked
		p = append(p, op)
	}
	return p
}
