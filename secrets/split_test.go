package secrets

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/zalando/go-keyring"
)

// limitBackend stands in for another OS's keychain on top of a real one: it refuses a value over limit
// bytes the way go-keyring does on Windows (ErrSetDataTooBig), so a Keychain given that limit must
// split, and a split that produced an oversized entry fails the test.
type limitBackend struct {
	backend
	limit int
}

func (b limitBackend) Set(service, user, password string) error {
	if len(password) > b.limit {
		return keyring.ErrSetDataTooBig
	}
	return b.backend.Set(service, user, password)
}

// newLimitedKeychain is a Keychain on the real keyring (a service of its own) that behaves as on goos.
func newLimitedKeychain(t *testing.T, goos string) *Keychain {
	t.Helper()
	k := newTestKeychain(t)
	k.limit = partLimit(goos)
	k.backend = limitBackend{backend: goKeyring{}, limit: k.limit}
	return k
}

// mixedText returns n bytes of text made of 1- to 4-byte UTF-8 characters, so a cut at a fixed byte
// count would land inside a character.
func mixedText(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	hex := secretValue(t, n)
	for i := 0; b.Len() < n; i++ {
		for _, r := range []string{hex[i%len(hex) : i%len(hex)+1], "é", "€", "𝄞"} {
			if b.Len()+len(r) <= n {
				b.WriteString(r)
			}
		}
	}
	return b.String()
}

// partsLeft returns how many part entries of u exist in either slot, probing past any gap.
func partsLeft(t *testing.T, k *Keychain, u string) int {
	t.Helper()
	left := 0
	for _, slot := range []byte{'a', 'b'} {
		for i := 2; i <= MaxValueLen/k.limit+2; i++ {
			if _, err := k.backend.Get(k.service, partUser(u, slot, i)); err == nil {
				left++
			} else if !errors.Is(err, keyring.ErrNotFound) {
				t.Fatal(err)
			}
		}
	}
	return left
}

// TestSplitUnderEachOSLimit stores secrets of every awkward size through the Windows and macOS limits
// on the real keyring: each reads back whole, no entry passes the limit, and a rewrite or a delete
// leaves no part behind.
func TestSplitUnderEachOSLimit(t *testing.T) {
	requireKeyring(t)
	for _, goos := range []string{"windows", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			k := newLimitedKeychain(t, goos)
			id, lim := uuid.NewString(), k.limit
			u := id + "/" + string(KindTokenCurrent)
			values := map[string]string{
				"1 byte": "x", "limit-1": secretValue(t, lim-1), "limit": secretValue(t, lim-lim%2),
				"limit+1": secretValue(t, lim+2), "3 parts": secretValue(t, 2*lim+8),
				"16 KiB token": secretValue(t, 16<<10), "RSA-4096 key": mixedText(t, 3300),
				"mixed UTF-8": mixedText(t, 3*lim+1), "largest": secretValue(t, MaxValueLen),
			}
			order := []string{
				"3 parts", "1 byte", "largest", "16 KiB token", "limit", "mixed UTF-8",
				"limit-1", "RSA-4096 key", "limit+1",
			}
			for _, name := range order {
				if err := k.Set(id, KindTokenCurrent, values[name]); err != nil {
					t.Fatalf("Set %s: %v", name, err)
				}
				got, err := k.Get(id, KindTokenCurrent)
				if err != nil {
					t.Fatalf("Get %s: %v", name, err)
				}
				sameSecret(t, name, got, values[name])
				want := (len(values[name]) - 1) / lim // parts beyond the first, give or take the header
				if n := partsLeft(t, k, u); n < want || n > want+1 {
					t.Fatalf("after storing %s: %d part entries, want %d or %d", name, n, want, want+1)
				}
			}
			if err := k.Delete(id, KindTokenCurrent); err != nil {
				t.Fatal(err)
			}
			wantNotFound(t, k, id, KindTokenCurrent)
			if n := partsLeft(t, k, u); n != 0 {
				t.Fatalf("after Delete: %d part entries left", n)
			}
		})
	}
}

// TestSplitKilledAtEveryWrite kills a rewrite after each of its keychain writes in turn: the entry
// then reads back as the old value or the new one, whole (never a mix, never "corrupted"), and the
// next write leaves no stray part.
func TestSplitKilledAtEveryWrite(t *testing.T) {
	lim := partLimit("windows")
	big1, big2, small := secretValue(t, 3*lim), secretValue(t, 2*lim+4), secretValue(t, 40)
	cases := []struct{ name, old, new string }{
		{"split over split", big1, big2},
		{"plain over split", big1, small},
		{"split over plain", small, big2},
		{"split over nothing", "", big1},
	}
	for _, c := range cases {
		for crashAt := 0; killedRewrite(t, lim, c.name, c.old, c.new, crashAt); crashAt++ {
		}
	}
}

// killedRewrite stores old, then new with a kill after crashAt writes, then checks what reads back
// and that a further write and a delete leave nothing. It reports whether the kill came before the end.
func killedRewrite(t *testing.T, lim int, name, old, new string, crashAt int) bool {
	t.Helper()
	id := uuid.NewString()
	mem := &crashingBackend{entries: map[string]string{}, crashAt: -1}
	k := newWithBackend("test", time.Second, limitBackend{backend: mem, limit: lim})
	k.limit = lim
	if old != "" {
		if err := k.Set(id, KindTokenPending, old); err != nil {
			t.Fatal(err)
		}
	}
	mem.writes, mem.crashAt = 0, crashAt
	err := k.Set(id, KindTokenPending, new)
	mem.crashAt = -1 // the restart
	got, gerr := k.Get(id, KindTokenPending)
	switch {
	case err == nil && (gerr != nil || got != new):
		t.Fatalf("%s, no kill: Get gave %d bytes, %v", name, len(got), gerr)
	case err != nil && !errors.Is(err, errKilled):
		t.Fatalf("%s, kill after %d writes: %v", name, crashAt, err)
	case gerr == nil && got != old && got != new:
		t.Fatalf("%s, kill after %d writes: read a %d-byte value that is neither", name, crashAt, len(got))
	case gerr != nil && !(old == "" && errors.Is(gerr, ErrNotFound)):
		t.Fatalf("%s, kill after %d writes: Get: %v", name, crashAt, gerr)
	}
	if err := k.Set(id, KindTokenPending, "small"); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete(id, KindTokenPending); err != nil {
		t.Fatal(err)
	}
	if len(mem.entries) != 0 {
		t.Fatalf("%s, kill after %d writes: %d entries left after a rewrite and a delete", name, crashAt, len(mem.entries))
	}
	return err != nil
}

// TestSplitDamageIsReported removes or changes one part behind the Keychain's back (as another program
// could): Get says the secret is incomplete, distinct from "not found" and from "keychain
// unavailable", without the value, and storing it again repairs it.
func TestSplitDamageIsReported(t *testing.T) {
	requireKeyring(t)
	k := newLimitedKeychain(t, "windows")
	id := uuid.NewString()
	u := id + "/" + string(KindOktaCredential)
	value := secretValue(t, 3*k.limit)
	// In this order: the last leaves a gap at part 2, which storing again must still clear.
	damage := []struct {
		name string
		f    func(h head) error
	}{
		{"header bad", func(h head) error { return k.backend.Set(k.service, u, splitPrefix+"c:2:x\n"+h.first) }},
		{"part changed", func(h head) error { return k.backend.Set(k.service, partUser(u, h.slot, 3), "changed") }},
		{"part missing", func(h head) error { return k.backend.Delete(k.service, partUser(u, h.slot, 2)) }},
	}
	for _, d := range damage {
		name, f := d.name, d.f
		if err := k.Set(id, KindOktaCredential, value); err != nil {
			t.Fatal(err)
		}
		first, err := k.backend.Get(k.service, u)
		if err != nil {
			t.Fatal(err)
		}
		h, split, err := parseHead(first)
		if !split || err != nil || h.n != 4 {
			t.Fatalf("stored %d bytes as %+v (split %v, %v), want 4 parts", len(value), h.n, split, err)
		}
		if err := f(h); err != nil {
			t.Fatal(err)
		}
		got, err := k.Get(id, KindOktaCredential)
		if !errors.Is(err, ErrCorrupted) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrUnavailable) || got != "" {
			t.Fatalf("%s: Get gave %d bytes and %v, want only ErrCorrupted", name, len(got), err)
		}
		if msg := err.Error(); strings.Contains(msg, value[:16]) || strings.Contains(msg, h.first[:16]) ||
			!strings.Contains(msg, string(KindOktaCredential)) || !strings.Contains(msg, "enter it again") {
			t.Fatalf("%s: the message must name the kind and the remedy, never the value: %q", name, msg)
		}
	}
	if err := k.Set(id, KindOktaCredential, value); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get(id, KindOktaCredential)
	if err != nil {
		t.Fatalf("after storing again: %v", err)
	}
	sameSecret(t, "after storing again", got, value)
	if err := k.DeleteProfile(id); err != nil {
		t.Fatal(err)
	}
	if n := partsLeft(t, k, u); n != 0 {
		t.Fatalf("after DeleteProfile: %d part entries left", n)
	}
}

// TestDarwinPartFitsSecurityCommand rebuilds the command go-keyring sends to `security -i` on macOS for
// the largest entry this package writes there (longest profile ID, longest kind, part suffix, a long
// service name) and checks it stays within the 4,096 bytes go-keyring allows.
func TestDarwinPartFitsSecurityCommand(t *testing.T) {
	quote := func(s string) string { // go-keyring's internal shellescape.Quote
		if regexp.MustCompile(`[^\w@%+=:,./-]`).MatchString(s) {
			return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
		}
		return s
	}
	service := "io.scimrenew.test." + uuid.NewString() // the longest service the app or its tests use
	user := partUser(strings.Repeat("f", 128)+"/"+string(KindHubClientSecret), 'b', MaxValueLen/partLimit("darwin")+1)
	password := "go-keyring-base64:" + base64.StdEncoding.EncodeToString(make([]byte, partLimit("darwin")))
	command := fmt.Sprintf("add-generic-password -U -s %s -a %s -w %s\n", quote(service), quote(user), quote(password))
	if len(command) > 4096 {
		t.Fatalf("the darwin part limit %d makes a %d-byte security command; go-keyring allows 4096", partLimit("darwin"), len(command))
	}
	if partLimit("windows") > 2560 || partLimit("linux") != 0 {
		t.Fatalf("limits %v: Credential Manager takes 2,560 bytes; Secret Service needs no split", partLimits)
	}
}

// TestSplitPrefixIsReserved: a value that looks like a split header would be misread, so it is refused.
func TestSplitPrefixIsReserved(t *testing.T) {
	for _, s := range []store{NewMemory(), newWithBackend("test", time.Second, &crashingBackend{entries: map[string]string{}, crashAt: -1})} {
		err := s.Set(uuid.NewString(), KindTokenCurrent, splitPrefix+"a:2:0\nx")
		if err == nil || errors.Is(err, ErrUnavailable) {
			t.Fatalf("%T: Set of a reserved value: %v", s, err)
		}
	}
}

// TestLargeSecretsFitThisOSKeychain stores a 16 KiB token and an RSA-4096 key in this OS's own
// keychain with its own limit (Credential Manager under Wine, Secret Service on Linux).
func TestLargeSecretsFitThisOSKeychain(t *testing.T) {
	requireKeyring(t)
	k := newTestKeychain(t)
	id := uuid.NewString()
	for name, value := range map[string]string{"16 KiB token": secretValue(t, 16<<10), "RSA-4096 key": mixedText(t, 3300)} {
		if err := k.Set(id, KindTokenPending, value); err != nil {
			t.Fatalf("Set %s: %v", name, err)
		}
		got, err := k.Get(id, KindTokenPending)
		if err != nil {
			t.Fatalf("Get %s: %v", name, err)
		}
		sameSecret(t, name, got, value)
	}
	if err := k.DeleteProfile(id); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, k, id, KindTokenPending)
}
