package applog

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func randomSecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// forms lists the encodings under which a leaked secret would still be readable.
func forms(s string) []string {
	return []string{
		s,
		base64.StdEncoding.EncodeToString([]byte(s)),
		base64.RawURLEncoding.EncodeToString([]byte(s)),
		url.QueryEscape(s),
	}
}

type tokenHolder struct{ token string }

func (h tokenHolder) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", "acme"), slog.String("token", h.token))
}

type hubConfig struct {
	Name         string
	ClientID     string
	ClientSecret string
}

// TestNoSecretInTheLogAtAnyLevel logs known secrets every careless way at every level, with --debug so
// stderr gets them too, then searches the file and stderr for them.
func TestNoSecretInTheLogAtAnyLevel(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	log, closer, err := setup(dir, true, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	token, client, okta := randomSecret(t), randomSecret(t), randomSecret(t)
	jwt := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"scim","exp":4102444800}`)) + "." + randomSecret(t)
	pemKey := "-----BEGIN PRIVATE KEY-----\nMIIE" + randomSecret(t) + "\n" + randomSecret(t) + "\n-----END PRIVATE KEY-----"
	secrets := []string{token, client, okta, jwt, pemKey}

	levels := []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError}
	ctx := context.Background()
	for _, level := range levels {
		// Secret-named keys, whatever their spelling or depth.
		log.Log(ctx, level, "secret-named attrs",
			"token", token, "client_secret", client, "ClientSecret", client, "okta-credential", okta,
			"private_key", pemKey, "Authorization", "Bearer "+token, "password", client,
			"access_token", jwt, "refreshToken", token, "api_key", okta,
			slog.Group("profile", "client_secret", client, slog.Group("okta", "credential", okta)),
			"holder", tokenHolder{token: token})
		log.With("token", token).WithGroup("hub").Log(ctx, level, "with attrs", "secret", client)
		// Secrets hidden inside innocuous keys and the message.
		log.Log(ctx, level, "calling Hub with Authorization: Bearer "+token+" and "+jwt,
			"header", "Bearer "+token, "jwt", jwt, "callback", "https://x.example/cb?state=1&access_token="+token,
			"body", `{"client_secret":"`+client+`","id":"x"}`, "key", pemKey, "okta", "SSWS "+okta,
			"config", hubConfig{Name: "acme", ClientID: "cid", ClientSecret: client},
			"map", map[string]string{"token": token}, "raw", []byte("password="+client),
			"err", fmt.Errorf("POST /token: client_secret=%s rejected: %w", client, errors.New("401")))
	}
	if err := closer.Close(); err != nil {
		t.Fatal(err)
	}

	file, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"log file": string(file), "stderr": stderr.String()} {
		if n := strings.Count(content, "\n"); n != 3*len(levels) {
			t.Errorf("%s has %d lines, want %d: the records were not all written", name, n, 3*len(levels))
		}
		if n := strings.Count(content, Redacted); n < 20*len(levels) {
			t.Errorf("%s has %d redactions, want at least %d", name, n, 20*len(levels))
		}
		for i, s := range secrets {
			for j, f := range forms(s) {
				if strings.Contains(content, f) {
					t.Errorf("%s holds secret #%d in form #%d", name, i, j)
				}
			}
		}
		// The PEM body lines are secret on their own too.
		for _, l := range strings.Split(pemKey, "\n")[1:3] {
			if strings.Contains(content, l) {
				t.Errorf("%s holds a line of the private key", name)
			}
		}
	}
}

func TestRedactionKeepsOrdinaryAttrs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewRedactingHandler(slog.NewTextHandler(&buf, nil)))
	errText := "secrets: the OS keychain is unavailable (store token-pending: an earlier request is still waiting)"
	log.Info("renewal created the token for acme", "profile", "acme", "token_fingerprint", "sha256:ab12cd",
		"token_endpoint", "https://hub.example/oauth/token", "kind", "token-current", "client_id", "0oa1",
		"err", errors.New(errText), "url", "https://acme.okta.com/api/v1/apps?limit=20")
	out := buf.String()
	for _, want := range []string{
		`msg="renewal created the token for acme"`, "profile=acme", "token_fingerprint=sha256:ab12cd",
		"token_endpoint=https://hub.example/oauth/token", "kind=token-current", "client_id=0oa1",
		errText, "url=\"https://acme.okta.com/api/v1/apps?limit=20\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lost %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, Redacted) {
		t.Errorf("nothing secret was logged, yet something was redacted:\n%s", out)
	}
}
