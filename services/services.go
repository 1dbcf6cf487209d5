package services

import (
	"context"
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

// Keychain is the keychain the services keep secrets in: *secrets.Keychain or *secrets.Memory.
type Keychain interface {
	Set(profileID string, kind secrets.Kind, value string) error
	Get(profileID string, kind secrets.Kind) (string, error)
	Delete(profileID string, kind secrets.Kind) error
	DeleteProfile(profileID string) error
}

// Config is what New needs.
type Config struct {
	Store *store.Store
	// Keychain keeps the secrets. nil: the OS keychain under KeychainService.
	Keychain Keychain
	// KeychainService is the OS keychain's service name (secrets.DefaultService when empty): used when
	// Keychain is nil, and named in messages about entries left behind.
	KeychainService string
	// KeychainTimeout bounds each OS keychain call when Keychain is nil (the secrets package's default
	// when 0).
	KeychainTimeout time.Duration
	// MemoryFallback, with a nil Keychain, probes the OS keychain and, when it cannot be used, keeps
	// secrets in memory for this process only (Volatile); KeychainErr then says why.
	MemoryFallback bool
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
	kc       Keychain
	kcErr    error
	mu       sync.Mutex
	notifier reminders.Notifier
}

// Compile-time checks that the Okta client is what the domain packages ask of Okta.
var (
	_ renewal.Okta        = (*okta.Client)(nil)
	_ reminders.LogReader = (*okta.Client)(nil)
)

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
	if cfg.KeychainService == "" {
		cfg.KeychainService = secrets.DefaultService
	}
	s := &Services{cfg: cfg, Hub: hub.NewClient(), kc: cfg.Keychain}
	if s.kc == nil {
		s.kc = s.osKeychain()
	}
	s.Hub.Now = cfg.Now
	s.Reminders = reminders.NewService(reminders.Config{
		Store: cfg.Store, Notifier: reminders.NotifierFunc(s.notify), Prober: s.Hub, Tokens: boundTokens{s},
		Okta: oktaFor[reminders.LogReader](s), Now: cfg.Now, Location: cfg.Location, Log: cfg.Log,
	})
	s.Engine = renewal.New(renewal.Config{
		Store: cfg.Store, Keychain: s.kc, Volatile: s.cfg.Volatile, Hub: s.Hub, Okta: oktaFor[renewal.Okta](s),
		Scheduler: s.Reminders, Owner: cfg.Owner, LeaseTTL: cfg.LeaseTTL, Now: cfg.Now, Log: cfg.Log,
	})
	return s
}

// osKeychain is the OS keychain under the configured service or, with MemoryFallback and an OS
// keychain that cannot be used, a keychain in memory (and the services are then volatile).
func (s *Services) osKeychain() Keychain {
	kc := secrets.New(s.cfg.KeychainService, s.cfg.KeychainTimeout)
	if !s.cfg.MemoryFallback {
		return kc
	}
	if err := kc.Probe(); err != nil {
		s.kcErr, s.cfg.Volatile = err, true
		s.cfg.Log.Warn("the OS keychain is unavailable; secrets last until this process ends", "err", err)
		return secrets.NewMemory()
	}
	return kc
}

// KeychainErr says why secrets live in memory only (Config.MemoryFallback found no usable OS
// keychain); nil when they are kept in a keychain.
func (s *Services) KeychainErr() error { return s.kcErr }

// Volatile reports that secrets live in memory only: a renewal's new token is lost if the process
// ends before Done.
func (s *Services) Volatile() bool { return s.cfg.Volatile }

// KeychainService names the OS keychain's service, for messages about entries left behind.
func (s *Services) KeychainService() string { return s.cfg.KeychainService }

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

// Location is the user's time zone: the calendar of dates, days left and reminders.
func (s *Services) Location() *time.Location { return s.cfg.Location }

// now is the clock on the user's calendar.
func (s *Services) now() time.Time { return s.cfg.Now().In(s.cfg.Location) }

// HasOktaAPI reports whether the profile is set up for Okta's API: an org, an app and a credential kind.
func HasOktaAPI(p store.Profile) bool {
	return p.OktaCredKind != store.OktaCredNone && p.OktaAppID != "" && p.OktaOrgURL != ""
}

// OktaClient returns the Okta API client of a profile, made from its credential in the keychain, or
// (nil, nil) when the profile has no Okta credential (then installs are manual, through the deep link).
// It errs, matching ErrCredentialHostChanged, while the profile's Okta org is on another host than the
// credential was saved for.
func (s *Services) OktaClient(p store.Profile) (*okta.Client, error) {
	if p.OktaCredKind == store.OktaCredNone || p.OktaOrgURL == "" {
		return nil, nil
	}
	v, err := s.kc.Get(p.ID, secrets.KindOktaCredential)
	if errors.Is(err, secrets.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the Okta credential from the keychain: %w", err)
	}
	if err := s.checkHost(context.Background(), p, credOkta); err != nil {
		return nil, err
	}
	return s.newOktaClient(p, v)
}

// oktaFor gives the Okta client of a profile as the interface T a domain package declares (renewal's
// Okta, reminders' LogReader), or T's nil when the profile has no Okta app or no credential. It is the
// one adapter from OktaClient to the domain.
func oktaFor[T any](s *Services) func(store.Profile) (T, error) {
	return func(p store.Profile) (T, error) {
		var none T
		if p.OktaAppID == "" {
			return none, nil
		}
		c, err := s.OktaClient(p)
		if c == nil || err != nil {
			return none, err
		}
		return any(c).(T), nil
	}
}
