package reminders

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"scimrenew/store"
)

// fakeClock is an injected clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type note struct{ Title, Body string }

// recorder is a Notifier that keeps what it was asked to show.
type recorder struct {
	mu    sync.Mutex
	notes []note
	err   error
	sent  chan note
}

func newRecorder() *recorder { return &recorder{sent: make(chan note, 100)} }

func (r *recorder) Notify(title, body string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	n := note{title, body}
	r.notes = append(r.notes, n)
	select {
	case r.sent <- n:
	default:
	}
	return nil
}

func (r *recorder) setErr(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
}

func (r *recorder) all() []note {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]note(nil), r.notes...)
}

// syncBuffer is a log sink safe for the Run goroutine and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type env struct {
	t     *testing.T
	ctx   context.Context
	st    *store.Store
	clock *fakeClock
	notes *recorder
	logs  *syncBuffer
	loc   *time.Location
	svc   *Service
}

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time zone %s: %v (is tzdata installed?)", name, err)
	}
	return loc
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newEnv opens a store in a temporary directory and a Service over it with a fake clock at now.
func newEnv(t *testing.T, now time.Time, edit func(*Config)) *env {
	t.Helper()
	e := &env{
		t: t, ctx: context.Background(), st: openStore(t), clock: newClock(now), notes: newRecorder(),
		logs: &syncBuffer{}, loc: now.Location(),
	}
	e.st.SetClock(e.clock.Now)
	cfg := Config{
		Store: e.st, Notifier: e.notes, Now: e.clock.Now, Location: e.loc,
		Log: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&cfg)
	}
	e.svc = NewService(cfg)
	return e
}

func sampleProfile(name string) store.Profile {
	return store.Profile{
		Name:        name,
		HubURL:      "https://acme.qorusdocs.com",
		SCIMURL:     "https://acme.qorusdocs.com/scim/v2",
		ClientID:    "client-123",
		OktaOrgURL:  "https://acme.okta.com",
		OktaAppID:   "0oa1abcd",
		OktaAppName: "scim2testapp",
	}
}

func createProfile(t testing.TB, st *store.Store, name string) store.Profile {
	t.Helper()
	p, err := st.CreateProfile(context.Background(), sampleProfile(name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// addToken records a current token of the profile and schedules its reminders through svc (or the pure
// Schedule when svc is nil).
func addToken(t testing.TB, st *store.Store, svc *Service, p store.Profile, secret string, created, expires time.Time) store.Token {
	t.Helper()
	ctx := context.Background()
	tok := store.Token{
		ProfileID: p.ID, Fingerprint: store.Fingerprint(secret), CreatedAt: created, ExpiresAt: expires,
		ExpirySource: "jwt_exp", Status: store.TokenCurrent,
	}
	id, err := st.InsertToken(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	tok.ID = id
	if svc != nil {
		err = svc.Schedule(ctx, p, tok)
	} else {
		err = st.ReplaceReminders(ctx, id, Schedule(p, tok, created.Location()))
	}
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func date(loc *time.Location, y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

func kinds(rs []store.Reminder) string {
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%s@%s", r.Kind, r.DueAt.Format("2006-01-02T15:04Z07:00"))
	}
	return s
}
