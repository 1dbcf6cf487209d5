package renewal

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/secrets"
	"scimrenew/store"
)

// Finish completes an installed renewal: the keychain's current token is kept as previous, the new token
// becomes current, the new token's reminders are scheduled, and then the token statuses move in one
// database transaction (pending -> current, current -> previous, previous -> superseded) and the lease
// is released; last, the pending entry and a superseded token's entry are deleted.
//
// Each keychain write is decided by comparing fingerprints with the rows, so a Finish interrupted
// anywhere is completed by calling it again (before the commit) or by Reconcile (after it).
func (s *Session) Finish(ctx context.Context) (Summary, error) {
	unlock, err := s.begin(StepFinish)
	if err != nil {
		return Summary{}, err
	}
	defer unlock()
	p, r := s.Profile(), s.Renewal()
	tok, t, err := s.pending(ctx)
	if err != nil {
		return Summary{}, s.fail(ctx, err)
	}
	var sum Summary
	if err := s.moveIn(ctx, p, t, tok, &sum); err != nil {
		return Summary{}, s.fail(ctx, err)
	}
	if err := s.e.sched.Schedule(ctx, p, t); err != nil {
		return Summary{}, s.fail(ctx, stepError("renewal: scheduling the reminders failed", err))
	}
	reach("finish:scheduled")
	res, err := s.e.st.FinishRenewal(ctx, r.ID, s.e.owner)
	if err != nil {
		return Summary{}, s.fail(ctx, storeError("finish the renewal", err))
	}
	s.refresh(ctx)
	reach("state:done")
	s.e.log.Info("renewal done", "renewal", r.ID, "token_id", res.Current.ID, "fingerprint", short(res.Current.Fingerprint))
	// The renewal is done whatever happens now; leftovers are tidied by Reconcile at the next start.
	if _, err := s.e.tidy(context.WithoutCancel(ctx), p, store.Renewal{}); err != nil {
		s.e.log.Warn("keychain tidying after the renewal failed", "renewal", r.ID, "err", err)
		sum.Warnings = append(sum.Warnings, "SCIM Renew could not remove the old token copies from the keychain ("+
			err.Error()+"); it will try again at its next start.")
	}
	sum.Token = res.Current
	if next, err := s.e.st.NextReminder(context.WithoutCancel(ctx), p.ID); err == nil {
		sum.NextReminder = next.EffectiveDue()
	} else if !errors.Is(err, store.ErrNotFound) {
		s.e.log.Warn("cannot read the next reminder", "profile", p.ID, "err", err)
	}
	return sum, nil
}

// moveIn puts the new token into the keychain's current entry, first copying the token it replaces to
// the previous entry when that is the recorded current token (a tracked token included). Already-done
// moves are skipped.
func (s *Session) moveIn(ctx context.Context, p store.Profile, t store.Token, tok string, sum *Summary) error {
	kc, err := s.e.get(p.ID, secrets.KindTokenCurrent)
	if err != nil {
		return keychainError("read the current token", err)
	}
	if kc != "" && store.Fingerprint(kc) == t.Fingerprint {
		return nil // both moves are done
	}
	cur, err := s.e.st.CurrentToken(ctx, p.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return storeError("read the current token's record", err)
	}
	switch {
	case kc == "":
		// Nothing to keep: the profile had no token yet, or its current token is tracked by its dates only
		// (SCIM Renew never held it), which becomes previous in the rows alone.
	case err == nil && store.Fingerprint(kc) == cur.Fingerprint:
		if err := s.e.kc.Set(p.ID, secrets.KindTokenPrevious, kc); err != nil {
			return keychainError("keep the current token as the previous one", err)
		}
		reach("finish:previous-written")
	default:
		fp := short(store.Fingerprint(kc))
		s.e.log.Warn("replacing an unrecorded current token in the keychain", "profile", p.ID, "fingerprint", fp)
		sum.Warnings = append(sum.Warnings, fmt.Sprintf("The keychain held a current token SCIM Renew had not "+
			"recorded (fingerprint %s); the new token replaced it.", fp))
	}
	if err := s.e.kc.Set(p.ID, secrets.KindTokenCurrent, tok); err != nil {
		return keychainError("save the new token as the current one", err)
	}
	reach("finish:current-written")
	return nil
}

// Cancel abandons the renewal (the UI has asked the admin to confirm): the new token, if any, becomes
// abandoned and its keychain entry is deleted, and the lease is released. A renewal whose token Okta
// already holds (installed) cannot be cancelled: ErrCannotCancel.
func (s *Session) Cancel(ctx context.Context) error {
	if s.Step() == StepFinish {
		return ErrCannotCancel
	}
	unlock, err := s.begin(StepCreate, StepVerify, StepInstall)
	if err != nil {
		return err
	}
	defer unlock()
	p, r := s.Profile(), s.Renewal()
	if r.TokenID == 0 {
		// A token the Hub gave that never reached the database goes with the renewal, by the admin's choice.
		if err := s.dropUnrecorded(ctx, p); err != nil {
			return s.fail(ctx, err)
		}
	}
	tid, err := s.e.st.CancelRenewal(ctx, r.ID, s.e.owner)
	if err != nil {
		return s.fail(ctx, storeError("cancel the renewal", err))
	}
	s.refresh(ctx)
	reach("state:cancelled")
	s.e.log.Info("renewal cancelled", "renewal", r.ID, "token_id", tid)
	if tid != 0 {
		// The row says abandoned now, so Reconcile deletes the entry if this fails or is interrupted.
		if _, err := s.e.tidy(context.WithoutCancel(ctx), p, store.Renewal{}); err != nil {
			s.e.log.Warn("cannot delete the abandoned token from the keychain", "renewal", r.ID, "err", err)
		}
	}
	return nil
}

func (s *Session) dropUnrecorded(ctx context.Context, p store.Profile) error {
	s.mu.Lock()
	s.held = nil
	s.mu.Unlock()
	kp, err := s.e.get(p.ID, secrets.KindTokenPending)
	if err != nil || kp == "" {
		return keychainErrorOrNil("read the pending token", err)
	}
	toks, err := s.e.st.Tokens(ctx, p.ID)
	if err != nil {
		return storeError("read the token history", err)
	}
	if findFP(toks, store.Fingerprint(kp)) != nil {
		return nil // a recorded token: not this renewal's to drop; Reconcile deals with it
	}
	if err := s.e.kc.Delete(p.ID, secrets.KindTokenPending); err != nil {
		return keychainError("delete the new token", err)
	}
	return nil
}

func keychainErrorOrNil(what string, err error) error {
	if err == nil {
		return nil
	}
	return keychainError(what, err)
}
