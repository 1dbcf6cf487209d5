package renewal

import (
	"context"
	"fmt"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/secrets"
	"scimrenew/store"
)

// Verify probes the tenant's SCIM endpoint with the new token, as Okta's "Test API Credentials" does.
// On success the renewal is verified. On failure the result's class and message say why, the error
// (matching ErrVerifyFailed) is stored, the token's health is recorded, and Verify may be called again.
func (s *Session) Verify(ctx context.Context) (hub.ProbeResult, error) {
	unlock, err := s.begin(StepVerify)
	if err != nil {
		return hub.ProbeResult{}, err
	}
	defer unlock()
	tok, t, err := s.pending(ctx)
	if err != nil {
		return hub.ProbeResult{}, s.fail(ctx, err)
	}
	p, r := s.reloadProfile(ctx), s.Renewal()
	res := s.e.hub.Probe(ctx, p.SCIMURL, tok)
	at := res.At
	if at.IsZero() {
		at = s.e.now()
	}
	if !res.OK() {
		if err := s.e.st.SetTokenHealth(context.WithoutCancel(ctx), t.ID, string(res.Class), res.Message, at); err != nil {
			s.e.log.Warn("cannot record the probe result", "token_id", t.ID, "err", err)
		}
		return res, s.fail(ctx, fmt.Errorf("%w: %s", ErrVerifyFailed, res.Message))
	}
	if err := s.e.st.MarkVerified(ctx, r.ID, s.e.owner, at); err != nil {
		return res, s.fail(ctx, storeError("record the verification", err))
	}
	s.refresh(ctx)
	reach("state:verified")
	s.e.log.Info("new token verified", "renewal", r.ID, "total_results", res.TotalResults)
	return res, nil
}

// InstallAPI sets the new token on the Okta app through Okta's Connections API and reads it back. When
// that cannot work for this app (its connection reads UNKNOWN, it uses OAuth) or no Okta credential is
// set, it returns an error matching ErrManualInstall (not stored: it is the normal path for most apps)
// and the UI offers DeepLink, PendingToken and ConfirmInstalled. Other failures are stored and may be
// retried.
func (s *Session) InstallAPI(ctx context.Context) error {
	unlock, err := s.begin(StepInstall)
	if err != nil {
		return err
	}
	defer unlock()
	p, r := s.reloadProfile(ctx), s.Renewal()
	if s.e.okta == nil {
		return &manualError{cause: okta.ErrNoCredential}
	}
	oc, err := s.e.okta(p)
	if err != nil {
		if manual(err) {
			return &manualError{cause: err}
		}
		return s.fail(ctx, stepError("renewal: cannot use the Okta credential", err))
	}
	if oc == nil {
		return &manualError{cause: okta.ErrNoCredential}
	}
	tok, _, err := s.pending(ctx)
	if err != nil {
		return s.fail(ctx, err)
	}
	if _, err := oc.SetToken(ctx, p.OktaAppID, tok); err != nil {
		if manual(err) {
			return &manualError{cause: err}
		}
		return s.fail(ctx, stepError("renewal: installing the token in Okta failed", err))
	}
	return s.installed(ctx, r, store.InstallAPI)
}

// ConfirmInstalled records the admin's word that the token is saved on the Okta app's Provisioning tab.
func (s *Session) ConfirmInstalled(ctx context.Context) error {
	unlock, err := s.begin(StepInstall)
	if err != nil {
		return err
	}
	defer unlock()
	return s.installed(ctx, s.Renewal(), store.InstallManual)
}

func (s *Session) installed(ctx context.Context, r store.Renewal, method string) error {
	if err := s.e.st.MarkInstalled(ctx, r.ID, s.e.owner, s.e.now(), method); err != nil {
		return s.fail(ctx, storeError("record the installation", err))
	}
	s.refresh(ctx)
	reach("state:installed")
	s.e.log.Info("new token installed in Okta", "renewal", r.ID, "method", method)
	return nil
}

// DeepLink returns the Okta admin address of the app's Provisioning tab, for the manual install.
func (s *Session) DeepLink() (string, error) {
	p := s.Profile()
	return okta.AdminDeepLink(p.OktaOrgURL, p.OktaAdminURL, p.OktaAppName, p.OktaAppID)
}

// PendingToken returns the new token, for the UI to copy to the clipboard during a manual install (or
// to show on demand). It is checked against the recorded fingerprint.
func (s *Session) PendingToken(ctx context.Context) (string, error) {
	if st := s.Step(); st != StepVerify && st != StepInstall && st != StepFinish {
		return "", fmt.Errorf("%w: the renewal is at step %q", ErrWrongStep, st)
	}
	tok, _, err := s.pending(ctx)
	return tok, err
}

// pending returns the new token and its row. The keychain's pending entry must fingerprint as the row;
// after an interrupted finish it may already sit in the current entry, which is accepted too.
func (s *Session) pending(ctx context.Context) (string, store.Token, error) {
	p, r := s.Profile(), s.Renewal()
	t, err := s.e.st.Token(ctx, r.TokenID)
	if err != nil {
		return "", t, storeError("read the new token's record", err)
	}
	for _, kind := range []secrets.Kind{secrets.KindTokenPending, secrets.KindTokenCurrent} {
		v, err := s.e.get(p.ID, kind)
		if err != nil {
			return "", t, keychainError("read the new token", err)
		}
		if v != "" && store.Fingerprint(v) == t.Fingerprint {
			return v, t, nil
		}
	}
	if s.e.volatile {
		return "", t, fmt.Errorf("%w (SCIM Renew runs without a keychain, so the token was lost when the app quit)", ErrTokenMissing)
	}
	return "", t, ErrTokenMissing
}
