package renewal

import (
	"errors"
	"strings"
	"testing"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/store"
)

func TestFailedVerifyIsStoredAndRetried(t *testing.T) {
	f := newFixture(t, true)
	f.hub.probe = func(url, _ string) hub.ProbeResult {
		if url != "https://acme.qorusdocs.com/scim/v2/fixed" {
			return hub.ProbeResult{
				Class: hub.ProbeRejected, HTTPStatus: 401,
				Message: "The Hub rejected the token (HTTP 401); check the SCIM base URL belongs to this tenant.",
			}
		}
		return hub.ProbeResult{Class: hub.ProbeOK, HTTPStatus: 200, Message: "OK"}
	}
	e := f.engine("window")
	s := f.begin(e)
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	res, err := s.Verify(f.ctx)
	if !errors.Is(err, ErrVerifyFailed) || res.Class != hub.ProbeRejected {
		t.Fatalf("Verify: %v, class %q", err, res.Class)
	}
	if !strings.Contains(err.Error(), "HTTP 401") || s.Step() != StepVerify {
		t.Fatalf("error %q at step %v", err, s.Step())
	}
	r := f.renewal(s.Renewal().ID)
	if r.State != store.StateCreated || !strings.Contains(r.LastError, "HTTP 401") || s.LastError() != r.LastError {
		t.Fatalf("stored renewal %+v (session says %q)", r, s.LastError())
	}
	tok, _ := f.st.Token(f.ctx, r.TokenID)
	if tok.HealthResult != string(hub.ProbeRejected) || tok.HealthAt.IsZero() {
		t.Fatalf("token health %q at %v", tok.HealthResult, tok.HealthAt)
	}
	s.Close()
	f.resumeFixedVerify()
}

// resumeFixedVerify fixes the SCIM URL in Settings and comes back: the renewal resumes at Verify with
// the error still shown, and passes.
func (f *fixture) resumeFixedVerify() {
	t := f.t
	t.Helper()
	p := f.p
	p.SCIMURL += "/fixed"
	if _, err := f.st.UpdateProfile(f.ctx, p); err != nil {
		t.Fatal(err)
	}
	s2 := f.begin(f.engine("window"))
	if s2.Step() != StepVerify || s2.LastError() == "" {
		t.Fatalf("resumed at %v with error %q", s2.Step(), s2.LastError())
	}
	if res, err := s2.Verify(f.ctx); err != nil || !res.OK() {
		t.Fatalf("retry: %v, %+v", err, res)
	}
	if s2.Step() != StepInstall || s2.LastError() != "" {
		t.Fatalf("after retry: %v, error %q", s2.Step(), s2.LastError())
	}
	if creates, _ := f.hub.counts(); creates != 1 {
		t.Fatalf("creates %d", creates)
	}
}

func TestSettingsFixedMidRenewalApplyToTheRetry(t *testing.T) {
	f := newFixture(t, true)
	f.hub.probe = func(url, _ string) hub.ProbeResult {
		if strings.HasSuffix(url, "/v2") {
			return hub.ProbeResult{Class: hub.ProbeWrongURL, HTTPStatus: 404, Message: "Nothing answered at that SCIM URL."}
		}
		return hub.ProbeResult{Class: hub.ProbeOK, HTTPStatus: 200}
	}
	s := f.begin(f.engine("window"))
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	if res, err := s.Verify(f.ctx); !errors.Is(err, ErrVerifyFailed) || res.Class != hub.ProbeWrongURL {
		t.Fatalf("Verify: %v", err)
	}
	p := f.p
	p.SCIMURL = "https://acme.qorusdocs.com/scim/v2/tenant"
	if _, err := f.st.UpdateProfile(f.ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Verify(f.ctx); err != nil { // the same session, without reopening it
		t.Fatal(err)
	}
	if s.Profile().SCIMURL != p.SCIMURL {
		t.Fatalf("session profile %q", s.Profile().SCIMURL)
	}
}

func TestUnsupportedConnectionFallsBackToManual(t *testing.T) {
	for _, tc := range []struct {
		name string
		okta func(f *fixture) func(store.Profile) (Okta, error)
		want error
	}{
		{"UNKNOWN connection", func(f *fixture) func(store.Profile) (Okta, error) {
			f.okta.err = okta.ErrConnectionsUnsupported
			return func(store.Profile) (Okta, error) { return f.okta, nil }
		}, okta.ErrConnectionsUnsupported},
		{"no Okta credential", func(f *fixture) func(store.Profile) (Okta, error) {
			return func(store.Profile) (Okta, error) { return nil, nil }
		}, okta.ErrNoCredential},
		{"no Okta configured", func(f *fixture) func(store.Profile) (Okta, error) { return nil }, okta.ErrNoCredential},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, true)
			cfg := f.config("window")
			cfg.Okta = tc.okta(f)
			s := f.begin(New(cfg))
			if err := s.Create(f.ctx, false); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Verify(f.ctx); err != nil {
				t.Fatal(err)
			}
			err := s.InstallAPI(f.ctx)
			if !errors.Is(err, ErrManualInstall) || !errors.Is(err, tc.want) {
				t.Fatalf("InstallAPI: %v", err)
			}
			f.installByHand(s)
		})
	}
}

// installByHand walks the manual install: the deep link, the token to copy, the admin's confirmation.
func (f *fixture) installByHand(s *Session) {
	t := f.t
	t.Helper()
	if _, err := s.Advance(f.ctx); !errors.Is(err, ErrManualInstall) {
		t.Fatalf("Advance: %v", err)
	}
	if s.Step() != StepInstall || s.LastError() != "" {
		t.Fatalf("step %v, stored error %q", s.Step(), s.LastError())
	}
	link, err := s.DeepLink()
	if err != nil || link != "https://acme-admin.okta.com/admin/app/okta_org2org/instance/0oa1abcd/#tab-provisioning" {
		t.Fatalf("deep link %q, %v", link, err)
	}
	tok, err := s.PendingToken(f.ctx)
	if err != nil || store.Fingerprint(tok) != f.statusFP(store.TokenPending) {
		t.Fatalf("pending token: %v", err)
	}
	if err := s.ConfirmInstalled(f.ctx); err != nil {
		t.Fatal(err)
	}
	sum, err := s.Finish(f.ctx)
	if err != nil || sum.Token.InstallMethod != store.InstallManual {
		t.Fatalf("finish: %+v, %v", sum.Token, err)
	}
}

// statusFP returns the fingerprint of the profile's (only) token in status.
func (f *fixture) statusFP(status string) string {
	for fp, st := range f.statuses() {
		if st == status {
			return fp
		}
	}
	return ""
}

func TestOktaFailureIsStoredAndRetried(t *testing.T) {
	f := newFixture(t, true)
	f.okta.err = errors.New("okta: Okta refused the API token (E0000011); create a new one in Settings")
	s := f.begin(f.engine("window"))
	err := s.Run(f.ctx, nil)
	if err == nil || errors.Is(err, ErrManualInstall) || !strings.Contains(s.LastError(), "E0000011") {
		t.Fatalf("Run: %v; stored %q", err, s.LastError())
	}
	f.okta.mu.Lock()
	f.okta.err = nil
	f.okta.mu.Unlock()
	if err := s.Run(f.ctx, nil); err != nil {
		t.Fatal(err)
	}
	if f.okta.sets != 2 || s.Step() != StepDone {
		t.Fatalf("sets %d, step %v", f.okta.sets, s.Step())
	}
}
