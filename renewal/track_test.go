package renewal

import (
	"context"
	"strings"
	"testing"
	"time"

	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// track records the profile's current token the way "Track my current token" does: with a token, its
// keychain entry first and then the row; dates only, the row alone. It returns the token ("" for dates).
func (f *fixture) track(withToken bool) (string, store.Token) {
	f.t.Helper()
	created := time.Now().AddDate(0, -10, 0)
	t := store.Token{
		ProfileID: f.p.ID, CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0),
		ExpirySource: store.ExpiryGivenCreated, InstallMethod: store.InstallAlreadyInOkta,
	}
	tok := ""
	if withToken {
		tok = f.hub.mint()
		if err := f.kc.Set(f.p.ID, secrets.KindTokenCurrent, tok); err != nil {
			f.t.Fatal(err)
		}
		t.Fingerprint, t.VerifiedAt = store.Fingerprint(tok), time.Now()
	}
	row, err := f.st.TrackToken(f.ctx, t, VendorReminders(f.p, t, nil))
	if err != nil {
		f.t.Fatal(err)
	}
	return tok, row
}

// The first renewal after tracking treats the tracked token as the current one: it becomes previous
// (kept in the keychain when SCIM Renew holds it; a dates-only entry has nothing to move), its reminders
// stop, and the keychain agrees with the rows, so the next start finds nothing to repair.
func TestRenewalAfterTracking(t *testing.T) {
	for _, withToken := range []bool{true, false} {
		name := "dates only"
		if withToken {
			name = "with the token"
		}
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, true)
			tracked, row := f.track(withToken)
			e := f.engine("window")
			s := f.begin(e)
			if err := s.Run(f.ctx, nil); err != nil {
				t.Fatal(err)
			}
			newTok := f.okta.held()
			same(t, "keychain current", f.slot(secrets.KindTokenCurrent), newTok)
			same(t, "keychain previous", f.slot(secrets.KindTokenPrevious), tracked)
			same(t, "keychain pending", f.slot(secrets.KindTokenPending), "")
			prev, err := f.st.Token(f.ctx, row.ID)
			if err != nil || prev.Status != store.TokenPrevious || prev.InstallMethod != store.InstallAlreadyInOkta {
				t.Fatalf("tracked row after the renewal: %+v, %v", prev, err)
			}
			if rs, _ := f.st.TokenReminders(f.ctx, row.ID); len(rs) != 0 {
				t.Fatalf("the tracked token still has %d reminders", len(rs))
			}
			f.wantReminderOn(time.Date(2026, 2, 28, 9, 0, 0, 0, time.Local))
			findings, err := e.Reconcile(f.ctx)
			if err != nil || len(findings) != 0 {
				t.Fatalf("reconcile after the renewal: %+v, %v", findings, err)
			}
			// The next renewal supersedes the tracked entry and keeps the first renewal's token as previous.
			s.Close()
			s2 := f.begin(e)
			if err := s2.Run(f.ctx, nil); err != nil {
				t.Fatal(err)
			}
			same(t, "keychain previous after the second renewal", f.slot(secrets.KindTokenPrevious), newTok)
			if prev, _ = f.st.Token(f.ctx, row.ID); prev.Status != store.TokenSuperseded {
				t.Fatalf("tracked row after the second renewal: %s", prev.Status)
			}
		})
	}
}

// A keychain entry beside a dates-only current token is reported, never dropped, and named for what it is.
func TestReconcileReportsKeychainTokenBesideDatesOnlyEntry(t *testing.T) {
	f := newFixture(t, false)
	f.track(false)
	stray := f.hub.mint()
	if err := f.kc.Set(f.p.ID, secrets.KindTokenCurrent, stray); err != nil {
		t.Fatal(err)
	}
	findings, err := f.engine("window").Reconcile(f.ctx)
	if err != nil || len(findings) != 1 || findings[0].Kind != FindingMismatch || findings[0].Repaired {
		t.Fatalf("findings %+v, %v", findings, err)
	}
	if msg := findings[0].Message; !strings.Contains(msg, "tracked by its dates only") || !strings.Contains(msg, short(store.Fingerprint(stray))) {
		t.Fatalf("message %q", msg)
	}
	same(t, "keychain current", f.slot(secrets.KindTokenCurrent), stray)
}

// seedTracked records a tracked current token as "Track my current token" does: the keychain entry first,
// then the row with its reminders. Okta holds the tracked token; a dates-only entry's token is one SCIM
// Renew never saw. It returns the tracked token, "" for a dates-only entry.
func (w *crashWorld) seedTracked(t *testing.T, st *store.Store, p store.Profile, withToken bool) string {
	t.Helper()
	inOkta, err := w.hub.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	w.okta.SetToken(oktatest.Org2OrgAppID, inOkta)
	for kind, v := range map[secrets.Kind]string{
		secrets.KindHubClientSecret: w.hub.ClientSecret(),
		secrets.KindOktaCredential:  w.okta.APIToken(),
	} {
		if err := w.kc.Set(p.ID, kind, v); err != nil {
			t.Fatal(err)
		}
	}
	created := time.Now().AddDate(0, -10, 0)
	row := store.Token{
		ProfileID: p.ID, CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0),
		ExpirySource: store.ExpiryGivenCreated, InstallMethod: store.InstallAlreadyInOkta,
	}
	tok := ""
	if withToken {
		tok = inOkta
		if err := w.kc.Set(p.ID, secrets.KindTokenCurrent, tok); err != nil {
			t.Fatal(err)
		}
		row.Fingerprint, row.VerifiedAt = store.Fingerprint(tok), time.Now()
	}
	if _, err := st.TrackToken(context.Background(), row, VendorReminders(p, row, nil)); err != nil {
		t.Fatal(err)
	}
	return tok
}
