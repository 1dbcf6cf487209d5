package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"scimrenew/applog"
	"scimrenew/services"
	"scimrenew/store"
)

// errNoStore reports a data directory without a database yet: nothing was ever saved there.
var errNoStore = errors.New("no profiles yet")

// How a verb uses the database: only reading it (status, history: nothing is created, not even the log),
// changing what exists, or creating it when missing.
type storeUse int

const (
	readStore storeUse = iota
	changeStore
	createStore
)

// openStore opens the database in the data directory. Unless use is createStore, a missing database
// gives errNoStore and nothing is written. Verbs that change something log to the data directory.
func (r *runner) openStore(use storeUse) (*store.Store, error) {
	dir, err := r.dir()
	if err != nil {
		return nil, err
	}
	if use != createStore {
		if _, err := os.Stat(filepath.Join(dir, store.FileName)); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w in %s: add one with scimrenew profile add", errNoStore, dir)
		}
	}
	if use != readStore || r.debug {
		r.openLog(dir)
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	st.SetClock(r.env.Now)
	r.closers = append(r.closers, st)
	return st, nil
}

// openLog starts the log in the data directory. The log is a help, not a need: a verb runs on without it.
func (r *runner) openLog(dir string) {
	logger, closer, err := applog.Setup(dir, r.debug)
	if err != nil {
		fmt.Fprintf(r.stderr, "scimrenew: warning: %s\n", services.ErrorText(err))
		return
	}
	r.log = logger
	r.closers = append(r.closers, closer)
}

// open opens the database (see openStore) and the services over it: the verbs' one way to the
// keychain, the Hub and Okta. owner names this process in renewal leases.
func (r *runner) open(use storeUse, owner string) (*services.Services, error) {
	st, err := r.openStore(use)
	if err != nil {
		return nil, err
	}
	return r.services(st, owner, false), nil
}

// services assembles the services over st with Env's keychain, or the OS keychain under the service
// named by SCIMRENEW_KEYRING_SERVICE (the app's own by default). With memoryFallback, an OS keychain
// that cannot be used is replaced by one in memory (see services.Config.MemoryFallback).
func (r *runner) services(st *store.Store, owner string, memoryFallback bool) *services.Services {
	return services.New(services.Config{
		Store: st, Keychain: r.env.Keychain, KeychainService: strings.TrimSpace(r.env.Getenv(EnvKeyringService)),
		MemoryFallback: memoryFallback && r.env.Keychain == nil, Now: r.env.Now, Location: r.env.Location,
		Log: r.log, Owner: owner, LeaseTTL: r.env.LeaseTTL,
	})
}

// findProfile returns the profile named name (case-insensitive), with an error that says how to list them.
func findProfile(ctx context.Context, svc *services.Services, name string) (store.Profile, error) {
	p, err := svc.ProfileByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return p, fmt.Errorf("there is no profile named %q; scimrenew profile list shows the profiles", name)
	}
	return p, err
}

// selectProfiles returns the named profile, or every profile when name is empty.
func selectProfiles(ctx context.Context, svc *services.Services, name string) ([]store.Profile, error) {
	if name == "" {
		return svc.Profiles(ctx)
	}
	p, err := findProfile(ctx, svc, name)
	if err != nil {
		return nil, err
	}
	return []store.Profile{p}, nil
}
