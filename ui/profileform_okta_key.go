package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/services"
	"scimrenew/store"
)

// oktaServiceAppSteps is the admin's part of setting up a service app, in the Admin Console's words.
const oktaServiceAppSteps = `**In the Okta Admin Console**

1. Applications > Applications > Create App Integration > API Services makes a service app (or open the one you have). Copy its Client ID into the field above.
2. On its General tab, under Client Credentials, click Edit and choose Public key / Private key.
3. Under Public keys, click Add key, paste the public key shown above (Copy public key), and Save. Keep the key Active.
4. On its Okta API Scopes tab, grant ` + "`okta.apps.read`, `okta.apps.manage` and `okta.logs.read`" + `.
5. On its Admin roles tab, assign a role that covers this app (Application Administrator or Super Administrator) and may read the System Log.`

// oktaDPoPNote answers the question the service app's settings raise: Okta turns DPoP on for new apps.
const oktaDPoPNote = "Okta may require DPoP for new service apps (\"Require Demonstrating Proof of Possession\"): " +
	"SCIM Renew works either way. When the steps are done, press Test Okta access."

func (s *oktaCredSection) buildServiceApp() {
	u := s.f.u
	s.clientID = newField(u, store.FieldOktaClientID, "Okta Client ID", "e.g. 0oa1b2c3d4e5F6g7h8i9", true)
	s.clientID.entry.SetText(s.f.base.OktaClientID)
	s.clientID.entry.OnChanged = func(string) {
		s.clientID.touched = true
		s.clearResults()
		s.f.validate()
	}
	s.genB = newButton(u, "Generate key pair", theme.ContentAddIcon(), s.onGenerate)
	s.showKeyB = newButton(u, "Show public key", theme.VisibilityIcon(), s.onShowKey)
	s.keyNote = oktaCaption("")
	s.jwk = newJWKEntry(u)
	s.copyJWKB = u.newCopyButton("Copy public key", false, func() string { return s.jwk.Text })
	s.jwkBox = container.NewVBox(
		widget.NewLabelWithStyle("Public key (JWK) for Okta", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.jwk, container.NewHBox(s.copyJWKB))
	s.jwkBox.Hide()
	steps := widget.NewRichTextFromMarkdown(oktaServiceAppSteps)
	steps.Wrapping = fyne.TextWrapWord
	form := s.f.col.form(
		s.clientID.item("The service app's Client ID, from its General tab in Okta."),
		formRow{label: "Key pair", widget: container.NewVBox(container.NewHBox(s.genB, s.showKeyB), s.keyNote)},
	)
	s.appBox = container.NewVBox(form, s.jwkBox, steps, oktaCaption(oktaDPoPNote))
	s.showKeyState()
}

// storedKey reports whether the profile was saved as a service app, so the keychain should hold its key.
func (s *oktaCredSection) storedKey() bool {
	return !s.f.isNew() && s.f.base.OktaCredKind == store.OktaCredServiceApp
}

// showKeyState says which key the profile uses and offers to show a stored key's public half.
func (s *oktaCredSection) showKeyState() {
	oktaSetShown(s.showKeyB, s.storedKey() && s.newKeyID == "")
	switch {
	case s.newKeyID != "":
		msg := "New key " + s.newKeyID + ": its private key goes to " + s.f.u.keychainName().Full + " when you save. Add the public " +
			"key below to the service app in Okta, then Test Okta access."
		if s.storedKey() {
			msg += " Saving replaces the stored key; remove the old one in Okta afterwards."
		}
		oktaSetNote(s.keyNote, widget.SuccessImportance, msg)
	case s.storedKey():
		oktaSetNote(s.keyNote, widget.MediumImportance, "Key "+s.f.base.OktaKeyID+": its private key is in "+
			s.f.u.keychainName().Full+". Show public key displays its public half again, to add in Okta.")
	default:
		oktaSetNote(s.keyNote, widget.MediumImportance, "No key yet: Generate key pair makes one. The private key "+
			"stays in "+s.f.u.keychainName().Full+" on this computer; Okta gets only the public key.")
	}
}

type oktaKeyPairResult struct {
	kp  services.OktaKeyPair
	err error
}

// onGenerate makes a new key pair off the main goroutine (RSA generation takes a moment). The private
// key stays in the form until Save puts it in the keychain.
func (s *oktaCredSection) onGenerate() {
	s.genB.Disable()
	background(s.f.u, func(context.Context) oktaKeyPairResult {
		kp, err := services.GenerateOktaKeyPair()
		return oktaKeyPairResult{kp, err}
	}, s.onGenerated)
}

func (s *oktaCredSection) onGenerated(r oktaKeyPairResult) {
	s.genB.Enable()
	if r.err != nil {
		s.f.u.showError(fmt.Errorf("no key pair was made: %w", r.err))
		return
	}
	s.newKeyPEM, s.newKeyID = r.kp.PrivateKeyPEM, r.kp.KeyID
	s.showJWK(r.kp.PublicJWK)
	s.showKeyState()
	s.clearResults()
	s.f.validate()
}

func (s *oktaCredSection) showJWK(jwk string) {
	s.jwk.SetText(jwk)
	s.jwkBox.Show()
}

type oktaPublicKeyResult struct {
	jwk string
	err error
}

// onShowKey reads the stored private key and shows its public JWK; the private key itself is never shown.
func (s *oktaCredSection) onShowKey() {
	svc, id, kid := s.f.u.deps.Services, s.f.base.ID, s.f.base.OktaKeyID
	s.showKeyB.Disable()
	background(s.f.u, func(context.Context) oktaPublicKeyResult {
		jwk, err := svc.OktaPublicKey(id, kid)
		return oktaPublicKeyResult{jwk, err}
	}, s.onShowKeyDone)
}

func (s *oktaCredSection) onShowKeyDone(r oktaPublicKeyResult) {
	s.showKeyB.Enable()
	switch {
	case errors.Is(r.err, services.ErrSecretNotFound):
		oktaSetNote(s.keyNote, widget.WarningImportance, "No private key is stored for this profile: Generate key "+
			"pair, add its public key in Okta, and save.")
	case r.err != nil:
		s.f.u.noteKeychainErr(r.err)
		oktaSetNote(s.keyNote, widget.DangerImportance, "The stored key could not be read: "+services.ErrorText(r.err))
	default:
		s.showJWK(r.jwk)
	}
}

// jwkEntry is a multi-line entry whose text can be selected and copied but not changed: the public key
// the admin pastes into Okta. Edits (typing, paste, cut, undo) are dropped; Tab moves on.
type jwkEntry struct {
	entry
}

func newJWKEntry(u *UI) *jwkEntry {
	e := &jwkEntry{}
	e.u = u
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.TextStyle = fyne.TextStyle{Monospace: true}
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(6) // a 2048-bit RSA JWK fits without scrolling
	return e
}

// AcceptsTab lets Tab leave the entry instead of typing a tab.
func (e *jwkEntry) AcceptsTab() bool { return false }

// TypedRune drops typing.
func (e *jwkEntry) TypedRune(rune) {}

// TypedKey keeps moving and selecting, drops editing keys, and passes Esc to the window.
func (e *jwkEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyBackspace, fyne.KeyDelete, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyTab:
		return
	}
	e.entry.TypedKey(ev)
}

// TypedShortcut allows copy and select-all only.
func (e *jwkEntry) TypedShortcut(sc fyne.Shortcut) {
	switch sc.(type) {
	case *fyne.ShortcutCopy, *fyne.ShortcutSelectAll:
		e.entry.TypedShortcut(sc)
	}
}
