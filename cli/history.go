package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"scimrenew/services"
	"scimrenew/store"
)

type historyJSON struct {
	Profiles []profileHistoryJSON `json:"profiles"`
}

type profileHistoryJSON struct {
	Profile   string      `json:"profile"`
	ProfileID string      `json:"profile_id"`
	Tokens    []tokenJSON `json:"tokens"` // newest first
}

func runHistory(r *runner, args []string) int {
	f := newFlags("history", "scimrenew [--data-dir DIR] history [--profile NAME] [--json]",
		"Shows the token history of each profile (or the one named), newest first: fingerprint, status,\n"+
			"created, expires, verified, installed in Okta (how), and the last health check. Tokens are shown\n"+
			"by fingerprint only. It reads only the database.",
		"scimrenew history --profile acme\nscimrenew history --json | jq '.profiles[].tokens[0].expires_at'",
		"0 the history was printed\n1 it could not be read (no such profile, database unreadable)\n2 wrong command line",
		ExitUsage)
	name := f.String("profile", "", "show only the profile with this `NAME`")
	asJSON := f.Bool("json", false, "print JSON (schema in the README)")
	if code, done := f.parse(r, args, 0); done {
		return code
	}
	var hist []profileTokens
	svc, err := r.open(readStore, "scimrenew history")
	switch {
	case errors.Is(err, errNoStore) && *name == "":
		// Nothing saved yet: an empty history.
	case err != nil:
		return r.fail(ExitFailure, err)
	default:
		if hist, err = readHistory(r, svc, *name); err != nil {
			return r.fail(ExitFailure, err)
		}
	}
	if *asJSON {
		out := historyJSON{Profiles: make([]profileHistoryJSON, 0, len(hist))}
		for _, h := range hist {
			ph := profileHistoryJSON{Profile: h.p.Name, ProfileID: h.p.ID, Tokens: make([]tokenJSON, 0, len(h.toks))}
			for _, t := range h.toks {
				ph.Tokens = append(ph.Tokens, toTokenJSON(t))
			}
			out.Profiles = append(out.Profiles, ph)
		}
		if err := writeJSON(r.stdout, out); err != nil {
			return ExitFailure
		}
		return ExitOK
	}
	r.printHistory(hist)
	return ExitOK
}

// profileTokens is one profile's token history, newest first.
type profileTokens struct {
	p    store.Profile
	toks []store.Token
}

func readHistory(r *runner, svc *services.Services, name string) ([]profileTokens, error) {
	profiles, err := selectProfiles(r.ctx, svc, name)
	if err != nil {
		return nil, err
	}
	out := make([]profileTokens, 0, len(profiles))
	for _, p := range profiles {
		page, err := svc.History(r.ctx, p.ID, 0, services.AllTokens)
		if err != nil {
			return nil, fmt.Errorf("cannot read the token history of %q: %w", p.Name, err)
		}
		out = append(out, profileTokens{p, page.Tokens})
	}
	return out, nil
}

func (r *runner) printHistory(hist []profileTokens) {
	if len(hist) == 0 {
		fmt.Fprintln(r.stdout, "No profiles yet: add one with scimrenew profile add.")
		return
	}
	for i, h := range hist {
		if i > 0 {
			fmt.Fprintln(r.stdout)
		}
		fmt.Fprintf(r.stdout, "%s\n", h.p.Name)
		if len(h.toks) == 0 {
			fmt.Fprintln(r.stdout, "  no tokens recorded yet")
			continue
		}
		r.printTokens(h.toks)
	}
}

func (r *runner) printTokens(toks []store.Token) {
	loc := r.env.Location
	tw := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  FINGERPRINT\tSTATUS\tCREATED\tEXPIRES\tVERIFIED\tINSTALLED\tLAST HEALTH")
	for _, t := range toks {
		installed := services.DateText(t.InstalledAt, loc, services.DateISO)
		if t.InstallMethod != "" {
			installed += " (" + t.InstallMethod + ")"
		}
		health := "-"
		if t.HealthResult != "" {
			health = t.HealthResult + " " + services.DateText(t.HealthAt, loc, services.DateISO)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ShortFingerprint(), t.Status, services.DateText(t.CreatedAt, loc, services.DateISO),
			services.DateText(t.ExpiresAt, loc, services.DateISO), services.DateText(t.VerifiedAt, loc, services.DateISO), installed, health)
	}
	_ = tw.Flush()
}
