package cli

import (
	"errors"
	"fmt"

	"scimrenew/reminders"
	"scimrenew/services"
	"scimrenew/store"
)

const trackAbout = `Tells SCIM Renew about the token Okta already uses, made before SCIM Renew was installed, so that its
reminders (and, with the token, the daily health check) start now instead of after the first renewal.
  With --token-stdin the token is read from the first line of standard input and tested against the SCIM
  endpoint exactly as a new token is; a token that fails is not recorded. It is kept in the keychain as the
  profile's current token. A JWT states its own expiry; for an opaque token give --created or --expires.
  Without the token, --created or --expires records a dates-only entry: reminders follow from the date,
  but SCIM Renew cannot test a token it does not hold, so the history and status show it as "dates
  only, not verified" and no health check runs.
Either way the history records the token as current, installed "already in Okta", and the next renewal
replaces it like any current token. A profile that already has a current token, or is being renewed, is
refused. Dates are written YYYY-MM-DD, on this computer's calendar.`

const trackExample = `secret-tool lookup service my-vault item acme-scim | scimrenew track --profile acme --token-stdin
printf '%s\n' "$TOKEN" | scimrenew track --profile acme --token-stdin --created 2025-01-31
scimrenew track --profile acme --expires 2026-01-31 --json`

const trackExits = `0 the token is tracked: it is the profile's current token, with its reminders scheduled
1 it was not tracked: the token failed the SCIM test, the profile already has a current token or an
  unfinished renewal, the dates cannot be right, or the keychain or database failed (the message says which)
2 wrong command line: no --profile, both dates, neither the token nor a date, a date not written
  YYYY-MM-DD, or --token-stdin with nothing on standard input`

type trackJSON struct {
	Tracked       bool          `json:"tracked"`
	Profile       string        `json:"profile"`
	ProfileID     string        `json:"profile_id"`
	DatesOnly     bool          `json:"dates_only"`
	Token         *tokenJSON    `json:"token"`
	NextReminder  *reminderJSON `json:"next_reminder"`
	HealthChecked bool          `json:"health_checked"` // the daily health check covers the token
	Verification  *trackProbe   `json:"verification"`   // the SCIM test of the token; null for dates only
	Notes         []string      `json:"notes"`
	Message       string        `json:"message"` // why it was not tracked; "" when it was
	ExitCode      int           `json:"exit_code"`
}

type trackProbe struct {
	Result     string `json:"result"` // a hub probe class: ok, rejected, wrong_url, ...
	HTTPStatus int    `json:"http_status"`
	Message    string `json:"message"`
}

// trackCmd is one run of the track verb.
type trackCmd struct {
	r      *runner
	asJSON bool
}

func runTrack(r *runner, args []string) int {
	f := newFlags("track", "scimrenew [--data-dir DIR] track --profile NAME [--token-stdin] [--created DATE | --expires DATE] "+
		"[--lifetime-months N] [--json]", trackAbout, trackExample, trackExits, ExitUsage)
	c := &trackCmd{r: r}
	name := f.String("profile", "", "the `NAME` of the profile whose current token to track")
	tokenStdin := f.Bool("token-stdin", false, "read the token Okta uses from the first line of standard input")
	created := f.String("created", "", "the `DATE` the token was created (YYYY-MM-DD), as the Hub's SCIM Token page shows it")
	expires := f.String("expires", "", "the `DATE` the token expires (YYYY-MM-DD)")
	months := f.Int("lifetime-months", services.DefaultLifetimeMonths, "a token lives `N` months from its creation (QorusDocs: 12, the default)")
	f.BoolVar(&c.asJSON, "json", false, "print JSON (schema in the README)")
	if code, done := f.parse(r, args, 0); done {
		return code
	}
	in, msg := c.input(*name, *tokenStdin, *created, *expires, *months)
	if msg != "" {
		code, _ := f.usageError(r, msg)
		return code
	}
	st, err := r.openStore(changeStore)
	if err != nil {
		return c.fail(store.Profile{}, err)
	}
	// A keychain that cannot be used is no reason to refuse a dates-only entry; with the token, Track
	// itself refuses to keep it in memory only.
	svc := r.services(st, "scimrenew track", true)
	p, err := findProfile(r.ctx, svc, *name)
	if err != nil {
		return c.fail(store.Profile{}, err)
	}
	in.ProfileID = p.ID
	if *tokenStdin {
		if in.Token, err = r.in.secret("SCIM token"); err != nil {
			return r.fail(ExitUsage, err)
		}
	}
	return c.run(svc, p, in)
}

// input checks the flags and returns what to track, or what is wrong with the command line.
func (c *trackCmd) input(name string, tokenStdin bool, created, expires string, months int) (services.TrackInput, string) {
	var in services.TrackInput
	switch {
	case name == "":
		return in, "name the profile with --profile NAME"
	case created != "" && expires != "":
		return in, "give either --created DATE or --expires DATE, not both"
	case !tokenStdin && created == "" && expires == "":
		return in, "give the token with --token-stdin, or the date it was created (--created DATE) or expires (--expires DATE)"
	case months < 1 || months > 120:
		return in, fmt.Sprintf("--lifetime-months %d is out of range (1 to 120)", months)
	}
	in.LifetimeMonths = months
	var err error
	if created != "" {
		if in.Created, err = services.ParseTrackDate(created, c.r.env.Location); err != nil {
			return in, "--created: " + err.Error()
		}
	}
	if expires != "" {
		if in.Expires, err = services.ParseTrackDate(expires, c.r.env.Location); err != nil {
			return in, "--expires: " + err.Error()
		}
	}
	return in, ""
}

func (c *trackCmd) run(svc *services.Services, p store.Profile, in services.TrackInput) int {
	r := c.r
	if !c.asJSON {
		fmt.Fprintf(r.stdout, "Tracking the current token of %q.\n", p.Name)
	}
	res, err := svc.Track(r.ctx, in)
	if err != nil {
		return c.fail(p, err)
	}
	if c.asJSON {
		if err := writeJSON(r.stdout, c.json(res)); err != nil {
			return ExitFailure
		}
		return ExitOK
	}
	c.print(res)
	return ExitOK
}

// fail reports a track that did not happen: exit 1, in JSON too when asked.
func (c *trackCmd) fail(p store.Profile, err error) int {
	if errors.Is(err, services.ErrTrackNeedsDate) {
		err = fmt.Errorf("%w (on the command line: --created DATE or --expires DATE)", err)
	}
	if c.asJSON {
		out := trackJSON{Profile: p.Name, ProfileID: p.ID, Notes: []string{}, Message: services.ErrorText(err), ExitCode: ExitFailure}
		var rej *services.TrackRejectedError
		if errors.As(err, &rej) {
			out.Verification = toTrackProbe(rej.Probe)
		}
		_ = writeJSON(c.r.stdout, out)
	}
	return c.r.fail(ExitFailure, err)
}

func (c *trackCmd) json(res services.TrackResult) trackJSON {
	tj := toTokenJSON(res.Token)
	out := trackJSON{
		Tracked: true, Profile: res.Profile.Name, ProfileID: res.Profile.ID, DatesOnly: res.Token.DatesOnly(),
		Token: &tj, HealthChecked: res.HealthChecked, Notes: res.Notes, ExitCode: ExitOK,
	}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	if !res.NextReminder.IsZero() && len(res.Reminders) > 0 {
		out.NextReminder = &reminderJSON{Kind: nextKind(res), DueAt: jsonTime(res.NextReminder)}
	}
	if !res.Token.DatesOnly() {
		out.Verification = toTrackProbe(res.Probe)
	}
	return out
}

func toTrackProbe(p services.ProbeResult) *trackProbe {
	return &trackProbe{Result: string(p.Class), HTTPStatus: p.HTTPStatus, Message: services.MessageText(p.Message)}
}

// nextKind is the kind of the reminder that falls due at NextReminder.
func nextKind(res services.TrackResult) string {
	for _, r := range res.Reminders {
		if r.EffectiveDue().Equal(res.NextReminder) {
			return r.Kind
		}
	}
	return ""
}

func (c *trackCmd) print(res services.TrackResult) {
	w, loc, t := c.r.stdout, c.r.env.Location, res.Token
	days := services.DaysText(reminders.DaysLeft(t.ExpiresAt, c.r.now()), services.DaysExpires)
	if t.DatesOnly() {
		fmt.Fprintf(w, "Tracked by its dates only (not verified): expires %s (%s; %s).\n",
			services.DateText(t.ExpiresAt, loc, services.DateISO), days, services.ExpiryHow(t))
	} else {
		fmt.Fprintf(w, "Verified: %s\n", services.MessageText(res.Probe.Message))
		fmt.Fprintf(w, "Tracked: the token %s is current: expires %s (%s; %s), installed in Okta (already in Okta).\n",
			t.ShortFingerprint(), services.DateText(t.ExpiresAt, loc, services.DateISO), days, services.ExpiryHow(t))
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "Note: %s\n", services.MessageText(n))
	}
	if res.NextReminder.IsZero() {
		fmt.Fprintln(w, "Next reminder: none scheduled.")
	} else {
		fmt.Fprintf(w, "Next reminder: %s (%s).\n", services.DateText(res.NextReminder, loc, services.DateTimeISO), nextKind(res))
	}
	if res.HealthChecked {
		fmt.Fprintln(w, "The daily health check covers it.")
	} else {
		fmt.Fprintln(w, "No health check runs for it: SCIM Renew cannot test a token it does not hold. The next renewal replaces it.")
	}
}
