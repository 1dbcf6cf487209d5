package ui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"scimrenew/secrets"
	"scimrenew/services"
)

// TestSettingsWithRealKeychain saves and deletes a profile through the form against the session's
// Secret Service (scripts/with-keyring.sh provides an unlocked gnome-keyring), under a service name
// of its own so it never touches the app's real entries.
func TestSettingsWithRealKeychain(t *testing.T) {
	if os.Getenv("SCIMRENEW_TEST_KEYRING") != "1" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no test keyring: run the suite through scripts/with-keyring.sh")
		}
		t.Skip("no test keyring: run through scripts/with-keyring.sh to test against a real Secret Service")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	service := "io.scimrenew.test-ui-" + hex.EncodeToString(b)
	kc := secrets.New(service, 3*time.Second)
	if err := kc.Probe(); err != nil {
		t.Fatalf("the test keyring does not answer: %v", err)
	}
	h := newHarnessWith(t, kc)
	f := h.settings(newProfileID).form
	// With the real keychain the note names it as this system's users know it.
	if want := "Kept in " + services.KeychainName.Full + ", never in the app's database."; f.secretNote.Text != want {
		t.Errorf("secret note = %q, want %q", f.secretNote.Text, want)
	}
	fillValid(f, "Acme")
	test.Type(f.secret, testSecret)
	test.Tap(f.saveB)
	h.settle()
	p, err := h.st.ProfileByName(context.Background(), "Acme")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kc.DeleteProfile(p.ID) })
	v, err := kc.Get(p.ID, secrets.KindHubClientSecret)
	if err != nil {
		t.Fatalf("secret not in the real keychain: %v", err)
	}
	wantSame(t, "real keychain secret", v, testSecret)
	// What an admin would check by hand on Linux: the entry is in the login keyring, under the
	// profile's UUID (secret-tool is Secret Service's).
	if runtime.GOOS == "linux" {
		out, err := exec.Command("secret-tool", "lookup", "service", service, "username", p.ID+"/"+string(secrets.KindHubClientSecret)).Output()
		if err != nil {
			t.Fatalf("secret-tool lookup: %v", err)
		}
		wantSame(t, "secret-tool lookup", strings.TrimSpace(string(out)), testSecret)
	}
	if hits := filesContain(t, h.dir, testSecret); len(hits) > 0 {
		t.Fatalf("the secret is written in %v", hits)
	}

	f = h.settings(p.ID).form
	test.Tap(f.deleteB)
	test.Tap(f.confirmDelete.yes)
	h.settle()
	if _, err := kc.Get(p.ID, secrets.KindHubClientSecret); err == nil {
		t.Fatal("the secret outlived its profile")
	}
}
