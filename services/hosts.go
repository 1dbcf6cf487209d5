package services

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// Each stored credential of a profile is bound to the host it was saved for (store.CredentialHosts):
// the Hub Client Secret to the token endpoint's host (the Hub URL's in Hub-page mode), the Okta
// credential to the Okta org's, the SCIM token to the SCIM base URL's. After a profile's address
// changes, a credential is not sent to the new host until the administrator enters it again or
// confirms the change (ProfileSecrets.KeepCredentials). SaveProfile applies the rule when addresses
// change, and every call that sends a stored credential checks the binding first (OktaClient and the
// Okta calls for unsaved settings, the health check, VerifyProfileToken, Renew, HubSecretToCopy), so a
// profile changed behind the services' back sends nothing either.

// ErrCredentialHostChanged matches a *HostChangeError.
var ErrCredentialHostChanged = errors.New("a stored credential would be sent to a host it was not saved for")

// The stored credentials as the administrator knows them, for HostChange.Credential.
const (
	CredentialHubSecret = "Hub Client Secret"
	CredentialOkta      = "Okta credential"
	CredentialSCIMToken = "SCIM token"
)

// HostChange is one stored credential whose profile now names another host.
type HostChange struct {
	Credential string // CredentialHubSecret, CredentialOkta or CredentialSCIMToken
	Old        string // the host it was saved for ("" for none)
	New        string // the host the profile names now ("" for none)
}

// HostChangeError reports stored credentials that would go to hosts they were not saved for; nothing
// was saved or sent.
type HostChangeError struct {
	Changes []HostChange
}

func (e *HostChangeError) Error() string {
	parts := make([]string, len(e.Changes))
	for i, c := range e.Changes {
		parts[i] = fmt.Sprintf("the stored %s was saved for %s, and the profile now sends it to %s", c.Credential,
			hostText(c.Old), hostText(c.New))
	}
	return strings.Join(parts, "; ") + ": it is not sent there until it is entered again or the new address is confirmed"
}

// Is makes errors.Is(err, ErrCredentialHostChanged) hold.
func (e *HostChangeError) Is(target error) bool { return target == ErrCredentialHostChanged }

func hostText(h string) string {
	if h == "" {
		return "no host"
	}
	return h
}

// credentialKind is what a check is about: a credential and where its host comes from.
type credentialKind int

const (
	credHub credentialKind = iota
	credOkta
	credSCIM
)

func (k credentialKind) name() string {
	return [...]string{CredentialHubSecret, CredentialOkta, CredentialSCIMToken}[k]
}

func (k credentialKind) of(h store.CredentialHosts) string {
	return [...]string{h.Hub, h.Okta, h.SCIM}[k]
}

// checkHost refuses to send p's stored credential of kind k to the host p names now when it was saved
// for another. A profile not saved yet has nothing stored.
func (s *Services) checkHost(ctx context.Context, p store.Profile, k credentialKind) error {
	if p.ID == "" {
		return nil
	}
	bound, err := s.cfg.Store.CredentialHosts(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if old, now := k.of(bound), k.of(store.HostsOf(p)); old != now {
		s.cfg.Log.Warn("a stored credential was not sent to a host it was not saved for", "profile", p.ID,
			"credential", k.name(), "saved_for", old, "now", now)
		return &HostChangeError{Changes: []HostChange{{Credential: k.name(), Old: old, New: now}}}
	}
	return nil
}

// hostChanges lists the stored credentials of the saved profile old that p would send to other hosts
// than they were saved for, leaving out those sec gives again and those p no longer uses.
func (s *Services) hostChanges(ctx context.Context, old, p store.Profile, sec ProfileSecrets) ([]HostChange, error) {
	bound, err := s.cfg.Store.CredentialHosts(ctx, old.ID)
	if err != nil {
		return nil, err
	}
	next := store.HostsOf(p)
	oktaGone := p.OktaCredKind == store.OktaCredNone || p.OktaCredKind != old.OktaCredKind // deleted on save
	checks := []struct {
		k       credentialKind
		renewed bool
		kinds   []secrets.Kind
	}{
		{credHub, sec.HubClientSecret != "", []secrets.Kind{secrets.KindHubClientSecret}},
		{credOkta, sec.OktaCredential != "" || oktaGone, []secrets.Kind{secrets.KindOktaCredential}},
		{credSCIM, false, []secrets.Kind{secrets.KindTokenCurrent, secrets.KindTokenPending}},
	}
	var out []HostChange
	for _, c := range checks {
		from, to := c.k.of(bound), c.k.of(next)
		if from == to || c.renewed || !s.storedAny(old.ID, c.kinds...) {
			continue
		}
		out = append(out, HostChange{Credential: c.k.name(), Old: from, New: to})
	}
	return out, nil
}

// confirmHostChanges returns a *HostChangeError when saving p over the saved profile old would send a
// stored credential to another host without its being given again or the change confirmed.
func (s *Services) confirmHostChanges(ctx context.Context, old, p store.Profile, sec ProfileSecrets) error {
	changes, err := s.hostChanges(ctx, old, p, sec)
	switch {
	case err != nil:
		return fmt.Errorf("the profile was not saved: %w", err)
	case len(changes) > 0 && !sec.KeepCredentials:
		return &HostChangeError{Changes: changes}
	case len(changes) > 0:
		s.cfg.Log.Info("stored credentials confirmed for new hosts", "profile", old.ID, "count", len(changes))
	}
	return nil
}

// keepOldBinding puts a credential's binding back to its old host when the new value given for it could
// not be stored (err, from saveSecrets): the old value, still in the keychain, was saved for that host.
func (s *Services) keepOldBinding(ctx context.Context, saved store.Profile, old *store.Profile, err error) {
	var pe *PartialSaveError
	if old == nil || !errors.As(err, &pe) {
		return
	}
	hosts := store.HostsOf(saved)
	switch secrets.Kind(pe.Secret) {
	case secrets.KindHubClientSecret:
		hosts.Hub = store.HostsOf(*old).Hub
	case secrets.KindOktaCredential:
		hosts.Okta = store.HostsOf(*old).Okta
	default:
		return
	}
	if _, uerr := s.cfg.Store.UpdateProfileBound(ctx, saved, hosts); uerr != nil {
		s.cfg.Log.Warn("cannot keep a credential bound to its old host", "profile", saved.ID, "err", uerr)
	}
}

// storedAny reports whether the keychain holds one of the kinds for the profile; a keychain that
// cannot say counts as holding it.
func (s *Services) storedAny(profileID string, kinds ...secrets.Kind) bool {
	for _, k := range kinds {
		v, err := s.kc.Get(profileID, k)
		if (err == nil && v != "") || (err != nil && !errors.Is(err, secrets.ErrNotFound)) {
			return true
		}
	}
	return false
}

// boundTokens is the keychain as the health check reads it: the current SCIM token is handed out only
// while the profile's SCIM base URL is on the host it was saved for.
type boundTokens struct{ s *Services }

func (b boundTokens) Get(profileID string, kind secrets.Kind) (string, error) {
	if kind == secrets.KindTokenCurrent {
		p, err := b.s.cfg.Store.Profile(context.Background(), profileID)
		if err != nil {
			return "", fmt.Errorf("cannot read the profile: %w", err)
		}
		if err := b.s.checkHost(context.Background(), p, credSCIM); err != nil {
			return "", err
		}
	}
	return b.s.kc.Get(profileID, kind)
}

// renewHostCheck refuses a run that would send the Hub Client Secret to a token endpoint on another
// host than it was saved for: an API-mode renewal about to create its token.
func (s *Services) renewHostCheck(ctx context.Context, sess *renewal.Session, in renewal.Input) error {
	if sess.Step() != renewal.StepCreate || in.Token != "" {
		return nil
	}
	p, err := s.cfg.Store.Profile(ctx, sess.Profile().ID)
	if err != nil || !p.APIMode() {
		return nil // the engine reports a profile it cannot read
	}
	return s.checkHost(ctx, p, credHub)
}

// HubSecretToCopy reads the profile's Hub Client Secret for Hub-page mode's Copy Client Secret, which
// the administrator pastes into the Hub page at the profile's Hub URL: only while that is on the host
// the secret was saved for. An error matches ErrSecretNotFound when none is stored.
func (s *Services) HubSecretToCopy(ctx context.Context, p store.Profile) (string, error) {
	if err := s.checkHost(ctx, p, credHub); err != nil {
		return "", err
	}
	return s.kc.Get(p.ID, secrets.KindHubClientSecret)
}

// VerifyProfileToken is VerifyToken against the profile's SCIM base URL, for a token given as text
// (usually the profile's own, read from the keychain by the caller): refused, with nothing sent, while
// that URL is on another host than the profile's SCIM token was saved for.
func (s *Services) VerifyProfileToken(ctx context.Context, p store.Profile, text string) (ProbeResult, error) {
	if err := s.checkHost(ctx, p, credSCIM); err != nil {
		return ProbeResult{}, err
	}
	return s.VerifyToken(ctx, p.SCIMURL, text)
}
