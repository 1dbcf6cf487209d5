package secrets

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestKeychainVisibleToSecretTool pins the on-disk format other tools (and the admin) see: attributes
// service=<service> and username=<profile>/<kind>.
func TestKeychainVisibleToSecretTool(t *testing.T) {
	requireKeyring(t)
	tool := lookPath(t, "secret-tool")
	k := newTestKeychain(t)
	id := uuid.NewString()
	want := "ünïcode-" + secretValue(t, 40)
	if err := k.Set(id, KindTokenCurrent, want); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "lookup", "service", k.service, "username", id+"/token-current").Output()
	if err != nil {
		t.Fatalf("secret-tool lookup: %v", err)
	}
	sameSecret(t, "secret-tool lookup", strings.TrimSuffix(string(out), "\n"), want)

	// And the other way: what secret-tool stores under that key, Get reads.
	other := secretValue(t, 40)
	store := exec.Command(tool, "store", "--label=test", "service", k.service, "username", id+"/okta-credential")
	store.Stdin = strings.NewReader(other)
	if err := store.Run(); err != nil {
		t.Fatalf("secret-tool store: %v", err)
	}
	got, err := k.Get(id, KindOktaCredential)
	if err != nil {
		t.Fatal(err)
	}
	sameSecret(t, "Get of a secret-tool entry", got, other)
}

func lookPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	msg := name + " not found: run scripts/deps.sh"
	if os.Getenv("CI") == "true" || os.Getenv("SCIMRENEW_TEST_KEYRING") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}
