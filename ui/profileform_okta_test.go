package ui

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/services"
	"scimrenew/store"
)

const svcClientID = "0oasvc0scimrenew0001"

func newOktaOrg(t *testing.T) *oktatest.Server {
	t.Helper()
	srv := oktatest.New(oktatest.Options{})
	t.Cleanup(srv.Close)
	return srv
}

// oktaForm opens a new profile, valid apart from the Okta credential, pointed at the fake org.
func oktaForm(t *testing.T, h *harness, srv *oktatest.Server) (*profileForm, *oktaCredSection) {
	t.Helper()
	f := h.settings(newProfileID).form
	fillValid(f, "Acme")
	typeInto(f.oktaOrgURL.entry, srv.URL())
	return f, f.okta
}

// oktaTexts is the text of every shown label under o, in order.
func oktaTexts(o fyne.CanvasObject) []string {
	var out []string
	switch w := o.(type) {
	case *fyne.Container:
		if !w.Visible() {
			return nil
		}
		for _, c := range w.Objects {
			out = append(out, oktaTexts(c)...)
		}
	case *widget.Label:
		if w.Visible() {
			out = append(out, w.Text)
		}
	}
	return out
}

func containsLine(lines []string, part string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, part) })
}

// noSecretOnScreen fails when the rendered window shows secret anywhere.
func noSecretOnScreen(t *testing.T, h *harness, what, secret string) {
	t.Helper()
	if strings.Contains(test.RenderToMarkup(h.win.Canvas()), secret) {
		t.Fatalf("the %s is shown on screen", what)
	}
}

// shownBoxes says which of the section's parts are on show: API token, service app, Okta actions.
func shownBoxes(s *oktaCredSection) [3]bool {
	return [3]bool{s.sswsBox.Visible(), s.appBox.Visible(), s.apiBox.Visible()}
}

func TestOktaKindShowsItsFields(t *testing.T) {
	h := newHarness(t)
	srv := newOktaOrg(t)
	_, s := oktaForm(t, h, srv)
	if s.kind.Selected != oktaKindNoneLabel || shownBoxes(s) != [3]bool{} {
		t.Fatal("a new profile should start in deep-link mode with no credential fields or Okta actions")
	}
	s.kind.SetSelected(oktaKindSSWSLabel)
	if shownBoxes(s) != [3]bool{true, false, true} {
		t.Fatal("choosing an API token should show its field and the Okta actions only")
	}
	if !containsLine(oktaTexts(s.sswsBox), "30 days unused") {
		t.Errorf("the API token choice does not warn about Okta's 30-day expiry: %q", oktaTexts(s.sswsBox))
	}
	if !s.token.Password {
		t.Error("the API token entry is not masked")
	}
	s.kind.SetSelected(oktaKindAppLabel)
	if shownBoxes(s) != [3]bool{false, true, true} {
		t.Fatal("choosing a service app should show its fields and the Okta actions only")
	}
	if !s.f.saveB.Disabled() || !strings.Contains(s.f.summary.Text, "Okta Client ID") {
		t.Fatalf("a service app without a Client ID must not save; summary %q", s.f.summary.Text)
	}
	typeInto(s.clientID.entry, "bad id")
	if msg := visibleText(s.clientID.errL); !strings.Contains(msg, "spaces") {
		t.Errorf("client ID caption = %q, want the no-spaces rule", msg)
	}
	typeInto(s.clientID.entry, svcClientID)
	if s.f.saveB.Disabled() {
		t.Fatalf("Save disabled with a service app Client ID: %s", s.f.summary.Text)
	}
}

func TestOktaSSWSFindMyAppPicksAndSaves(t *testing.T) {
	h := newHarness(t)
	srv := newOktaOrg(t)
	f, s := oktaForm(t, h, srv)
	token := srv.APIToken()
	s.kind.SetSelected(oktaKindSSWSLabel)
	test.Type(s.token, token)

	test.Tap(s.findB) // empty search: every app, across the fake's three pages
	h.settle()
	if n := len(s.results.Options); n <= 40 {
		t.Fatalf("empty search listed %d apps (%q), want all three pages", n, visibleText(s.findMsg))
	}

	typeInto(s.query, "qorusdocs")
	test.Tap(s.findB)
	h.settle()
	if !s.results.Visible() || len(s.results.Options) != 2 {
		t.Fatalf("search listed %q (%q), want the two QorusDocs apps", s.results.Options, visibleText(s.findMsg))
	}
	want := oktaAppChoice(services.OktaApp{Label: oktatest.SCIMAppLabel, Name: oktatest.SCIMAppName, ID: oktatest.SCIMAppID, Status: "ACTIVE"})
	if !slices.Contains(s.results.Options, want) {
		t.Fatalf("options %q lack %q (label, name and id)", s.results.Options, want)
	}
	s.results.SetSelected(want)
	if f.oktaAppID.entry.Text != oktatest.SCIMAppID || f.oktaAppName.entry.Text != oktatest.SCIMAppName {
		t.Fatalf("picking filled app id %q name %q", f.oktaAppID.entry.Text, f.oktaAppName.entry.Text)
	}
	noSecretOnScreen(t, h, "API token", token)

	test.Tap(f.saveB)
	h.settle()
	p, err := h.st.ProfileByName(context.Background(), "Acme")
	if err != nil {
		t.Fatalf("not saved: %v (%s)", err, f.summary.Text)
	}
	if p.OktaCredKind != store.OktaCredSSWS || p.OktaAppID != oktatest.SCIMAppID || p.OktaAppName != oktatest.SCIMAppName {
		t.Fatalf("saved kind %q app %q/%q", p.OktaCredKind, p.OktaAppID, p.OktaAppName)
	}
	got, err := h.kc.Get(p.ID, secrets.KindOktaCredential)
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "keychain API token", got, token)
	if hits := filesContain(t, h.dir, token); len(hits) > 0 {
		t.Fatalf("the API token is written to %v", hits)
	}
}

func TestOktaSSWSTestAccess(t *testing.T) {
	cases := []struct {
		name    string
		appID   string
		fault   oktatest.Fault
		want    []string
		notWant []string
	}{
		{"all readable, token settable", oktatest.Org2OrgAppID, oktatest.Fault{},
			[]string{"Read apps (Find my app, check the app): allowed", "Read the System Log (warn when provisioning already fails): allowed",
				"Manage apps (set the provisioning token): cannot be checked", "can set this app's token"}, nil},
		{"scim2testapp falls back to the deep link", oktatest.SCIMAppID, oktatest.Fault{},
			[]string{"opens this app's Provisioning tab"}, []string{"can set this app's token"}},
		{"logs forbidden", "", oktatest.Fault{Status: http.StatusForbidden, Path: "/api/v1/logs"},
			[]string{"Read apps (Find my app, check the app): allowed", "Read the System Log (warn when provisioning already fails): denied"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			srv := newOktaOrg(t)
			f, s := oktaForm(t, h, srv)
			typeInto(f.oktaAppID.entry, c.appID)
			s.kind.SetSelected(oktaKindSSWSLabel)
			test.Type(s.token, srv.APIToken())
			srv.SetFault(c.fault)
			test.Tap(s.testB)
			h.settle()
			if s.testMsg.Importance != widget.SuccessImportance {
				t.Fatalf("test failed: %q", s.testMsg.Text)
			}
			lines := oktaTexts(s.testOut)
			for _, w := range c.want {
				if !containsLine(lines, w) {
					t.Errorf("results lack %q:\n%s", w, strings.Join(lines, "\n"))
				}
			}
			for _, w := range c.notWant {
				if containsLine(lines, w) {
					t.Errorf("results say %q:\n%s", w, strings.Join(lines, "\n"))
				}
			}
		})
	}
}

func TestOktaErrorsInPlainWords(t *testing.T) {
	cases := []struct {
		name  string
		token string
		fault oktatest.Fault
		want  string
	}{
		{"wrong token", "00wrongTokenValue0000000000000000000000000", oktatest.Fault{}, "Security > API > Tokens"},
		{"okta down", "", oktatest.Fault{Status: http.StatusInternalServerError}, "try again later"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			srv := newOktaOrg(t)
			_, s := oktaForm(t, h, srv)
			token := c.token
			if token == "" {
				token = srv.APIToken()
			}
			s.kind.SetSelected(oktaKindSSWSLabel)
			test.Type(s.token, token)
			srv.SetFault(c.fault)
			test.Tap(s.testB)
			h.settle()
			msg := visibleText(s.testMsg)
			if s.testMsg.Importance != widget.DangerImportance || !strings.Contains(msg, c.want) {
				t.Fatalf("message %q, want an error saying %q", msg, c.want)
			}
			if strings.HasPrefix(msg, "okta:") || strings.Contains(msg, token) {
				t.Fatal("the message carries a package prefix or the token")
			}
			if len(oktaTexts(s.testOut)) != 0 {
				t.Error("a failed test still lists permissions")
			}
		})
	}
}

func TestOktaActionsSayWhatIsMissing(t *testing.T) {
	cases := []struct {
		name  string
		setup func(f *profileForm, s *oktaCredSection)
		want  string
	}{
		{"no org url", func(f *profileForm, s *oktaCredSection) {
			s.kind.SetSelected(oktaKindSSWSLabel)
			typeInto(f.oktaOrgURL.entry, "")
		}, "Enter the Okta org URL"},
		{"bad org url", func(f *profileForm, s *oktaCredSection) {
			s.kind.SetSelected(oktaKindSSWSLabel)
			typeInto(f.oktaOrgURL.entry, "http://acme.okta.com")
		}, "Correct the Okta org URL"},
		{"no token", func(f *profileForm, s *oktaCredSection) { s.kind.SetSelected(oktaKindSSWSLabel) }, "Paste the Okta API token"},
		{"no client id", func(f *profileForm, s *oktaCredSection) { s.kind.SetSelected(oktaKindAppLabel) }, "Client ID first"},
		{"no key", func(f *profileForm, s *oktaCredSection) {
			s.kind.SetSelected(oktaKindAppLabel)
			typeInto(s.clientID.entry, svcClientID)
		}, "Generate a key pair first"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			srv := newOktaOrg(t)
			f, s := oktaForm(t, h, srv)
			c.setup(f, s)
			test.Tap(s.findB)
			test.Tap(s.testB)
			h.settle()
			for _, l := range []*widget.Label{s.findMsg, s.testMsg} {
				if msg := visibleText(l); !strings.Contains(msg, c.want) {
					t.Errorf("message %q, want %q", msg, c.want)
				}
			}
			if n := srv.Requests(); len(n) != 0 {
				t.Errorf("asked Okta anyway: %v", n)
			}
		})
	}
}

// saveSSWS saves a profile with an API token through the form and reopens it.
func saveSSWS(t *testing.T, h *harness, srv *oktatest.Server) (store.Profile, *oktaCredSection) {
	t.Helper()
	f, s := oktaForm(t, h, srv)
	s.kind.SetSelected(oktaKindSSWSLabel)
	test.Type(s.token, srv.APIToken())
	test.Tap(f.saveB)
	h.settle()
	p, err := h.st.ProfileByName(context.Background(), "Acme")
	if err != nil {
		t.Fatalf("not saved: %v (%s)", err, f.summary.Text)
	}
	return p, h.ui.current().(*settingsScreen).form.okta
}

func TestOktaStoredTokenRevealsAndWorksUnchanged(t *testing.T) {
	h := newHarness(t)
	srv := newOktaOrg(t)
	_, s := saveSSWS(t, h, srv)
	if s.token.Text != "" || !strings.Contains(s.token.PlaceHolder, "leave empty") {
		t.Fatalf("a saved token should not be loaded into the form (placeholder %q)", s.token.PlaceHolder)
	}
	test.Tap(s.findB) // uses the stored token
	h.settle()
	if len(s.results.Options) == 0 {
		t.Fatalf("Find with the stored token: %q", visibleText(s.findMsg))
	}
	test.Tap(s.token.reveal)
	h.settle()
	if s.token.Password {
		t.Fatal("the eye did not reveal the token")
	}
	wantSame(t, "revealed token", s.token.Text, srv.APIToken())
	if got := s.f.secretsToSave(); got != (services.ProfileSecrets{}) {
		t.Fatal("revealing the token would save it again; want nothing to save")
	}
}

func TestOktaChangingKindDropsTheOldCredential(t *testing.T) {
	for _, to := range []string{oktaKindNoneLabel, oktaKindAppLabel} {
		t.Run(to, func(t *testing.T) {
			h := newHarness(t)
			srv := newOktaOrg(t)
			p, s := saveSSWS(t, h, srv)
			s.kind.SetSelected(to)
			if to == oktaKindAppLabel {
				typeInto(s.clientID.entry, svcClientID)
			}
			test.Tap(s.f.saveB)
			h.settle()
			if _, err := h.kc.Get(p.ID, secrets.KindOktaCredential); !errors.Is(err, secrets.ErrNotFound) {
				t.Fatalf("the API token outlived the switch away from it (err %v)", err)
			}
			got, err := h.st.Profile(context.Background(), p.ID)
			if err != nil || got.OktaCredKind == store.OktaCredSSWS {
				t.Fatalf("saved kind %q, %v", got.OktaCredKind, err)
			}
		})
	}
}
