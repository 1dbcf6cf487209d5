package cli

import (
	"fmt"

	"scimrenew/renewal"
	"scimrenew/services"
	"scimrenew/store"
)

const renewAbout = `Renews the profile's SCIM token through the same renewal engine as the window, or continues its
unfinished renewal from the step where it stopped:
  1. get the new token: API mode creates it at the Hub; --token-stdin takes a token copied from the Hub
     page (the first line of standard input);
  2. verify it against the SCIM endpoint, as Okta's "Test API Credentials" does;
  3. install it in Okta: through Okta's Connections API where the app supports it and the profile has an
     Okta credential; otherwise the token is written to --token-out FILE (mode 0600), the Okta deep link
     is printed, and renew waits for a confirmation line on standard input ("yes", "y" or "done"; the end
     of input or "no" means not confirmed). The token file is deleted once the install is confirmed;
  4. record the token as current and schedule its reminders.
Without --token-out, renew refuses to start a renewal that needs a deep-link install.
A renewal that stops for any reason (failure, no confirmation, --no-wait, Ctrl-C, a crash) is kept: run
the same command again to continue it. If it stopped while the Hub was creating a token, the Hub may have
made one already, so renew will not ask for another unless --create-again is given.`

const renewExample = `scimrenew renew --profile acme                       # API mode, Okta's Connections API
scimrenew renew --profile acme --token-out ~/acme.token
printf '%s\n' "$TOKEN" | scimrenew renew --profile acme --token-stdin --token-out t.txt --no-wait
printf '%s\nyes\n' "$TOKEN" | scimrenew renew --profile acme --token-stdin --token-out t.txt`

const renewExits = `0 the renewal is done: the new token is current
1 the renewal did not finish: the message says why; it is kept, and running the same command again
  continues it (this includes another window or command holding the renewal, an unconfirmed install,
  --no-wait, and an interrupted create without --create-again)
2 wrong command line, or a deep-link install without --token-out`

// renewCmd is one run of the renew verb.
type renewCmd struct {
	r           *runner
	p           store.Profile
	token       string // the token given with --token-stdin, "" without
	tokenOut    string
	noWait      bool
	createAgain bool
}

func runRenew(r *runner, args []string) int {
	f := newFlags("renew", "scimrenew [--data-dir DIR] renew --profile NAME [--token-stdin] [--token-out FILE] "+
		"[--no-wait] [--create-again]", renewAbout, renewExample, renewExits, ExitUsage)
	c := &renewCmd{r: r}
	name := f.String("profile", "", "the `NAME` of the profile to renew")
	tokenStdin := f.Bool("token-stdin", false, "read the new token (copied from the Hub page) from the first line of standard input")
	f.StringVar(&c.tokenOut, "token-out", "", "for a deep-link install, write the token to `FILE` (created with mode 0600)")
	f.BoolVar(&c.noWait, "no-wait", false, "do not wait for the install confirmation: exit 1, leaving the renewal to continue")
	f.BoolVar(&c.createAgain, "create-again", false, "after an interrupted create, ask the Hub for another token (an extra token does no harm)")
	if code, done := f.parse(r, args, 0); done {
		return code
	}
	if *name == "" {
		code, _ := f.usageError(r, "name the profile to renew with --profile NAME")
		return code
	}
	st, err := r.openStore(changeStore)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	// The engine adds this process's pid and host to the owner. Without a usable OS keychain, the new
	// token lives in memory only (run warns).
	svc := r.services(st, "scimrenew renew", true)
	if c.p, err = findProfile(r.ctx, svc, *name); err != nil {
		return r.fail(ExitFailure, err)
	}
	status, err := svc.Status(r.ctx, c.p.ID)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	open := status.Renewal
	if msg := c.precheck(open, *tokenStdin); msg != "" {
		code, _ := f.usageError(r, msg)
		return code
	}
	if *tokenStdin {
		if c.token, err = r.in.secret("new SCIM token"); err != nil {
			return r.fail(ExitUsage, err)
		}
	}
	return c.run(svc, open)
}

// precheck refuses, before anything starts, what cannot work: a Hub-page profile without a token, and a
// deep-link install without --token-out. It returns what to fix, or "".
func (c *renewCmd) precheck(open *store.Renewal, tokenStdin bool) string {
	step := renewal.StepCreate
	if open != nil {
		step = renewal.StepOf(open.State)
	}
	if step == renewal.StepCreate && !tokenStdin && !c.p.APIMode() {
		page, err := services.HubPageLink(c.p)
		if err != nil {
			page = c.p.HubURL
		}
		return fmt.Sprintf("%q is in Hub-page mode, so SCIM Renew cannot create the token itself: open %s, go to "+
			"Settings > Hub Management > SCIM Token, click Create Token, then Copy, and give the token on "+
			"standard input with --token-stdin", c.p.Name, page)
	}
	if step <= renewal.StepInstall && !services.HasOktaAPI(c.p) && c.tokenOut == "" {
		return fmt.Sprintf("%q has no Okta API credential, so the token must be pasted into Okta by hand: add "+
			"--token-out FILE to have the token written there (readable by you only) and the Okta link printed", c.p.Name)
	}
	return ""
}

func (c *renewCmd) run(svc *services.Services, open *store.Renewal) int {
	r := c.r
	if err := svc.KeychainErr(); err != nil {
		fmt.Fprintf(r.stderr, "scimrenew: warning: %s The new token will live in memory only: if this command "+
			"stops before the renewal is done, the token is lost.\n", services.ErrorText(err))
	}
	s, err := svc.BeginRenewal(r.ctx, c.p.ID)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			fmt.Fprintf(r.stderr, "scimrenew: warning: could not release the renewal: %s\n", services.ErrorText(err))
		}
	}()
	if open != nil {
		fmt.Fprintf(r.stdout, "Continuing the unfinished renewal of %q (step %q, started %s).\n", c.p.Name,
			s.Step().String(), services.DateText(open.StartedAt, r.env.Location, services.DateTimeISO))
	} else {
		fmt.Fprintf(r.stdout, "Renewing the token of %q.\n", c.p.Name)
	}
	for _, n := range s.Notices() {
		fmt.Fprintf(r.stdout, "%s\n", services.MessageText(n))
	}
	if c.token != "" && s.Step() != renewal.StepCreate {
		fmt.Fprintf(r.stderr, "scimrenew: note: this renewal already has its new token, so the token on standard "+
			"input was not used.\n")
	}
	return c.drive(svc, s)
}
