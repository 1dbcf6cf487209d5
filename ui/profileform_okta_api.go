package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/services"
	"scimrenew/store"
)

func (s *oktaCredSection) buildAPI() {
	u := s.f.u
	s.query = newEntry(u)
	s.query.SetPlaceHolder("Name or label starts with… (empty lists every app)")
	s.query.OnSubmitted = func(string) { s.onFind() } // Enter searches here rather than saving
	s.findB = newButton(u, "Find my app", theme.SearchIcon(), s.onFind)
	s.findMsg = oktaCaption("")
	s.findMsg.Hide()
	s.results = newChoice(u, nil, nil)
	s.results.PlaceHolder = "Pick your app"
	s.results.Hide()
	s.testB = newButton(u, "Test Okta access", theme.ConfirmIcon(), s.onTest)
	s.testMsg = oktaCaption("")
	s.testMsg.Hide()
	s.testOut = container.NewVBox()
	find := container.NewVBox(container.NewBorder(nil, nil, nil, s.findB, s.query), s.findMsg, s.results)
	form := s.f.col.form(
		formRow{label: "Okta app", widget: find, hint: "Fills in the app ID and name above from the app you pick."},
		formRow{
			label: "Access", widget: container.NewVBox(container.NewHBox(s.testB), s.testMsg, s.testOut),
			hint: "Reads only; changes nothing in Okta.",
		},
	)
	s.apiBox = container.NewVBox(form)
}

// clearResults drops what Find and Test showed: they no longer match the credential on the form.
func (s *oktaCredSection) clearResults() {
	if s.results == nil {
		return
	}
	s.clearFound()
	s.clearTested()
}

func (s *oktaCredSection) clearFound() {
	s.found = nil
	s.results.OnChanged = nil
	s.results.ClearSelected()
	s.results.SetOptions(nil)
	s.results.Hide()
	s.findMsg.Hide()
}

func (s *oktaCredSection) clearTested() {
	s.testMsg.Hide()
	s.testOut.RemoveAll()
}

// oktaRequest is what a background Okta call needs, gathered from the form on the main goroutine: the
// unsaved settings, and the credential typed or generated on the form ("" uses the stored one).
type oktaRequest struct {
	p      store.Profile
	secret string
}

// request gathers the unsaved credential, or says in words what is missing for a call to Okta.
func (s *oktaCredSection) request() (oktaRequest, string) {
	p, errs := s.f.profile()
	switch {
	case p.OktaCredKind == store.OktaCredNone:
		return oktaRequest{}, "Choose an API token or a service app first."
	case p.OktaOrgURL == "":
		return oktaRequest{}, "Enter the Okta org URL above first, e.g. https://acme.okta.com."
	case errs[store.FieldOktaOrgURL] != "":
		return oktaRequest{}, "Correct the Okta org URL above first: " + errs[store.FieldOktaOrgURL] + "."
	}
	if errs[store.FieldOktaAppID] != "" {
		p.OktaAppID = "" // Test checks the credential alone until the app ID is right
	}
	r := oktaRequest{p: p}
	stored := s.hasStored()
	switch p.OktaCredKind {
	case store.OktaCredSSWS:
		r.secret = strings.TrimSpace(s.token.Text)
		if r.secret == "" && !stored {
			return r, "Paste the Okta API token first."
		}
	case store.OktaCredServiceApp:
		switch {
		case p.OktaClientID == "":
			return r, "Enter the service app's Client ID first."
		case errs[store.FieldOktaClientID] != "":
			return r, "Correct the service app's Client ID first."
		}
		r.secret = s.newKeyPEM
		if r.secret == "" && !stored {
			return r, "Generate a key pair first, and add its public key to the service app in Okta."
		}
	}
	return r, ""
}

type oktaFindResult struct {
	apps []services.OktaApp
	err  error
}

// onFind lists the org's apps whose name or label starts with the query, reading every page.
func (s *oktaCredSection) onFind() {
	if s.findB.Disabled() {
		return
	}
	s.clearFound()
	req, problem := s.request()
	if problem != "" {
		oktaSetNote(s.findMsg, widget.WarningImportance, problem)
		return
	}
	q := strings.TrimSpace(s.query.Text)
	s.findB.Disable()
	oktaSetNote(s.findMsg, widget.LowImportance, "Searching Okta for apps… (a large org takes a few seconds: every page is read)")
	svc := s.f.u.deps.Services
	background(s.f.u, func(ctx context.Context) oktaFindResult {
		apps, err := svc.FindOktaApps(ctx, req.p, req.secret, q)
		return oktaFindResult{apps, err}
	}, s.onFound)
}

func (s *oktaCredSection) onFound(r oktaFindResult) {
	s.findB.Enable()
	switch {
	case r.err != nil:
		s.f.u.noteKeychainErr(r.err)
		oktaSetNote(s.findMsg, widget.DangerImportance, s.oktaPlain(r.err))
		return
	case len(r.apps) == 0 && strings.TrimSpace(s.query.Text) != "":
		oktaSetNote(s.findMsg, widget.WarningImportance, "No app's name or label starts with “"+
			strings.TrimSpace(s.query.Text)+"”. Try fewer letters, or clear the search to list every app.")
		return
	case len(r.apps) == 0:
		oktaSetNote(s.findMsg, widget.WarningImportance, "Okta lists no apps this credential may see.")
		return
	}
	s.found = r.apps
	opts := make([]string, len(r.apps))
	for i, a := range r.apps {
		opts[i] = oktaAppChoice(a)
	}
	s.results.SetOptions(opts)
	s.results.OnChanged = s.onPicked
	s.results.Show()
	n := fmt.Sprintf("%d apps", len(r.apps))
	if len(r.apps) == 1 {
		n = "one app"
	}
	oktaSetNote(s.findMsg, widget.MediumImportance, "Found "+n+". Pick yours below: the QorusDocs app is usually "+
		"“SCIM 2.0 Test App (OAuth Bearer Token)”, name "+defaultOktaAppName+".")
}

// oktaAppChoice is how an app appears in the picker: its label, then its catalog name and id, which tell
// apart two apps with the same label.
func oktaAppChoice(a services.OktaApp) string {
	s := fmt.Sprintf("%s — %s (%s)", a.Label, a.Name, a.ID)
	if a.Status != "" && a.Status != "ACTIVE" {
		s += " · " + strings.ToLower(a.Status)
	}
	return s
}

// onPicked fills the form's app id and name from the picked app.
func (s *oktaCredSection) onPicked(string) {
	i := s.results.SelectedIndex()
	if i < 0 || i >= len(s.found) {
		return
	}
	a := s.found[i]
	f := s.f
	f.oktaAppID.touched, f.oktaAppName.touched = true, true
	f.oktaAppID.entry.SetText(a.ID)
	f.oktaAppName.entry.SetText(a.Name)
	s.clearTested() // it was about the app picked before
	oktaSetNote(s.findMsg, widget.SuccessImportance, "Filled in the app ID and name of “"+a.Label+"”. Save to keep them.")
}

type oktaTestResult struct {
	access services.OktaAccess
	err    error
}

// onTest asks Okta what the credential on the form may do, with read-only calls.
func (s *oktaCredSection) onTest() {
	s.clearTested()
	req, problem := s.request()
	if problem != "" {
		oktaSetNote(s.testMsg, widget.WarningImportance, problem)
		return
	}
	s.testB.Disable()
	oktaSetNote(s.testMsg, widget.LowImportance, "Asking Okta what this credential may do…")
	svc := s.f.u.deps.Services
	background(s.f.u, func(ctx context.Context) oktaTestResult {
		a, err := svc.TestOktaAccess(ctx, req.p, req.secret)
		return oktaTestResult{a, err}
	}, s.onTested)
}

func (s *oktaCredSection) onTested(r oktaTestResult) {
	s.testB.Enable()
	if r.err != nil {
		s.f.u.noteKeychainErr(r.err)
		oktaSetNote(s.testMsg, widget.DangerImportance, s.oktaPlain(r.err))
		return
	}
	p := r.access
	oktaSetNote(s.testMsg, widget.SuccessImportance, "Okta accepted the "+p.Credential+".")
	s.testOut.Add(oktaAccessRow(p.ReadApps, "Read apps (Find my app, check the app)"))
	s.testOut.Add(oktaAccessRow(p.ManageApps, "Manage apps (set the provisioning token)"))
	s.testOut.Add(oktaAccessRow(p.ReadLogs, "Read the System Log (warn when provisioning already fails)"))
	if len(p.Scopes) > 0 {
		s.testOut.Add(oktaCaption("Scopes Okta granted: " + strings.Join(p.Scopes, ", ") + "."))
	}
	switch {
	case p.CanSetToken:
		s.testOut.Add(oktaVerdict(widget.SuccessImportance, "At renewal, SCIM Renew can set this app's token in Okta itself."))
	case p.AppChecked:
		s.testOut.Add(oktaVerdict(widget.MediumImportance, "At renewal, SCIM Renew opens this app's Provisioning tab "+
			"for you to paste the token: Okta's API cannot set it for this app."))
	}
	if len(p.Notes) > 0 {
		s.testOut.Add(oktaCaption("• " + strings.Join(p.Notes, "\n• ")))
	}
}

// oktaAccessRow shows one permission with an icon, so allowed and denied read apart at a glance.
func oktaAccessRow(a services.Permission, what string) fyne.CanvasObject {
	icon, word := theme.QuestionIcon(), "cannot be checked without changing something"
	l := widget.NewLabel("")
	switch a {
	case services.PermissionAllowed:
		icon, word = theme.ConfirmIcon(), "allowed"
		l.Importance = widget.SuccessImportance
	case services.PermissionDenied:
		icon, word = theme.CancelIcon(), "denied"
		l.Importance = widget.DangerImportance
	}
	l.SetText(what + ": " + word)
	return container.NewBorder(nil, nil, widget.NewIcon(icon), nil, l)
}

func oktaVerdict(imp widget.Importance, text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	return l
}

// oktaPlain turns an error from Okta, the keychain or the network into a sentence for the section. The
// services already say what to do, except for a credential that is not stored, which the form words by
// what it asks for.
func (s *oktaCredSection) oktaPlain(err error) string {
	if errors.Is(err, services.ErrSecretNotFound) {
		if s.selectedKind() == store.OktaCredSSWS {
			return "No Okta API token is stored for this profile yet: paste it above."
		}
		return "No private key is stored for this profile yet: Generate key pair, add its public key in Okta, and try again."
	}
	return services.ErrorText(err, s.token.Text, s.loadedToken, s.newKeyPEM)
}
