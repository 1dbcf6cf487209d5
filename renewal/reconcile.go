package renewal

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/secrets"
	"scimrenew/store"
)

// FindingKind classifies what Reconcile found.
type FindingKind string

// The kinds of finding. The first two are repairs; the others are reported and left alone.
const (
	// FindingFinishCompleted: a renewal committed but was interrupted before its new token left the
	// pending entry; the entry was moved to current.
	FindingFinishCompleted FindingKind = "finish_completed"
	// FindingStaleDeleted: a keychain copy of a superseded, abandoned or expired token was deleted.
	FindingStaleDeleted FindingKind = "stale_deleted"
	// FindingUnrecordedToken: a new token is in the keychain's pending entry but has no row (the app was
	// interrupted between the two writes). Beginning or continuing the profile's renewal picks it up.
	FindingUnrecordedToken FindingKind = "unrecorded_token"
	// FindingTokenMissing: an unfinished renewal's new token is not in the keychain any more.
	FindingTokenMissing FindingKind = "token_missing"
	// FindingMismatch: a keychain entry holds a token that disagrees with the token rows.
	FindingMismatch FindingKind = "mismatch"
)

// Finding is one thing Reconcile found for a profile, with a sentence for the user.
type Finding struct {
	ProfileID   string
	ProfileName string
	RenewalID   int64 // the unfinished renewal concerned, 0 when none
	Kind        FindingKind
	Repaired    bool // the app fixed it; otherwise Message says what the admin can do
	Message     string
}

// Reconcile compares, for every profile, the keychain's token entries with the token rows and the
// unfinished renewal, at start-up: it completes interrupted finishes and removes copies of tokens that
// are no longer kept, and reports (never drops) anything it cannot safely decide. Profiles whose renewal
// another live window or command holds, or that a session of this engine has open, are skipped. A
// keychain that cannot be read stops it with an error (and the findings so far).
func (e *Engine) Reconcile(ctx context.Context) ([]Finding, error) {
	ps, err := e.st.Profiles(ctx)
	if err != nil {
		return nil, storeError("read the profiles", err)
	}
	var out []Finding
	for _, p := range ps {
		if e.isOpen(p.ID) {
			continue
		}
		open, err := e.st.OpenRenewal(ctx, p.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return out, storeError("read the unfinished renewals", err)
		}
		if open.LeaseOwner != "" && open.LeaseOwner != e.owner && open.LeaseUntil.After(e.now()) &&
			!deadLocalOwner(open.LeaseOwner) {
			continue
		}
		fs, err := e.tidy(ctx, p, open)
		out = append(out, fs...)
		if err != nil {
			return out, err
		}
	}
	for _, f := range out {
		e.log.Info("reconcile", "profile", f.ProfileID, "renewal", f.RenewalID, "kind", string(f.Kind), "repaired", f.Repaired)
	}
	return out, nil
}

// slots is what the keychain holds for one profile's tokens.
type slots struct{ pending, current, previous string }

func (e *Engine) readSlots(profileID string) (slots, error) {
	var s slots
	var err error
	if s.pending, err = e.get(profileID, secrets.KindTokenPending); err != nil {
		return s, keychainError("read the pending token", err)
	}
	if s.current, err = e.get(profileID, secrets.KindTokenCurrent); err != nil {
		return s, keychainError("read the current token", err)
	}
	if s.previous, err = e.get(profileID, secrets.KindTokenPrevious); err != nil {
		return s, keychainError("read the previous token", err)
	}
	return s, nil
}

// tidy reconciles one profile's keychain entries with its token rows; open is its unfinished renewal
// (zero when none). It repairs only what the rows decide unambiguously.
func (e *Engine) tidy(ctx context.Context, p store.Profile, open store.Renewal) ([]Finding, error) {
	toks, err := e.st.Tokens(ctx, p.ID)
	if err != nil {
		return nil, storeError("read the token history", err)
	}
	ks, err := e.readSlots(p.ID)
	if err != nil {
		return nil, err
	}
	t := tidier{e: e, p: p, open: open, toks: toks, ks: ks}
	if err := t.pendingSlot(); err != nil {
		return t.out, err
	}
	if err := t.previousSlot(); err != nil {
		return t.out, err
	}
	t.currentSlot()
	return t.out, nil
}

type tidier struct {
	e    *Engine
	p    store.Profile
	open store.Renewal
	toks []store.Token
	ks   slots
	out  []Finding
}

func (t *tidier) add(kind FindingKind, repaired bool, format string, args ...any) {
	t.out = append(t.out, Finding{
		ProfileID: t.p.ID, ProfileName: t.p.Name, RenewalID: t.open.ID, Kind: kind,
		Repaired: repaired, Message: fmt.Sprintf(format, args...),
	})
}

func (t *tidier) pendingSlot() error {
	if t.ks.pending == "" {
		return nil
	}
	fp := store.Fingerprint(t.ks.pending)
	row := findFP(t.toks, fp)
	switch {
	case row == nil:
		t.add(FindingUnrecordedToken, false, "Profile %q: the keychain holds a new token (fingerprint %s) that SCIM "+
			"Renew was interrupted before recording. Click Renew (or Continue) for this profile: SCIM Renew picks it "+
			"up and verifies it.", t.p.Name, short(fp))
	case row.ID == t.open.TokenID:
		// The unfinished renewal's own token: where it belongs.
	case row.Status == store.TokenCurrent:
		if store.Fingerprint(t.ks.current) != fp {
			if err := t.e.kc.Set(t.p.ID, secrets.KindTokenCurrent, t.ks.pending); err != nil {
				return keychainError("move the new token to current", err)
			}
			t.ks.current = t.ks.pending
		}
		if err := t.e.kc.Delete(t.p.ID, secrets.KindTokenPending); err != nil {
			return keychainError("delete the moved pending token", err)
		}
		reach("finish:pending-deleted")
		t.add(FindingFinishCompleted, true, "Profile %q: SCIM Renew completed the end of an interrupted renewal "+
			"(the new token's keychain entry is now the current one).", t.p.Name)
	case stale(row.Status):
		if err := t.e.kc.Delete(t.p.ID, secrets.KindTokenPending); err != nil {
			return keychainError("delete a token that is no longer kept", err)
		}
		t.add(FindingStaleDeleted, true, "Profile %q: SCIM Renew removed the keychain copy of a %s token "+
			"(fingerprint %s).", t.p.Name, row.Status, short(fp))
	default:
		t.add(FindingMismatch, false, "Profile %q: the keychain's pending entry holds the %s token (fingerprint %s), "+
			"not a new one. Nothing was changed; if the profile works, it can stay as it is.", t.p.Name, row.Status, short(fp))
	}
	return nil
}

func (t *tidier) previousSlot() error {
	if t.ks.previous == "" {
		return nil
	}
	fp := store.Fingerprint(t.ks.previous)
	row := findFP(t.toks, fp)
	switch {
	case row == nil:
		t.add(FindingMismatch, false, "Profile %q: the keychain's previous-token entry holds a token SCIM Renew has "+
			"no record of (fingerprint %s). Nothing was changed.", t.p.Name, short(fp))
	case row.Status == store.TokenSuperseded || row.Status == store.TokenAbandoned:
		if err := t.e.kc.Delete(t.p.ID, secrets.KindTokenPrevious); err != nil {
			return keychainError("delete a superseded token", err)
		}
		reach("finish:superseded-deleted")
		t.add(FindingStaleDeleted, true, "Profile %q: SCIM Renew removed the keychain copy of a %s token "+
			"(fingerprint %s).", t.p.Name, row.Status, short(fp))
	}
	return nil
}

func (t *tidier) currentSlot() {
	var newFP string
	if t.open.TokenID != 0 {
		for _, row := range t.toks {
			if row.ID == t.open.TokenID {
				newFP = row.Fingerprint
			}
		}
		if newFP != "" && store.Fingerprint(t.ks.pending) != newFP && store.Fingerprint(t.ks.current) != newFP {
			why := "Cancel it and start a new renewal."
			if t.e.volatile {
				why = "SCIM Renew runs without a keychain, so the token was lost when the app quit. " + why
			}
			t.add(FindingTokenMissing, false, "Profile %q: the new token of the unfinished renewal is not in the "+
				"keychain. %s", t.p.Name, why)
		}
	}
	if t.ks.current == "" {
		return
	}
	fp := store.Fingerprint(t.ks.current)
	if fp == newFP {
		return // an interrupted finish that the renewal completes
	}
	for _, row := range t.toks {
		if row.Status == store.TokenCurrent && row.DatesOnly() {
			t.add(FindingMismatch, false, "Profile %q: the keychain holds a current token (fingerprint %s), but the "+
				"current token is tracked by its dates only. Nothing was changed; the next renewal replaces both.",
				t.p.Name, short(fp))
			continue
		}
		if row.Status == store.TokenCurrent && row.Fingerprint != fp {
			t.add(FindingMismatch, false, "Profile %q: the keychain's current token (fingerprint %s) is not the one "+
				"recorded as current (fingerprint %s). Nothing was changed; verify the profile to see which one works.",
				t.p.Name, short(fp), row.ShortFingerprint())
		}
	}
}

// stale reports a status whose token the keychain no longer keeps.
func stale(status string) bool {
	return status == store.TokenSuperseded || status == store.TokenAbandoned || status == store.TokenExpired
}
