package renewal

import (
	"context"
	"fmt"

	"scimrenew/hub"
	"scimrenew/secrets"
	"scimrenew/store"
)

// Create asks the Hub for a new token (API mode) and saves it as pending. The state creating is
// journalled before the request, and the request is sent once: if its outcome is unknown (no answer, a
// 5xx, a lost connection) the renewal stays in creating and the next Create needs confirmed = true (see
// NeedsCreateConfirmation). A failure that certainly created nothing returns the renewal to started.
// If an earlier run left a new token in the keychain that never reached the database, Create records
// that one instead of asking the Hub again.
func (s *Session) Create(ctx context.Context, confirmed bool) error {
	unlock, err := s.begin(StepCreate)
	if err != nil {
		return err
	}
	defer unlock()
	if h := s.heldToken(); h != nil { // a token already came back; only saving it failed
		return s.save(ctx, *h)
	}
	if adopted, err := s.adopt(ctx); err != nil || adopted {
		return err
	}
	r, p := s.Renewal(), s.reloadProfile(ctx)
	if r.State == store.StateCreating && !confirmed {
		return ErrConfirmCreate
	}
	if !p.APIMode() {
		return ErrNotAPIMode
	}
	secret, err := s.e.get(p.ID, secrets.KindHubClientSecret)
	if err != nil {
		return s.fail(ctx, keychainError("read the Hub Client Secret", err))
	}
	if secret == "" {
		return s.fail(ctx, ErrNoClientSecret)
	}
	s.saw(secret)
	return s.createAtHub(ctx, r, p, secret)
}

// createAtHub journals creating, sends the one create request, and saves what comes back.
func (s *Session) createAtHub(ctx context.Context, r store.Renewal, p store.Profile, secret string) error {
	if err := s.e.st.SetRenewalState(ctx, r.ID, s.e.owner, store.StateCreating); err != nil {
		return s.fail(ctx, storeError("journal the renewal", err))
	}
	s.refresh(ctx)
	reach("state:creating")
	s.e.log.Info("asking the Hub for a new token", "renewal", r.ID)
	nt, err := s.e.hub.CreateToken(ctx, p.TokenURL, p.ClientID, secret)
	if err != nil {
		if nothingCreated(err) {
			// Nothing exists at the Hub, so a retry needs no confirmation.
			if serr := s.e.st.SetRenewalState(context.WithoutCancel(ctx), r.ID, s.e.owner, store.StateStarted); serr != nil {
				s.e.log.Warn("cannot journal the renewal back to started", "renewal", r.ID, "err", serr)
			}
		}
		return s.fail(ctx, stepError("renewal: creating the token at the Hub failed", err))
	}
	created := nt.Created
	if created.IsZero() {
		created = s.e.now()
	}
	exp := nt.Expiry
	if exp.At.IsZero() {
		exp = hub.DetermineExpiry(nt.Value, nt.ExpiresIn, created)
	}
	return s.save(ctx, heldToken{value: nt.Value, created: created, expiry: exp.At, source: string(exp.Source)})
}

// Capture takes a token the admin copied from the Hub page (or pasted), checks it is plausible and new,
// and saves it as pending. It is allowed in API mode too, and after an interrupted create. The
// hub.CaptureError, ErrKnownToken or ErrExpiredToken it may return is about the text given and is not
// stored.
func (s *Session) Capture(ctx context.Context, text string) error {
	unlock, err := s.begin(StepCreate)
	if err != nil {
		return err
	}
	defer unlock()
	p := s.reloadProfile(ctx)
	secret, err := s.e.get(p.ID, secrets.KindHubClientSecret)
	if err != nil {
		secret = "" // only used to refuse the secret itself; saving will report the keychain
	}
	tok, err := hub.CheckCandidate(text, p.ClientID, secret)
	if err != nil {
		return err
	}
	s.saw(secret, tok)
	fp := store.Fingerprint(tok)
	toks, err := s.e.st.Tokens(ctx, p.ID)
	if err != nil {
		return s.fail(ctx, storeError("read the token history", err))
	}
	if findFP(toks, fp) != nil {
		return ErrKnownToken
	}
	if old, err := s.e.get(p.ID, secrets.KindTokenPending); err == nil && old != "" && store.Fingerprint(old) != fp {
		// The admin's latest token wins over one an earlier run left unrecorded.
		s.e.log.Warn("replacing an unrecorded pending token with the captured one", "profile", p.ID,
			"dropped", short(store.Fingerprint(old)))
	}
	now := s.e.now()
	exp := hub.DetermineExpiry(tok, 0, now)
	if expired, _ := hub.ExpiryWarning(exp, now); expired {
		return ErrExpiredToken
	}
	return s.save(ctx, heldToken{value: tok, created: now, expiry: exp.At, source: string(exp.Source)})
}

// save writes the new token to the keychain as pending, then commits its row (state created). The
// token stays in memory until the row commits, so a failed save is retried by Create or Capture.
func (s *Session) save(ctx context.Context, h heldToken) error {
	s.saw(h.value)
	s.mu.Lock()
	s.held = &h
	s.mu.Unlock()
	p, r := s.Profile(), s.Renewal()
	if err := s.e.kc.Set(p.ID, secrets.KindTokenPending, h.value); err != nil {
		return s.fail(ctx, fmt.Errorf("renewal: the new token could not be saved in the keychain (%w). SCIM Renew "+
			"keeps it in memory: make the keychain available and choose Retry, and do not quit before then, or "+
			"the token is lost", err))
	}
	reach("pending:written")
	t := store.Token{
		ProfileID: p.ID, Fingerprint: store.Fingerprint(h.value), CreatedAt: h.created,
		ExpiresAt: h.expiry, ExpirySource: h.source,
	}
	// Once the Hub has made the token, a cancelled context must not stop it being recorded.
	id, err := s.e.st.RecordCreatedToken(context.WithoutCancel(ctx), r.ID, s.e.owner, t)
	if err != nil {
		return s.fail(ctx, storeError("record the new token (it is saved in the keychain; choose Retry)", err))
	}
	s.mu.Lock()
	s.held = nil
	s.mu.Unlock()
	s.refresh(ctx)
	reach("state:created")
	s.e.log.Info("new token recorded", "renewal", r.ID, "token_id", id, "fingerprint", short(t.Fingerprint),
		"expires", h.expiry, "expiry_source", h.source)
	return nil
}

func (s *Session) heldToken() *heldToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

// adopt records a pending keychain token that an interrupted run wrote but never committed (it matches
// no row), instead of asking the Hub for yet another. Its creation time is taken as the renewal's last
// journal write, and its expiry from the token itself (JWT exp) or 12 months after that.
func (s *Session) adopt(ctx context.Context) (bool, error) {
	p, r := s.Profile(), s.Renewal()
	if r.TokenID != 0 {
		return false, nil
	}
	v, err := s.e.get(p.ID, secrets.KindTokenPending)
	if err != nil {
		return false, s.fail(ctx, keychainError("look for a token saved before an interruption", err))
	}
	if v == "" {
		return false, nil
	}
	toks, err := s.e.st.Tokens(ctx, p.ID)
	if err != nil {
		return false, s.fail(ctx, storeError("read the token history", err))
	}
	if t := findFP(toks, store.Fingerprint(v)); t != nil {
		return false, nil // a known token: reconciliation deals with it, never adoption
	}
	created := r.UpdatedAt
	if created.IsZero() {
		created = s.e.now()
	}
	exp := hub.DetermineExpiry(v, 0, created)
	s.e.log.Info("recovering a new token saved before an interruption", "renewal", r.ID,
		"fingerprint", short(store.Fingerprint(v)))
	if err := s.save(ctx, heldToken{value: v, created: created, expiry: exp.At, source: string(exp.Source)}); err != nil {
		return false, err
	}
	s.notice("SCIM Renew found the new token it had saved before it was interrupted, and continues with it.")
	return true, nil
}

// recover runs when a session begins: it tidies keychain leftovers of earlier runs of this profile
// and adopts an unrecorded pending token. Failures are stored and logged, not returned: the session
// stays usable (to retry, or to cancel).
func (s *Session) recover(ctx context.Context) {
	findings, err := s.e.tidy(ctx, s.Profile(), s.Renewal())
	for _, f := range findings {
		if f.Repaired {
			s.notice(f.Message)
		}
	}
	if err != nil {
		_ = s.fail(ctx, err)
		return
	}
	switch s.Renewal().State {
	case store.StateStarted, store.StateCreating:
		if _, err := s.adopt(ctx); err != nil {
			s.e.log.Warn("cannot recover the saved token yet", "renewal", s.Renewal().ID, "err", err)
		}
	}
}

func findFP(toks []store.Token, fp string) *store.Token {
	for i := range toks {
		if toks[i].Fingerprint == fp {
			return &toks[i]
		}
	}
	return nil
}
