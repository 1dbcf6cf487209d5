package ui

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"scimrenew/secrets"
	"scimrenew/store"
)

// A secret that looks like one; compared, never printed.
const testSecret = "cs-9f2c41d7e0b84a6f-Zq"

// fillValid types a complete, valid Hub-page profile into the form.
func fillValid(f *profileForm, name string) {
	typeInto(f.name.entry, name)
	typeInto(f.hubURL.entry, "https://acme.qorusdocs.com")
	typeInto(f.scimURL.entry, "https://acme.qorusdocs.com/scim/v2")
	typeInto(f.clientID.entry, "client-123")
	typeInto(f.oktaOrgURL.entry, "https://acme.okta.com")
	typeInto(f.oktaAppID.entry, "0oa1b2c3d4")
}

func TestNewProfileFormStartsQuietAndDisabled(t *testing.T) {
	h := newHarness(t)
	f := h.settings(newProfileID).form
	if !f.saveB.Disabled() {
		t.Fatal("Save is enabled on an empty form")
	}
	for _, fl := range f.fields {
		if txt := visibleText(fl.errL); txt != "" {
			t.Errorf("untouched field %s already shows %q", fl.label, txt)
		}
	}
	if !strings.Contains(f.summary.Text, "Name") || !strings.Contains(f.summary.Text, "Hub URL") {
		t.Errorf("summary %q does not say which fields are missing", f.summary.Text)
	}
	if f.oktaAppName.entry.Text != defaultOktaAppName {
		t.Errorf("app name defaults to %q, want %q", f.oktaAppName.entry.Text, defaultOktaAppName)
	}
	test.Tap(f.saveB) // disabled: nothing happens
	h.settle()
	if ps, _ := h.st.Profiles(context.Background()); len(ps) != 0 {
		t.Fatalf("tapping a disabled Save stored %d profiles", len(ps))
	}
}

func TestFieldErrorsShowAndClearAsYouType(t *testing.T) {
	cases := []struct {
		name    string
		field   func(*profileForm) *field
		bad     string
		wantMsg string // part of the caption for bad
		good    string
	}{
		{"hub url not https", func(f *profileForm) *field { return f.hubURL }, "http://acme.qorusdocs.com", "https", "https://acme.qorusdocs.com"},
		{"hub url no host", func(f *profileForm) *field { return f.hubURL }, "https://", "host", "https://acme.qorusdocs.com"},
		{"scim url garbage", func(f *profileForm) *field { return f.scimURL }, "acme", "", "https://acme.qorusdocs.com/scim/v2"},
		{"loopback http is fine", func(f *profileForm) *field { return f.scimURL }, "", "", "http://127.0.0.1:8080/scim/v2"},
		{"token url bad", func(f *profileForm) *field { return f.tokenURL }, "ftp://x", "", "https://acme.qorusdocs.com/oauth2/token"},
		{"client id with space", func(f *profileForm) *field { return f.clientID }, "client 123", "spaces", "client-123"},
		{"okta app id with space", func(f *profileForm) *field { return f.oktaAppID }, "0oa 1", "spaces", "0oa1"},
		{"name with edge spaces", func(f *profileForm) *field { return f.name }, " Acme", "spaces", "Acme"},
		{"reminder days not numbers", func(f *profileForm) *field { return f.remindDays }, "14, soon", "whole number", "14, 7"},
		{"reminder days out of range", func(f *profileForm) *field { return f.remindDays }, "400", "366", "30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			f := h.settings(newProfileID).form
			fillValid(f, "Acme")
			if f.saveB.Disabled() {
				t.Fatalf("Save disabled on a valid form: %s", f.summary.Text)
			}
			fl := c.field(f)
			if c.bad != "" {
				typeInto(fl.entry, c.bad)
				msg := visibleText(fl.errL)
				if msg == "" || !strings.Contains(strings.ToLower(msg), strings.ToLower(c.wantMsg)) {
					t.Fatalf("after %q the caption is %q, want one mentioning %q", c.bad, msg, c.wantMsg)
				}
				if !f.saveB.Disabled() {
					t.Fatal("Save is enabled while a field is wrong")
				}
				if !strings.Contains(f.summary.Text, fl.label) {
					t.Errorf("summary %q does not name %s", f.summary.Text, fl.label)
				}
			}
			typeInto(fl.entry, c.good)
			if msg := visibleText(fl.errL); msg != "" {
				t.Fatalf("after %q the caption still says %q", c.good, msg)
			}
			if f.saveB.Disabled() {
				t.Fatalf("Save still disabled: %s", f.summary.Text)
			}
		})
	}
}

func TestOktaAppIDNeedsOrgURL(t *testing.T) {
	h := newHarness(t)
	f := h.settings(newProfileID).form
	fillValid(f, "Acme")
	typeInto(f.oktaOrgURL.entry, "")
	if msg := visibleText(f.oktaOrgURL.errL); !strings.Contains(msg, "Okta org URL") {
		t.Fatalf("org URL caption = %q, want it to ask for the Okta org URL", msg)
	}
	if !f.saveB.Disabled() {
		t.Fatal("Save enabled with an app ID but no org URL")
	}
}

func TestDuplicateNameIsRefusedBesideTheName(t *testing.T) {
	h := newHarness(t)
	if _, err := h.st.CreateProfile(context.Background(), store.Profile{
		Name: "Acme", HubURL: "https://a.example",
		SCIMURL: "https://a.example/scim/v2", ClientID: "c",
	}); err != nil {
		t.Fatal(err)
	}
	f := h.settings(newProfileID).form
	fillValid(f, "acme")
	if msg := visibleText(f.name.errL); !strings.Contains(msg, "already exists") {
		t.Fatalf("name caption = %q, want the duplicate-name message", msg)
	}
	if !f.saveB.Disabled() {
		t.Fatal("Save enabled for a duplicate name")
	}
}

func TestSaveStoresProfileAndSecretInKeychainOnly(t *testing.T) {
	h := newHarness(t)
	s := h.settings(newProfileID)
	f := s.form
	// The harness keeps secrets in memory on purpose, as the sandbox does: the note says so rather than
	// name the system's store (TestSettingsWithRealKeychain checks that wording).
	if want := "Kept in " + secrets.MemoryNames.Full + ", never in the app's database."; f.secretNote.Text != want {
		t.Errorf("secret note = %q, want %q", f.secretNote.Text, want)
	}
	fillValid(f, "Acme production")
	typeInto(f.tokenURL.entry, "  https://acme.qorusdocs.com/oauth2/token ") // pasted with spaces
	f.remindMonths.SetSelectedIndex(1)
	typeInto(f.remindDays.entry, "21, 7")
	test.Type(f.secret, testSecret)
	test.Tap(f.saveB)
	h.settle()

	ps, err := h.st.Profiles(context.Background())
	if err != nil || len(ps) != 1 {
		t.Fatalf("profiles = %d, %v; want 1", len(ps), err)
	}
	p := ps[0]
	want := store.Profile{
		Name: "Acme production", HubURL: "https://acme.qorusdocs.com",
		SCIMURL: "https://acme.qorusdocs.com/scim/v2", TokenURL: "https://acme.qorusdocs.com/oauth2/token",
		ClientID: "client-123", OktaOrgURL: "https://acme.okta.com", OktaAppID: "0oa1b2c3d4",
		OktaAppName: defaultOktaAppName, RemindMonths: 2,
	}
	got := p
	got.ID, got.CreatedAt, got.UpdatedAt, got.RemindDays = "", want.CreatedAt, want.UpdatedAt, nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("stored profile\n got %+v\nwant %+v", got, want)
	}
	if !p.APIMode() || !slices.Equal(p.RemindDays, []int{21, 7}) {
		t.Fatalf("API mode %v, reminder days %v", p.APIMode(), p.RemindDays)
	}
	v, err := h.kc.Get(p.ID, secrets.KindHubClientSecret)
	if err != nil {
		t.Fatalf("client secret not in the keychain: %v", err)
	}
	wantSame(t, "keychain client secret", v, testSecret)
	if hits := filesContain(t, h.dir, testSecret); len(hits) > 0 {
		t.Fatalf("the client secret is written in %v", hits)
	}

	// The screen now edits the saved profile, and does not show the secret back.
	s2 := h.ui.current().(*settingsScreen)
	if s2.form.isNew() || s2.form.base.ID != p.ID {
		t.Fatal("after saving, the form is not editing the saved profile")
	}
	if s2.form.secret.Text != "" || !s2.form.secret.Password {
		t.Fatal("the stored secret is shown back without being asked for")
	}
	if !strings.Contains(h.ui.status.Text, "Saved") {
		t.Errorf("no confirmation after saving: status %q", h.ui.status.Text)
	}
}

func TestRevealLoadsStoredSecretOnlyWhenAsked(t *testing.T) {
	h := newHarness(t)
	p := saveProfile(t, h, "Acme", testSecret)
	f := h.settings(p.ID).form
	if f.secret.Text != "" {
		t.Fatal("secret entry filled before reveal")
	}
	test.Tap(f.secret.reveal)
	h.settle()
	wantSame(t, "revealed secret", f.secret.Text, testSecret)
	if f.secret.Password {
		t.Fatal("the revealed secret is still masked")
	}
	test.Tap(f.secret.reveal)
	if !f.secret.Password {
		t.Fatal("second tap did not mask the secret again")
	}
	// Saving unchanged must not rewrite the keychain entry with anything else.
	typeInto(f.clientID.entry, "client-456")
	test.Tap(f.saveB)
	h.settle()
	v, err := h.kc.Get(p.ID, secrets.KindHubClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "secret after an edit", v, testSecret)
}

func TestEditWithEmptySecretKeepsStoredOne(t *testing.T) {
	h := newHarness(t)
	p := saveProfile(t, h, "Acme", testSecret)
	f := h.settings(p.ID).form
	typeInto(f.name.entry, "Acme renamed")
	test.Tap(f.saveB)
	h.settle()
	got, err := h.st.Profile(context.Background(), p.ID)
	if err != nil || got.Name != "Acme renamed" {
		t.Fatalf("profile after rename = %q, %v", got.Name, err)
	}
	v, err := h.kc.Get(p.ID, secrets.KindHubClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "secret kept", v, testSecret)
}

func TestRevealWithNothingStoredSaysSo(t *testing.T) {
	h := newHarness(t)
	p := saveProfile(t, h, "Acme", "")
	f := h.settings(p.ID).form
	test.Tap(f.secret.reveal)
	h.settle()
	if !strings.Contains(f.secretNote.Text, "No Client Secret is stored") {
		t.Fatalf("note = %q", f.secretNote.Text)
	}
}

func TestDeleteAsksThenRemovesProfileAndSecrets(t *testing.T) {
	h := newHarness(t)
	p := saveProfile(t, h, "Acme", testSecret)
	if err := h.kc.Set(p.ID, secrets.KindTokenCurrent, "tok-current-value"); err != nil {
		t.Fatal(err)
	}
	f := h.settings(p.ID).form

	test.Tap(f.deleteB)
	if f.confirmDelete == nil || h.ui.modal != f.confirmDelete {
		t.Fatal("Delete did not ask for confirmation")
	}
	test.Tap(f.confirmDelete.no)
	h.settle()
	if _, err := h.st.Profile(context.Background(), p.ID); err != nil {
		t.Fatalf("cancelled delete removed the profile: %v", err)
	}

	test.Tap(f.deleteB)
	h.key(fyne.KeyReturn) // Enter must not confirm a deletion
	h.settle()
	if _, err := h.st.Profile(context.Background(), p.ID); err != nil {
		t.Fatal("Enter confirmed the deletion")
	}
	test.Tap(f.confirmDelete.yes)
	h.settle()
	if _, err := h.st.Profile(context.Background(), p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("profile still there after delete: %v", err)
	}
	for _, k := range []secrets.Kind{secrets.KindHubClientSecret, secrets.KindTokenCurrent} {
		if _, err := h.kc.Get(p.ID, k); !errors.Is(err, secrets.ErrNotFound) {
			t.Errorf("%s still in the keychain after delete (err %v)", k, err)
		}
	}
	if s := h.ui.current().(*settingsScreen); !s.form.isNew() {
		t.Error("after deleting the only profile, Settings should offer a new one")
	}
}

func TestEnterSavesAndEscGoesBack(t *testing.T) {
	h := newHarness(t)
	f := h.settings(newProfileID).form
	fillValid(f, "Acme")
	f.clientID.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if ps, _ := h.st.Profiles(context.Background()); len(ps) != 1 {
		t.Fatalf("Enter in an entry saved %d profiles, want 1", len(ps))
	}
	// A new profile is offered "Track my current token"; Esc declines, and Esc again goes back.
	if h.ui.modal == nil {
		t.Fatal("no offer to track the token Okta uses after saving a new profile")
	}
	f = h.ui.current().(*settingsScreen).form
	f.name.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.ui.modal != nil {
		t.Fatal("Esc left the offer open")
	}
	f.name.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if _, ok := h.ui.current().(*homeScreen); !ok {
		t.Fatalf("Esc in an entry left %T on show, want the home screen", h.ui.current())
	}
}

// saveProfile stores a valid profile through the form (secret "" stores none) and returns it.
func saveProfile(t *testing.T, h *harness, name, secret string) store.Profile {
	t.Helper()
	f := h.settings(newProfileID).form
	fillValid(f, name)
	if secret != "" {
		test.Type(f.secret, secret)
	}
	test.Tap(f.saveB)
	h.settle()
	p, err := h.st.ProfileByName(context.Background(), name)
	if err != nil {
		t.Fatalf("profile %q not saved: %v (%s)", name, err, f.summary.Text)
	}
	h.ui.home()
	return p
}

// The profile list shows names like the demo ones whole, on up to two lines, at the window's size.
func TestSettingsListShowsLongNamesWhole(t *testing.T) {
	h := newHarness(t)
	names := []string{
		"Contoso (Hub page, Okta deep link)", "Fabrikam (API mode, Okta Connections API)",
		"Northwind Traders production tenant (EU)",
	}
	for _, n := range names {
		p := store.Profile{
			Name: n, HubURL: "https://acme.qorusdocs.com", SCIMURL: "https://acme.qorusdocs.com/scim/v2",
			ClientID: "client-123", OktaOrgURL: "https://acme.okta.com", OktaAppID: "0oa1b2c3d4",
		}
		if _, err := h.st.CreateProfile(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	s := h.settings("")
	h.win.Content().Refresh()
	width := s.list.Size().Width
	for i, p := range s.profiles {
		item := s.newListItem().(*fyne.Container)
		s.updateListItem(i, item)
		item.Resize(fyne.NewSize(width, item.MinSize().Height))
		item.Refresh()
		name := item.Objects[0].(*fyne.Container).Objects[1].(*widget.Label)
		whole := widget.NewLabel(p.Name)
		whole.Wrapping = fyne.TextWrapWord
		whole.Resize(fyne.NewSize(name.Size().Width, 1))
		if need := whole.MinSize().Height; need > name.Size().Height {
			t.Errorf("%q needs %v px at %v px wide; its row gives it %v", p.Name, need, name.Size().Width, name.Size().Height)
		}
	}
}
