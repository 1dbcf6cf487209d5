package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"scimrenew/reminders"
	"scimrenew/services"
	"scimrenew/store"
)

// exitCodes are the monitoring-plugin exit codes of the status levels.
var exitCodes = map[services.Level]int{
	services.LevelOK: ExitOK, services.LevelWarning: ExitWarning,
	services.LevelUnknown: ExitUnknown, services.LevelCritical: ExitCritical,
}

type statusJSON struct {
	Status    string              `json:"status"` // ok, warning, critical or unknown: the worst of the profiles
	ExitCode  int                 `json:"exit_code"`
	CheckedAt *string             `json:"checked_at"`
	Message   string              `json:"message"` // why the status is unknown when no profile could be read
	Profiles  []profileStatusJSON `json:"profiles"`
}

type profileStatusJSON struct {
	Profile      string        `json:"profile"`
	ProfileID    string        `json:"profile_id"`
	Status       string        `json:"status"`
	Reason       string        `json:"reason"`
	DaysLeft     *int          `json:"days_left"`
	Token        *tokenJSON    `json:"token"`
	NextReminder *reminderJSON `json:"next_reminder"`
	Renewal      *renewalJSON  `json:"renewal"`
}

// profileStatus is what status found for one profile, with the reason in the command line's words.
type profileStatus struct {
	services.Status
	reason string
}

func runStatus(r *runner, args []string) int {
	f := newFlags("status", "scimrenew [--data-dir DIR] status [--profile NAME] [--json]",
		"Shows, for each profile (or the one named), the current token's fingerprint, when it was created and\n"+
			"expires, the days left, the next reminder, the last health check and any unfinished renewal.\n"+
			"It reads only the database: no keychain, no network.",
		"scimrenew status --json\nscimrenew status --profile acme || echo \"acme needs attention\"",
		"0 OK        every token is fine\n"+
			"1 WARNING   a token is inside its first reminder's lead time\n"+
			"2 CRITICAL  a token has 7 days or less, has expired, or its last health check was rejected\n"+
			"3 UNKNOWN   no profile, no token recorded, or the database cannot be read\n"+
			"The worst across the profiles shown counts (critical > unknown > warning > ok).", ExitUnknown)
	name := f.String("profile", "", "show only the profile with this `NAME`")
	asJSON := f.Bool("json", false, "print JSON (schema in the README)")
	if code, done := f.parse(r, args, 0); done {
		return code
	}
	statuses, err := collectStatus(r, *name)
	if err != nil {
		return r.statusUnknown(*asJSON, err)
	}
	worst := services.LevelOK
	for _, s := range statuses {
		worst = max(worst, s.Level)
	}
	if len(statuses) == 0 {
		return r.statusUnknown(*asJSON, errors.New("no profiles yet: add one with scimrenew profile add"))
	}
	if *asJSON {
		out := statusJSON{
			Status: worst.String(), ExitCode: exitCodes[worst], CheckedAt: jsonTime(r.now()),
			Profiles: make([]profileStatusJSON, 0, len(statuses)),
		}
		for _, s := range statuses {
			out.Profiles = append(out.Profiles, s.json())
		}
		if err := writeJSON(r.stdout, out); err != nil {
			return ExitUnknown
		}
		return exitCodes[worst]
	}
	printStatus(r.stdout, worst, statuses, r.env.Location)
	return exitCodes[worst]
}

// statusUnknown reports a status that could not be found out: exit 3, in JSON too when asked.
func (r *runner) statusUnknown(asJSON bool, err error) int {
	if asJSON {
		_ = writeJSON(r.stdout, statusJSON{
			Status: services.LevelUnknown.String(), ExitCode: ExitUnknown,
			CheckedAt: jsonTime(r.now()), Message: services.ErrorText(err), Profiles: []profileStatusJSON{},
		})
	} else {
		fmt.Fprintf(r.stdout, "UNKNOWN - %s\n", services.ErrorText(err))
	}
	return r.fail(ExitUnknown, err)
}

func collectStatus(r *runner, name string) ([]profileStatus, error) {
	svc, err := r.open(readStore, "scimrenew status")
	if err != nil {
		return nil, err
	}
	profiles, err := selectProfiles(r.ctx, svc, name)
	if err != nil {
		return nil, err
	}
	sts, err := svc.StatusesOf(r.ctx, profiles)
	if err != nil {
		return nil, err
	}
	out := make([]profileStatus, len(sts))
	for i, st := range sts {
		out[i] = profileStatus{Status: st, reason: reason(st, r.env.Location)}
	}
	return out, nil
}

// reason is the first line a monitoring system shows for a profile.
func reason(s services.Status, loc *time.Location) string {
	t := s.Token
	switch {
	case t == nil:
		return fmt.Sprintf("no token is recorded yet; track the token Okta uses now with scimrenew track --profile %[1]q, or renew with scimrenew renew --profile %[1]q", s.Profile.Name)
	case !s.HasExpiry:
		return "the token's expiry date is not known"
	}
	exp := services.DateText(t.ExpiresAt, loc, services.DateISO)
	if s.Expired {
		return fmt.Sprintf("the token expired on %s: provisioning from Okta fails; renew now", exp)
	}
	why := fmt.Sprintf("the token %s (%s)", services.DaysText(s.DaysLeft, services.DaysExpires), exp)
	if s.Urgency != reminders.LevelOK {
		why += "; renew it now"
	}
	if s.Rejected {
		why = fmt.Sprintf("the Hub rejected the token at the last health check (%s): provisioning from Okta "+
			"fails; renew now (%s)", services.DateText(t.HealthAt, loc, services.DateTimeISO), why)
	}
	return why
}

func (s profileStatus) json() profileStatusJSON {
	j := profileStatusJSON{
		Profile: s.Profile.Name, ProfileID: s.Profile.ID, Status: s.Level.String(),
		Reason: services.MessageText(s.reason),
	}
	if s.Token != nil {
		tj := toTokenJSON(*s.Token)
		j.Token = &tj
		if s.HasExpiry {
			d := s.DaysLeft
			j.DaysLeft = &d
		}
	}
	if s.NextReminder != nil {
		j.NextReminder = &reminderJSON{Kind: s.NextReminder.Kind, DueAt: jsonTime(s.NextReminder.EffectiveDue())}
	}
	if s.Renewal != nil {
		j.Renewal = toRenewalJSON(*s.Renewal)
	}
	return j
}

// printStatus writes the plugin-style first line (LEVEL - summary), then one block per profile.
func printStatus(w io.Writer, worst services.Level, statuses []profileStatus, loc *time.Location) {
	var summary []string
	for _, s := range statuses {
		if s.Level == worst {
			summary = append(summary, s.Profile.Name+": "+s.reason)
		}
	}
	fmt.Fprintf(w, "%s - %s\n", strings.ToUpper(worst.String()), strings.Join(summary, "; "))
	for _, s := range statuses {
		fmt.Fprintf(w, "\n%s: %s\n", s.Profile.Name, strings.ToUpper(s.Level.String()))
		if s.Token == nil {
			fmt.Fprintf(w, "  token          none recorded\n")
		} else {
			t := s.Token
			fmt.Fprintf(w, "  token          %s (%s)\n", t.ShortFingerprint(), t.Status)
			fmt.Fprintf(w, "  created        %s\n", services.DateText(t.CreatedAt, loc, services.DateISO))
			fmt.Fprintf(w, "  expires        %s (%s)\n", services.DateText(t.ExpiresAt, loc, services.DateISO), services.DaysText(s.DaysLeft, services.DaysExpires))
			fmt.Fprintf(w, "  last health    %s\n", healthLine(*t, loc))
		}
		next := "none scheduled"
		if n := s.NextReminder; n != nil {
			next = fmt.Sprintf("%s (%s)", services.DateText(n.EffectiveDue(), loc, services.DateTimeISO), n.Kind)
		}
		fmt.Fprintf(w, "  next reminder  %s\n", next)
		if rn := s.Renewal; rn != nil {
			fmt.Fprintf(w, "  renewal        unfinished, at step %q since %s\n", stepName(rn.State), services.DateText(rn.UpdatedAt, loc, services.DateTimeISO))
			if rn.LastError != "" {
				fmt.Fprintf(w, "                 last error: %s\n", services.MessageText(rn.LastError))
			}
		}
	}
}

func healthLine(t store.Token, loc *time.Location) string {
	if t.HealthResult == "" {
		return "never checked"
	}
	line := fmt.Sprintf("%s at %s", t.HealthResult, services.DateText(t.HealthAt, loc, services.DateTimeISO))
	if t.HealthMessage != "" && t.HealthResult != string(services.ProbeOK) {
		line += ": " + services.MessageText(t.HealthMessage)
	}
	return line
}
