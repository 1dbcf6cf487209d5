package e2e

import (
	"context"
	"errors"

	"scimrenew/okta/oktatest"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// resume clears the faults, opens the renewal in a new engine (as after quitting and starting again),
// checks it stands where it stopped, and finishes it.
func resume(ctx context.Context, w *world, want expectation, lastErr string, problem func(string, ...any)) {
	w.clearFaults()
	s, err := w.engine("e2e resume").Begin(ctx, w.p.ID)
	if err != nil {
		problem("resuming: %v", err)
		return
	}
	defer s.Close()
	if got := s.Renewal().State; got != want.state {
		problem("resumed in state %q, want %q", got, want.state)
	}
	if s.LastError() != lastErr {
		problem("the resumed renewal does not show the stored error")
	}
	if want.confirm {
		before := w.hub.Requests().TokenRequests
		if _, err := s.Advance(ctx); !errors.Is(err, renewal.ErrConfirmCreate) {
			problem("auto-advance after an unknowable create: %v, want ErrConfirmCreate", err)
		}
		if w.hub.Requests().TokenRequests != before {
			problem("the engine asked the Hub again without the admin's say-so")
		}
		if err := s.Create(ctx, true); err != nil {
			problem("confirmed create: %v", err)
			return
		}
	}
	if err := s.Run(ctx, nil); err != nil {
		problem("finishing the resumed renewal: %v", err)
		return
	}
	checkDone(ctx, w, problem)
}

// checkDone: the new token is current in the keychain, the rows and Okta; the old one is previous.
func checkDone(ctx context.Context, w *world, problem func(string, ...any)) {
	if _, err := w.st.OpenRenewal(ctx, w.p.ID); !errors.Is(err, store.ErrNotFound) {
		problem("the renewal is still open after finishing: %v", err)
	}
	cur := w.slot(secrets.KindTokenCurrent)
	w.secrets.add("new token", cur)
	row, err := w.st.CurrentToken(ctx, w.p.ID)
	switch {
	case err != nil:
		problem("no current token row: %v", err)
	case cur == w.current || row.Fingerprint != store.Fingerprint(cur):
		problem("the keychain's current token is not the new current row")
	case w.okta.Token(oktatest.Org2OrgAppID) != cur:
		problem("Okta does not hold the new token")
	case w.slot(secrets.KindTokenPrevious) != w.current:
		problem("the old token is not kept as previous")
	case w.slot(secrets.KindTokenPending) != "":
		problem("a pending token was left in the keychain")
	}
	if v, err := w.st.IntegrityCheck(ctx); err != nil || v != "ok" {
		problem("integrity check: %q %v", v, err)
	}
}
