package secrets

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
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
	// limit is the most bytes one entry takes (partLimits); 0 for none. A larger value is split.
	limit int
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
	return &Keychain{service: service, timeout: timeout, backend: b, limit: partLimit(runtime.GOOS)}
}

// Set stores value as the profile's secret of that kind, replacing any earlier one. A value over this
// OS's per-entry limit is split over several entries (split.go); a kill at any point leaves the earlier
// value or the new one readable, never a mix.
func (k *Keychain) Set(profileID string, kind Kind, value string) error {
	u, err := user(profileID, kind)
	if err != nil {
		return err
	}
	if err := checkValue(value); err != nil {
		return err
	}
	op := "store " + string(kind)
	if k.limit <= 0 {
		return k.set(op, u, value)
	}
	old, err := k.currentHead(op, u)
	if err != nil {
		return err
	}
	if len(value) <= k.limit {
		if err := k.set(op, u, value); err != nil {
			return err
		}
		return k.clearParts(op, u, old)
	}
	slot := otherSlot(old.slot)
	first, parts := splitValue(value, slot, k.limit)
	if err := k.clearSlot(op, u, slot, 0); err != nil {
		return err
	}
	for i, part := range parts {
		if err := k.set(op, partUser(u, slot, i+2), part); err != nil {
			return err
		}
	}
	if err := k.set(op, u, first); err != nil {
		return err
	}
	return k.clearSlot(op, u, otherSlot(slot), old.partsIn(otherSlot(slot)))
}

// Get returns the profile's secret of that kind, or an error matching ErrNotFound, ErrUnavailable or
// ErrCorrupted (part of a split secret is missing or changed).
func (k *Keychain) Get(profileID string, kind Kind) (string, error) {
	u, err := user(profileID, kind)
	if err != nil {
		return "", err
	}
	op := "read " + string(kind)
	value, err := k.get(op, u)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", notFound(profileID, kind)
	}
	if err != nil {
		return "", err
	}
	h, split, err := parseHead(value)
	if !split {
		return value, nil
	}
	corrupted := func(why string) error {
		return fmt.Errorf("secrets: the %s of profile %s is split over several keychain entries and %s, so it cannot be used; "+
			"enter it again (or delete it): %w", kind, profileID, why, ErrCorrupted)
	}
	if err != nil {
		return "", corrupted(err.Error())
	}
	var b strings.Builder
	b.WriteString(h.first)
	for i := 2; i <= h.n; i++ {
		part, err := k.get(op, partUser(u, h.slot, i))
		if errors.Is(err, keyring.ErrNotFound) {
			return "", corrupted(fmt.Sprintf("part %d of %d is missing", i, h.n))
		}
		if err != nil {
			return "", err
		}
		b.WriteString(part)
	}
	if digest(b.String()) != h.digest {
		return "", corrupted(fmt.Sprintf("its %d parts do not add up", h.n))
	}
	return b.String(), nil
}

// Delete removes the profile's secret of that kind. Deleting a missing entry is not an error. The
// first entry goes first, so a kill in between leaves nothing readable; leftover parts are cleared by
// the next Set or Delete of that entry.
func (k *Keychain) Delete(profileID string, kind Kind) error {
	u, err := user(profileID, kind)
	if err != nil {
		return err
	}
	op := "delete " + string(kind)
	if k.limit <= 0 {
		return k.del(op, u)
	}
	old, err := k.currentHead(op, u)
	if err != nil {
		return err
	}
	if err := k.del(op, u); err != nil {
		return err
	}
	return k.clearParts(op, u, old)
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

// set, get and del are single keychain entries, each call under the timeout. del ignores a missing entry.
func (k *Keychain) set(op, u, value string) error {
	return k.call(op, func() error { return k.backend.Set(k.service, u, value) })
}

func (k *Keychain) get(op, u string) (string, error) {
	var value string
	err := k.call(op, func() error {
		v, err := k.backend.Get(k.service, u)
		value = v
		return err
	})
	return value, err
}

func (k *Keychain) del(op, u string) error {
	err := k.call(op, func() error { return k.backend.Delete(k.service, u) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// currentHead reads entry u's first entry, for where its parts are; nothing stored or a damaged
// header give the zero head (no slot).
func (k *Keychain) currentHead(op, u string) (head, error) {
	v, err := k.get(op, u)
	if errors.Is(err, keyring.ErrNotFound) {
		return head{}, nil
	}
	if err != nil {
		return head{}, err
	}
	h, _, _ := parseHead(v)
	return h, nil
}

// partsIn is how many parts the head says slot holds (0 when it names another slot).
func (h head) partsIn(slot byte) int {
	if h.slot == slot {
		return h.n
	}
	return 0
}

// clearParts deletes the parts of entry u in both slots, those old names and any left by a kill.
func (k *Keychain) clearParts(op, u string, old head) error {
	for _, slot := range []byte{'a', 'b'} {
		if err := k.clearSlot(op, u, slot, old.partsIn(slot)); err != nil {
			return err
		}
	}
	return nil
}

// clearSlot deletes the parts of entry u in slot: at least parts 2..known (what a head said, even if
// one of them was removed behind our back), and any further ones. Parts are written from 2 upwards and
// deleted from the top down, so those a kill leaves are always 2..m: it counts up to the first missing
// one past known, then deletes from the top down to 2.
func (k *Keychain) clearSlot(op, u string, slot byte, known int) error {
	m := max(known, 1)
	for ; m < MaxValueLen; m++ {
		_, err := k.get(op, partUser(u, slot, m+1))
		if errors.Is(err, keyring.ErrNotFound) {
			break
		}
		if err != nil {
			return err
		}
	}
	for i := m; i >= 2; i-- {
		if err := k.del(op, partUser(u, slot, i)); err != nil {
			return err
		}
	}
	return nil
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
		if errors.Is(err, keyring.ErrSetDataTooBig) {
			// The keychain works; this one value is over its size limit (partLimits is wrong for it).
			return fmt.Errorf("secrets: the keychain refused to %s: the entry is larger than this keychain takes: %w", op, err)
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
