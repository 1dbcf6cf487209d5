package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

func TestURLHost(t *testing.T) {
	for in, want := range map[string]string{
		"https://Acme.QorusDocs.com/scim/v2":   "acme.qorusdocs.com",
		"https://acme.qorusdocs.com:443/x":     "acme.qorusdocs.com",
		"https://acme.qorusdocs.com:8443/x":    "acme.qorusdocs.com:8443",
		"http://127.0.0.1:41234/oauth2/token":  "127.0.0.1:41234",
		"http://localhost:80":                  "localhost",
		"https://[::1]:8443/x":                 "[::1]:8443",
		"https://[::1]/x":                      "[::1]",
		"  https://acme.okta.com  ":            "acme.okta.com",
		"https://login.acme.qorusdocs.com/tok": "login.acme.qorusdocs.com",
		"":                                     "",
		"not a url":                            "",
		"/relative/path":                       "",
	} {
		if got := URLHost(in); got != want {
			t.Errorf("URLHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHostsOf(t *testing.T) {
	p := sampleProfile("Acme")
	if h := HostsOf(p); h != (CredentialHosts{Hub: "acme.qorusdocs.com", Okta: "acme.okta.com", SCIM: "acme.qorusdocs.com"}) {
		t.Fatalf("Hub-page mode: %+v", h)
	}
	p.TokenURL = "https://login.qorusdocs.com/oauth2/token"
	if h := HostsOf(p); h.Hub != "login.qorusdocs.com" {
		t.Fatalf("API mode binds the Client Secret to %q, want the token endpoint's host", h.Hub)
	}
}

// A new profile's credentials are bound to its hosts; UpdateProfile keeps the binding whatever the
// addresses become, and UpdateProfileBound moves it.
func TestCredentialHostsFollowOnlyABoundUpdate(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p, err := s.CreateProfile(ctx, sampleProfile("Acme"))
	if err != nil {
		t.Fatal(err)
	}
	want := HostsOf(p)
	if h, err := s.CredentialHosts(ctx, p.ID); err != nil || h != want {
		t.Fatalf("after create: %+v %v, want %+v", h, err, want)
	}
	moved := p
	moved.SCIMURL, moved.OktaOrgURL = "https://evil.example.com/scim/v2", "https://evil.okta.com"
	if _, err := s.UpdateProfile(ctx, moved); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.CredentialHosts(ctx, p.ID); h != want {
		t.Fatalf("UpdateProfile moved the binding to %+v", h)
	}
	if _, err := s.UpdateProfileBound(ctx, moved, HostsOf(moved)); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.CredentialHosts(ctx, p.ID); h != HostsOf(moved) {
		t.Fatalf("UpdateProfileBound left the binding at %+v", h)
	}
	if _, err := s.CredentialHosts(ctx, "no-such-profile"); err != ErrNotFound {
		t.Fatalf("unknown profile: %v", err)
	}
}

// TestMigrationFromV2BindsCredentials opens a database written at schema 2 (before credentials were
// bound to hosts): each profile's credentials are bound to the hosts its addresses named then.
func TestMigrationFromV2BindsCredentials(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, FileName)+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := migrationFiles.ReadFile("migrations/0001_init.sql")
	v2, _ := migrationFiles.ReadFile("migrations/0002_reminder_next_at.sql")
	stmts := []string{
		string(v1), string(v2), "PRAGMA user_version = 2",
		`INSERT INTO profiles(id, name, hub_url, scim_url, client_id, okta_org_url, created_at, updated_at)
			VALUES('page', 'Page', 'https://Acme.qorusdocs.com', 'https://acme.qorusdocs.com:443/scim/v2', 'c', 'https://acme.okta.com', 1, 1)`,
		`INSERT INTO profiles(id, name, hub_url, scim_url, token_url, client_id, created_at, updated_at)
			VALUES('api', 'API', 'http://127.0.0.1:1000', 'http://127.0.0.1:2000/scim/v2', 'http://127.0.0.1:3000/token', 'c', 1, 1)`,
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(context.Background()); v != 3 {
		t.Fatalf("schema %d after opening, want 3", v)
	}
	for id, want := range map[string]CredentialHosts{
		"page": {Hub: "acme.qorusdocs.com", Okta: "acme.okta.com", SCIM: "acme.qorusdocs.com"},
		"api":  {Hub: "127.0.0.1:3000", SCIM: "127.0.0.1:2000"},
	} {
		if h, err := s.CredentialHosts(context.Background(), id); err != nil || h != want {
			t.Errorf("profile %s after the migration: %+v %v, want %+v", id, h, err, want)
		}
	}
}
