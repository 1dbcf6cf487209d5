package services

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/renewal"
	"scimrenew/store"
)

// DeleteOptions are the administrator's overrides of DeleteProfile's refusals. The command line's
// --force sets both; the window asks for each behind a confirmation.
type DeleteOptions struct {
	// EvenUnfinished deletes a profile whose renewal is unfinished (its new token, if any, is lost).
	EvenUnfinished bool
	// EvenIfKeychainFails deletes the profile although its keychain entries could not be removed;
	// they stay behind (DeleteResult.KeychainErr says why).
	EvenIfKeychainFails bool
}

// DeleteResult is what DeleteProfile did.
type DeleteResult struct {
	Profile store.Profile
	// KeychainErr, with EvenIfKeychainFails, says why the keychain entries stayed behind; nil when they
	// were removed.
	KeychainErr error
}

// UnfinishedRenewalError refuses to delete a profile while its renewal is unfinished.
type UnfinishedRenewalError struct {
	Profile store.Profile
	Renewal store.Renewal
}

// Step is the step the unfinished renewal stands at.
func (e *UnfinishedRenewalError) Step() renewal.Step { return renewal.StepOf(e.Renewal.State) }

func (e *UnfinishedRenewalError) Error() string {
	return fmt.Sprintf("%q has an unfinished renewal (at step %q); finish or cancel it first, or delete the "+
		"profile anyway", e.Profile.Name, e.Step().String())
}

// KeychainEntriesError refuses to delete a profile whose keychain entries could not be removed.
type KeychainEntriesError struct {
	Profile store.Profile
	Service string // the keychain service the entries are filed under
	Err     error
}

func (e *KeychainEntriesError) Error() string {
	return fmt.Sprintf("the profile was not deleted: its secrets could not be removed from the keychain: %v", e.Err)
}

func (e *KeychainEntriesError) Unwrap() error { return e.Err }

// DeleteProfile deletes a profile with its token history, renewals and reminders, after removing its
// keychain entries. It is the one rule for both faces: unless opts override it, it refuses (with an
// *UnfinishedRenewalError) while the profile has an unfinished renewal, and (with a
// *KeychainEntriesError) when the keychain entries cannot be removed.
func (s *Services) DeleteProfile(ctx context.Context, profileID string, opts DeleteOptions) (DeleteResult, error) {
	ctx = context.WithoutCancel(ctx)
	p, err := s.cfg.Store.Profile(ctx, profileID)
	if err != nil {
		return DeleteResult{}, fmt.Errorf("the profile was not deleted: %w", err)
	}
	res := DeleteResult{Profile: p}
	rn, err := s.cfg.Store.OpenRenewal(ctx, p.ID)
	switch {
	case err == nil && !opts.EvenUnfinished:
		return res, &UnfinishedRenewalError{Profile: p, Renewal: rn}
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return res, fmt.Errorf("the profile was not deleted: cannot read its renewals: %w", err)
	}
	if err := s.kc.DeleteProfile(p.ID); err != nil {
		if !opts.EvenIfKeychainFails {
			return res, &KeychainEntriesError{Profile: p, Service: s.cfg.KeychainService, Err: err}
		}
		res.KeychainErr = err
		s.cfg.Log.Warn("profile's keychain entries left behind", "profile", p.ID, "err", err)
	}
	if err := s.cfg.Store.DeleteProfile(ctx, p.ID); err != nil {
		return res, fmt.Errorf("the profile was not deleted: %w", err)
	}
	s.cfg.Log.Info("profile deleted", "profile", p.ID)
	return res, nil
}
