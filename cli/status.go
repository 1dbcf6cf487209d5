package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"scimrenew/hub"
	"scimrenew/reminders"
	"scimrenew/store"
)

// level is a status result, ordered by how bad it is for the "worst across profiles" rule: a critical
// profile outranks one whose state is unknown, which outranks a warning.
type level int

const (
	levelOK level = iota
	levelWarning
	levelUnknown
	levelCritical
)

func (l level) String() string {
	return [...]string{"ok", "warning", "unknown", "critical"}[l]
}

func (l level) exitCode() int {
	return [...]int{ExitOK, ExitWarning, ExitUnknown, ExitCritical}[l]
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

// profileStatus is what status found for one profile.
type profileStatus struct {
	p       store.Profile
	level   level
	reason  string
	tok     *store.Token
	days    int
	next    *store.Reminder
	renewal *store.Renewal
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
	worst := levelOK
	for _, s := range statuses {
		worst = max(worst, s.level)
	}
	if len(statuses) == 0 {
		return r.statusUnknown(*asJSON, errors.New("no profiles yet: add one with scimrenew profile add"))
	}
	if *asJSON {
		out := statusJSON{Status: worst.String(), ExitCode: worst.exitCode(), CheckedAt: jsonTime(r.now()),
			Profiles: make([]profileStatusJSON, 0, len(statuses))}
		for _, s := range statuses {
			out.Profiles = append(out.Profiles, s.json())
		}
		if err := writeJSON(r.stdout, out); err != nil {
			return ExitUnknown
		}
		return worst.exitCode()
	}
	printStatus(r.stdout, worst, statuses, r.env.Location)
	return worst.exitCode()
}

// statusUnknown reports a status that could not be found out: exit 3, in JSON too when asked.
func (r *runner) statusUnknown(asJSON bool, err error) int {
	if asJSON {
		_ = writeJSON(r.stdout, statusJSON{Status: levelUnknown.String(), ExitCode: ExitUnknown,
			CheckedAt: jsonTime(r.now()), Message: sentence(err.Error()), Profiles: []profileStatusJSON{}})
	} else {
		fmt.Fprintf(r.stdout, "UNKNOWN - %s\n", sentence(err.Error()))
	}
	return r.fail(ExitUnknown, err)
}

func collectStatus(r *runner, name string) ([]profileStatus, error) {
	st, err := r.openStore(readStore)
	if err != nil {
		return nil, err
	}
	profiles, err := selectProfiles(r.ctx, st, name)
	if err != nil {
		return nil, err
	}
	out := make([]profileStatus, 0, len(profiles))
	for _, p := range profiles {
		s, err := profileState(r.ctx, st, p, r.now())
		if err != nil {
			return nil, fmt.Errorf("cannot read the state of profile %q: %w", p.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// profileState reads one profile's token, reminder and renewal, and judges its level.
func profileState(ctx context.Context, st *store.Store, p store.Profile, now time.Time) (profileStatus, error) {
	s := profileStatus{p: p}
	tok, err := st.CurrentToken(ctx, p.ID)
	switch {
	case err == nil:
		s.tok = &tok
	case errors.Is(err, store.ErrNotFound):
		if s.tok, err = lastExpired(ctx, st, p.ID); err != nil {
			return s, err
		}
	default:
		return s, err
	}
	if next, err := st.NextReminder(ctx, p.ID); err == nil {
		s.next = &next
	} else if !errors.Is(err, store.ErrNotFound) {
		return s, err
	}
	if rn, err := st.OpenRenewal(ctx, p.ID); err == nil {
		s.renewal = &rn
	} else if !errors.Is(err, store.ErrNotFound) {
		return s, err
	}
	s.judge(now)
	return s, nil
}

// lastExpired returns the newest token if it has expired (no token is current then), else nil.
func lastExpired(ctx context.Context, st *store.Store, profileID string) (*store.Token, error) {
	toks, err := st.Tokens(ctx, profileID)
	if err != nil {
		return nil, err
	}
	for _, t := range toks {
		if t.Status == store.TokenPending || t.Status == store.TokenAbandoned {
			continue
		}
		if t.Status == store.TokenExpired {
			return &t, nil
		}
		return nil, nil
	}
	return nil, nil
}

// judge sets the level and the reason, the first line a monitoring system shows.
func (s *profileStatus) judge(now time.Time) {
	if s.tok == nil {
		s.level = levelUnknown
		s.reason = fmt.Sprintf("no token is recorded yet; renew with scimrenew renew --profile %q", s.p.Name)
		return
	}
	t := s.tok
	if t.ExpiresAt.IsZero() {
		s.level, s.reason = levelUnknown, "the token's expiry date is not known"
		return
	}
	s.days = reminders.DaysLeft(t.ExpiresAt, now)
	exp := shortDate(t.ExpiresAt, now.Location())
	switch reminders.Urgency(t.ExpiresAt, now, s.p) {
	case reminders.LevelCritical:
		s.level = levelCritical
	case reminders.LevelWarning:
		s.level = levelWarning
	default:
		s.level = levelOK
	}
	if t.Status == store.TokenExpired || !now.Before(t.ExpiresAt) {
		s.level = levelCritical
		s.reason = fmt.Sprintf("the token expired on %s: provisioning from Okta fails; renew now", exp)
		return
	}
	s.reason = fmt.Sprintf("the token %s (%s)", daysPhrase(s.days), exp)
	if s.level != levelOK {
		s.reason += "; renew it now"
	}
	if t.HealthResult == string(hub.ProbeRejected) {
		s.level = levelCritical
		s.reason = fmt.Sprintf("the Hub rejected the token at the last health check (%s): provisioning from Okta "+
			"fails; renew now (%s)", shortTime(t.HealthAt, now.Location()), s.reason)
	}
}

func (s profileStatus) json() profileStatusJSON {
	j := profileStatusJSON{Profile: s.p.Name, ProfileID: s.p.ID, Status: s.level.String(), Reason: sentence(s.reason)}
	if s.tok != nil {
		tj := toTokenJSON(*s.tok)
		j.Token = &tj
		if !s.tok.ExpiresAt.IsZero() {
			d := s.days
			j.DaysLeft = &d
		}
	}
	if s.next != nil {
		j.NextReminder = &reminderJSON{Kind: s.next.Kind, DueAt: jsonTime(s.next.EffectiveDue())}
	}
	if s.renewal != nil {
		j.Renewal = toRenewalJSON(*s.renewal)
	}
	return j
}

// printStatus writes the plugin-style first line (LEVEL - summary), then one block per profile.
func printStatus(w io.Writer, worst level, statuses []profileStatus, loc *time.Location) {
	var summary []string
	for _, s := range statuses {
		if s.level == worst {
			summary = append(summary, s.p.Name+": "+s.reason)
		}
	}
	fmt.Fprintf(w, "%s - %s\n", strings.ToUpper(worst.String()), strings.Join(summary, "; "))
	for _, s := range statuses {
		fmt.Fprintf(w, "\n%s: %s\n", s.p.Name, strings.ToUpper(s.level.String()))
		if s.tok == nil {
			fmt.Fprintf(w, "  token          none recorded\n")
		} else {
			t := s.tok
			fmt.Fprintf(w, "  token          %s (%s)\n", t.ShortFingerprint(), t.Status)
			fmt.Fprintf(w, "  created        %s\n", shortDate(t.CreatedAt, loc))
			fmt.Fprintf(w, "  expires        %s (%s)\n", shortDate(t.ExpiresAt, loc), daysPhrase(s.days))
			fmt.Fprintf(w, "  last health    %s\n", healthLine(*t, loc))
		}
		next := "none scheduled"
		if s.next != nil {
			next = fmt.Sprintf("%s (%s)", shortTime(s.next.EffectiveDue(), loc), s.next.Kind)
		}
		fmt.Fprintf(w, "  next reminder  %s\n", next)
		if rn := s.renewal; rn != nil {
			fmt.Fprintf(w, "  renewal        unfinished, at step %q since %s\n", stepName(rn.State), shortTime(rn.UpdatedAt, loc))
			if rn.LastError != "" {
				fmt.Fprintf(w, "                 last error: %s\n", sentence(rn.LastError))
			}
		}
	}
}

func healthLine(t store.Token, loc *time.Location) string {
	if t.HealthResult == "" {
		return "never checked"
	}
	line := fmt.Sprintf("%s at %s", t.HealthResult, shortTime(t.HealthAt, loc))
	if t.HealthMessage != "" && t.HealthResult != string(hub.ProbeOK) {
		line += ": " + t.HealthMessage
	}
	return line
}
