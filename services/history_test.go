package services

import (
	"fmt"
	"testing"
	"time"

	"scimrenew/renewal"
	"scimrenew/store"
)

// localProfile saves a Hub-page profile straight into the store (no keychain entry).
func (l *local) localProfile(t *testing.T, name string) store.Profile {
	t.Helper()
	p, err := l.st.CreateProfile(l.ctx, store.Profile{
		Name: name, HubURL: "https://hub.example.com", SCIMURL: "https://hub.example.com/scim/v2",
		ClientID: "client", RemindMonths: store.DefaultRemindMonths, RemindDays: store.DefaultRemindDays,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// seedTokens gives the profile n tokens, one a day, the newest current and the rest superseded; it
// returns their ids, newest first.
func (l *local) seedTokens(t *testing.T, p store.Profile, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	newest := l.clock.Now().AddDate(0, -1, 0)
	for i := n - 1; i >= 0; i-- {
		created := newest.AddDate(0, 0, -i)
		status := store.TokenSuperseded
		if i == 0 {
			status = store.TokenCurrent
		}
		id, err := l.st.InsertToken(l.ctx, store.Token{
			ProfileID: p.ID, Fingerprint: store.Fingerprint(fmt.Sprintf("token %d of %s", i, p.Name)),
			CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0), ExpirySource: ExpiryFromJWT, Status: status,
		})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}

func TestHistoryPages(t *testing.T) {
	l := newLocal(t)
	empty := l.localProfile(t, "Empty")
	p := l.localProfile(t, "Acme")
	ids := l.seedTokens(t, p, 250)
	l.seedTokens(t, l.localProfile(t, "Other"), 3) // another profile's tokens are not counted

	if page, err := l.svc.History(l.ctx, empty.ID, 0, AllTokens); err != nil || page.Total != 0 || page.Current != nil || len(page.Tokens) != 0 {
		t.Fatalf("a profile without tokens: %+v, %v", page, err)
	}
	for _, tc := range []struct {
		name          string
		offset, limit int
		wantFirst     int // index into ids of the first token; -1 when none
		wantLen       int
	}{
		{"count and current only", 0, 0, -1, 0},
		{"first page", 0, 100, 0, 100},
		{"middle page", 100, 100, 100, 100},
		{"last, short page", 200, 100, 200, 50},
		{"the rest", 240, AllTokens, 240, 10},
		{"all", 0, AllTokens, 0, 250},
		{"past the end", 250, 100, -1, 0},
		{"negative offset", -5, 2, 0, 2},
	} {
		page, err := l.svc.History(l.ctx, p.ID, tc.offset, tc.limit)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if page.Total != 250 || page.Current == nil || page.Current.ID != ids[0] || page.Current.Status != store.TokenCurrent {
			t.Errorf("%s: total %d, current %+v; want 250 and the newest token", tc.name, page.Total, page.Current)
		}
		if len(page.Tokens) != tc.wantLen {
			t.Errorf("%s: %d tokens, want %d", tc.name, len(page.Tokens), tc.wantLen)
			continue
		}
		for i, tok := range page.Tokens {
			if tok.ID != ids[tc.wantFirst+i] {
				t.Errorf("%s: token %d is id %d, want %d (newest first)", tc.name, i, tok.ID, ids[tc.wantFirst+i])
				break
			}
		}
		if tc.wantLen > 0 && page.Offset != tc.wantFirst {
			t.Errorf("%s: offset %d, want %d", tc.name, page.Offset, tc.wantFirst)
		}
	}
}

func TestHistoryWithoutACurrentToken(t *testing.T) {
	l := newLocal(t)
	p := l.localProfile(t, "Acme")
	created := l.clock.Now().AddDate(-2, 0, 0)
	if _, err := l.st.InsertToken(l.ctx, store.Token{
		ProfileID: p.ID, Fingerprint: store.Fingerprint("old"), CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0),
		ExpirySource: ExpiryFromJWT, Status: store.TokenExpired,
	}); err != nil {
		t.Fatal(err)
	}
	page, err := l.svc.History(l.ctx, p.ID, 0, AllTokens)
	if err != nil || page.Total != 1 || page.Current != nil || len(page.Tokens) != 1 || page.Tokens[0].Status != store.TokenExpired {
		t.Fatalf("history with an expired token only: %+v, %v", page, err)
	}
	l.st.Close()
	if _, err := l.svc.History(l.ctx, p.ID, 0, AllTokens); err == nil {
		t.Fatal("a closed database gave a history")
	}
}

// The new token of a renewal is shown beside its steps once it exists: its record, never its value.
func TestRenewalTokenFollowsTheRenewal(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", false, false)
	sess, err := w.svc.BeginRenewal(w.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if _, ok, err := w.svc.RenewalToken(w.ctx, sess); ok || err != nil {
		t.Fatalf("before the token is captured: ok %v, err %v", ok, err)
	}
	tok, err := w.hub.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	if out := w.svc.Renew(w.ctx, sess, renewal.Input{Token: tok}, nil); out.Need != renewal.NeedManualInstall {
		t.Fatalf("Hub-page renewal stopped with need %v, err %v", out.Need, out.Err)
	}
	got, ok, err := w.svc.RenewalToken(w.ctx, sess)
	if err != nil || !ok {
		t.Fatalf("after the capture: ok %v, err %v", ok, err)
	}
	if got.Fingerprint != store.Fingerprint(tok) || got.Status != store.TokenPending || got.HealthResult != string(ProbeOK) ||
		!got.ExpiresAt.After(w.clock.Now().Add(300*24*time.Hour)) {
		t.Errorf("the new token's record %+v does not describe the captured, verified token", got)
	}
}
