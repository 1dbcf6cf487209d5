package cli

import (
	"errors"
	"fmt"

	"scimrenew/services"
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
	svc, err := r.open(readStore, "scimrenew ics")
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	p, err := findProfile(r.ctx, svc, *name)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	var c services.Calendar
	if out == "-" {
		c, err = svc.ExportCalendar(r.ctx, p.ID, r.stdout)
	} else {
		c, err = svc.SaveCalendar(r.ctx, p.ID, out)
	}
	if errors.Is(err, services.ErrNoCurrentToken) {
		return r.failf(ExitFailure, "%q has no current token, so there are no reminder dates; renew first with "+
			"scimrenew renew --profile %q", p.Name, p.Name)
	}
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	if out != "-" {
		fmt.Fprintf(r.stdout, "Wrote %d reminder dates of %q to %s.\n", len(c.Reminders), p.Name, out)
	}
	return ExitOK
}
