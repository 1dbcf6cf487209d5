package services

import (
	"context"
	"errors"
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

func TestTokenWatcherTakesOnlyANewPlausibleToken(t *testing.T) {
	const (
		secret = "hub-secret-0f3c9a-kept-in-the-keychain"
		old    = "eyJhbGciOiJIUzI1NiJ9.b2xkLXRva2VuLW9uLXRoZS1jbGlwYm9hcmQ.c2ln"
		fresh  = "eyJhbGciOiJIUzI1NiJ9.bmV3LXRva2VuLWNvcGllZC1pbi10aGUtaHVi.c2ln"
	)
	p := store.Profile{ClientID: "acme-client-id-0001"}
	w := WatchForToken(old, p, secret)
	steps := []struct {
		reading  string
		wantTok  string
		wantHint bool
	}{
		{reading: old},               // what was there when the wait began
		{reading: "  " + old + "\n"}, // the same token with other whitespace
		{reading: p.ClientID},        // the window copied the Client ID itself
		{reading: secret},            // ...and the Client Secret
		{reading: "https://acme.qorusdocs.com", wantHint: true},
		{reading: "", wantHint: true},          // an emptied clipboard keeps the last hint
		{reading: "two words", wantHint: true}, //
		{reading: "Bearer " + fresh, wantTok: fresh},
		{reading: "anything after", wantTok: fresh}, // the captured token stays
	}
	for i, s := range steps {
		tok, ok := w.Observe(s.reading)
		if ok != (s.wantTok != "") || tok != s.wantTok {
			t.Fatalf("step %d: Observe gave (%d bytes, %v), want the %d-byte token", i, len(tok), ok, len(s.wantTok))
		}
		if s.wantTok != "" {
			continue
		}
		if h := w.Hint(); (h != nil) != s.wantHint {
			t.Fatalf("step %d: hint %v, want one: %v", i, h, s.wantHint)
		}
	}
	for _, printed := range []string{w.String(), w.GoString()} {
		if strings.Contains(printed, secret) || strings.Contains(printed, fresh) {
			t.Fatal("the watcher prints a secret")
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
