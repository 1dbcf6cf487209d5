package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2/widget"

	"scimrenew/secrets"
	"scimrenew/store"
)

type saveResult struct {
	p         store.Profile
	err       error // the profile was not saved
	secretErr error // the profile was saved, a secret was not
}

// onSave writes the profile to the store and its secrets to the keychain, off the main goroutine:
// a locked keychain can take seconds to give up.
func (f *profileForm) onSave() {
	p, errs := f.profile()
	f.submitted = true
	if len(errs) > 0 || f.saving {
		f.validate()
		return
	}
	pending := f.secretsToSave()
	st, kc, isNew := f.u.deps.Store, f.u.deps.Keychain, f.isNew()
	f.setSaving(true)
	background(f.u, func(ctx context.Context) saveResult {
		ctx = context.WithoutCancel(ctx) // leaving the screen must not half-save
		var r saveResult
		if isNew {
			r.p, r.err = st.CreateProfile(ctx, p)
		} else {
			r.p, r.err = st.UpdateProfile(ctx, p)
		}
		if r.err != nil || kc == nil {
			return r
		}
		for _, s := range pending {
			var err error
			if s.value == "" {
				err = kc.Delete(r.p.ID, s.kind)
			} else {
				err = kc.Set(r.p.ID, s.kind, s.value)
			}
			if err != nil {
				r.secretErr = err
				break
			}
		}
		return r
	}, f.onSaveDone)
}

// pendingSecret is a secret typed into the form, waiting to be written once the profile has its ID.
// An empty value deletes the stored secret of that kind (an Okta credential of a kind no longer used).
type pendingSecret struct {
	kind  secrets.Kind
	value string
}

// secretsToSave lists the secrets the user typed or changed; read on the main goroutine.
func (f *profileForm) secretsToSave() []pendingSecret {
	var out []pendingSecret
	if v := f.secret.Text; v != "" && v != f.loadedSecret {
		out = append(out, pendingSecret{secrets.KindHubClientSecret, v})
	}
	return append(out, f.okta.secretsToSave()...)
}

func (f *profileForm) setSaving(on bool) {
	f.saving = on
	for _, b := range []*widget.Button{f.cancelB, f.deleteB} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	f.validate()
}

func (f *profileForm) onSaveDone(r saveResult) {
	f.setSaving(false)
	if r.err != nil {
		var fe store.FieldErrors
		if errors.As(r.err, &fe) {
			f.showStoreErrors(fe)
			return
		}
		f.u.showError(fmt.Errorf("the profile was not saved: %w", r.err))
		return
	}
	f.u.deps.Log.Info("profile saved", "profile", r.p.ID)
	if r.secretErr != nil {
		f.u.noteKeychainErr(r.secretErr)
		f.u.showError(fmt.Errorf("the profile was saved, but its secret was not stored: %w", r.secretErr))
	}
	f.u.notice("Saved “" + r.p.Name + "”")
	if f.onSaved != nil {
		f.onSaved(r.p)
	}
}

// showStoreErrors shows errors the store found on save (another window took the name meanwhile).
func (f *profileForm) showStoreErrors(fe store.FieldErrors) {
	for _, fl := range f.allFields() {
		if msg, ok := fe[fl.key]; ok {
			fl.showError(sentence(msg))
		}
	}
	f.summary.SetText("Not saved: " + fe.Error())
}

// onDelete asks first: deleting drops the token history and the keychain entries.
func (f *profileForm) onDelete() {
	q := fmt.Sprintf("“%s”, its token history and its reminders will be deleted, and its secrets removed "+
		"from the keychain. A token already in Okta keeps working until it expires.", f.base.Name)
	f.confirmDelete = f.u.confirm("Delete this profile?", q, "Delete", true, func() { f.deleteProfile(true) })
}

type deleteResult struct {
	keychainErr, err error
}

// deleteProfile removes the keychain entries (when withSecrets) and then the profile. When the
// keychain refuses, the profile stays, and the user may delete it anyway.
func (f *profileForm) deleteProfile(withSecrets bool) {
	id, st, kc := f.base.ID, f.u.deps.Store, f.u.deps.Keychain
	f.setSaving(true)
	background(f.u, func(ctx context.Context) deleteResult {
		ctx = context.WithoutCancel(ctx)
		var r deleteResult
		if withSecrets && kc != nil {
			if r.keychainErr = kc.DeleteProfile(id); r.keychainErr != nil {
				return r
			}
		}
		r.err = st.DeleteProfile(ctx, id)
		return r
	}, f.onDeleteDone)
}

func (f *profileForm) onDeleteDone(r deleteResult) {
	f.setSaving(false)
	switch {
	case r.keychainErr != nil:
		f.u.noteKeychainErr(r.keychainErr)
		q := fmt.Sprintf("Its secrets could not be removed from the keychain: %v.\n\nDelete “%s” anyway? Its "+
			"keychain entries (service %s, names starting %s/) would stay behind.", r.keychainErr, f.base.Name,
			secrets.DefaultService, f.base.ID)
		f.confirmDelete = f.u.confirm("Keychain entries not removed", q, "Delete anyway", true, func() { f.deleteProfile(false) })
	case r.err != nil:
		f.u.showError(fmt.Errorf("the profile was not deleted: %w", r.err))
	default:
		f.u.deps.Log.Info("profile deleted", "profile", f.base.ID)
		f.u.notice("Deleted “" + f.base.Name + "”")
		if f.onDeleted != nil {
			f.onDeleted()
		}
	}
}

type secretResult struct {
	value string
	err   error
}

// onRevealSecret toggles the Client Secret between masked and clear. Revealing an empty field of a
// saved profile first reads the stored secret from the keychain: it is shown only when asked for.
func (f *profileForm) onRevealSecret() {
	e := f.secret
	if !e.Password {
		e.setRevealed(false)
		return
	}
	kc := f.u.deps.Keychain
	if e.Text != "" || f.isNew() || kc == nil {
		e.setRevealed(true)
		return
	}
	id := f.base.ID
	e.reveal.Disable()
	background(f.u, func(context.Context) secretResult {
		v, err := kc.Get(id, secrets.KindHubClientSecret)
		return secretResult{v, err}
	}, f.onSecretLoaded)
}

func (f *profileForm) onSecretLoaded(r secretResult) {
	f.secret.reveal.Enable()
	switch {
	case errors.Is(r.err, secrets.ErrNotFound):
		f.secretNote.SetText("No Client Secret is stored for this profile yet: paste it above and save.")
		f.secretNote.Importance = widget.WarningImportance
		f.secretNote.Refresh()
	case r.err != nil:
		f.u.noteKeychainErr(r.err)
		f.u.showError(fmt.Errorf("the stored Client Secret could not be read: %w", r.err))
	default:
		f.loadedSecret = r.value
		f.secret.SetText(r.value)
		f.secret.setRevealed(true)
	}
}

type discoverResult struct {
	tokenURL string
	err      error
}

// onDiscover asks the Hub for its token endpoint and fills it in (turning API mode on).
func (f *profileForm) onDiscover() {
	hubURL, svc := f.hubURL.value(), f.u.deps.Services
	f.discoverB.Disable()
	f.discoverMsg.Importance = widget.LowImportance
	f.discoverMsg.SetText("Asking the Hub for its token endpoint…")
	f.discoverMsg.Show()
	background(f.u, func(ctx context.Context) discoverResult {
		u, err := svc.DiscoverTokenEndpoint(ctx, hubURL)
		return discoverResult{u, err}
	}, f.onDiscovered)
}

func (f *profileForm) onDiscovered(r discoverResult) {
	f.validate() // re-enables Discover when the Hub URL is still valid
	if r.err != nil {
		f.discoverMsg.Importance = widget.WarningImportance
		f.discoverMsg.SetText(r.err.Error())
		return
	}
	f.tokenURL.touched = true
	f.tokenURL.entry.SetText(r.tokenURL)
	f.discoverMsg.Importance = widget.SuccessImportance
	f.discoverMsg.SetText("Found the Hub's token endpoint: API mode is on for this profile.")
}
