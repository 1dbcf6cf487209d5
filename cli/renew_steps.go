package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"scimrenew/renewal"
	"scimrenew/services"
)

// stopErr is a reason to stop the renewal that carries its own advice, so no generic "run again" is added.
type stopErr struct{ msg string }

func (e *stopErr) Error() string { return e.msg }

// drive runs the renewal loop (services.Renew) until the renewal is done or stops: for a manual install
// it hands the token over, waits for the administrator's confirmation and runs the loop on.
func (c *renewCmd) drive(svc *services.Services, s *renewal.Session) int {
	ctx := c.r.ctx
	in := renewal.Input{Token: c.token, CreateAgain: c.createAgain}
	for {
		out := svc.Renew(ctx, s, in, c.report)
		in = renewal.Input{}
		switch {
		case out.Err != nil && out.Need == renewal.NeedCreateAnswer:
			return c.stopped(ctx, s, &stopErr{fmt.Sprintf("%s. The Hub may have made a token anyway: run again with "+
				"--create-again to ask for a new one, or copy the token from the Hub page and give it with --token-stdin",
				strings.TrimSuffix(services.ErrorText(out.Err), "."))})
		case out.Err != nil:
			return c.stopped(ctx, s, out.Err)
		case out.Need == renewal.NeedCreateAnswer:
			return c.stopped(ctx, s, &stopErr{fmt.Sprintf("an earlier run was interrupted while the Hub was creating a "+
				"token, so the Hub may already have made one. Run again with --create-again to ask the Hub for a new "+
				"token (an extra token does no harm: only the one installed in Okta is used), or copy the token from "+
				"the Hub page and give it with --token-stdin. The renewal of %q is kept", c.p.Name)})
		case out.Need == renewal.NeedToken:
			return c.stopped(ctx, s, renewal.ErrNeedsCapture)
		case out.Need == renewal.NeedManualInstall:
			if err := c.manualInstall(ctx, s, out.Manual); err != nil {
				return c.stopped(ctx, s, err)
			}
			in.Installed = true
		case out.Summary != nil:
			return c.finish(*out.Summary)
		default: // finished or cancelled elsewhere
			return c.r.fail(ExitFailure, renewal.ErrFinished)
		}
	}
}

// stopped reports why the renewal stopped, and that it is kept.
func (c *renewCmd) stopped(ctx context.Context, s *renewal.Session, err error) int {
	var se *stopErr
	switch {
	case errors.As(err, &se):
		return c.r.fail(ExitFailure, err)
	case ctx.Err() != nil:
		err = errors.New("interrupted")
	case errors.Is(err, renewal.ErrTokenMissing):
		return c.r.fail(ExitFailure, err)
	}
	return c.r.failf(ExitFailure, "%s. The renewal is kept at step %q: run the same command again to continue it",
		strings.TrimSuffix(services.ErrorText(err), "."), s.Step().String())
}

func (c *renewCmd) say(format string, a ...any) {
	fmt.Fprintf(c.r.stdout, format, a...)
}

// report prints the loop's progress: what each action is about to do, and how it went.
func (c *renewCmd) report(e renewal.Event) {
	if !e.Ran {
		c.announce(e.Action)
		return
	}
	api := services.HasOktaAPI(c.p)
	switch e.Action {
	case renewal.ActVerify:
		if e.Err != nil || e.Probe == nil {
			c.say("failed.\n")
			return
		}
		c.say("passed (HTTP %d).\n", e.Probe.HTTPStatus)
	case renewal.ActInstallAPI:
		switch {
		case e.Err == nil:
			c.say("done.\n")
		case errors.Is(e.Err, renewal.ErrManualInstall) && api:
			c.say("not possible.\n%s\n", services.ErrorText(e.Err))
		case !errors.Is(e.Err, renewal.ErrManualInstall) && api:
			c.say("failed.\n")
		}
	case renewal.ActConfirmInstalled:
		if e.Err == nil {
			c.removeTokenFile()
		}
	}
}

// announce says what the next action does, before it runs.
func (c *renewCmd) announce(a renewal.Action) {
	switch a {
	case renewal.ActCapture:
		c.say("Saving the new token from standard input.\n")
	case renewal.ActCreateAgain:
		c.say("Asking the Hub for another new token (--create-again).\n")
	case renewal.ActCreate:
		c.say("Asking the Hub for a new token.\n")
	case renewal.ActVerify:
		c.say("Checking the new token against the SCIM endpoint (as Okta's Test API Credentials does): ")
	case renewal.ActInstallAPI:
		if services.HasOktaAPI(c.p) {
			c.say("Installing the token in Okta through the Connections API: ")
		}
	}
}

// manualInstall hands the token over in a file, prints the Okta deep link and waits for the
// administrator's word that the token is saved in Okta. nil means confirmed.
func (c *renewCmd) manualInstall(ctx context.Context, s *renewal.Session, m *renewal.ManualInstall) error {
	if c.tokenOut == "" {
		return &stopErr{fmt.Sprintf("the token must be pasted into Okta by hand: run again with --token-out FILE "+
			"to have it written there and the Okta link printed. The renewal of %q is kept", c.p.Name)}
	}
	tok, err := s.PendingToken(ctx)
	if err != nil {
		return err
	}
	if err := writeTokenFile(c.tokenOut, tok); err != nil {
		return err
	}
	c.say("\nThe new token is in %s (readable by you only).\n", c.tokenOut)
	if m.LinkErr == nil {
		c.say("Open the Okta app's Provisioning tab:\n  %s\n", m.DeepLink)
	} else {
		c.say("Open the Okta app's Provisioning tab in the Okta Admin Console (no link: %s)\n",
			strings.TrimSuffix(services.ErrorText(m.LinkErr), "."))
	}
	c.say("Click Edit, paste the token into the API token field (OAuth Bearer Token), click Test API Credentials,\nthen Save.\n")
	if c.noWait {
		return &stopErr{fmt.Sprintf("not waiting for the confirmation (--no-wait). Once the token is saved in Okta, "+
			"run scimrenew renew --profile %q --token-out FILE again and answer yes. The renewal is kept", c.p.Name)}
	}
	c.say("Type yes once the token is saved in Okta (no to stop): ")
	ok, err := c.confirm(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return &stopErr{fmt.Sprintf("the install in Okta was not confirmed. Once the token is saved in Okta, run "+
			"scimrenew renew --profile %q --token-out FILE again and answer yes. The renewal is kept, and %s "+
			"still holds the token", c.p.Name, c.tokenOut)}
	}
	return nil
}

// removeTokenFile deletes the token file once Okta holds the token.
func (c *renewCmd) removeTokenFile() {
	if c.tokenOut == "" {
		return
	}
	if err := os.Remove(c.tokenOut); err != nil {
		fmt.Fprintf(c.r.stderr, "scimrenew: warning: could not delete %s, which holds the token: %s\n", c.tokenOut,
			services.ErrorText(err))
		return
	}
	c.say("Deleted %s: Okta holds the token now, and %s keeps a copy.\n", c.tokenOut, services.KeychainName.Short)
}

// confirm reads the confirmation line: yes, y or done confirm; no, n or the end of input do not.
func (c *renewCmd) confirm(ctx context.Context) (bool, error) {
	for {
		line, err := c.r.in.nextCtx(ctx)
		if !c.r.in.terminal || err != nil {
			c.say("\n") // end the prompt's line, as a terminal's echo of the answer would
		}
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "yes", "y", "done":
			return true, nil
		case "no", "n":
			return false, nil
		default:
			c.say("Answer yes once the token is saved in Okta, or no to stop: ")
		}
	}
}

func (c *renewCmd) finish(sum renewal.Summary) int {
	loc := c.r.env.Location
	t := sum.Token
	c.say("Done. The new token %s is current: expires %s (%s), installed in Okta (%s).\n", t.ShortFingerprint(),
		services.DateText(t.ExpiresAt, loc, services.DateISO), t.ExpirySource, t.InstallMethod)
	if !sum.NextReminder.IsZero() {
		c.say("Next reminder: %s.\n", services.DateText(sum.NextReminder, loc, services.DateTimeISO))
	}
	for _, w := range sum.Warnings {
		fmt.Fprintf(c.r.stderr, "scimrenew: warning: %s\n", services.MessageText(w))
	}
	return ExitOK
}
