package secrets

import (
	"fmt"
	"sync"
)

// Memory keeps secrets in process memory only, with the same methods and rules as Keychain. The sandbox
// uses it as its keychain, and the app falls back to it when no keychain is available, so secrets last
// until the app quits and are never written anywhere. The zero value is ready to use and it is safe for
// concurrent use.
type Memory struct {
	mu      sync.Mutex
	entries map[string]string
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{} }

// Set stores value as the profile's secret of that kind, replacing any earlier one.
func (m *Memory) Set(profileID string, kind Kind, value string) error {
	u, err := user(profileID, kind)
	if err != nil {
		return err
	}
	if err := checkValue(value); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = make(map[string]string)
	}
	m.entries[u] = value
	return nil
}

// Get returns the profile's secret of that kind, or an error matching ErrNotFound.
func (m *Memory) Get(profileID string, kind Kind) (string, error) {
	u, err := user(profileID, kind)
	if err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	value, ok := m.entries[u]
	if !ok {
		return "", notFound(profileID, kind)
	}
	return value, nil
}

// Delete removes the profile's secret of that kind. Deleting a missing entry is not an error.
func (m *Memory) Delete(profileID string, kind Kind) error {
	u, err := user(profileID, kind)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, u)
	return nil
}

// DeleteProfile removes every secret of the profile.
func (m *Memory) DeleteProfile(profileID string) error {
	if err := checkProfileID(profileID); err != nil {
		return err
	}
	for _, kind := range Kinds() {
		if err := m.Delete(profileID, kind); err != nil {
			return err
		}
	}
	return nil
}

// Probe always succeeds: memory is always there.
func (m *Memory) Probe() error { return nil }

// Move makes the profile's secret of kind from its secret of kind to and removes from, like
// Keychain.Move. A missing from gives an error matching ErrNotFound and leaves to untouched.
func (m *Memory) Move(profileID string, from, to Kind) error {
	if from == to {
		return fmt.Errorf("secrets: cannot move %s onto itself", from)
	}
	if _, err := user(profileID, to); err != nil {
		return err
	}
	value, err := m.Get(profileID, from)
	if err != nil {
		return err
	}
	if err := m.Set(profileID, to, value); err != nil {
		return err
	}
	return m.Delete(profileID, from)
}
