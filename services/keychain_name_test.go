package services

import (
	"testing"

	"scimrenew/secrets"
	"scimrenew/store"
)

// The faces say where secrets are kept: the OS store by its own name, except for a keychain in memory
// given on purpose (the sandbox), whose secrets end with the session; secrets in memory because the OS
// keychain failed still name the OS store, which the text then calls unavailable.
func TestKeychainNameFollowsTheKeychain(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, tc := range []struct {
		name string
		cfg  Config
		want secrets.Names
	}{
		{"the OS keychain (the session's gnome-keyring)", Config{Store: st, KeychainService: "io.scimrenew.test"}, secrets.ThisNames},
		{"memory on purpose (the sandbox)", Config{Store: st, Keychain: secrets.NewMemory()}, secrets.MemoryNames},
		{"memory because the OS keychain failed", Config{Store: st, Keychain: secrets.NewMemory(), Volatile: true}, secrets.ThisNames},
	} {
		if got := New(tc.cfg).KeychainName(); got != tc.want {
			t.Errorf("%s: KeychainName() = %+v, want %+v", tc.name, got, tc.want)
		}
	}
	if secrets.MemoryNames == secrets.ThisNames {
		t.Fatal("memory and the OS store have the same names")
	}
}
