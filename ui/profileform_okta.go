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

// The credential kinds offered, in the order shown.
const (
	oktaKindNoneLabel = "None — open the Provisioning tab for me (deep-link mode)"
	oktaKindSSWSLabel = "API token (SSWS)"
	oktaKindAppLabel  = "OAuth service app (recommended)"
)

var oktaKinds = []struct{ kind, label string }{
	{store.OktaCredNone, oktaKindNoneLabel},
	{store.OktaCredSSWS, oktaKindSSWSLabel},
	{store.OktaCredServiceApp, oktaKindAppLabel},
}

// oktaTokenWarning is said wherever an SSWS token can be chosen: Okta's 30-day idle expiry makes it
// lapse between two yearly renewals unless something else uses it.
const oktaTokenWarning = "Okta expires API tokens after 30 days unused — a poor fit for a task done once a " +
	"year; prefer an OAuth service app."

// oktaCredSection is the Okta credential part of the profile form: the credential kind (none, an SSWS
// API token, or an OAuth service app using private_key_jwt) and its fields, "Generate key pair" with
// the public JWK to copy, "Find my app" (fills the form's app id and name) and "Test Okta access".
//
// Its secret (the API token, or the service app's private key PEM) goes to the keychain as
// the keychain when the form saves, and is shown only when the user reveals it. Find and Test run
// against the form's unsaved values, through the services.
type oktaCredSection struct {
	f *profileForm

	kind     *widget.RadioGroup
	kindNote *widget.Label

	// API token (SSWS)
	sswsBox     *fyne.Container
	token       *entry
	tokenNote   *widget.Label
	loadedToken string // the stored token, once revealed

	// OAuth service app
	appBox    *fyne.Container
	clientID  *field
	genB      *button
	showKeyB  *button
	keyNote   *widget.Label
	jwk       *jwkEntry
	copyJWKB  *button
	jwkBox    *fyne.Container
	newKeyPEM string // generated and not yet saved: secret
	newKeyID  string

	// Okta API actions
	apiBox  *fyne.Container
	query   *entry
	findB   *button
	findMsg *widget.Label
	results *choice
	found   []services.OktaApp
	testB   *button
	testMsg *widget.Label
	testOut *fyne.Container
}

func newOktaCredSection(f *profileForm) *oktaCredSection { return &oktaCredSection{f: f} }

// buildUI returns the section's widgets.
func (s *oktaCredSection) buildUI() fyne.CanvasObject {
	heading := widget.NewLabelWithStyle("Okta API access (optional)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	intro := oktaCaption("Without a credential, SCIM Renew opens the app's Provisioning tab for you to paste the " +
		"token. With one, it can also find the app, check its provisioning connection, and set the token itself " +
		"where Okta allows.")
	labels := make([]string, len(oktaKinds))
	for i, k := range oktaKinds {
		labels[i] = k.label
	}
	s.kind = widget.NewRadioGroup(labels, nil)
	s.kind.Required = true
	s.kind.SetSelected(oktaKindLabel(s.f.base.OktaCredKind))
	s.kind.OnChanged = s.onKindChanged
	s.kindNote = oktaCaption("")
	s.buildSSWS()
	s.buildServiceApp()
	s.buildAPI()
	s.showKind()
	return container.NewVBox(widget.NewSeparator(), heading, intro, s.kind, s.kindNote, s.sswsBox, s.appBox, s.apiBox)
}

func oktaKindLabel(kind string) string {
	for _, k := range oktaKinds {
		if k.kind == kind {
			return k.label
		}
	}
	return oktaKindNoneLabel
}

// selectedKind is the chosen credential kind; the stored one until the section is built.
func (s *oktaCredSection) selectedKind() string {
	if s.kind == nil {
		return s.f.base.OktaCredKind
	}
	for _, k := range oktaKinds {
		if k.label == s.kind.Selected {
			return k.kind
		}
	}
	return store.OktaCredNone
}

// hasStored reports whether the keychain should hold a credential of the chosen kind: the profile was
// saved with that kind.
func (s *oktaCredSection) hasStored() bool {
	return !s.f.isNew() && s.f.base.OktaCredKind != store.OktaCredNone && s.f.base.OktaCredKind == s.selectedKind()
}

func (s *oktaCredSection) onKindChanged(string) {
	s.showKind()
	s.clearResults()
	s.f.validate()
}

// showKind shows the chosen kind's fields, and the Okta actions whenever there is a credential.
func (s *oktaCredSection) showKind() {
	kind := s.selectedKind()
	oktaSetShown(s.sswsBox, kind == store.OktaCredSSWS)
	oktaSetShown(s.appBox, kind == store.OktaCredServiceApp)
	oktaSetShown(s.apiBox, kind != store.OktaCredNone)
	switch kind {
	case store.OktaCredNone:
		s.kindNote.SetText("Nothing more is needed: at renewal time the app opens the Okta app's Provisioning tab " +
			"and puts the new token on the clipboard for you to paste.")
	case store.OktaCredSSWS:
		s.kindNote.SetText("An API token acts with the role of the admin who created it (Security > API > Tokens).")
	default:
		s.kindNote.SetText("A service app signs in with a key pair this app makes; its private key never leaves " +
			"this computer (it stays in " + s.f.u.keychainName().Full + ") and it does not expire when unused.")
	}
}

// fields lists the section's validated fields.
func (s *oktaCredSection) fields() []*field {
	if s.clientID == nil {
		return nil
	}
	return []*field{s.clientID}
}

// apply copies the section's settings into p. The client ID and key ID belong to a service app only,
// so another kind clears them rather than keep values nobody can see or correct.
func (s *oktaCredSection) apply(p *store.Profile) {
	kind := s.selectedKind()
	p.OktaCredKind, p.OktaClientID, p.OktaKeyID = kind, "", ""
	if kind != store.OktaCredServiceApp {
		return
	}
	p.OktaClientID = s.f.base.OktaClientID
	if s.clientID != nil {
		p.OktaClientID = s.clientID.value()
	}
	p.OktaKeyID = s.keyID()
}

// keyID is the kid of the key the profile will use: a new one, else the stored one.
func (s *oktaCredSection) keyID() string {
	switch {
	case s.newKeyID != "":
		return s.newKeyID
	case s.f.base.OktaCredKind == store.OktaCredServiceApp:
		return s.f.base.OktaKeyID
	}
	return ""
}

// secretToSave is the credential to store on save: a new API token or a new private key; "" keeps
// the stored one (the services delete a stored credential of a kind the profile no longer uses).
func (s *oktaCredSection) secretToSave() string {
	switch s.selectedKind() {
	case store.OktaCredSSWS:
		if t := strings.TrimSpace(s.token.Text); t != s.loadedToken {
			return t
		}
	case store.OktaCredServiceApp:
		return s.newKeyPEM
	}
	return ""
}

func (s *oktaCredSection) buildSSWS() {
	u := s.f.u
	s.token = newPasswordEntry(u)
	s.token.onReveal = s.onRevealToken
	s.token.OnChanged = func(string) { s.clearResults() }
	s.tokenNote = oktaCaption("")
	switch {
	case !u.keychainAvailable():
		s.token.SetPlaceHolder("Paste the Okta API token")
		s.tokenNote.Importance = widget.WarningImportance
		s.tokenNote.SetText(u.keychainUnavailable("token"))
	case s.f.base.OktaCredKind == store.OktaCredSSWS && !s.f.isNew():
		s.token.SetPlaceHolder(u.storedPlaceholder())
		s.tokenNote.SetText("Kept in " + s.f.u.keychainName().Full + ". The eye shows the stored token.")
	default:
		s.token.SetPlaceHolder("Paste the Okta API token")
		s.tokenNote.SetText("Kept in " + s.f.u.keychainName().Full + ", never in the app's database.")
	}
	warn := oktaCaption(oktaTokenWarning)
	warn.Importance = widget.WarningImportance
	icon := widget.NewIcon(theme.WarningIcon())
	form := s.f.col.form(formRow{label: "API token", widget: container.NewVBox(s.token, s.tokenNote)})
	s.sswsBox = container.NewVBox(form, container.NewBorder(nil, nil, container.NewCenter(icon), nil, warn))
}

type oktaTokenResult struct {
	value string
	err   error
}

// onRevealToken toggles the API token between masked and clear. Revealing the empty field of a profile
// saved with a token first reads the stored one: it is shown only when asked for.
func (s *oktaCredSection) onRevealToken() {
	e, svc := s.token, s.f.u.deps.Services
	if !e.Password {
		e.setRevealed(false)
		return
	}
	if e.Text != "" || !s.hasStored() {
		e.setRevealed(true)
		return
	}
	id := s.f.base.ID
	e.reveal.Disable()
	background(s.f.u, func(context.Context) oktaTokenResult {
		v, err := svc.StoredSecret(id, services.SecretOktaCredential)
		return oktaTokenResult{v, err}
	}, s.onTokenLoaded)
}

func (s *oktaCredSection) onTokenLoaded(r oktaTokenResult) {
	s.token.reveal.Enable()
	switch {
	case errors.Is(r.err, services.ErrSecretNotFound):
		oktaSetNote(s.tokenNote, widget.WarningImportance, "No API token is stored for this profile yet: paste it above and save.")
	case r.err != nil:
		s.f.u.noteKeychainErr(r.err)
		s.f.u.showError(fmt.Errorf("the stored Okta API token could not be read: %w", r.err))
	default:
		s.loadedToken = r.value
		s.token.SetText(r.value)
		s.token.setRevealed(true)
	}
}

// oktaCaption is a small wrapping label for notes under the section's controls.
func oktaCaption(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// oktaSetNote shows text in l with the given importance.
func oktaSetNote(l *widget.Label, imp widget.Importance, text string) {
	l.Importance = imp
	l.SetText(text)
	l.Show()
}

func oktaSetShown(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}
