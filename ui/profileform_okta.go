package ui

import (
	"fyne.io/fyne/v2"

	"scimrenew/store"
)

// oktaCredSection is the Okta credential part of the profile form: THE SEAM for issue 4, item 8.
//
// Today it shows nothing and carries the stored credential settings through an edit unchanged. The
// Okta issue fills it in here, without touching the rest of the form:
//   - buildUI: the credential kind (none / SSWS API token / service app with private_key_jwt) and its
//     fields, "Generate key pair" with the public JWK to copy, "Find my app" (fills f.oktaAppID and
//     f.oktaAppName), "Test Okta access"; it returns nil while there is nothing to show;
//   - fields: its validated fields (keys store.FieldOktaCredKind, store.FieldOktaClientID), so their
//     errors from store.ValidateProfile show beside them like every other field's;
//   - apply: writes OktaCredKind, OktaClientID and OktaKeyID into the profile being validated/saved;
//   - secretsToSave: the credential to store (secrets.KindOktaCredential) once the profile is saved.
//
// Build fields with newField(s.f.u, ...) and call s.f.validate() from their OnChanged; run network
// calls with background(s.f.u, ...).
type oktaCredSection struct {
	f *profileForm
}

func newOktaCredSection(f *profileForm) *oktaCredSection { return &oktaCredSection{f: f} }

// buildUI returns the section's widgets, or nil while it has none.
func (s *oktaCredSection) buildUI() fyne.CanvasObject { return nil }

// fields lists the section's validated fields.
func (s *oktaCredSection) fields() []*field { return nil }

// apply copies the section's settings into p (for now: the stored ones, unchanged).
func (s *oktaCredSection) apply(p *store.Profile) {
	p.OktaCredKind = s.f.base.OktaCredKind
	p.OktaClientID = s.f.base.OktaClientID
	p.OktaKeyID = s.f.base.OktaKeyID
}

// secretsToSave lists the credential the user entered, to be written to the keychain on save.
func (s *oktaCredSection) secretsToSave() []pendingSecret { return nil }
