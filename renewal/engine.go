package renewal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/secrets"
	"scimrenew/store"
)

// Store is what the renewal needs of the database; *store.Store implements it.
type Store interface {
	Profile(ctx context.Context, id string) (store.Profile, error)
	Profiles(ctx context.Context) ([]store.Profile, error)
	BeginRenewal(ctx context.Context, profileID, mode, owner string, ttl time.Duration) (store.Renewal, bool, error)
	RenewLease(ctx context.Context, id int64, owner string, ttl time.Duration) error
	ReleaseLease(ctx context.Context, id int64, owner string) error
	Renewal(ctx context.Context, id int64) (store.Renewal, error)
	OpenRenewal(ctx context.Context, profileID string) (store.Renewal, error)
	SetRenewalState(ctx context.Context, id int64, owner, state string) error
	SetRenewalError(ctx context.Context, id int64, msg string) error
	RecordCreatedToken(ctx context.Context, id int64, owner string, t store.Token) (int64, error)
	MarkVerified(ctx context.Context, id int64, owner string, at time.Time) error
	MarkInstalled(ctx context.Context, id int64, owner string, at time.Time, method string) error
	FinishRenewal(ctx context.Context, id int64, owner string) (store.FinishResult, error)
	CancelRenewal(ctx context.Context, id int64, owner string) (int64, error)
	Token(ctx context.Context, id int64) (store.Token, error)
	Tokens(ctx context.Context, profileID string) ([]store.Token, error)
	CurrentToken(ctx context.Context, profileID string) (store.Token, error)
	SetTokenHealth(ctx context.Context, id int64, result, message string, at time.Time) error
	NextReminder(ctx context.Context, profileID string) (store.Reminder, error)
	ReplaceReminders(ctx context.Context, tokenID int64, rs []store.Reminder) error
}

// Keychain is what the renewal needs of the keychain; *secrets.Keychain and *secrets.Memory implement it.
type Keychain interface {
	Get(profileID string, kind secrets.Kind) (string, error)
	Set(profileID string, kind secrets.Kind, value string) error
	Delete(profileID string, kind secrets.Kind) error
}

// Hub is what the renewal needs of the QorusDocs side; *hub.Client implements it.
type Hub interface {
	CreateToken(ctx context.Context, tokenURL, clientID, clientSecret string) (hub.NewToken, error)
	Probe(ctx context.Context, scimBaseURL, token string) hub.ProbeResult
}

// Okta is what the renewal needs of an Okta org; *okta.Client implements it.
type Okta interface {
	SetToken(ctx context.Context, appID, token string) (okta.Connection, error)
}

// Scheduler schedules a token's reminders. It is called for the new token just before the renewal
// commits, and again if a finish is resumed, so it must replace, not add. Package reminders implements
// it; VendorRule is the fallback.
type Scheduler interface {
	Schedule(ctx context.Context, p store.Profile, t store.Token) error
}

// DefaultLeaseTTL is how long a renewal stays reserved for a window or command that stopped
// heart-beating before another may take it over (a local process that died is taken over at once).
// The heartbeat renews it every third of that.
const DefaultLeaseTTL = 15 * time.Second

// Config plugs the adapters into an Engine. Store and Hub are required.
type Config struct {
	Store Store
	// Keychain holds the pending, current and previous tokens and the Hub client secret. It is required:
	// where no OS keychain is available the caller (services) passes one in memory and sets Volatile.
	Keychain Keychain
	// Volatile says Keychain keeps secrets in memory only (a secrets.Memory standing in for a missing
	// OS keychain), so a new token is lost if the app quits before Done.
	Volatile bool
	Hub      Hub
	// Okta returns the client for the profile's Okta org, or nil (and no error) when the profile has no
	// Okta credential; nil Okta means every install is manual.
	Okta func(p store.Profile) (Okta, error)
	// Scheduler schedules the new token's reminders; nil means VendorRule over Store.
	Scheduler Scheduler
	// Owner labels this process in the renewal lease ("SCIM Renew window", "scimrenew renew"); the
	// engine appends " [pid N on HOST]", so every process holds leases under its own name, and a lease
	// left by a local process that died is taken over at once instead of after LeaseTTL.
	Owner string
	// LeaseTTL is how long the lease lasts without a heartbeat; 0 means DefaultLeaseTTL.
	LeaseTTL time.Duration
	// Now is the clock (the sandbox shifts it); nil means time.Now.
	Now func() time.Time
	// Log receives progress lines (never a secret); nil discards them.
	Log *slog.Logger
}

// Engine starts and resumes renewals. It is safe for concurrent use; one engine serves one process.
type Engine struct {
	st       Store
	kc       Keychain
	volatile bool
	hub      Hub
	okta     func(p store.Profile) (Okta, error)
	sched    Scheduler
	owner    string
	ttl      time.Duration
	now      func() time.Time
	log      *slog.Logger

	mu   sync.Mutex
	open map[string]bool // profiles with a live session in this engine
}

// New returns an Engine over cfg.
func New(cfg Config) *Engine {
	e := &Engine{
		st: cfg.Store, kc: cfg.Keychain, volatile: cfg.Volatile, hub: cfg.Hub, okta: cfg.Okta,
		sched: cfg.Scheduler, owner: cfg.Owner, ttl: cfg.LeaseTTL, now: cfg.Now, log: cfg.Log,
		open: map[string]bool{},
	}
	if e.kc == nil {
		// A programming error, not a user's: the domain builds no adapter of its own.
		panic("renewal: Config.Keychain is required (services passes a memory keychain when the OS has none)")
	}
	if e.sched == nil {
		e.sched = VendorRule{Store: cfg.Store}
	}
	e.owner = ownerName(cfg.Owner)
	if e.ttl <= 0 {
		e.ttl = DefaultLeaseTTL
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.log == nil {
		e.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return e
}

// Volatile reports whether new tokens live in memory only (no keychain): quitting before Done loses them.
func (e *Engine) Volatile() bool { return e.volatile }

// Owner is the name this engine holds leases under (Config.Owner plus " [pid N on HOST]").
func (e *Engine) Owner() string { return e.owner }

// Begin starts a renewal of the profile, or resumes its unfinished one, and holds its lease until the
// session is closed. A renewal held by another live window or command gives a *store.LeaseHeldError; one
// already open in this engine gives ErrAlreadyOpen. Keychain leftovers of an interrupted run are repaired
// first, and a new token an interrupted run saved but never recorded is picked up (Session.Notices says
// what was done).
func (e *Engine) Begin(ctx context.Context, profileID string) (*Session, error) {
	p, err := e.st.Profile(ctx, profileID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("renewal: the profile no longer exists: %w", err)
	}
	if err != nil {
		return nil, storeError("read the profile", err)
	}
	if !e.reserve(p.ID) {
		return nil, ErrAlreadyOpen
	}
	mode := "hub_page"
	if p.APIMode() {
		mode = "api"
	}
	r, resumed, err := e.beginLease(ctx, p.ID, mode)
	if err != nil {
		e.release(p.ID)
		var held *store.LeaseHeldError
		if errors.As(err, &held) {
			return nil, err
		}
		return nil, storeError("start the renewal", err)
	}
	s := newSession(e, p, r)
	if !resumed {
		reach("state:started")
		e.log.Info("renewal started", "profile", p.ID, "renewal", r.ID, "mode", mode)
	} else {
		e.log.Info("renewal resumed", "profile", p.ID, "renewal", r.ID, "state", r.State)
	}
	s.recover(ctx)
	go s.heartbeat()
	return s, nil
}

func (e *Engine) reserve(profileID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.open[profileID] {
		return false
	}
	e.open[profileID] = true
	return true
}

func (e *Engine) release(profileID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.open, profileID)
}

func (e *Engine) isOpen(profileID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.open[profileID]
}

// get reads a keychain entry; a missing entry is "" with no error.
func (e *Engine) get(profileID string, kind secrets.Kind) (string, error) {
	v, err := e.kc.Get(profileID, kind)
	if errors.Is(err, secrets.ErrNotFound) {
		return "", nil
	}
	return v, err
}

// short is the fingerprint prefix that log lines may carry.
func short(fp string) string {
	if len(fp) > 12 {
		return fp[:12]
	}
	return fp
}
