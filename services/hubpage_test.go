package services

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"scimrenew/hub/hubtest"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/store"
)

func TestStoredHubClientSecretComesFromTheKeychain(t *testing.T) {
	svc, st, kc := newServices(t)
	p := saveProfile(t, st, store.Profile{})
	if _, err := svc.StoredSecret(p.ID, SecretHubClient); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("nothing stored: %v, want ErrSecretNotFound", err)
	}
	const secret = "hub-secret-0f3c9a-kept-in-the-keychain"
	if err := kc.Set(p.ID, secrets.KindHubClientSecret, secret); err != nil {
		t.Fatal(err)
	}
	v, err := svc.StoredSecret(p.ID, SecretHubClient)
	if err != nil || v != secret {
		t.Fatalf("HubClientSecret: %d bytes, %v", len(v), err)
	}
}

// The watcher takes a JWT the Hub issued at once, offers an opaque token (or a password: the two look
// alike) for the admin to confirm, and drops what is no token. The JWT's exp is read on the services'
// clock: a year later the same token is no longer taken.
func TestTokenWatcherTakesJWTsAndAsksForTheRest(t *testing.T) {
	w := newWorld(t)
	const (
		secret   = "hub-secret-0f3c9a-kept-in-the-keychain"
		password = "Tr0ub4dor&3-horse-battery-staple!"
	)
	jwt, err := w.hub.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	opaqueHub := hubtest.New(hubtest.Options{Opaque: true, Now: w.clock.Now})
	t.Cleanup(opaqueHub.Close)
	opaque, err := opaqueHub.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	old, err := w.hub.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	p := store.Profile{ClientID: "acme-client-id-0001"}
	watch := w.svc.WatchForToken(old, p, secret)
	steps := []struct {
		reading  string
		kind     CaptureKind
		want     string
		ignore   bool
		wantHint bool
	}{
		{reading: old},               // what was there when the wait began
		{reading: "  " + old + "\n"}, // the same token with other whitespace
		{reading: p.ClientID},        // the window copied the Client ID itself
		{reading: secret},            // ...and the Client Secret
		{reading: "https://acme.qorusdocs.com", wantHint: true},
		{reading: "", wantHint: true}, // an emptied clipboard keeps the last hint
		{reading: "two words", wantHint: true},
		{reading: password, kind: CaptureConfirm, want: password, ignore: true},
		{reading: password},                                               // ignored: not offered again
		{reading: "Bearer " + opaque, kind: CaptureConfirm, want: opaque}, // an opaque token is asked about too
		{reading: "Bearer " + jwt, kind: CaptureTake, want: jwt},          // a JWT is taken
		{reading: "anything after", kind: CaptureTake, want: jwt},         // and stays taken
	}
	for i, s := range steps {
		got := watch.Observe(s.reading)
		if got.Kind != s.kind || got.Token != s.want || got.Length != len(s.want) {
			t.Fatalf("step %d: Observe gave %v, want kind %d with the %d-byte text", i, got, s.kind, len(s.want))
		}
		if s.ignore {
			watch.Ignore(got.Token)
		}
		if s.kind != CaptureNothing {
			continue
		}
		if h := watch.Hint(); (h != nil) != s.wantHint {
			t.Fatalf("step %d: hint %v, want one: %v", i, h, s.wantHint)
		}
	}
	printsNone(t, []string{watch.String(), watch.GoString(), fmt.Sprintf("%v %#v", watch.Observe(""), watch.Observe(""))},
		secret, jwt, password)

	w.clock.Set(w.clock.Now().AddDate(1, 0, 1)) // the JWT has expired by the services' clock
	later := w.svc.WatchForToken("", p, secret)
	if got := later.Observe(jwt); got.Kind != CaptureNothing || later.Hint() == nil {
		t.Fatalf("an expired JWT gave %v, hint %v", got, later.Hint())
	}
}

// printsNone fails if any printed form holds one of the secrets.
func printsNone(t *testing.T, printed []string, secrets ...string) {
	t.Helper()
	for _, p := range printed {
		for _, v := range secrets {
			if strings.Contains(p, v) {
				t.Fatal("the watcher prints a secret")
			}
		}
	}
}

func TestHubPageURLAndDiscover(t *testing.T) {
	svc, _, _ := newServices(t)
	h := hubtest.New(hubtest.Options{})
	t.Cleanup(h.Close)
	tests := []struct {
		hubURL  string
		wantErr bool
	}{
		{hubURL: "https://acme.qorusdocs.com"},
		{hubURL: h.URL()}, // loopback may be plain http
		{hubURL: "http://acme.qorusdocs.com", wantErr: true},
		{hubURL: "acme", wantErr: true},
	}
	for _, tt := range tests {
		link, err := HubPageLink(store.Profile{HubURL: tt.hubURL})
		if (err != nil) != tt.wantErr || (err == nil && !strings.HasPrefix(link, tt.hubURL)) {
			t.Errorf("HubPageLink(%q) = %q, %v", tt.hubURL, link, err)
		}
	}
	got, err := svc.DiscoverTokenEndpoint(context.Background(), h.URL())
	if err != nil || got != h.TokenURL() {
		t.Fatalf("DiscoverTokenEndpoint = %q, %v; want %q", got, err, h.TokenURL())
	}
	h.SetFault(hubtest.TargetDiscovery, hubtest.Fault500)
	if _, err := svc.DiscoverTokenEndpoint(context.Background(), h.URL()); err == nil {
		t.Fatal("a failing Hub's discovery gave no error")
	}
}

func TestIsRefusedTokenTellsACaptureRefusalFromOtherErrors(t *testing.T) {
	ctx := context.Background()
	sb, svc := start(t)
	p, err := sb.Store.ProfileByName(ctx, sandbox.HubPageProfile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := svc.Engine.Begin(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, text := range []string{"short", "https://contoso.example/token", p.ClientID} {
		err := s.Capture(ctx, text)
		if !IsRefusedToken(err) {
			t.Errorf("Capture refused a text with %v, which IsRefusedToken does not recognise", err)
		}
	}
	if IsRefusedToken(errors.New("the keychain is locked")) || IsRefusedToken(nil) {
		t.Error("IsRefusedToken takes any error for a refused token")
	}
}
