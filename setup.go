package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"scimrenew/applog"
	"scimrenew/instance"
	"scimrenew/sandbox"
	"scimrenew/services"
	"scimrenew/store"
	"scimrenew/ui"
)

// options are the window's flags.
type options struct {
	dataDir        string
	debug          bool
	sandbox        bool
	sandboxIfEmpty bool
}

// appEnv is everything the window runs on, and how to tear it down.
type appEnv struct {
	title   string
	dataDir string
	log     *slog.Logger
	deps    ui.Deps
	sandbox *sandbox.Sandbox
	closers []func()

	mu  sync.Mutex
	win fyne.Window // set once the window exists, for the single-instance hand-over
}

// setWindow records the window a second start brings to the front.
func (e *appEnv) setWindow(w fyne.Window) {
	e.mu.Lock()
	e.win = w
	e.mu.Unlock()
}

// raise brings the window to the front; the instance lock calls it when a second start hands over.
func (e *appEnv) raise() {
	e.mu.Lock()
	w := e.win
	e.mu.Unlock()
	if w != nil {
		fyne.Do(func() {
			w.Show()
			w.RequestFocus()
		})
	}
}

// errHandedOver reports that another window already runs on this data dir and was brought forward.
var errHandedOver = errors.New("SCIM Renew is already running; its window was brought to the front")

func (e *appEnv) close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
}

// setup opens the real data dir and keychain, or starts the sandbox (asked for, or chosen because
// nothing is configured and --sandbox-if-empty was given), and assembles the services.
func setup(o options, stderr io.Writer) (*appEnv, error) {
	if !o.sandbox && o.sandboxIfEmpty && !hasProfiles(o.dataDir) {
		fmt.Fprintln(stderr, "scimrenew: no profile is configured yet, so this is the sandbox: a fake Hub and Okta on this computer, nothing real is changed. To set up your own tenant, choose \"Set up my own\" in the sandbox's banner, or start the app without --sandbox-if-empty (e.g. go run .).")
		o.sandbox = true
	}
	env := &appEnv{title: "SCIM Renew", dataDir: o.dataDir}
	var st *store.Store
	var kc services.Keychain // nil: the OS keychain, or memory when it cannot be used
	now := time.Now
	if o.sandbox {
		sb, err := sandbox.Start(context.Background(), "")
		if err != nil {
			return nil, err
		}
		env.closers = append(env.closers, sb.Close)
		env.sandbox, env.dataDir, env.title = sb, sb.DataDir, "SCIM Renew — Sandbox"
		st, kc, now = sb.Store, sb.Keychain, sb.Clock.Now
	}
	log, logFile, err := applog.Setup(env.dataDir, o.debug)
	if err != nil {
		env.close()
		return nil, err
	}
	env.log = log
	env.closers = append(env.closers, func() { logFile.Close() })
	if st == nil {
		lock, err := instance.Acquire(env.dataDir, env.raise)
		if errors.Is(err, instance.ErrRunning) {
			env.close()
			if herr := instance.HandOver(env.dataDir); herr != nil {
				return nil, fmt.Errorf("%w, but it did not answer (%v); close it or wait, then try again", instance.ErrRunning, herr)
			}
			return nil, errHandedOver
		}
		if err != nil {
			env.close()
			return nil, err
		}
		env.closers = append(env.closers, func() { lock.Close() })
		if st, err = store.Open(env.dataDir); err != nil {
			env.close()
			return nil, err
		}
		env.closers = append(env.closers, func() { st.Close() })
	}
	svc := services.New(services.Config{
		Store: st, Keychain: kc, KeychainService: appID, KeychainTimeout: 3 * time.Second,
		MemoryFallback: kc == nil, Now: now, Log: log, Owner: "SCIM Renew window",
	})
	env.deps = ui.Deps{
		KeychainErr: svc.KeychainErr(), Now: now, Log: log, DataDir: env.dataDir,
		Services: svc, TrySandbox: trySandbox(log),
	}
	if env.sandbox != nil {
		env.deps.SandboxClock = env.sandbox.Clock
		env.deps.TrySandbox = nil
		env.deps.LeaveSandbox = leaveSandbox(o.dataDir, log)
	}
	return env, nil
}

// hasProfiles reports whether the data dir holds a database with at least one profile; a data dir
// that cannot be read counts as configured, so the real error shows instead of the sandbox.
func hasProfiles(dataDir string) bool {
	if _, err := os.Stat(dataDir + string(os.PathSeparator) + store.FileName); errors.Is(err, os.ErrNotExist) {
		return false
	}
	st, err := store.Open(dataDir)
	if err != nil {
		return true
	}
	defer st.Close()
	ps, err := st.Profiles(context.Background())
	return err != nil || len(ps) > 0
}

// leaveSandbox starts a separate process of this app on dataDir, the real data dir (the default one
// unless --data-dir named another), without the sandbox flags: the sandbox's "Set up my own". It is not
// waited for beyond reaping, so it outlives the sandbox's window; when a real window already runs on
// dataDir, the new process brings that one forward and exits.
func leaveSandbox(dataDir string, log *slog.Logger) func() {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	return func() {
		cmd := exec.Command(exe, "--data-dir", dataDir)
		if err := cmd.Start(); err != nil {
			log.Error("could not start SCIM Renew outside the sandbox", "err", err)
			return
		}
		go func() { _ = cmd.Wait() }()
	}
}

// trySandbox starts a second, separate process of this app in the sandbox.
func trySandbox(log *slog.Logger) func() {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	return func() {
		cmd := exec.Command(exe, "--sandbox")
		if err := cmd.Start(); err != nil {
			log.Error("could not start the sandbox", "err", err)
			return
		}
		go func() { _ = cmd.Wait() }()
	}
}
