package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"

	"scimrenew/secrets"
	"scimrenew/services"
)

// deadKeychain answers every call the way secrets.Keychain does with no Secret Service.
type deadKeychain struct{ calls atomic.Int32 }

var errDead = fmt.Errorf("%w (probe: no Secret Service on the session bus); install gnome-keyring", secrets.ErrUnavailable)

func (d *deadKeychain) Set(string, secrets.Kind, string) error { d.calls.Add(1); return errDead }
func (d *deadKeychain) Get(string, secrets.Kind) (string, error) {
	d.calls.Add(1)
	return "", errDead
}
func (d *deadKeychain) Delete(string, secrets.Kind) error { d.calls.Add(1); return errDead }
func (d *deadKeychain) DeleteProfile(string) error        { d.calls.Add(1); return errDead }
func (d *deadKeychain) Probe() error                      { d.calls.Add(1); return errDead }

func TestKeychainUnavailableBannerAndSessionOnlySecrets(t *testing.T) {
	// What main.go does when the probe fails: a memory keychain plus the error.
	mem := secrets.NewMemory()
	h := newHarnessWith(t, mem, func(d *Deps) { d.KeychainErr = errDead })
	if h.ui.keychainW == nil || !strings.HasPrefix(h.ui.keychainW.Text, "Secrets cannot be saved: ") ||
		!strings.Contains(h.ui.keychainW.Text, "install gnome-keyring") {
		t.Fatalf("banner = %v, want 'Secrets cannot be saved: <what to do>'", h.ui.keychainW)
	}
	f := h.settings(newProfileID).form
	if !strings.HasPrefix(f.secretNote.Text, services.KeychainName.Subject+" is unavailable") ||
		!strings.Contains(f.secretNote.Text, "until you quit") {
		t.Errorf("secret note %q does not say the secret lasts only until quit", f.secretNote.Text)
	}
	fillValid(f, "Acme")
	test.Type(f.secret, testSecret)
	test.Tap(f.saveB)
	h.settle()
	p, err := h.st.ProfileByName(context.Background(), "Acme")
	if err != nil {
		t.Fatalf("profile not saved without a keychain: %v", err)
	}
	v, err := mem.Get(p.ID, secrets.KindHubClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "session secret", v, testSecret)
	if hits := filesContain(t, h.dir, testSecret); len(hits) > 0 {
		t.Fatalf("with no keychain the secret went to %v", hits)
	}
}

func TestKeychainFailingOnSaveStillSavesProfile(t *testing.T) {
	dead := &deadKeychain{}
	h := newHarnessWith(t, dead)
	if h.ui.keychainW != nil {
		t.Fatal("banner shown before any keychain failure")
	}
	f := h.settings(newProfileID).form
	fillValid(f, "Acme")
	test.Type(f.secret, testSecret)
	test.Tap(f.saveB)
	h.settle()
	if _, err := h.st.ProfileByName(context.Background(), "Acme"); err != nil {
		t.Fatalf("profile not saved when the keychain failed: %v", err)
	}
	if dead.calls.Load() == 0 {
		t.Fatal("the keychain was never asked")
	}
	if h.ui.keychainW == nil || !strings.HasPrefix(h.ui.keychainW.Text, "Secrets cannot be saved") {
		t.Fatal("no banner after the keychain failed")
	}
	if hits := filesContain(t, h.dir, testSecret); len(hits) > 0 {
		t.Fatalf("the secret went to %v", hits)
	}
}

func TestDeleteWithDeadKeychainAsksBeforeLeavingEntriesBehind(t *testing.T) {
	h := newHarness(t)
	p := saveProfile(t, h, "Acme", "")
	h.ui.deps.Services = services.New(services.Config{Store: h.st, Keychain: &deadKeychain{}}) // the keychain dies
	f := h.settings(p.ID).form
	test.Tap(f.deleteB)
	test.Tap(f.confirmDelete.yes)
	h.settle()
	if _, err := h.st.Profile(context.Background(), p.ID); err != nil {
		t.Fatalf("profile deleted although its keychain entries could not be: %v", err)
	}
	if f.confirmDelete == nil || f.confirmDelete.yes.Text != "Delete anyway" {
		t.Fatal("no 'Delete anyway' question after the keychain refused")
	}
	test.Tap(f.confirmDelete.yes)
	h.settle()
	if _, err := h.st.Profile(context.Background(), p.ID); err == nil {
		t.Fatal("'Delete anyway' did not delete the profile")
	}
}

func TestNoKeychainAtAllSavesWithoutSecret(t *testing.T) {
	h := newHarnessWith(t, &deadKeychain{}, func(d *Deps) { d.KeychainErr = errDead })
	f := h.settings(newProfileID).form
	fillValid(f, "Acme")
	test.Type(f.secret, testSecret)
	test.Tap(f.saveB)
	h.settle()
	if _, err := h.st.ProfileByName(context.Background(), "Acme"); err != nil {
		t.Fatal(err)
	}
	if hits := filesContain(t, h.dir, testSecret); len(hits) > 0 {
		t.Fatalf("the secret went to %v", hits)
	}
	if !errors.Is(h.ui.deps.KeychainErr, secrets.ErrUnavailable) {
		t.Fatal("KeychainErr lost")
	}
}
