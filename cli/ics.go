package cli

import (
	"errors"
	"fmt"

	"scimrenew/reminders"
	"scimrenew/store"
)

func runICS(r *runner, args []string) int {
	f := newFlags("ics", "scimrenew [--data-dir DIR] ics --profile NAME -o FILE",
		"Writes the reminder dates of the profile's current token as an iCalendar file: one all-day event per\n"+
			"reminder (with a 09:00 alarm), stable UIDs so importing again updates the events. -o - writes to\n"+
			"standard output.",
		"scimrenew ics --profile acme -o acme-scim-token.ics",
		"0 written\n1 not written (no such profile, no current token, the file cannot be written)\n2 wrong command line",
		ExitUsage)
	name := f.String("profile", "", "the `NAME` of the profile")
	var out string
	f.StringVar(&out, "o", "", "the calendar `FILE` to write (- for standard output)")
	f.StringVar(&out, "output", "", "the same as -o")
	if code, done := f.parse(r, args, 0); done {
		return code
	}
	if *name == "" || out == "" {
		code, _ := f.usageError(r, "give the profile with --profile NAME and the file with -o FILE")
		return code
	}
	st, err := r.openStore(readStore)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	p, err := findProfile(r.ctx, st, *name)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	t, err := st.CurrentToken(r.ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return r.failf(ExitFailure, "%q has no current token, so there are no reminder dates; renew first with "+
			"scimrenew renew --profile %q", p.Name, p.Name)
	}
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	rs, err := st.TokenReminders(r.ctx, t.ID)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	if len(rs) == 0 { // a token recorded without a schedule: the rule gives the same dates
		rs = reminders.Schedule(p, t, r.env.Location)
	}
	for i := range rs {
		rs[i].DueAt = rs[i].DueAt.In(r.env.Location) // the events' dates are on the user's calendar
	}
	if out == "-" {
		if err := reminders.ExportICS(r.stdout, p, t, rs); err != nil {
			return r.fail(ExitFailure, err)
		}
		return ExitOK
	}
	if err := reminders.WriteICS(out, p, t, rs); err != nil {
		return r.fail(ExitFailure, err)
	}
	fmt.Fprintf(r.stdout, "Wrote %d reminder dates of %q to %s.\n", len(rs), p.Name, out)
	return ExitOK
}
