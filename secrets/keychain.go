package secrets

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/zalando/go-keyring"
)

// backend is the shape of go-keyring's API; tests swap in one that blocks or fails on cue.
type backend interface {
	Set(service, user, password string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// goKeyring calls go-keyring's package functions, so keyring.MockInit in the tests of higher packages
// still reaches a Keychain.
type goKeyring struct{}

func (goKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// Keychain stores secrets in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential
// Manager on Windows). It is safe for concurrent use.
type Keychain struct {
	service string
	timeout time.Duration
	backend backend
	// stuck counts calls that timed out and have not returned yet; while it is non-zero new calls fail
	// at once rather than queue up more unlock prompts.
	stuck atomic.Int32
}

// New returns a Keychain that files entries under service (DefaultService when empty) and gives up on
// any call after timeout (DefaultTimeout when not positive).
func New(service string, timeout time.Duration) *Keychain {
	return newWithBackend(service, timeout, goKeyring{})
}

func newWithBackend(service string, timeout time.Duration, b backend) *Keychain {
	if service == "" {
		service = DefaultService
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Keychain{service: service, timeout: timeout, backend: b}
}

// Set stores value as the profile's secret of that kind, replacing any earlier one.
func (k *Keychain) Set(profileID string, kind Kind, value string) error {
	u, err := user(profileID, kind)
	if err != nil {
		return err
	}
	if err := checkValue(value); err != nil {
		return err
	}
	return k.call("store "+string(kind), func() error { return k.backend.Set(k.service, u, value) })
}

// Get returns the profile's secret of that kind, or an error matching ErrNotFound or ErrUnavailable.
func (k *Keychain) Get(profileID string, kind Kind) (string, error) {
	u, err := user(profileID, kind)
	if err != nil {
		return "", err
	}
	var value string
	err = k.call("read "+string(kind), func() error {
		v, err := k.backend.Get(k.service, u)
		value = v
		return err
	})
	if errors.Is(err, keyring.ErrNotFound) {
		return "", notFound(profileID, kind)
	}
	if err != nil {
		return "", err
	}
	return value, nil
}

// Delete removes the profile's secret of that kind. Deleting a missing entry is not an error.
func (k *Keychain) Delete(profileID string, kind Kind) error {
	u, err := user(profileID, kind)
	if err != nil {
		return err
	}
	err = k.call("delete "+string(kind), func() error { return k.backend.Delete(k.service, u) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// DeleteProfile removes every secret of the profile. It stops at the first failure, since an unavailable
// keychain will not come back between two entries.
func (k *Keychain) DeleteProfile(profileID string) error {
	if err := checkProfileID(profileID); err != nil {
		return err
	}
	for _, kind := range Kinds() {
		if err := k.Delete(profileID, kind); err != nil {
			return err
		}
	}
	return nil
}

// Probe reports whether the keychain answers, for the banner that says secrets cannot be saved. It looks
// up an entry that is never written, so a healthy keychain answers "not found".
func (k *Keychain) Probe() error {
	err := k.call("probe", func() error {
		_, err := k.backend.Get(k.service, "probe")
		return err
	})
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// Move makes the profile's secret of kind from its secret of kind to (replacing what to held) and
// removes from. It copies before it deletes, so a kill in between leaves the value in both places, never
// in none. A missing from gives an error matching ErrNotFound and leaves to untouched.
func (k *Keychain) Move(profileID string, from, to Kind) error {
	if from == to {
		return fmt.Errorf("secrets: cannot move %s onto itself", from)
	}
	if _, err := user(profileID, to); err != nil {
		return err
	}
	value, err := k.Get(profileID, from)
	if err != nil {
		return err
	}
	if err := k.Set(profileID, to, value); err != nil {
		return err
	}
	return k.Delete(profileID, from)
}

// call runs f on its own goroutine and waits at most k.timeout. go-keyring cannot be cancelled, so a
// call that times out is left to finish (or block) in the background, and counted as stuck meanwhile.
// Errors other than keyring.ErrNotFound come back as ErrUnavailable; ErrNotFound is left for the caller
// to phrase.
func (k *Keychain) call(op string, f func() error) error {
	if k.stuck.Load() > 0 {
		return unavailable(op, errStillWaiting)
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		if err == nil || errors.Is(err, keyring.ErrNotFound) {
			return err
		}
		return unavailable(op, err)
	case <-timer.C:
		k.stuck.Add(1)
		go func() {
			<-done
			k.stuck.Add(-1)
		}()
		return unavailable(op, fmt.Errorf("after %v: %w", k.timeout, errTimedOut))
	}
}
