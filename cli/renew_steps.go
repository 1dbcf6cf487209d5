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

// drive runs the renewal's steps until it is done or one needs the administrator or fails.
func (c *renewCmd) drive(s *renewal.Session) int {
	ctx := c.r.ctx
	for {
		st := s.Step()
		var err error
		switch st {
		case renewal.StepCreate:
			err = c.create(ctx, s)
		case renewal.StepVerify:
			err = c.verify(ctx, s)
		case renewal.StepInstall:
			err = c.install(ctx, s)
		case renewal.StepFinish:
			return c.finish(ctx, s)
		default:
			return c.r.fail(ExitFailure, renewal.ErrFinished)
		}
		if err != nil {
			return c.stopped(ctx, s, err)
		}
		if s.Step() == st {
			return c.stopped(ctx, s, fmt.Errorf("the renewal did not move past step %q", st))
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
		strings.TrimSuffix(sentence(err.Error()), "."), s.Step().String())
}

func (c *renewCmd) say(format string, a ...any) {
	fmt.Fprintf(c.r.stdout, format, a...)
}

func (c *renewCmd) create(ctx context.Context, s *renewal.Session) error {
	switch {
	case c.token != "":
		c.say("Saving the new token from standard input.\n")
		return s.Capture(ctx, c.token)
	case s.NeedsCreateConfirmation() && !c.createAgain:
		return &stopErr{fmt.Sprintf("an earlier run was interrupted while the Hub was creating a token, so the Hub "+
			"may already have made one. Run again with --create-again to ask the Hub for a new token (an extra "+
			"token does no harm: only the one installed in Okta is used), or copy the token from the Hub page "+
			"and give it with --token-stdin. The renewal of %q is kept", c.p.Name)}
	case s.NeedsCreateConfirmation():
		c.say("Asking the Hub for another new token (--create-again).\n")
		return c.createErr(s, s.Create(ctx, true))
	default:
		c.say("Asking the Hub for a new token.\n")
		return c.createErr(s, s.Create(ctx, false))
	}
}

// createErr adds, to a create whose outcome is unknown, how to go on.
func (c *renewCmd) createErr(s *renewal.Session, err error) error {
	if err == nil || !s.NeedsCreateConfirmation() {
		return err
	}
	return &stopErr{fmt.Sprintf("%s. The Hub may have made a token anyway: run again with --create-again to ask "+
		"for a new one, or copy the token from the Hub page and give it with --token-stdin",
		strings.TrimSuffix(sentence(err.Error()), "."))}
}

func (c *renewCmd) verify(ctx context.Context, s *renewal.Session) error {
	c.say("Checking the new token against the SCIM endpoint (as Okta's Test API Credentials does): ")
	res, err := s.Verify(ctx)
	if err != nil {
		c.say("failed.\n")
		return err
	}
	c.say("passed (HTTP %d).\n", res.HTTPStatus)
	return nil
}

func (c *renewCmd) install(ctx context.Context, s *renewal.Session) error {
	api := services.HasOktaAPI(s.Profile())
	if api {
		c.say("Installing the token in Okta through the Connections API: ")
	}
	err := s.InstallAPI(ctx)
	if err == nil {
		c.say("done.\n")
		return nil
	}
	if !errors.Is(err, renewal.ErrManualInstall) {
		if api {
			c.say("failed.\n")
		}
		return err
	}
	if api {
		c.say("not possible.\n%s\n", sentence(err.Error()))
	}
	return c.manualInstall(ctx, s)
}

// manualInstall hands the token over in a file, prints the Okta deep link and waits for the
// administrator's word that the token is saved in Okta.
func (c *renewCmd) manualInstall(ctx context.Context, s *renewal.Session) error {
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
	if link, err := s.DeepLink(); err == nil {
		c.say("Open the Okta app's Provisioning tab:\n  %s\n", link)
	} else {
		c.say("Open the Okta app's Provisioning tab in the Okta Admin Console (no link: %s)\n",
			strings.TrimSuffix(sentence(err.Error()), "."))
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
	if err := s.ConfirmInstalled(ctx); err != nil {
		return err
	}
	if err := os.Remove(c.tokenOut); err != nil {
		fmt.Fprintf(c.r.stderr, "scimrenew: warning: could not delete %s, which holds the token: %s\n", c.tokenOut,
			sentence(err.Error()))
	} else {
		c.say("Deleted %s: Okta holds the token now, and the keychain keeps a copy.\n", c.tokenOut)
	}
	return nil
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

func (c *renewCmd) finish(ctx context.Context, s *renewal.Session) int {
	sum, err := s.Finish(ctx)
	if err != nil {
		return c.stopped(ctx, s, err)
	}
	loc := c.r.env.Location
	t := sum.Token
	c.say("Done. The new token %s is current: expires %s (%s), installed in Okta (%s).\n", t.ShortFingerprint(),
		shortDate(t.ExpiresAt, loc), t.ExpirySource, t.InstallMethod)
	if !sum.NextReminder.IsZero() {
		c.say("Next reminder: %s.\n", shortTime(sum.NextReminder, loc))
	}
	for _, w := range sum.Warnings {
		fmt.Fprintf(c.r.stderr, "scimrenew: warning: %s\n", sentence(w))
	}
	return ExitOK
}
