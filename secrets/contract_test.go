package secrets

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// store is what both implementations offer; the contract below runs against each.
type store interface {
	Set(profileID string, kind Kind, value string) error
	Get(profileID string, kind Kind) (string, error)
	Delete(profileID string, kind Kind) error
	DeleteProfile(profileID string) error
	Probe() error
	Move(profileID string, from, to Kind) error
}

var (
	_ store = (*Keychain)(nil)
	_ store = (*Memory)(nil)
)

// secretValue returns a fresh random value that looks like a token; tests compare it, never print it.
func secretValue(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n/2)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// sameSecret fails the test without printing either value.
func sameSecret(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got a %d-byte value, want the %d-byte value that was stored", what, len(got), len(want))
	}
}

func wantNotFound(t *testing.T, s store, id string, kind Kind) {
	t.Helper()
	v, err := s.Get(id, kind)
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrUnavailable) {
		t.Fatalf("Get(%s) after removal: err = %v (value of %d bytes), want ErrNotFound", kind, err, len(v))
	}
}

func TestMethodSetsIdentical(t *testing.T) {
	k, m := reflect.TypeOf(&Keychain{}), reflect.TypeOf(&Memory{})
	if k.NumMethod() != m.NumMethod() {
		t.Fatalf("Keychain has %d methods, Memory %d", k.NumMethod(), m.NumMethod())
	}
	for i := 0; i < k.NumMethod(); i++ {
		km := k.Method(i)
		mm, ok := m.MethodByName(km.Name)
		if !ok {
			t.Errorf("Memory lacks %s", km.Name)
			continue
		}
		// Drop the receiver so the two signatures compare.
		if sig(km.Type) != sig(mm.Type) {
			t.Errorf("%s: Keychain %s, Memory %s", km.Name, sig(km.Type), sig(mm.Type))
		}
	}
}

func sig(f reflect.Type) string {
	var in, out []string
	for i := 1; i < f.NumIn(); i++ {
		in = append(in, f.In(i).String())
	}
	for i := 0; i < f.NumOut(); i++ {
		out = append(out, f.Out(i).String())
	}
	return "(" + strings.Join(in, ",") + ")(" + strings.Join(out, ",") + ")"
}

func TestMemoryContract(t *testing.T) {
	runContract(t, func(t *testing.T) store { return NewMemory() })
}

func TestKeychainContract(t *testing.T) {
	requireKeyring(t)
	runContract(t, func(t *testing.T) store { return newTestKeychain(t) })
}

func runContract(t *testing.T, open func(t *testing.T) store) {
	t.Run("set get delete every kind", func(t *testing.T) {
		s, id := open(t), uuid.NewString()
		for _, kind := range Kinds() {
			want := secretValue(t, 40)
			if err := s.Set(id, kind, want); err != nil {
				t.Fatalf("Set(%s): %v", kind, err)
			}
			got, err := s.Get(id, kind)
			if err != nil {
				t.Fatalf("Get(%s): %v", kind, err)
			}
			sameSecret(t, "Get "+string(kind), got, want)
			replaced := secretValue(t, 40)
			if err := s.Set(id, kind, replaced); err != nil {
				t.Fatalf("Set(%s) again: %v", kind, err)
			}
			got, _ = s.Get(id, kind)
			sameSecret(t, "Get after replace "+string(kind), got, replaced)
			if err := s.Delete(id, kind); err != nil {
				t.Fatalf("Delete(%s): %v", kind, err)
			}
			wantNotFound(t, s, id, kind)
			if err := s.Delete(id, kind); err != nil {
				t.Fatalf("Delete(%s) of a missing entry: %v, want nil", kind, err)
			}
		}
	})
	t.Run("values survive byte for byte", func(t *testing.T) {
		s, id := open(t), uuid.NewString()
		cases := map[string]string{
			"unicode":  "clé-🔑-密钥-ключ-" + secretValue(t, 8),
			"4 KiB":    secretValue(t, 4096),
			"64 KiB":   secretValue(t, MaxValueLen),
			"newlines": "line1\nline2\r\n\tend " + secretValue(t, 8),
			"quotes":   `"'` + "`$(x);&|" + secretValue(t, 8),
		}
		for name, want := range cases {
			if err := s.Set(id, KindOktaCredential, want); err != nil {
				t.Fatalf("%s: Set: %v", name, err)
			}
			got, err := s.Get(id, KindOktaCredential)
			if err != nil {
				t.Fatalf("%s: Get: %v", name, err)
			}
			sameSecret(t, name, got, want)
		}
	})
	t.Run("delete profile removes all its kinds and nothing else", func(t *testing.T) {
		s, id, other := open(t), uuid.NewString(), uuid.NewString()
		keep := secretValue(t, 32)
		for _, kind := range Kinds() {
			if err := s.Set(id, kind, secretValue(t, 32)); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Set(other, KindTokenCurrent, keep); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteProfile(id); err != nil {
			t.Fatalf("DeleteProfile: %v", err)
		}
		for _, kind := range Kinds() {
			wantNotFound(t, s, id, kind)
		}
		got, err := s.Get(other, KindTokenCurrent)
		if err != nil {
			t.Fatalf("other profile's token after DeleteProfile: %v", err)
		}
		sameSecret(t, "other profile's token", got, keep)
		if err := s.DeleteProfile(id); err != nil {
			t.Fatalf("DeleteProfile of a profile with no entries: %v", err)
		}
	})
	t.Run("move", func(t *testing.T) { testMove(t, open(t)) })
	t.Run("probe", func(t *testing.T) {
		if err := open(t).Probe(); err != nil {
			t.Fatalf("Probe: %v", err)
		}
	})
	t.Run("bad input", func(t *testing.T) { testBadInput(t, open(t)) })
}

func testMove(t *testing.T, s store) {
	id := uuid.NewString()
	cur, prev := secretValue(t, 48), secretValue(t, 48)
	if err := s.Set(id, KindTokenCurrent, cur); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(id, KindTokenPrevious, prev); err != nil {
		t.Fatal(err)
	}
	if err := s.Move(id, KindTokenCurrent, KindTokenPrevious); err != nil {
		t.Fatalf("Move: %v", err)
	}
	got, err := s.Get(id, KindTokenPrevious)
	if err != nil {
		t.Fatalf("Get previous after Move: %v", err)
	}
	sameSecret(t, "previous after Move", got, cur)
	wantNotFound(t, s, id, KindTokenCurrent)

	// Nothing to move: an error, and the destination keeps what it had.
	err = s.Move(id, KindTokenCurrent, KindTokenPrevious)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Move from a missing entry: %v, want ErrNotFound", err)
	}
	got, _ = s.Get(id, KindTokenPrevious)
	sameSecret(t, "previous after a failed Move", got, cur)
	if err := s.Move(id, KindTokenPrevious, KindTokenPrevious); err == nil {
		t.Fatal("Move onto itself: no error")
	}
}

func testBadInput(t *testing.T, s store) {
	value := secretValue(t, 32)
	cases := []struct {
		name  string
		id    string
		kind  Kind
		value string
	}{
		{"empty profile", "", KindTokenCurrent, value},
		{"slash in profile", "a/b", KindTokenCurrent, value},
		{"space in profile", "a b", KindTokenCurrent, value},
		{"newline in profile", "a\nb", KindTokenCurrent, value},
		{"long profile", strings.Repeat("a", 129), KindTokenCurrent, value},
		{"unknown kind", uuid.NewString(), Kind("token"), value},
		{"empty kind", uuid.NewString(), Kind(""), value},
		{"empty value", uuid.NewString(), KindTokenCurrent, ""},
		{"oversized value", uuid.NewString(), KindTokenCurrent, value + strings.Repeat("x", MaxValueLen)},
	}
	for _, c := range cases {
		err := s.Set(c.id, c.kind, c.value)
		if err == nil {
			t.Errorf("%s: Set accepted it", c.name)
			continue
		}
		if errors.Is(err, ErrUnavailable) || errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v: bad input must not look like a keychain fault", c.name, err)
		}
		if strings.Contains(err.Error(), value) {
			t.Errorf("%s: the error message carries the secret value", c.name)
		}
		if c.value == value { // the key itself is bad: every other method must refuse it too
			if _, err := s.Get(c.id, c.kind); err == nil || errors.Is(err, ErrNotFound) {
				t.Errorf("%s: Get: %v, want an input error", c.name, err)
			}
			if err := s.Delete(c.id, c.kind); err == nil {
				t.Errorf("%s: Delete accepted it", c.name)
			}
		}
	}
	if err := s.DeleteProfile(""); err == nil {
		t.Error("DeleteProfile(\"\") accepted it")
	}
}
