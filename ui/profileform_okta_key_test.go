package ui

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// generateKey chooses a service app with svcClientID and generates its key pair; it returns the JWK.
func generateKey(t *testing.T, h *harness, s *oktaCredSection) string {
	t.Helper()
	s.kind.SetSelected(oktaKindAppLabel)
	typeInto(s.clientID.entry, svcClientID)
	test.Tap(s.genB)
	h.settle()
	if !s.jwkBox.Visible() || s.jwk.Text == "" || s.newKeyPEM == "" {
		t.Fatal("Generate key pair showed no public key")
	}
	return s.jwk.Text
}

// checkPublicJWK fails unless jwk is a public key only, whose kid the section shows.
func checkPublicJWK(t *testing.T, s *oktaCredSection, jwk string) {
	t.Helper()
	var pub map[string]any
	if err := json.Unmarshal([]byte(jwk), &pub); err != nil {
		t.Fatalf("the public key is not JSON: %v", err)
	}
	for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		if _, ok := pub[private]; ok {
			t.Fatalf("the JWK shown carries the private member %q", private)
		}
	}
	if pub["kid"] != s.newKeyID || !strings.Contains(visibleText(s.keyNote), s.newKeyID) {
		t.Fatalf("key id %v shown as %q, want %q", pub["kid"], visibleText(s.keyNote), s.newKeyID)
	}
}

func TestOktaServiceAppKeyPairTestAndSave(t *testing.T) {
	h := newHarness(t)
	srv := newOktaOrg(t)
	f, s := oktaForm(t, h, srv)
	typeInto(f.oktaAppID.entry, oktatest.Org2OrgAppID)
	jwk := generateKey(t, h, s)
	checkPublicJWK(t, s, jwk)
	test.Tap(s.copyJWKB)
	if got := h.app.Clipboard().Content(); got != jwk {
		t.Fatal("Copy public key did not copy the JWK")
	}

	test.Tap(s.testB) // not yet added in Okta
	h.settle()
	if msg := visibleText(s.testMsg); s.testMsg.Importance != widget.DangerImportance || !strings.Contains(msg, "public key") {
		t.Fatalf("before registering, test says %q; want the invalid_client advice", msg)
	}

	if err := srv.RegisterServiceApp(svcClientID, jwk, "okta.apps.read", "okta.logs.read"); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.testB)
	h.settle()
	lines := oktaTexts(s.testOut)
	for _, w := range []string{"Read apps (Find my app, check the app): allowed", "Manage apps (set the provisioning token): denied",
		"Scopes Okta granted: okta.apps.read, okta.logs.read"} {
		if !containsLine(lines, w) {
			t.Errorf("results lack %q:\n%s", w, strings.Join(lines, "\n"))
		}
	}

	pem, kid := s.newKeyPEM, s.newKeyID
	test.Tap(f.saveB)
	h.settle()
	p, err := h.st.ProfileByName(context.Background(), "Acme")
	if err != nil {
		t.Fatalf("not saved: %v (%s)", err, f.summary.Text)
	}
	if p.OktaCredKind != store.OktaCredServiceApp || p.OktaClientID != svcClientID || p.OktaKeyID != kid {
		t.Fatalf("saved kind %q client %q key %q", p.OktaCredKind, p.OktaClientID, p.OktaKeyID)
	}
	checkSavedKey(t, h, p, pem)
}

// checkSavedKey fails unless the private key is in the keychain only, and the rest of the app can use it.
func checkSavedKey(t *testing.T, h *harness, p store.Profile, pem string) {
	t.Helper()
	got, err := h.kc.Get(p.ID, secrets.KindOktaCredential)
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "keychain private key", got, pem)
	keyLine := strings.Split(pem, "\n")[1]
	if hits := filesContain(t, h.dir, keyLine); len(hits) > 0 {
		t.Fatalf("the private key is written to %v", hits)
	}
	noSecretOnScreen(t, h, "private key", keyLine)

	// What was saved is what the renewal and reminders build their Okta client from.
	if _, err := h.ui.deps.Services.FindOktaApps(context.Background(), p, "", "qorus"); err != nil {
		t.Fatalf("the saved service app does not work: %v", err)
	}
}

func TestOktaStoredKeyShowsAndTestsAgain(t *testing.T) {
	h := newHarness(t)
	srv := newOktaOrg(t)
	f, s := oktaForm(t, h, srv)
	jwk := generateKey(t, h, s)
	if err := srv.RegisterServiceApp(svcClientID, jwk); err != nil {
		t.Fatal(err)
	}
	test.Tap(f.saveB)
	h.settle()

	s = h.ui.current().(*settingsScreen).form.okta
	if s.jwkBox.Visible() || !s.showKeyB.Visible() || s.newKeyPEM != "" {
		t.Fatal("a saved service app should offer Show public key, not show a key or hold one")
	}
	test.Tap(s.showKeyB)
	h.settle()
	if s.jwk.Text != jwk {
		t.Fatal("Show public key does not show the key that was generated")
	}
	test.Tap(s.testB) // the key now comes from the keychain
	h.settle()
	if !containsLine(oktaTexts(s.testOut), "Manage apps (set the provisioning token): allowed") {
		t.Fatalf("stored key test: %q %q", visibleText(s.testMsg), oktaTexts(s.testOut))
	}
}

func TestOktaJWKEntryIsReadOnly(t *testing.T) {
	h := newHarness(t)
	e := newJWKEntry(h.ui)
	const text = `{"kty":"RSA","n":"abc","e":"AQAB"}`
	e.SetText(text)
	test.Type(e, "x")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.app.Clipboard().SetContent("pasted")
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: h.app.Clipboard()})
	e.TypedShortcut(&fyne.ShortcutCut{Clipboard: h.app.Clipboard()})
	if e.Text != text {
		t.Fatalf("the public key entry was edited to %q", e.Text)
	}
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	e.TypedShortcut(&fyne.ShortcutCopy{Clipboard: h.app.Clipboard()})
	if got := h.app.Clipboard().Content(); got != text {
		t.Fatalf("select all + copy put %q on the clipboard", got)
	}
}
