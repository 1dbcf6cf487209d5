package services

import (
	"context"
	"errors"
	"testing"

	"scimrenew/okta/oktatest"
	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/store"
)

func start(t *testing.T) (*sandbox.Sandbox, *Services) {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	return sb, New(Config{Store: sb.Store, Keychain: sb.Keychain, Now: sb.Clock.Now, Owner: "test"})
}

func TestAPIModeRenewalThroughTheAssembledServices(t *testing.T) {
	ctx := context.Background()
	sb, svc := start(t)
	p, err := sb.Store.ProfileByName(ctx, sandbox.APIProfile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := svc.Engine.Begin(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Run(ctx, nil); err != nil {
		t.Fatalf("API-mode renewal did not run to the end: %v", err)
	}
	if s.Step() != renewal.StepDone {
		t.Fatalf("step %v", s.Step())
	}
	cur, err := sb.Store.CurrentToken(ctx, p.ID)
	if err != nil || cur.InstallMethod != store.InstallAPI {
		t.Fatalf("current token %+v, %v", cur, err)
	}
	tok, _ := sb.Keychain.Get(p.ID, secrets.KindTokenCurrent)
	if sb.Okta.Token(oktatest.Org2OrgAppID) != tok || store.Fingerprint(tok) != cur.Fingerprint {
		t.Fatal("Okta, the keychain and the history disagree on the new token")
	}
	rs, err := sb.Store.TokenReminders(ctx, cur.ID)
	if err != nil || len(rs) < 4 {
		t.Fatalf("reminders of the new token: %d, %v", len(rs), err)
	}
}

func TestHubPageProfileHasNoOktaClientAndNotifierIsLate(t *testing.T) {
	ctx := context.Background()
	sb, svc := start(t)
	p, _ := sb.Store.ProfileByName(ctx, sandbox.HubPageProfile)
	if c, err := svc.OktaClient(p); c != nil || err != nil {
		t.Fatalf("Hub-page demo has an Okta client: %v %v", c, err)
	}
	if err := svc.notify("t", "b"); !errors.Is(err, ErrNoNotifier) {
		t.Fatalf("notify without a notifier: %v", err)
	}
	var got string
	svc.SetNotifier(reminders.NotifierFunc(func(title, body string) error { got = title; return nil }))
	if err := svc.notify("hello", "b"); err != nil || got != "hello" {
		t.Fatalf("notifier not used: %q %v", got, err)
	}
	api, _ := sb.Store.ProfileByName(ctx, sandbox.APIProfile)
	if c, err := svc.OktaClient(api); c == nil || err != nil {
		t.Fatalf("API demo has no Okta client: %v", err)
	}
}
