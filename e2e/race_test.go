package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/renewal"
	"scimrenew/store"
)

// holdFor is how long the winner of a race spends in its SCIM probe (the fake Hub holds it), so that
// every other contender tries while the renewal is certainly held.
const holdFor = 3 * time.Second

// TestTwoEnginesOneProfile: two engines of one process (two windows' worth, with different owners)
// begin the same profile at the same moment, round after round: exactly one gets the renewal, the
// other a *store.LeaseHeldError naming the holder; once the holder closes, the other continues the
// same renewal; one engine cannot open it twice.
func TestTwoEnginesOneProfile(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	engines := []*renewal.Engine{w.engine("e2e window"), w.engine("e2e command")}
	for round := 0; round < 20; round++ {
		var wg sync.WaitGroup
		start := make(chan struct{})
		sessions, errs := make([]*renewal.Session, 2), make([]error, 2)
		for i, e := range engines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				sessions[i], errs[i] = e.Begin(ctx, w.p.ID)
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i := range engines {
			if errs[i] == nil {
				if winner >= 0 {
					t.Fatalf("round %d: both engines hold the renewal", round)
				}
				winner = i
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: neither engine got the renewal: %v / %v", round, errs[0], errs[1])
		}
		loser := 1 - winner
		var held *store.LeaseHeldError
		if !errors.As(errs[loser], &held) || held.Owner != engines[winner].Owner() {
			t.Fatalf("round %d: the loser got %v, want a LeaseHeldError naming %q", round, errs[loser], engines[winner].Owner())
		}
		if !strings.Contains(errs[loser].Error(), "another SCIM Renew window or command") {
			t.Errorf("the refusal does not say what holds the renewal: %q", errs[loser])
		}
		if _, err := engines[winner].Begin(ctx, w.p.ID); !errors.Is(err, renewal.ErrAlreadyOpen) {
			t.Errorf("the same engine opened the renewal twice: %v", err)
		}
		sessions[winner].Close()
	}
	rs, err := w.st.RenewalsSince(ctx, w.p.ID, time.Time{})
	if err != nil || len(rs) != 1 {
		t.Fatalf("want the one renewal resumed round after round, got %d (%v)", len(rs), err)
	}
	s, err := engines[0].Begin(ctx, w.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	checkOneRenewal(t, w.st, w.p.ID, w.okta, 2)
}

// TestConcurrentRenewProcesses: three processes, each with its own engine over the one data dir, begin
// the same profile at the same moment. Exactly one renews; the others are refused by the lease; the Hub
// made one token; the store is sound.
func TestConcurrentRenewProcesses(t *testing.T) {
	h := hubtest.New(hubtest.Options{SlowDelay: holdFor})
	defer h.Close()
	h.SetFault(hubtest.TargetSCIM, hubtest.FaultSlow)
	o := oktatest.New(oktatest.Options{})
	defer o.Close()
	dir, syncDir := t.TempDir(), t.TempDir()
	p := createAPIProfile(t, dir, h, o)
	const n = 3
	cmds := make([]*exec.Cmd, n)
	outs := make([]*bytes.Buffer, n)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"=race", envRaceDir+"="+dir, envRaceSync+"="+syncDir,
			envRaceProfile+"="+p.ID, fmt.Sprintf("%s=%d", envRaceName, i))
		cmd.Stdin = strings.NewReader(h.ClientSecret() + "\n" + o.APIToken() + "\n")
		outs[i] = &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = outs[i], outs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	waitReady(t, syncDir, n)
	if err := os.WriteFile(filepath.Join(syncDir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	done, held := 0, 0
	for i, cmd := range cmds {
		err := cmd.Wait()
		switch code := cmd.ProcessState.ExitCode(); {
		case code == raceDone && strings.Contains(outs[i].String(), "DONE"):
			done++
		case code == raceHeld:
			held++
		default:
			t.Errorf("process %d: exit %d (%v): %s", i, code, err, clip(outs[i].String()))
		}
	}
	if done != 1 || held != n-1 {
		t.Errorf("%d processes renewed and %d were refused; want exactly one renewal", done, held)
	}
	if c := h.Requests(); c.TokenRequests != 1 || c.TokensIssued != 1 {
		t.Errorf("the Hub was asked for %d tokens and made %d; want 1", c.TokenRequests, c.TokensIssued)
	}
	st := openStore(t, dir)
	checkOneRenewal(t, st, p.ID, o, 1)
}

// TestConcurrentCLIRenews: two `scimrenew renew` commands of one profile at the same moment, against the
// real keychain: one renews (exit 0), the other says another command holds the renewal (exit 1).
func TestConcurrentCLIRenews(t *testing.T) {
	requireKeyring(t)
	h := hubtest.New(hubtest.Options{SlowDelay: holdFor})
	defer h.Close()
	o := oktatest.New(oktatest.Options{})
	defer o.Close()
	service := testService(t)
	env := cliEnv(service)
	dir := t.TempDir()
	r := runCLI(t, env, h.ClientSecret()+"\n"+o.APIToken()+"\n", "--data-dir", dir, "profile", "add", "--name", "Fabrikam",
		"--hub-url", h.URL(), "--scim-url", h.SCIMBase(), "--token-url", h.TokenURL(), "--client-id", h.ClientID(),
		"--okta-org", o.URL(), "--okta-app-id", oktatest.Org2OrgAppID, "--okta-app-name", oktatest.Org2OrgAppName,
		"--client-secret-stdin", "--okta-token-stdin")
	if r.code != 0 {
		t.Fatalf("profile add: exit %d: %s", r.code, clip(r.stderr))
	}
	p := profileNamed(t, dir, "Fabrikam")
	defer cleanupKeychain(t, service, p.ID)
	h.SetFault(hubtest.TargetSCIM, hubtest.FaultSlow)
	runs := make([]cliRun, 2)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runs[i] = runCLI(t, env, "", "--data-dir", dir, "renew", "--profile", "Fabrikam")
		}()
	}
	wg.Wait()
	ok, refused := 0, 0
	for _, r := range runs {
		switch {
		case r.code == 0:
			ok++
		case r.code == 1 && strings.Contains(strings.ToLower(r.stderr), "another scim renew window or command"):
			refused++
		default:
			t.Errorf("exit %d: %s", r.code, clip(r.stderr))
		}
	}
	if ok != 1 || refused != 1 {
		t.Errorf("%d renewed, %d refused; want one each", ok, refused)
	}
	if c := h.Requests(); c.TokensIssued != 1 {
		t.Errorf("the Hub made %d tokens; want 1", c.TokensIssued)
	}
	checkOneRenewal(t, openStore(t, dir), p.ID, o, 1)
}

func createAPIProfile(t *testing.T, dir string, h *hubtest.Server, o *oktatest.Server) store.Profile {
	t.Helper()
	st := openStore(t, dir)
	p, err := st.CreateProfile(context.Background(), store.Profile{
		Name: "Fabrikam", HubURL: h.URL(),
		SCIMURL: h.SCIMBase(), TokenURL: h.TokenURL(), ClientID: h.ClientID(), OktaOrgURL: o.URL(),
		OktaAppID: oktatest.Org2OrgAppID, OktaAppName: oktatest.Org2OrgAppName, OktaCredKind: store.OktaCredSSWS,
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return p
}

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func waitReady(t *testing.T, dir string, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(dir, "ready.*"))
		if len(m) == n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the processes did not get ready within a minute")
}

// checkOneRenewal: the profile has no open renewal and exactly one finished (done) renewal, its newest
// token is current and is the one Okta holds, it has tokens tokens in all, and the store is sound.
func checkOneRenewal(t *testing.T, st *store.Store, profileID string, o *oktatest.Server, tokens int) {
	t.Helper()
	ctx := context.Background()
	if open, err := st.OpenRenewals(ctx); err != nil || len(open) != 0 {
		t.Errorf("open renewals left: %d (%v)", len(open), err)
	}
	rs, err := st.RenewalsSince(ctx, profileID, time.Time{})
	if err != nil || len(rs) != 1 || rs[0].State != store.StateDone {
		t.Errorf("want one done renewal, got %d (%v)", len(rs), err)
	}
	toks, err := st.Tokens(ctx, profileID)
	if err != nil || len(toks) != tokens || toks[0].Status != store.TokenCurrent {
		t.Errorf("want %d tokens, the newest current; got %d (%v)", tokens, len(toks), err)
	} else if store.Fingerprint(o.Token(oktatest.Org2OrgAppID)) != toks[0].Fingerprint {
		t.Errorf("Okta does not hold the current token")
	}
	if v, err := st.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Errorf("integrity check: %q %v", v, err)
	}
}
