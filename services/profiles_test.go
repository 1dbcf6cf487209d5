package services

import (
	"errors"
	"testing"
	"time"

	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

func TestSaveProfileValidatesStoresSecretsAndSwapsCredentials(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", false, true)
	if got := w.secret(p, secrets.KindHubClientSecret); got != w.hub.ClientSecret() {
		t.Error("the Hub Client Secret did not reach the keychain")
	}
	if got := w.secret(p, secrets.KindOktaCredential); got != w.okta.APIToken() {
		t.Error("the Okta API token did not reach the keychain")
	}

	// Every rule is store.ValidateProfile's: a name taken, a months lead outside 1-11.
	for _, tc := range []struct {
		name  string
		edit  func(*store.Profile)
		field string
	}{
		{"name taken", func(q *store.Profile) { q.ID = ""; q.Name = "ACME" }, store.FieldName},
		{"months 12", func(q *store.Profile) { q.RemindMonths = 12 }, store.FieldRemindMonths},
		{"days negative", func(q *store.Profile) { q.RemindDays = []int{-3} }, store.FieldRemindDays},
	} {
		q := p
		tc.edit(&q)
		_, err := w.svc.SaveProfile(w.ctx, q, ProfileSecrets{HubClientSecret: "never-stored-secret"})
		var fe store.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] == "" {
			t.Errorf("%s: %v, want an error on %s", tc.name, err, tc.field)
		}
	}
	if got := w.secret(p, secrets.KindHubClientSecret); got != w.hub.ClientSecret() {
		t.Error("an invalid save changed the stored secret")
	}
	if ps, _ := w.svc.Profiles(w.ctx); len(ps) != 1 || ps[0].RemindMonths != 1 {
		t.Fatalf("an invalid save changed the profiles: %+v", ps)
	}

	// A service app replaces the SSWS token: without a new key the old token is deleted, never sent
	// as the other kind.
	q := p
	q.OktaCredKind, q.OktaClientID, q.OktaKeyID = store.OktaCredServiceApp, "0oaservice", "kid1"
	if _, err := w.svc.SaveProfile(w.ctx, q, ProfileSecrets{}); err != nil {
		t.Fatal(err)
	}
	if got := w.secret(p, secrets.KindOktaCredential); got != "" {
		t.Error("the SSWS token stayed in the keychain for a service-app profile")
	}
	q.OktaCredKind = store.OktaCredSSWS
	if _, err := w.svc.SaveProfile(w.ctx, q, ProfileSecrets{OktaCredential: "new-ssws-token"}); err != nil {
		t.Fatal(err)
	}
	if got := w.secret(p, secrets.KindOktaCredential); got != "new-ssws-token" {
		t.Error("a new credential of a new kind was not stored")
	}
	q.OktaCredKind = store.OktaCredNone
	if _, err := w.svc.SaveProfile(w.ctx, q, ProfileSecrets{OktaCredential: "ignored"}); err != nil {
		t.Fatal(err)
	}
	if got := w.secret(p, secrets.KindOktaCredential); got != "" {
		t.Error("the credential stayed after the profile dropped Okta's API")
	}
}

// TestLeadTimeChangeMovesTheNextReminder is the regression of lead times that never reached the
// stored reminders: after a renewal, a new first-reminder lead moves the current token's next reminder.
func TestLeadTimeChangeMovesTheNextReminder(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", true, true)
	w.renew(p)
	before, err := w.svc.Status(w.ctx, p.ID)
	if err != nil || before.NextReminder == nil {
		t.Fatalf("no next reminder after the renewal: %+v %v", before.NextReminder, err)
	}
	p.RemindMonths = 3
	if _, err := w.svc.SaveProfile(w.ctx, p, ProfileSecrets{}); err != nil {
		t.Fatal(err)
	}
	after, err := w.svc.Status(w.ctx, p.ID)
	if err != nil || after.NextReminder == nil {
		t.Fatalf("no next reminder after the edit: %v", err)
	}
	want := reminders.Schedule(p, *after.Token, time.UTC)[0].DueAt // the rule's first date for a 3-month lead
	if got := after.NextReminder.EffectiveDue(); !got.Equal(want) || !got.Before(before.NextReminder.EffectiveDue()) {
		t.Errorf("next reminder %s (was %s), want %s", got, before.NextReminder.EffectiveDue(), want)
	}

	// Saving other settings leaves the schedule alone.
	p.SCIMURL = w.hub.SCIMBase() + "/"
	if _, err := w.svc.SaveProfile(w.ctx, p, ProfileSecrets{}); err != nil {
		t.Fatal(err)
	}
	if again, _ := w.svc.Status(w.ctx, p.ID); !again.NextReminder.EffectiveDue().Equal(after.NextReminder.EffectiveDue()) {
		t.Error("a save without lead-time changes moved the reminders")
	}
}

func TestDeleteProfileRefusesAnUnfinishedRenewal(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", false, false)
	w.renewHubPageUntilInstall(p)
	if w.secret(p, secrets.KindTokenPending) == "" {
		t.Fatal("the unfinished renewal has no pending token in the keychain")
	}
	_, err := w.svc.DeleteProfile(w.ctx, p.ID, DeleteOptions{})
	var unfinished *UnfinishedRenewalError
	if !errors.As(err, &unfinished) || unfinished.Step() != renewal.StepInstall {
		t.Fatalf("delete with an unfinished renewal: %v", err)
	}
	if _, err := w.svc.Profile(w.ctx, p.ID); err != nil {
		t.Fatal("the refused delete removed the profile")
	}
	res, err := w.svc.DeleteProfile(w.ctx, p.ID, DeleteOptions{EvenUnfinished: true})
	if err != nil || res.KeychainErr != nil {
		t.Fatalf("forced delete: %v %v", err, res.KeychainErr)
	}
	for _, k := range []secrets.Kind{secrets.KindHubClientSecret, secrets.KindTokenPending} {
		if w.secret(p, k) != "" {
			t.Errorf("%s stayed in the keychain", k)
		}
	}
	if toks, err := w.st.Tokens(w.ctx, p.ID); err != nil || len(toks) != 0 {
		t.Errorf("history left: %d tokens, %v", len(toks), err)
	}
	if _, err := w.svc.Profile(w.ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("profile still there: %v", err)
	}
}
