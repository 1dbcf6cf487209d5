package reminders

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/secrets"
	"scimrenew/store"
)

// The test token; it must never show up in a notification, an error or a log line.
const secretToken = "tok-SECRET-4f1d9a-never-shown"

type fakeProber struct {
	mu     sync.Mutex
	result hub.ProbeResult
	calls  int
	urls   []string
	tokens []string
}

func (f *fakeProber) Probe(_ context.Context, scimBaseURL, token string) hub.ProbeResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.urls = append(f.urls, scimBaseURL)
	f.tokens = append(f.tokens, token)
	return f.result
}

func (f *fakeProber) set(r hub.ProbeResult) {
	f.mu.Lock()
	f.result = r
	f.mu.Unlock()
}

func (f *fakeProber) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

type fakeLog struct {
	mu     sync.Mutex
	events []okta.LogEvent
	err    error
	since  []time.Time
	apps   []string
}

func (f *fakeLog) AuthFailures(_ context.Context, appID string, since time.Time) ([]okta.LogEvent, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.since = append(f.since, since)
	f.apps = append(f.apps, appID)
	return f.events, f.err
}

var (
	okResult       = hub.ProbeResult{Class: hub.ProbeOK, HTTPStatus: 200, Message: "The token works."}
	rejectedResult = hub.ProbeResult{Class: hub.ProbeRejected, HTTPStatus: 401, Message: "The Hub rejected the token (HTTP 401)."}
)

type healthEnv struct {
	*env
	prober *fakeProber
	keys   *secrets.Memory
	okta   *fakeLog
	p      store.Profile
	tok    store.Token
}

func newHealthEnv(t *testing.T, now time.Time, withOkta bool) *healthEnv {
	t.Helper()
	h := &healthEnv{prober: &fakeProber{result: okResult}, keys: secrets.NewMemory(), okta: &fakeLog{}}
	h.env = newEnv(t, now, func(c *Config) {
		c.Prober, c.Tokens = h.prober, h.keys
		if withOkta {
			c.Okta = func(p store.Profile) (LogReader, error) {
				if p.OktaCredKind == store.OktaCredNone {
					return nil, nil
				}
				return h.okta, nil
			}
		}
	})
	p := sampleProfile("Acme")
	if withOkta {
		p.OktaCredKind = store.OktaCredSSWS
	}
	var err error
	if h.p, err = h.st.CreateProfile(h.ctx, p); err != nil {
		t.Fatal(err)
	}
	h.tok = addToken(t, h.st, h.svc, h.p, secretToken, date(time.UTC, 2025, 1, 31, 10, 0), date(time.UTC, 2026, 1, 31, 10, 0))
	if err := h.keys.Set(h.p.ID, secrets.KindTokenCurrent, secretToken); err != nil {
		t.Fatal(err)
	}
	return h
}

// noSecret fails the test if the token leaked into anything the user or a log could see.
func (h *healthEnv) noSecret(t *testing.T, errs ...error) {
	t.Helper()
	for _, n := range h.notes.all() {
		if strings.Contains(n.Title+n.Body, secretToken) {
			t.Error("a notification holds the token")
		}
	}
	for _, err := range errs {
		if err != nil && strings.Contains(err.Error(), secretToken) {
			t.Error("an error holds the token")
		}
	}
	if strings.Contains(h.logs.String(), secretToken) {
		t.Error("the log holds the token")
	}
}

func TestHealthOKIsStored(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, false)
	got, err := h.svc.CheckHealth(h.ctx, h.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Result != hub.ProbeOK || got.TokenID != h.tok.ID || !got.At.Equal(now) || got.Notified || got.Expired {
		t.Errorf("health %+v", got)
	}
	if len(h.prober.tokens) != 1 || h.prober.tokens[0] != secretToken || h.prober.urls[0] != h.p.SCIMURL {
		t.Errorf("probe got %d calls, URL %v; want the current token at the SCIM URL", len(h.prober.tokens), h.prober.urls)
	}
	tok, _ := h.st.Token(h.ctx, h.tok.ID)
	if tok.HealthResult != "ok" || tok.HealthMessage != okResult.Message || !tok.HealthAt.Equal(now) {
		t.Errorf("stored health %q %q %v", tok.HealthResult, tok.HealthMessage, tok.HealthAt)
	}
	if len(h.notes.all()) != 0 {
		t.Errorf("notified for a healthy token: %+v", h.notes.all())
	}
	h.noSecret(t, err)
}

func TestHealthRejectedBeforeExpiryNotifiesAtOnce(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, false)
	h.prober.set(rejectedResult)
	got, err := h.svc.CheckHealth(h.ctx, h.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Notified {
		t.Fatalf("health %+v; want notified", got)
	}
	checkRejectedNote(t, h.notes.all())
	// "Check now" again the same day: stored again, not told again.
	h.clock.Add(2 * time.Hour)
	if got, err = h.svc.CheckHealth(h.ctx, h.p.ID); err != nil || got.Notified || len(h.notes.all()) != 1 {
		t.Errorf("same day: %+v, %v, %d notes", got, err, len(h.notes.all()))
	}
	// The next day's check tells again: provisioning is still failing.
	h.clock.Add(24 * time.Hour)
	if got, err = h.svc.CheckHealth(h.ctx, h.p.ID); err != nil || !got.Notified || len(h.notes.all()) != 2 {
		t.Errorf("next day: %+v, %v, %d notes", got, err, len(h.notes.all()))
	}
	tok, _ := h.st.Token(h.ctx, h.tok.ID)
	if tok.Status != store.TokenCurrent || tok.HealthResult != "rejected" {
		t.Errorf("token %s, health %s; a rejection is recorded, the status left alone", tok.Status, tok.HealthResult)
	}
	h.noSecret(t, err)
}

func TestHealthOtherFailuresAreStoredNotNotified(t *testing.T) {
	h := newHealthEnv(t, date(time.UTC, 2025, 6, 1, 12, 0), false)
	h.prober.set(hub.ProbeResult{Class: hub.ProbeTimeout, Message: "The Hub did not answer in time."})
	got, err := h.svc.CheckHealth(h.ctx, h.p.ID)
	if err != nil || got.Result != hub.ProbeTimeout || got.Notified {
		t.Fatalf("%+v, %v", got, err)
	}
	tok, _ := h.st.Token(h.ctx, h.tok.ID)
	if tok.HealthResult != "timeout" {
		t.Errorf("stored %q", tok.HealthResult)
	}
}

func TestHealthMarksExpired(t *testing.T) {
	cases := []struct {
		name      string
		fireFirst bool // the reminders already told the user about the expiry
		wantNotes int
	}{
		{"reminders still pending: one expired notification", false, 1},
		{"expiry reminder already shown: no second notification", true, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHealthEnv(t, date(time.UTC, 2026, 1, 31, 10, 0), false) // the moment it expires
			if c.fireFirst {
				if sent, err := h.svc.CheckDue(h.ctx); sent != 1 || err != nil {
					t.Fatalf("CheckDue %d, %v", sent, err)
				}
				h.notes = newRecorder()
				h.svc.cfg.Notifier = h.notes
			}
			got, err := h.svc.CheckHealth(h.ctx, h.p.ID)
			if err != nil || !got.Expired || h.prober.count() != 0 {
				t.Fatalf("health %+v, %v, %d probes; want expired without a probe", got, err, h.prober.count())
			}
			notes := h.notes.all()
			if len(notes) != c.wantNotes || (c.wantNotes == 1 && notes[0].Title != "Acme: SCIM token expired") {
				t.Errorf("notes %+v", notes)
			}
			tok, _ := h.st.Token(h.ctx, h.tok.ID)
			if tok.Status != store.TokenExpired {
				t.Errorf("status %s", tok.Status)
			}
			if due, _ := h.st.DueReminders(h.ctx, h.clock.Now().AddDate(1, 0, 0)); len(due) != 0 {
				t.Errorf("an expired token keeps reminding: %s", kinds(due))
			}
			if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); !errors.Is(err, ErrNoCurrentToken) {
				t.Errorf("second check: %v", err)
			}
		})
	}
}

func TestHealthKeychainProblems(t *testing.T) {
	h := newHealthEnv(t, date(time.UTC, 2025, 6, 1, 12, 0), false)
	if err := h.keys.Set(h.p.ID, secrets.KindTokenCurrent, "tok-some-other-token"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); !errors.Is(err, ErrTokenMismatch) || h.prober.count() != 0 {
		t.Errorf("mismatch: %v, %d probes; want ErrTokenMismatch and no probe", err, h.prober.count())
	}
	if err := h.keys.Delete(h.p.ID, secrets.KindTokenCurrent); err != nil {
		t.Fatal(err)
	}
	_, err := h.svc.CheckHealth(h.ctx, h.p.ID)
	if !errors.Is(err, secrets.ErrNotFound) || !strings.Contains(err.Error(), "Acme") {
		t.Errorf("missing: %v", err)
	}
	tok, _ := h.st.Token(h.ctx, h.tok.ID)
	if tok.HealthResult != "" {
		t.Errorf("a check that probed nothing stored %q", tok.HealthResult)
	}
	if _, err := NewService(Config{Store: h.st}).CheckHealth(h.ctx, h.p.ID); !errors.Is(err, ErrHealthNotConfigured) {
		t.Errorf("unconfigured: %v", err)
	}
	other := createProfile(t, h.st, "Empty")
	if _, err := h.svc.CheckHealth(h.ctx, other.ID); !errors.Is(err, ErrNoCurrentToken) {
		t.Errorf("no token: %v", err)
	}
}

func TestHealthOktaSystemLog(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, true)
	h.okta.events = []okta.LogEvent{
		{Published: now.Add(-2 * time.Hour), Reason: "Unauthorized"},
		{Published: now.Add(-time.Hour), DisplayMessage: "Authentication of app integration failed"},
		{Published: now.Add(-25 * time.Hour), Reason: "too old: before the look-back"},
	}
	got, err := h.svc.CheckHealth(h.ctx, h.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	notes := h.notes.all()
	if !got.OktaChecked || got.AuthFailures != 2 || len(notes) != 1 || notes[0].Title != "Acme: Okta provisioning is failing" ||
		notes[0].Body != `Okta's System Log shows 2 provisioning authentication failures since 31 May 12:00 (latest: "Authentication of app integration failed"). `+
			`Okta's copy of the SCIM token for Acme is not accepted. Open SCIM Renew to renew.` {
		t.Fatalf("health %+v, notes %+v", got, notes)
	}
	if len(h.okta.since) != 1 || !h.okta.since[0].Equal(now.Add(-24*time.Hour)) || h.okta.apps[0] != h.p.OktaAppID {
		t.Errorf("first look-back from %v for %v; want a day back for the profile's app", h.okta.since, h.okta.apps)
	}
	// The next check starts where this one ended, and old events are not told twice.
	h.clock.Add(24 * time.Hour)
	if got, err = h.svc.CheckHealth(h.ctx, h.p.ID); err != nil || got.AuthFailures != 0 || len(h.notes.all()) != 1 {
		t.Fatalf("second check: %+v, %v, notes %+v", got, err, h.notes.all())
	}
	if !h.okta.since[1].Equal(now) {
		t.Errorf("second look-back from %v; want %v", h.okta.since[1], now)
	}
	h.noSecret(t, err)
}

func TestHealthOktaLogErrorKeepsMark(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, true)
	if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); err != nil {
		t.Fatal(err)
	}
	// A failure to read the log is reported and the mark stays, so nothing is missed.
	h.okta.err = errors.New("okta: the API token was rejected (E0000011)")
	h.clock.Add(24 * time.Hour)
	got, err := h.svc.CheckHealth(h.ctx, h.p.ID)
	if err != nil || got.OktaChecked || !strings.Contains(got.OktaError, "E0000011") || got.Result != hub.ProbeOK {
		t.Fatalf("log error: %+v, %v; want the probe's result and the log's error", got, err)
	}
	h.okta.err = nil
	h.clock.Add(time.Hour)
	if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); err != nil {
		t.Fatal(err)
	}
	if last := h.okta.since[len(h.okta.since)-1]; !last.Equal(now) {
		t.Errorf("after a failed read the look-back starts at %v; want %v", last, now)
	}
	// An Okta client that cannot even be built is reported the same way.
	h.svc.cfg.Okta = func(store.Profile) (LogReader, error) { return nil, errors.New("okta: no credential in the keychain") }
	if got, err = h.svc.CheckHealth(h.ctx, h.p.ID); err != nil || got.OktaChecked || !strings.Contains(got.OktaError, "no credential") {
		t.Errorf("client error: %+v, %v", got, err)
	}
}

func TestHealthOktaStartsAtInstall(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, true)
	installed := now.Add(-3 * time.Hour) // failures before this were the previous token's
	if err := h.st.SetTokenInstalled(h.ctx, h.tok.ID, installed, store.InstallManual); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); err != nil {
		t.Fatal(err)
	}
	if !h.okta.since[0].Equal(installed) {
		t.Errorf("look-back from %v; want the install time %v", h.okta.since[0], installed)
	}
	// A profile without an Okta credential is not asked.
	p2 := createProfile(t, h.st, "NoOkta")
	addToken(t, h.st, h.svc, p2, "tok-2", date(time.UTC, 2025, 1, 31, 10, 0), date(time.UTC, 2026, 1, 31, 10, 0))
	h.keys.Set(p2.ID, secrets.KindTokenCurrent, "tok-2")
	got, err := h.svc.CheckHealth(h.ctx, p2.ID)
	if err != nil || got.OktaChecked || len(h.okta.since) != 1 {
		t.Errorf("without a credential: %+v, %v, %d log reads", got, err, len(h.okta.since))
	}
}

func TestRunChecksHealthDaily(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, false)
	h.svc.cfg.Tick = 5 * time.Millisecond
	ctx, cancel := context.WithCancel(h.ctx)
	done := make(chan struct{})
	go func() { h.svc.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, func() bool { return h.prober.count() == 1 }, "the health check at start")
	h.clock.Add(23 * time.Hour)
	time.Sleep(50 * time.Millisecond)
	if n := h.prober.count(); n != 1 {
		t.Fatalf("%d probes within the day", n)
	}
	h.clock.Add(time.Hour)
	waitFor(t, func() bool {
		v, _ := h.st.Meta(h.ctx, metaHealthAt)
		return h.prober.count() == 2 && v == now.Add(24*time.Hour).Format(time.RFC3339Nano)
	}, "the next day's health check")

	// A restart the same day does not probe again: the last run is kept in the store.
	cancel()
	<-done
	ctx2, cancel2 := context.WithCancel(h.ctx)
	done2 := make(chan struct{})
	restarted := NewService(h.svc.cfg)
	go func() { restarted.Run(ctx2); close(done2) }()
	defer func() { cancel2(); <-done2 }()
	time.Sleep(50 * time.Millisecond)
	if n := h.prober.count(); n != 2 {
		t.Errorf("%d probes after a restart; want 2", n)
	}
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func checkRejectedNote(t *testing.T, notes []note) {
	t.Helper()
	if len(notes) != 1 || notes[0].Title != "Acme: SCIM token rejected" {
		t.Fatalf("notes %+v; want one rejection", notes)
	}
	for _, want := range []string{"the token was revoked or replaced; provisioning is failing", "HTTP 401", "31 Jan 2026"} {
		if !strings.Contains(notes[0].Body, want) {
			t.Errorf("body %q lacks %q", notes[0].Body, want)
		}
	}
}

func TestHealthOktaFailuresToldOnce(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, true)
	if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); err != nil { // nothing yet; the look-back mark is now
		t.Fatal(err)
	}
	h.clock.Add(time.Hour)
	h.okta.events = []okta.LogEvent{{Published: now.Add(30 * time.Minute), Reason: "Unauthorized"}}
	// The notification fails: the failures stay untold, so the look-back must not move.
	h.notes.setErr(errors.New("no notification server"))
	if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); err == nil {
		t.Fatal("a failed notification was not reported")
	}
	h.notes.setErr(nil)
	h.clock.Add(time.Hour)
	got, err := h.svc.CheckHealth(h.ctx, h.p.ID)
	if err != nil || got.AuthFailures != 1 || len(h.notes.all()) != 1 || !h.okta.since[2].Equal(now) {
		t.Fatalf("retry: %+v, %v, notes %+v, look-backs %v", got, err, h.notes.all(), h.okta.since)
	}
}

func TestHealthRejectedWithOktaFailuresIsOneNotification(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, true)
	h.prober.set(rejectedResult)
	h.okta.events = []okta.LogEvent{{Published: now.Add(-time.Hour), Reason: "Unauthorized"}}
	if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); err != nil {
		t.Fatal(err)
	}
	notes := h.notes.all()
	if len(notes) != 1 || notes[0].Title != "Acme: SCIM token rejected" ||
		!strings.Contains(notes[0].Body, `provisioning is failing. Okta's System Log shows 1 provisioning authentication failure since 31 May 12:00 (latest: "Unauthorized"). Open`) {
		t.Fatalf("notes %+v; want one rejection naming Okta's failure", notes)
	}
	// Later the same day: the rejection was told, but new failures in Okta's log are news.
	h.clock.Add(2 * time.Hour)
	h.okta.events = []okta.LogEvent{{Published: now.Add(time.Hour), Reason: "Unauthorized"}}
	if _, err := h.svc.CheckHealth(h.ctx, h.p.ID); err != nil {
		t.Fatal(err)
	}
	if notes = h.notes.all(); len(notes) != 2 || notes[1].Title != "Acme: Okta provisioning is failing" {
		t.Errorf("notes %+v", notes)
	}
}
