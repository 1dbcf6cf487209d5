package cli

import (
	"errors"
	"fmt"

	"scimrenew/services"
)

type verifyJSON struct {
	Result       string  `json:"result"` // ok, rejected, wrong_url, server_error, rate_limited, tls, timeout, unreachable, canceled
	OK           bool    `json:"ok"`
	HTTPStatus   int     `json:"http_status"` // 0 when no HTTP answer came back
	Message      string  `json:"message"`
	TotalResults *int    `json:"total_results"` // the ListResponse's totalResults when result is ok
	SCIMURL      string  `json:"scim_url"`
	CheckedAt    *string `json:"checked_at"`
	ExitCode     int     `json:"exit_code"`
}

func runVerify(r *runner, args []string) int {
	f := newFlags("verify", "scimrenew verify (--scim-url URL | --profile NAME) [--json] < token",
		"Reads a SCIM token from the first line of standard input and checks it against the SCIM endpoint\n"+
			"exactly as Okta's \"Test API Credentials\" does (GET {SCIM URL}/Users?startIndex=1&count=2 with the\n"+
			"token as a Bearer credential), then prints the classified result. --profile takes the SCIM URL of\n"+
			"a saved profile; the token still comes from standard input.",
		"secret-tool lookup service io.scimrenew.app username \"$ID/token-current\" |\n"+
			"  scimrenew verify --scim-url https://acme.qorusdocs.com/scim/v2",
		"0 the token works (Okta's test would pass)\n2 the SCIM endpoint rejected the token (HTTP 401/403)\n"+
			"3 any other failure: wrong URL, unreachable, server error, no token given, wrong command line",
		ExitUnknown)
	scimURL := f.String("scim-url", "", "the tenant's SCIM base `URL`, as configured in Okta")
	name := f.String("profile", "", "take the SCIM URL from the profile with this `NAME`")
	asJSON := f.Bool("json", false, "print JSON (schema in the README)")
	if code, done := f.parse(r, args, 0); done {
		return code
	}
	if (*scimURL == "") == (*name == "") {
		code, _ := f.usageError(r, "give exactly one of --scim-url URL and --profile NAME")
		return code
	}
	svc, err := r.verifyServices(*name, scimURL)
	if err != nil {
		return r.fail(ExitUnknown, err)
	}
	line, err := r.in.secret("token")
	if err != nil {
		return r.fail(ExitUnknown, err)
	}
	res, err := r.verifyToken(svc, *name, *scimURL, line)
	var notToken *services.NotATokenError
	if errors.As(err, &notToken) {
		return r.failf(ExitUnknown, "the text on standard input is not a token: %w", notToken.Err)
	}
	if err != nil {
		return r.fail(ExitUnknown, err)
	}
	code := ExitUnknown
	switch res.Class {
	case services.ProbeOK:
		code = ExitOK
	case services.ProbeRejected:
		code = ExitRejected
	}
	if *asJSON {
		out := verifyJSON{
			Result: string(res.Class), OK: res.OK(), HTTPStatus: res.HTTPStatus, Message: services.MessageText(res.Message, line),
			SCIMURL: *scimURL, CheckedAt: jsonTime(res.At), ExitCode: code,
		}
		if res.OK() {
			n := res.TotalResults
			out.TotalResults = &n
		}
		if err := writeJSON(r.stdout, out); err != nil {
			return ExitUnknown
		}
		return code
	}
	status := ""
	if res.HTTPStatus != 0 {
		status = fmt.Sprintf(" (HTTP %d)", res.HTTPStatus)
	}
	fmt.Fprintf(r.stdout, "%s%s: %s\n", res.Class, status, services.MessageText(res.Message, line))
	return code
}

// verifyToken checks the token against --scim-url, or against the profile's SCIM base URL, which
// refuses (nothing sent) while that is on another host than the profile's token was saved for.
func (r *runner) verifyToken(svc *services.Services, profile, scimURL, token string) (services.ProbeResult, error) {
	if profile == "" {
		return svc.VerifyToken(r.ctx, scimURL, token)
	}
	p, err := findProfile(r.ctx, svc, profile)
	if err != nil {
		return services.ProbeResult{}, err
	}
	return svc.VerifyProfileToken(r.ctx, p, token)
}

// verifyServices opens the services for verify: over the database when the SCIM URL is a profile's
// (then it sets scimURL to it), without one for --scim-url.
func (r *runner) verifyServices(profile string, scimURL *string) (*services.Services, error) {
	if profile == "" {
		return r.services(nil, "scimrenew verify", false), nil
	}
	svc, err := r.open(readStore, "scimrenew verify")
	if err != nil {
		return nil, err
	}
	p, err := findProfile(r.ctx, svc, profile)
	if err != nil {
		return nil, err
	}
	*scimURL = p.SCIMURL
	return svc, nil
}
