// Command renewal measures a full sandbox renewal through the renewal engine in API mode with Okta's
// Connections API (the sandbox's Fabrikam profile): the time the app spends beyond the HTTP round
// trips themselves, and the HTTP requests it sends. It wires the engine as the renew verb does (the
// Hub client, an SSWS Okta client, the reminders service as scheduler), with every client's transport
// wrapped by a meter. It prints two rows of the bench table; the details go to stderr.
//
// It measures only: it is no test of the engine's correctness beyond checking each renewal reached Done.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/safenet"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/store"
)

// minimum is the fewest requests a renewal can make: create (Hub token endpoint), probe (SCIM /Users),
// read the Okta connection, set it, read it back.
const minimum = 5

// result is one renewal.
type result struct {
	total, http time.Duration
	requests    []string
}

func (r result) app() time.Duration { return r.total - r.http }

func main() {
	n := flag.Int("n", 21, "renewals to time, one after another on the same profile")
	target := flag.Duration("target", 50*time.Millisecond, "target for the app's own time per renewal")
	flag.Parse()
	results, err := measure(context.Background(), *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "renewal:", err)
		row("Sandbox renewal (API mode, Connections API): app time beyond HTTP", "failed: "+cell(err.Error()),
			"—", "—", "≤ "+fmtMS(*target), "**miss**")
		os.Exit(1)
	}
	report(results, *target)
}

func measure(ctx context.Context, n int) ([]result, error) {
	sb, err := sandbox.Start(ctx, "")
	if err != nil {
		return nil, err
	}
	defer sb.Close()
	p, err := sb.Store.ProfileByName(ctx, sandbox.APIProfile)
	if err != nil {
		return nil, err
	}
	m := &meter{}
	hc := hub.NewClient()
	hc.Now = sb.Clock.Now
	hc.HTTP = m.wrap(hc.HTTP)
	oktaHTTP := m.wrap(safenet.NewClient(0))
	eng := renewal.New(renewal.Config{
		Store: sb.Store, Keychain: sb.Keychain, Volatile: true, Hub: hc,
		Okta:      oktaFor(sb.Keychain, oktaHTTP, sb.Clock.Now),
		Scheduler: reminders.NewService(reminders.Config{Store: sb.Store, Now: sb.Clock.Now}),
		Owner:     "make bench", Now: sb.Clock.Now,
	})
	results := make([]result, 0, n)
	for i := range n {
		m.reset()
		t0 := time.Now()
		if err := renewOnce(ctx, eng, p.ID); err != nil {
			return nil, fmt.Errorf("renewal %d: %w", i+1, err)
		}
		total := time.Since(t0)
		reqs, spent := m.reset()
		results = append(results, result{total: total, http: spent, requests: reqs})
	}
	return results, nil
}

// renewOnce runs one renewal from Begin to a released lease, as the renew verb does.
func renewOnce(ctx context.Context, eng *renewal.Engine, profileID string) error {
	s, err := eng.Begin(ctx, profileID)
	if err != nil {
		return err
	}
	runErr := s.Run(ctx, nil)
	step := s.Step()
	if err := s.Close(); err != nil {
		return err
	}
	if runErr != nil {
		return runErr
	}
	if step != renewal.StepDone {
		return fmt.Errorf("stopped at step %s", step)
	}
	return nil
}

// oktaFor gives the engine the profile's Okta client over hc: SSWS, the sandbox's credential kind.
func oktaFor(kc renewal.Keychain, hc *http.Client, now func() time.Time) func(store.Profile) (renewal.Okta, error) {
	return func(p store.Profile) (renewal.Okta, error) {
		if p.OktaCredKind != store.OktaCredSSWS {
			return nil, fmt.Errorf("the profile's Okta credential is %q, not SSWS", p.OktaCredKind)
		}
		v, err := kc.Get(p.ID, secrets.KindOktaCredential)
		if err != nil {
			return nil, err
		}
		return okta.NewClient(p.OktaOrgURL, okta.SSWS(v), okta.WithHTTPClient(hc), okta.WithClock(now, nil))
	}
}
