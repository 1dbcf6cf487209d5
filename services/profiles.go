package services

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"scimrenew/secrets"
	"scimrenew/store"
)

// Profiles returns every profile, by name.
func (s *Services) Profiles(ctx context.Context) ([]store.Profile, error) {
	return s.cfg.Store.Profiles(ctx)
}

// Profile returns the profile with the given ID (an error matching store.ErrNotFound when none).
func (s *Services) Profile(ctx context.Context, id string) (store.Profile, error) {
	return s.cfg.Store.Profile(ctx, id)
}

// ProfileByName returns the profile named name, case-insensitively (an error matching
// store.ErrNotFound when none).
func (s *Services) ProfileByName(ctx context.Context, name string) (store.Profile, error) {
	return s.cfg.Store.ProfileByName(ctx, name)
}

// ValidateProfile checks p with store.ValidateProfile, the one validation, against the other saved
// profiles. It returns nil when p is valid, else the problem of each field.
func (s *Services) ValidateProfile(ctx context.Context, p store.Profile) (store.FieldErrors, error) {
	ps, err := s.cfg.Store.Profiles(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot read the other profiles: %w", err)
	}
	existing := make([]store.NameID, len(ps))
	for i, x := range ps {
		existing[i] = store.NameID{ID: x.ID, Name: x.Name}
	}
	return store.ValidateProfile(p, existing), nil
}

// ProfileSecrets are the secrets typed with a profile's settings. An empty field leaves the stored
// secret as it is.
type ProfileSecrets struct {
	HubClientSecret string
	// OktaCredential is the Okta API token (SSWS) or the service app's private key (PEM), as the
	// profile's OktaCredKind says.
	OktaCredential string
	// KeepCredentials confirms that the stored credentials not given again may be sent to the new hosts
	// the profile's changed addresses name (the administrator was shown the HostChangeError's hosts).
	KeepCredentials bool
}

// PartialSaveError reports a profile that was saved while a follow-up was not done: a secret not
// stored in the keychain, an old credential not removed, or the current token's reminders not
// rescheduled. SaveProfile returns the saved profile with it.
type PartialSaveError struct {
	// What names what was not done, e.g. "its hub-client-secret was not stored in the keychain".
	What string
	// Secret is the keychain kind concerned ("hub-client-secret", "okta-credential"); "" for the
	// reminders.
	Secret string
	Err    error
}

func (e *PartialSaveError) Error() string {
	return fmt.Sprintf("the profile was saved, but %s: %v", e.What, e.Err)
}

func (e *PartialSaveError) Unwrap() error { return e.Err }

// SaveProfile saves p: a new profile when p.ID is empty, else the changes to the saved one. It
// validates p with store.ValidateProfile (a store.FieldErrors error saves nothing), writes the typed
// secrets to the keychain under the profile's ID, deletes the Okta credential of a kind the profile
// no longer uses, and, when the reminder lead times changed, reschedules the current token's
// reminders. When the profile was saved but a follow-up failed, it returns the saved profile and a
// *PartialSaveError.
//
// A change of address that would send a stored credential to another host than it was saved for (the
// token endpoint, or the Hub URL in Hub-page mode, for the Client Secret; the Okta org for the Okta
// credential; the SCIM base URL for the SCIM token) saves nothing and returns a *HostChangeError naming
// the old and new hosts, unless the credential is given again in sec or sec.KeepCredentials confirms
// the change. A saved profile's credentials are bound to the hosts it names.
func (s *Services) SaveProfile(ctx context.Context, p store.Profile, sec ProfileSecrets) (store.Profile, error) {
	ctx = context.WithoutCancel(ctx) // leaving a screen or a Ctrl-C must not half-save
	var old *store.Profile
	if p.ID != "" {
		o, err := s.cfg.Store.Profile(ctx, p.ID)
		if err != nil {
			return p, fmt.Errorf("the profile was not saved: %w", err)
		}
		old = &o
	}
	if errs, err := s.ValidateProfile(ctx, p); err != nil {
		return p, fmt.Errorf("the profile was not saved: %w", err)
	} else if errs != nil {
		return p, errs
	}
	if old != nil {
		if err := s.confirmHostChanges(ctx, *old, p, sec); err != nil {
			return p, err
		}
	}
	saved, err := s.writeProfile(ctx, p, old == nil)
	if err != nil {
		return p, err
	}
	s.cfg.Log.Info("profile saved", "profile", saved.ID, "new", old == nil)
	if err := s.saveSecrets(saved, old, sec); err != nil {
		s.keepOldBinding(ctx, saved, old, err)
		return saved, err
	}
	if old != nil && leadTimesChanged(*old, saved) {
		if err := s.Reminders.Reschedule(ctx, saved); err != nil {
			return saved, &PartialSaveError{What: "the current token's reminders were not moved to the new lead times", Err: err}
		}
		s.cfg.Log.Info("reminders rescheduled for new lead times", "profile", saved.ID)
	}
	return saved, nil
}

func (s *Services) writeProfile(ctx context.Context, p store.Profile, isNew bool) (store.Profile, error) {
	var err error
	if isNew {
		p, err = s.cfg.Store.CreateProfile(ctx, p)
	} else {
		p, err = s.cfg.Store.UpdateProfileBound(ctx, p, store.HostsOf(p))
	}
	var fe store.FieldErrors
	if errors.As(err, &fe) { // another window or command took the name meanwhile
		return p, fe
	}
	if err != nil {
		return p, fmt.Errorf("the profile was not saved: %w", err)
	}
	return p, nil
}

// saveSecrets stores the typed secrets, and deletes an Okta credential whose kind the profile no
// longer uses (the form's key or token would otherwise be sent as the other kind).
func (s *Services) saveSecrets(p store.Profile, old *store.Profile, sec ProfileSecrets) error {
	type write struct {
		kind  secrets.Kind
		value string // "" deletes
	}
	var writes []write
	if sec.HubClientSecret != "" {
		writes = append(writes, write{secrets.KindHubClientSecret, sec.HubClientSecret})
	}
	switch {
	case p.OktaCredKind == store.OktaCredNone && old != nil && old.OktaCredKind != store.OktaCredNone:
		writes = append(writes, write{secrets.KindOktaCredential, ""})
	case p.OktaCredKind == store.OktaCredNone:
	case sec.OktaCredential != "":
		writes = append(writes, write{secrets.KindOktaCredential, sec.OktaCredential})
	case old != nil && old.OktaCredKind != p.OktaCredKind:
		writes = append(writes, write{secrets.KindOktaCredential, ""})
	}
	for _, w := range writes {
		if w.value == "" {
			if err := s.kc.Delete(p.ID, w.kind); err != nil && !errors.Is(err, secrets.ErrNotFound) {
				return &PartialSaveError{
					What:   fmt.Sprintf("its old %s was not removed from the keychain", w.kind),
					Secret: string(w.kind), Err: err,
				}
			}
			continue
		}
		if err := s.kc.Set(p.ID, w.kind, w.value); err != nil {
			return &PartialSaveError{
				What:   fmt.Sprintf("its %s was not stored in the keychain", w.kind),
				Secret: string(w.kind), Err: err,
			}
		}
	}
	if len(writes) > 0 {
		s.cfg.Log.Info("profile secrets stored", "profile", p.ID, "count", len(writes))
	}
	return nil
}

// leadTimesChanged reports whether the reminder lead times of a saved profile differ from before.
func leadTimesChanged(old, now store.Profile) bool {
	return old.RemindMonths != now.RemindMonths || !slices.Equal(old.RemindDays, now.RemindDays)
}
