package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"scimrenew/services"
	"scimrenew/store"
)

type saveResult struct {
	p   store.Profile
	err error // a *services.PartialSaveError when the profile was saved but a follow-up was not done
	// in and sec are what was saved, to save again once the administrator confirms a host change.
	in  store.Profile
	sec services.ProfileSecrets
}

// onSave saves the profile and its secrets through the services, off the main goroutine: a locked
// keychain can take seconds to give up.
func (f *profileForm) onSave() {
	p, errs := f.profile()
	f.submitted = true
	if len(errs) > 0 || f.saving {
		f.validate()
		return
	}
	f.save(p, f.secretsToSave())
}

func (f *profileForm) save(p store.Profile, sec services.ProfileSecrets) {
	svc := f.u.deps.Services
	f.setSaving(true)
	background(f.u, func(ctx context.Context) saveResult {
		saved, err := svc.SaveProfile(ctx, p, sec)
		return saveResult{p: saved, err: err, in: p, sec: sec}
	}, f.onSaveDone)
}

// secretsToSave is what the user typed or changed of the secrets; read on the main goroutine. An empty
// field keeps the stored secret.
func (f *profileForm) secretsToSave() services.ProfileSecrets {
	var sec services.ProfileSecrets
	if v := f.secret.Text; v != f.loadedSecret {
		sec.HubClientSecret = v
	}
	sec.OktaCredential = f.okta.secretToSave()
	return sec
}

func (f *profileForm) setSaving(on bool) {
	f.saving = on
	for _, b := range []*button{f.cancelB, f.deleteB} {
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
	var fe store.FieldErrors
	var partial *services.PartialSaveError
	var moved *services.HostChangeError
	switch {
	case errors.As(r.err, &fe):
		f.showStoreErrors(fe)
		return
	case errors.As(r.err, &moved):
		f.confirmHosts(moved, r.in, r.sec)
		return
	case errors.As(r.err, &partial):
		f.u.noteKeychainErr(partial)
		f.u.showError(partial)
	case r.err != nil:
		f.u.showError(r.err)
		return
	}
	f.u.notice("Saved “" + r.p.Name + "”")
	if f.onSaved != nil {
		f.onSaved(r.p)
	}
}

// confirmHosts asks before stored credentials go to the new hosts the changed addresses name, naming
// each credential with its old and new host; nothing is saved unless the administrator agrees.
func (f *profileForm) confirmHosts(moved *services.HostChangeError, p store.Profile, sec services.ProfileSecrets) {
	var b strings.Builder
	for _, c := range moved.Changes {
		fmt.Fprintf(&b, "The stored %s was saved for %s. These settings would send it to %s.\n\n", c.Credential,
			hostName(c.Old), hostName(c.New))
	}
	b.WriteString("Send them there only if the new addresses are your QorusDocs tenant and your Okta org. " +
		"Otherwise choose Cancel, then correct the addresses or enter the credentials again.")
	f.summary.SetText("Not saved yet: the stored credentials would go to new hosts.")
	f.confirmMove = f.u.confirm("Send the stored credentials to new hosts?", b.String(), "Send them there", true, func() {
		sec.KeepCredentials = true
		f.save(p, sec)
	})
}

func hostName(h string) string {
	if h == "" {
		return "no host"
	}
	return h
}

// showStoreErrors shows errors the store found on save (another window took the name meanwhile).
func (f *profileForm) showStoreErrors(fe store.FieldErrors) {
	for _, fl := range f.allFields() {
		if msg, ok := fe[fl.key]; ok {
			fl.showError(services.MessageText(msg))
		}
	}
	f.summary.SetText("Not saved: " + fe.Error())
}

// onDelete asks first: deleting drops the token history and the keychain entries.
func (f *profileForm) onDelete() {
	q := fmt.Sprintf("“%s”, its token history and its reminders will be deleted, and its secrets removed "+
		"from %s. A token already in Okta keeps working until it expires.", f.base.Name, f.u.keychainName().Full)
	f.confirmDelete = f.u.confirm("Delete this profile?", q, "Delete", true, func() { f.deleteProfile(services.DeleteOptions{}) })
}

type deleteResult struct {
	res services.DeleteResult
	err error
}

// deleteProfile deletes the profile through the services, with the overrides the user agreed to.
// Without them, a renewal in progress or a keychain that refuses keeps the profile, and the user is
// asked whether to delete it anyway.
func (f *profileForm) deleteProfile(opts services.DeleteOptions) {
	id, svc := f.base.ID, f.u.deps.Services
	f.setSaving(true)
	background(f.u, func(ctx context.Context) deleteResult {
		res, err := svc.DeleteProfile(ctx, id, opts)
		return deleteResult{res, err}
	}, func(r deleteResult) { f.onDeleteDone(r, opts) })
}

func (f *profileForm) onDeleteDone(r deleteResult, opts services.DeleteOptions) {
	f.setSaving(false)
	var unfinished *services.UnfinishedRenewalError
	var kcErr *services.KeychainEntriesError
	switch {
	case errors.As(r.err, &unfinished):
		opts.EvenUnfinished = true
		q := fmt.Sprintf("“%s” has a renewal in progress (at step %s). Deleting the profile now ends that "+
			"renewal, and a new token it made is lost. Finish or cancel the renewal first, or delete the "+
			"profile anyway.", f.base.Name, unfinished.Step())
		f.confirmDelete = f.u.confirm("Renewal in progress", q, "Delete anyway", true, func() { f.deleteProfile(opts) })
	case errors.As(r.err, &kcErr):
		f.u.noteKeychainErr(kcErr)
		opts.EvenIfKeychainFails = true
		q := fmt.Sprintf("Its secrets could not be removed from %s: %s\n\nDelete “%s” anyway? Its "+
			"entries there (service %s, names starting %s/) would stay behind.", f.u.keychainName().Full,
			services.ErrorText(kcErr.Err), f.base.Name, kcErr.Service, f.base.ID)
		f.confirmDelete = f.u.confirm("Secrets not removed", q, "Delete anyway", true, func() { f.deleteProfile(opts) })
	case r.err != nil:
		f.u.showError(r.err)
	default:
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
	svc := f.u.deps.Services
	if e.Text != "" || f.isNew() {
		e.setRevealed(true)
		return
	}
	id := f.base.ID
	e.reveal.Disable()
	background(f.u, func(context.Context) secretResult {
		v, err := svc.StoredSecret(id, services.SecretHubClient)
		return secretResult{v, err}
	}, f.onSecretLoaded)
}

func (f *profileForm) onSecretLoaded(r secretResult) {
	f.secret.reveal.Enable()
	switch {
	case errors.Is(r.err, services.ErrSecretNotFound):
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
		f.discoverMsg.SetText(services.ErrorText(r.err))
		return
	}
	f.tokenURL.touched = true
	f.tokenURL.entry.SetText(r.tokenURL)
	if other, hub := store.URLHost(r.tokenURL), store.URLHost(f.hubURL.value()); other != hub {
		// The Client Secret would go there: say so before Save asks about it.
		f.discoverMsg.Importance = widget.WarningImportance
		f.discoverMsg.SetText("The Hub names a token endpoint on another host, " + other + ", than the Hub URL (" +
			hub + "): API mode sends the Client Secret there. Save only if it is QorusDocs'.")
		return
	}
	f.discoverMsg.Importance = widget.SuccessImportance
	f.discoverMsg.SetText("Found the Hub's token endpoint: API mode is on for this profile.")
}
