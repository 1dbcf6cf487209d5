// Package services assembles SCIM Renew's working parts — the Hub client, the renewal engine, the
// reminders service and the per-profile Okta clients — from a store, a keychain and a clock, so the
// two faces (the window and the command line) and the sandbox build them one way.
//
// It is wiring only: no UI, no SQL, no HTTP of its own. The Okta client of a profile is made here, from
// the profile's credential kind and its secret in the keychain, and nowhere else.
package services

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// Keychain is the keychain the services read secrets from: *secrets.Keychain or *secrets.Memory.
type Keychain interface {
	Set(profileID string, kind secrets.Kind, value string) error
	Get(profileID string, kind secrets.Kind) (string, error)
	Delete(profileID string, kind secrets.Kind) error
}

// Config is what New needs.
type Config struct {
	Store    *store.Store
	Keychain Keychain
	// Volatile says Keychain keeps secrets in memory only (no OS keychain): the engine warns that
	// quitting before Done loses a new token.
	Volatile bool
	Now      func() time.Time // nil: time.Now
	Location *time.Location   // nil: time.Local
	Log      *slog.Logger     // nil: discard
	// Owner names this process in renewal leases, e.g. "SCIM Renew window".
	Owner string
	// LeaseTTL is how long a renewal lease outlives its last heartbeat (the engine's default when 0).
	LeaseTTL time.Duration
}

// Services holds the assembled parts. Set a notifier with SetNotifier once the face can show one.
type Services struct {
	Hub       *hub.Client
	Engine    *renewal.Engine
	Reminders *reminders.Service

	cfg      Config
	mu       sync.Mutex
	notifier reminders.Notifier
}

// New assembles the services.
func New(cfg Config) *Services {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Services{cfg: cfg, Hub: hub.NewClient()}
	s.Hub.Now = cfg.Now
	s.Reminders = reminders.NewService(reminders.Config{
		Store: cfg.Store, Notifier: reminders.NotifierFunc(s.notify), Prober: s.Hub, Tokens: cfg.Keychain,
		Okta: s.logReader, Now: cfg.Now, Location: cfg.Location, Log: cfg.Log,
	})
	s.Engine = renewal.New(renewal.Config{
		Store: cfg.Store, Keychain: cfg.Keychain, Volatile: cfg.Volatile, Hub: s.Hub, Okta: s.renewalOkta,
		Scheduler: s.Reminders, Owner: cfg.Owner, LeaseTTL: cfg.LeaseTTL, Now: cfg.Now, Log: cfg.Log,
	})
	return s
}

// ErrNoNotifier reports a reminder that could not be shown because no notifier is set yet.
var ErrNoNotifier = errors.New("services: notifications are not available yet")

// SetNotifier sets where reminders and health alerts are shown (the desktop notifications of the UI).
func (s *Services) SetNotifier(n reminders.Notifier) {
	s.mu.Lock()
	s.notifier = n
	s.mu.Unlock()
}

func (s *Services) notify(title, body string) error {
	s.mu.Lock()
	n := s.notifier
	s.mu.Unlock()
	if n == nil {
		return ErrNoNotifier
	}
	return n.Notify(title, body)
}

// Now is the services' clock.
func (s *Services) Now() time.Time { return s.cfg.Now() }

// HasOktaAPI reports whether the profile is set up for Okta's API: an org, an app and a credential kind.
func HasOktaAPI(p store.Profile) bool {
	return p.OktaCredKind != store.OktaCredNone && p.OktaAppID != "" && p.OktaOrgURL != ""
}

// OktaClient returns the Okta API client of a profile, made from its credential in the keychain, or
// (nil, nil) when the profile has no Okta credential (then installs are manual, through the deep link).
func (s *Services) OktaClient(p store.Profile) (*okta.Client, error) {
	if p.OktaCredKind == store.OktaCredNone || p.OktaOrgURL == "" {
		return nil, nil
	}
	v, err := s.cfg.Keychain.Get(p.ID, secrets.KindOktaCredential)
	if errors.Is(err, secrets.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the Okta credential from the keychain: %w", err)
	}
	return s.newOktaClient(p, v)
}

// renewalOkta adapts OktaClient to the engine, returning an untyped nil when there is no client.
func (s *Services) renewalOkta(p store.Profile) (renewal.Okta, error) {
	if p.OktaAppID == "" {
		return nil, nil
	}
	c, err := s.OktaClient(p)
	if c == nil || err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Services) logReader(p store.Profile) (reminders.LogReader, error) {
	if p.OktaAppID == "" {
		return nil, nil
	}
	c, err := s.OktaClient(p)
	if c == nil || err != nil {
		return nil, err
	}
	return c, nil
}
