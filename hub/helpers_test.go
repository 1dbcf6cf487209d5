package hub

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// fp identifies a secret in test output without revealing it.
func fp(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:4]) + "/len" + strconv.Itoa(len(s))
}

// checkUserText asserts that text is a user-facing sentence that leaks none of the secrets.
func checkUserText(t *testing.T, what, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.TrimSpace(s) != "" && strings.Contains(text, s) {
			t.Fatalf("%s contains a secret (%s)", what, fp(s))
		}
	}
	if text == "" {
		t.Fatalf("%s is empty", what)
	}
	if r := []rune(text)[0]; !unicode.IsUpper(r) {
		t.Errorf("%s does not start with a capital letter: %q", what, text)
	}
	if !strings.HasSuffix(text, ".") {
		t.Errorf("%s does not end with a full stop: %q", what, text)
	}
}

// closedPort returns a loopback URL where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr
}

// fakeClock is a settable clock shared by the fake Hub and the client.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// quietTLSServer is httptest.NewTLSServer without the handshake-error log lines that an untrusting
// client causes on purpose.
func quietTLSServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
