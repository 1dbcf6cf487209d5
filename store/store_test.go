package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scimrenew/internal/winetest"
	"scimrenew/ownerfile"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sampleProfile(name string) Profile {
	return Profile{
		Name:         name,
		HubURL:       "https://acme.qorusdocs.com",
		SCIMURL:      "https://acme.qorusdocs.com/scim/v2",
		ClientID:     "client-123",
		OktaOrgURL:   "https://acme.okta.com",
		OktaAppID:    "0oa1abcd",
		OktaAppName:  "scim2testapp",
		RemindMonths: DefaultRemindMonths,
	}
}

func TestOpenSetsPragmasAndSchema(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v", fk, err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != 3 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	for _, name := range []string{FileName, FileName + "-wal", FileName + "-shm"} {
		if err := ownerfile.Check(filepath.Join(dir, name)); err != nil && !winetest.Limit(t, winetest.NoFileDACL) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Reopening does not re-run migrations.
	s2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
}

func TestRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "newer SCIM Renew") {
		t.Fatalf("want a newer-schema error, got %v", err)
	}
}

func TestProfileCRUDAndValidation(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p, err := s.CreateProfile(ctx, sampleProfile("Acme"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.ID) != 36 || p.RemindMonths != 1 || len(p.RemindDays) != 3 {
		t.Fatalf("created profile %+v", p)
	}
	if _, err := s.CreateProfile(ctx, sampleProfile("acme")); err == nil {
		t.Fatal("duplicate name (case-insensitive) accepted")
	} else {
		var fe FieldErrors
		if !errors.As(err, &fe) || fe[FieldName] == "" {
			t.Fatalf("want a name field error, got %v", err)
		}
	}
	p.SCIMURL = "http://acme.qorusdocs.com/scim"
	if _, err := s.UpdateProfile(ctx, p); err == nil {
		t.Fatal("plain http accepted")
	}
	p.SCIMURL = "https://acme.qorusdocs.com/scim/v2"
	p.TokenURL = "https://acme.qorusdocs.com/oauth/token"
	p.RemindDays = []int{30, 7}
	if _, err := s.UpdateProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := s.ProfileByName(ctx, "ACME")
	if err != nil || !got.APIMode() || got.RemindDays[0] != 30 || got.ClientID != "client-123" {
		t.Fatalf("reloaded %+v, %v", got, err)
	}
	if err := s.DeleteProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Profile(ctx, p.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted profile still there: %v", err)
	}
}

func TestValidateProfileTable(t *testing.T) {
	existing := []NameID{{ID: "other", Name: "Taken"}}
	cases := []struct {
		name  string
		edit  func(*Profile)
		field string
	}{
		{"valid", func(*Profile) {}, ""},
		{"empty name", func(p *Profile) { p.Name = "" }, FieldName},
		{"spaces name", func(p *Profile) { p.Name = "  " }, FieldName},
		{"padded name", func(p *Profile) { p.Name = " Acme" }, FieldName},
		{"control in name", func(p *Profile) { p.Name = "Ac\x07me" }, FieldName},
		{"duplicate name", func(p *Profile) { p.Name = "taken" }, FieldName},
		{"long name", func(p *Profile) { p.Name = strings.Repeat("x", 65) }, FieldName},
		{"http hub", func(p *Profile) { p.HubURL = "http://acme.qorusdocs.com" }, FieldHubURL},
		{"loopback http ok", func(p *Profile) { p.HubURL = "http://127.0.0.1:8080" }, ""},
		{"creds in url", func(p *Profile) { p.SCIMURL = "https://u:p@acme.qorusdocs.com/scim" }, FieldSCIMURL},
		{"fragment", func(p *Profile) { p.SCIMURL = "https://acme.qorusdocs.com/scim#x" }, FieldSCIMURL},
		{"idn raw", func(p *Profile) { p.HubURL = "https://bücher.example" }, FieldHubURL},
		{"idn punycode", func(p *Profile) { p.HubURL = "https://xn--bcher-kva.example" }, ""},
		{"token url optional", func(p *Profile) { p.TokenURL = "" }, ""},
		{"bad token url", func(p *Profile) { p.TokenURL = "ftp://x" }, FieldTokenURL},
		{"client id space", func(p *Profile) { p.ClientID = "abc def" }, FieldClientID},
		{"client id newline", func(p *Profile) { p.ClientID = "abc\n" }, FieldClientID},
		{"client id empty", func(p *Profile) { p.ClientID = "" }, FieldClientID},
		{"okta app without org", func(p *Profile) { p.OktaOrgURL = "" }, FieldOktaOrgURL},
		{"service app needs client", func(p *Profile) { p.OktaCredKind = OktaCredServiceApp }, FieldOktaClientID},
		{"unknown cred", func(p *Profile) { p.OktaCredKind = "password" }, FieldOktaCredKind},
		{"bad days", func(p *Profile) { p.RemindDays = []int{-1} }, FieldRemindDays},
		{"days too far", func(p *Profile) { p.RemindDays = []int{14, 367} }, FieldRemindDays},
		{"months zero", func(p *Profile) { p.RemindMonths = 0 }, FieldRemindMonths},
		{"months 1", func(p *Profile) { p.RemindMonths = 1 }, ""},
		{"months 11", func(p *Profile) { p.RemindMonths = 11 }, ""},
		{"months 12", func(p *Profile) { p.RemindMonths = 12 }, FieldRemindMonths},
		{"months negative", func(p *Profile) { p.RemindMonths = -1 }, FieldRemindMonths},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := sampleProfile("Acme")
			p.ID = "self"
			c.edit(&p)
			errs := ValidateProfile(p, existing)
			if c.field == "" && errs != nil {
				t.Fatalf("unexpected errors %v", errs)
			}
			if c.field != "" && errs[c.field] == "" {
				t.Fatalf("want an error on %s, got %v", c.field, errs)
			}
		})
	}
}

func TestRenewalLifecycle(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	p, _ := s.CreateProfile(ctx, sampleProfile("Acme"))
	oldPrev, _ := s.InsertToken(ctx, Token{ProfileID: p.ID, Fingerprint: Fingerprint("a"), CreatedAt: now.AddDate(-2, 0, 0), ExpiresAt: now.AddDate(-1, 0, 0), ExpirySource: "jwt_exp", Status: TokenPrevious})
	oldCur, _ := s.InsertToken(ctx, Token{ProfileID: p.ID, Fingerprint: Fingerprint("b"), CreatedAt: now.AddDate(-1, 0, 0), ExpiresAt: now.AddDate(0, 0, 5), ExpirySource: "jwt_exp", Status: TokenCurrent})
	if err := s.ReplaceReminders(ctx, oldCur, []Reminder{{Kind: "7d", DueAt: now.AddDate(0, 0, -2)}}); err != nil {
		t.Fatal(err)
	}

	r, resumed, err := s.BeginRenewal(ctx, p.ID, "api", "win-1", time.Minute)
	if err != nil || resumed || r.State != StateStarted {
		t.Fatalf("begin: %+v %v %v", r, resumed, err)
	}
	var held *LeaseHeldError
	if _, _, err := s.BeginRenewal(ctx, p.ID, "api", "cli-2", time.Minute); !errors.As(err, &held) || held.Owner != "win-1" {
		t.Fatalf("second owner got %v, want LeaseHeldError", err)
	}
	if err := s.SetRenewalState(ctx, r.ID, "cli-2", StateCreating); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("write without lease: %v", err)
	}
	if err := s.SetRenewalState(ctx, r.ID, "win-1", StateCreating); err != nil {
		t.Fatal(err)
	}
	tid, err := s.RecordCreatedToken(ctx, r.ID, "win-1", Token{ProfileID: p.ID, Fingerprint: Fingerprint("c"), CreatedAt: now, ExpiresAt: now.AddDate(1, 0, 0), ExpirySource: "jwt_exp"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkVerified(ctx, r.ID, "win-1", now); err != nil {
		t.Fatal(err)
	}
	// The lease expires; another owner takes over and resumes.
	now = now.Add(2 * time.Minute)
	r2, resumed, err := s.BeginRenewal(ctx, p.ID, "api", "cli-2", time.Minute)
	if err != nil || !resumed || r2.ID != r.ID || r2.State != StateVerified || r2.TokenID != tid {
		t.Fatalf("takeover: %+v resumed=%v %v", r2, resumed, err)
	}
	if err := s.MarkInstalled(ctx, r.ID, "win-1", now, InstallAPI); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("old owner still writes: %v", err)
	}
	if err := s.MarkInstalled(ctx, r.ID, "cli-2", now, InstallAPI); err != nil {
		t.Fatal(err)
	}
	res, err := s.FinishRenewal(ctx, r.ID, "cli-2")
	if err != nil {
		t.Fatal(err)
	}
	if res.Current.ID != tid || res.Current.Status != TokenCurrent || res.Current.InstallMethod != InstallAPI || res.Current.VerifiedAt.IsZero() {
		t.Fatalf("current %+v", res.Current)
	}
	if res.Previous == nil || res.Previous.ID != oldCur || len(res.Superseded) != 1 || res.Superseded[0].ID != oldPrev {
		t.Fatalf("finish result %+v", res)
	}
	statuses := map[int64]string{}
	toks, _ := s.Tokens(ctx, p.ID)
	for _, tk := range toks {
		statuses[tk.ID] = tk.Status
	}
	if statuses[oldPrev] != TokenSuperseded || statuses[oldCur] != TokenPrevious || statuses[tid] != TokenCurrent {
		t.Fatalf("statuses %v", statuses)
	}
	if toks[0].ID != tid {
		t.Fatalf("history not newest first: %+v", toks)
	}
	if rs, _ := s.TokenReminders(ctx, oldCur); len(rs) != 0 {
		t.Fatalf("old token's reminders not cancelled: %+v", rs)
	}
	if _, err := s.OpenRenewal(ctx, p.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("renewal still open: %v", err)
	}
}

func TestCancelRenewal(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p, _ := s.CreateProfile(ctx, sampleProfile("Acme"))
	r, _, _ := s.BeginRenewal(ctx, p.ID, "hub_page", "me", time.Minute)
	tid, err := s.RecordCreatedToken(ctx, r.ID, "me", Token{ProfileID: p.ID, Fingerprint: Fingerprint("x"), CreatedAt: time.Now(), ExpiresAt: time.Now().AddDate(1, 0, 0), ExpirySource: "assumed_12_months"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.CancelRenewal(ctx, r.ID, "me")
	if err != nil || got != tid {
		t.Fatalf("cancel: %d %v", got, err)
	}
	tk, _ := s.Token(ctx, tid)
	if tk.Status != TokenAbandoned {
		t.Fatalf("status %s", tk.Status)
	}
	// A new renewal can start at once.
	if _, resumed, err := s.BeginRenewal(ctx, p.ID, "hub_page", "other", time.Minute); err != nil || resumed {
		t.Fatalf("new renewal after cancel: %v %v", resumed, err)
	}
}

func TestRemindersDueSnoozeDismiss(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	p, _ := s.CreateProfile(ctx, sampleProfile("Acme"))
	tid, _ := s.InsertToken(ctx, Token{ProfileID: p.ID, Fingerprint: Fingerprint("t"), CreatedAt: now.AddDate(-1, 0, 0), ExpiresAt: now.AddDate(0, 0, 10), ExpirySource: "jwt_exp", Status: TokenCurrent})
	err := s.ReplaceReminders(ctx, tid, []Reminder{
		{Kind: "first", DueAt: now.AddDate(0, 0, -20)},
		{Kind: "14d", DueAt: now.AddDate(0, 0, -4)},
		{Kind: "7d", DueAt: now.AddDate(0, 0, 3)},
	})
	if err != nil {
		t.Fatal(err)
	}
	due, err := s.DueReminders(ctx, now)
	if err != nil || len(due) != 2 || due[0].ProfileName != "Acme" || due[0].TokenExpiresAt.IsZero() {
		t.Fatalf("due %+v %v", due, err)
	}
	if err := s.MarkFired(ctx, []int64{due[0].ID}, now); err != nil {
		t.Fatal(err)
	}
	if err := s.Dismiss(ctx, due[1].ID, now); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueReminders(ctx, now); len(due) != 0 {
		t.Fatalf("still due: %+v", due)
	}
	if err := s.Snooze(ctx, due[0].ID, now.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.DueReminders(ctx, now.Add(23*time.Hour)); len(d) != 0 {
		t.Fatalf("snoozed reminder due early: %+v", d)
	}
	if d, _ := s.DueReminders(ctx, now.Add(24*time.Hour)); len(d) != 1 {
		t.Fatalf("snoozed reminder not due: %+v", d)
	}
	next, err := s.NextReminder(ctx, p.ID)
	if err != nil || next.Kind != "7d" && next.Kind != "first" {
		t.Fatalf("next %+v %v", next, err)
	}
	// Rescheduling keeps the fired reminder and does not duplicate kinds.
	if err := s.ReplaceReminders(ctx, tid, []Reminder{{Kind: "7d", DueAt: now.AddDate(0, 0, 3)}, {Kind: "first", DueAt: now}}); err != nil {
		t.Fatal(err)
	}
	all, _ := s.TokenReminders(ctx, tid)
	if len(all) != 3 {
		t.Fatalf("after reschedule %d reminders: %+v", len(all), all)
	}
	// A token that is no longer current has no due reminders.
	if _, err := s.MarkExpired(ctx, tid); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.DueReminders(ctx, now.AddDate(1, 0, 0)); len(d) != 0 {
		t.Fatalf("expired token still reminds: %+v", d)
	}
}

func TestNoSecretColumns(t *testing.T) {
	s := openTest(t)
	rows, err := s.db.Query("SELECT name FROM pragma_table_info('tokens') UNION ALL SELECT name FROM pragma_table_info('profiles')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		if strings.Contains(n, "secret") || n == "token" || strings.Contains(n, "password") {
			t.Errorf("column %q looks like it would hold a secret", n)
		}
	}
}

// TestMigrationFromV1KeepsSnoozes opens a database written at schema 1 (before next_at existed).
func TestMigrationFromV1KeepsSnoozes(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, FileName)+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := migrationFiles.ReadFile("migrations/0001_init.sql")
	stmts := []string{
		string(v1), "PRAGMA user_version = 1",
		`INSERT INTO profiles(id, name, hub_url, scim_url, client_id, created_at, updated_at) VALUES('p', 'P', 'https://h', 'https://h/s', 'c', 1, 1)`,
		`INSERT INTO tokens(id, profile_id, fingerprint, created_at, expires_at, expiry_source, status) VALUES(1, 'p', 'f', 1, 9000000000000, 'jwt_exp', 'current')`,
		`INSERT INTO reminders(token_id, kind, due_at, snoozed_until) VALUES(1, 'first', 1000, 5000), (1, '7d', 2000, NULL)`,
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
	due, err := s.DueReminders(context.Background(), time.UnixMilli(3000))
	if err != nil || len(due) != 1 || due[0].Kind != "7d" {
		t.Fatalf("due at 3000 after migration: %+v %v", due, err)
	}
	due, _ = s.DueReminders(context.Background(), time.UnixMilli(5000))
	if len(due) != 2 {
		t.Fatalf("the snoozed reminder is not due at its snooze time: %+v", due)
	}
}

func TestTokensPage(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p, _ := s.CreateProfile(ctx, sampleProfile("Acme"))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 25 {
		if _, err := s.InsertToken(ctx, Token{
			ProfileID: p.ID, Fingerprint: Fingerprint(fmt.Sprint(i)), CreatedAt: base.Add(time.Duration(i) * time.Hour),
			ExpiresAt: base.AddDate(1, 0, 0), ExpirySource: "jwt_exp", Status: TokenSuperseded,
		}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.CountTokens(ctx, p.ID); err != nil || n != 25 {
		t.Fatalf("count %d %v", n, err)
	}
	all, _ := s.Tokens(ctx, p.ID)
	var paged []Token
	for off := 0; ; off += 10 {
		page, err := s.TokensPage(ctx, p.ID, off, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
	}
	if len(paged) != len(all) {
		t.Fatalf("paged %d rows, all %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i].ID != all[i].ID {
			t.Fatalf("row %d: page order %d, full order %d", i, paged[i].ID, all[i].ID)
		}
	}
}

func TestOpenEphemeralSkipsFsyncOnly(t *testing.T) {
	s, err := OpenEphemeral(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var sync, fk int
	var mode string
	_ = s.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	_ = s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	_ = s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if sync != 0 || fk != 1 || mode != "wal" {
		t.Fatalf("synchronous=%d foreign_keys=%d journal=%s; want 0, 1, wal", sync, fk, mode)
	}
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_ = d.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	if sync != 2 {
		t.Fatalf("the real store's synchronous=%d, want 2 (FULL)", sync)
	}
}
