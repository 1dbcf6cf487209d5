package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// The race child's settings.
const (
	envRaceDir     = "SCIMRENEW_E2E_RACE_DIR"     // the data dir
	envRaceSync    = "SCIMRENEW_E2E_RACE_SYNC"    // where the ready files and the go file live
	envRaceProfile = "SCIMRENEW_E2E_RACE_PROFILE" // the profile to renew
	envRaceName    = "SCIMRENEW_E2E_RACE_NAME"    // this child's name
)

// Exit codes of the race child.
const (
	raceDone = 0 // it held the renewal and finished it
	raceHeld = 3 // another process held the renewal
)

// raceChild is one process of TestConcurrentRenewProcesses: a renewal engine of its own (as a window or
// a renew command has) over the shared data dir, with the Hub client secret and the Okta API token read
// from stdin into an in-memory keychain. It says it is ready, waits for the go file, then begins the
// renewal at once: it either finishes it or is refused by the lease.
func raceChild() int {
	dir, syncDir, name := os.Getenv(envRaceDir), os.Getenv(envRaceSync), os.Getenv(envRaceName)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	st, err := store.Open(dir)
	if err != nil {
		fmt.Println("ERROR opening the store:", err)
		return 1
	}
	defer st.Close()
	e, err := raceEngine(st, name)
	if err != nil {
		fmt.Println("ERROR", err)
		return 1
	}
	if err := os.WriteFile(filepath.Join(syncDir, "ready."+name), nil, 0o600); err != nil {
		fmt.Println("ERROR", err)
		return 1
	}
	for {
		if _, err := os.Stat(filepath.Join(syncDir, "go")); err == nil {
			break
		}
		if ctx.Err() != nil {
			fmt.Println("ERROR no go signal")
			return 1
		}
		time.Sleep(time.Millisecond)
	}
	s, err := e.Begin(ctx, os.Getenv(envRaceProfile))
	var held *store.LeaseHeldError
	if errors.As(err, &held) {
		fmt.Println("HELD", err)
		return raceHeld
	}
	if err != nil {
		fmt.Println("ERROR begin:", err)
		return 1
	}
	fmt.Println("PROCEEDED")
	err = s.Run(ctx, nil)
	s.Close()
	if err != nil {
		fmt.Println("ERROR run:", err)
		return 1
	}
	fmt.Println("DONE")
	return raceDone
}

func raceEngine(st *store.Store, name string) (*renewal.Engine, error) {
	in := bufio.NewScanner(os.Stdin)
	var lines []string
	for in.Scan() {
		lines = append(lines, in.Text())
	}
	if len(lines) != 2 {
		return nil, fmt.Errorf("want the client secret and the Okta token on stdin, got %d lines", len(lines))
	}
	kc := secrets.NewMemory()
	ps, err := st.Profiles(context.Background())
	if err != nil || len(ps) != 1 {
		return nil, fmt.Errorf("want one profile: %v", err)
	}
	if err := kc.Set(ps[0].ID, secrets.KindHubClientSecret, lines[0]); err != nil {
		return nil, err
	}
	return renewal.New(renewal.Config{
		Store: st, Keychain: kc, Volatile: true, Hub: hub.NewClient(),
		Owner: "e2e race " + name,
		Okta: func(p store.Profile) (renewal.Okta, error) {
			return okta.NewClient(p.OktaOrgURL, okta.SSWS(lines[1]))
		},
	}), nil
}
