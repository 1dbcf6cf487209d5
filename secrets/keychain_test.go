package secrets

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/zalando/go-keyring"
)

// requireKeyring stops a test that needs a real Secret Service when there is none: a skip on a
// developer's machine, a failure in CI (where scripts/with-keyring.sh must have provided one).
func requireKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") == "1" {
		return
	}
	msg := "no real keyring session (SCIMRENEW_TEST_KEYRING is not 1): run under scripts/with-keyring.sh, as `make test` does"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// newTestKeychain returns a Keychain on the real keyring under a service name of its own, removed after.
func newTestKeychain(t *testing.T) *Keychain {
	t.Helper()
	service := "io.scimrenew.test." + uuid.NewString()
	t.Cleanup(func() {
		if err := keyring.DeleteAll(service); err != nil {
			t.Errorf("cleaning up service %s: %v", service, err)
		}
	})
	return New(service, 0)
}

func TestKeychainServicesIsolated(t *testing.T) {
	requireKeyring(t)
	a, b := newTestKeychain(t), newTestKeychain(t)
	id := uuid.NewString()
	va, vb := secretValue(t, 32), secretValue(t, 32)
	if err := a.Set(id, KindHubClientSecret, va); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, b, id, KindHubClientSecret)
	if err := b.Set(id, KindHubClientSecret, vb); err != nil {
		t.Fatal(err)
	}
	got, _ := a.Get(id, KindHubClientSecret)
	sameSecret(t, "service A after B wrote", got, va)
	if err := b.DeleteProfile(id); err != nil {
		t.Fatal(err)
	}
	got, err := a.Get(id, KindHubClientSecret)
	if err != nil {
		t.Fatalf("service A after B deleted the profile: %v", err)
	}
	sameSecret(t, "service A after B deleted the profile", got, va)
}

// blockingBackend never answers until released, like go-keyring at an unlock prompt.
type blockingBackend struct{ release chan struct{} }

func (b blockingBackend) Set(string, string, string) error { <-b.release; return nil }
func (b blockingBackend) Get(string, string) (string, error) {
	<-b.release
	return "", keyring.ErrNotFound
}
func (b blockingBackend) Delete(string, string) error { <-b.release; return nil }

func TestTimeoutFiresAndStuckCallsFailFast(t *testing.T) {
	b := blockingBackend{release: make(chan struct{})}
	k := newWithBackend("test", 200*time.Millisecond, b)
	id := uuid.NewString()

	start := time.Now()
	err := k.Set(id, KindTokenPending, secretValue(t, 32))
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Fatalf("Set took %v with a 200ms timeout", elapsed)
	}
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, errTimedOut) {
		t.Fatalf("Set on a blocked keychain: %v, want ErrUnavailable caused by the timeout", err)
	}
	if !strings.Contains(err.Error(), remedy()) || (runtime.GOOS == "linux" && !strings.Contains(err.Error(), "gnome-keyring")) {
		t.Errorf("message does not say what to do: %v", err)
	}

	// While that call is stuck, others fail at once instead of stacking up prompts.
	start = time.Now()
	for name, f := range map[string]func() error{
		"Probe": k.Probe,
		"Get":   func() error { _, err := k.Get(id, KindTokenPending); return err },
		"Move":  func() error { return k.Move(id, KindTokenPending, KindTokenCurrent) },
	} {
		if err := f(); !errors.Is(err, ErrUnavailable) || !errors.Is(err, errStillWaiting) {
			t.Errorf("%s while stuck: %v, want ErrUnavailable (still waiting)", name, err)
		}
	}
	if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
		t.Errorf("calls while stuck took %v, want immediate", elapsed)
	}

	// Once the prompt is answered the keychain works again.
	close(b.release)
	deadline := time.Now().Add(2 * time.Second)
	for k.stuck.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := k.Probe(); err != nil {
		t.Fatalf("Probe after release: %v", err)
	}
}

// crashingBackend is an in-memory keychain that "kills" the process (fails every call) after a given
// number of writes, to check what a kill in the middle of Move leaves behind.
type crashingBackend struct {
	mu      sync.Mutex
	entries map[string]string
	writes  int
	crashAt int
}

var errKilled = errors.New("killed")

func (c *crashingBackend) write(f func()) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.writes == c.crashAt {
		return errKilled
	}
	c.writes++
	f()
	return nil
}

func (c *crashingBackend) Set(_, u, v string) error {
	return c.write(func() { c.entries[u] = v })
}

func (c *crashingBackend) Get(_, u string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[u]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (c *crashingBackend) Delete(_, u string) error {
	return c.write(func() { delete(c.entries, u) })
}

func TestMoveKilledAtEveryStepKeepsTheValue(t *testing.T) {
	id := uuid.NewString()
	value := secretValue(t, 48)
	for crashAt := 0; crashAt <= 2; crashAt++ {
		b := &crashingBackend{entries: map[string]string{id + "/token-current": value}, crashAt: crashAt}
		err := newWithBackend("test", time.Second, b).Move(id, KindTokenCurrent, KindTokenPrevious)
		if crashAt < 2 && !errors.Is(err, errKilled) {
			t.Fatalf("kill after %d writes: Move returned %v", crashAt, err)
		}
		from, to := b.entries[id+"/token-current"], b.entries[id+"/token-previous"]
		if from != value && to != value {
			t.Fatalf("kill after %d writes: the value is in neither entry", crashAt)
		}
		if crashAt == 2 && (err != nil || from != "" || to != value) {
			t.Fatalf("completed Move: err %v, source left %d bytes, destination %d bytes", err, len(from), len(to))
		}
	}
}

// TestKeychainRealCallsAreFast checks that a healthy keyring answers far inside the per-call timeout, so
// the timeout never fires in normal use.
func TestKeychainRealCallsAreFast(t *testing.T) {
	requireKeyring(t)
	k := newTestKeychain(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	id := uuid.NewString()
	for i := 0; i < 20 && ctx.Err() == nil; i++ {
		if err := k.Set(id, KindTokenPending, secretValue(t, 64)); err != nil {
			t.Fatal(err)
		}
		if _, err := k.Get(id, KindTokenPending); err != nil {
			t.Fatal(err)
		}
	}
	if ctx.Err() != nil {
		t.Fatal("20 set/get pairs on a healthy keyring took more than 10 s")
	}
}
