package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkHistoryQuery is the history screen's query (Tokens, newest first) over a database of 10,000
// tokens: all in one profile (the query returns 10,000 rows, far more than any tenant will ever have),
// and spread over 1,000 profiles of 10 (the query returns 10). Target: at most 5 ms (make bench).
func BenchmarkHistoryQuery(b *testing.B) {
	for _, c := range []struct {
		name               string
		profiles, perProfs int
	}{
		{"all_in_one_profile", 1, 10_000},
		{"spread_over_1000_profiles", 1_000, 10},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			s, id := seedHistory(b, c.profiles, c.perProfs)
			for b.Loop() {
				ts, err := s.Tokens(ctx, id)
				if err != nil || len(ts) != c.perProfs || ts[0].Status != TokenCurrent {
					b.Fatalf("Tokens = %d rows, %v; want %d, newest (current) first", len(ts), err, c.perProfs)
				}
			}
		})
	}
}

// seedHistory makes a store with profiles × perProfile tokens (one current and one previous per profile,
// the rest superseded, an hour apart) and returns it with the last profile's ID.
func seedHistory(b *testing.B, profiles, perProfile int) (*Store, string) {
	b.Helper()
	ctx := context.Background()
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	newest := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	var id string
	for p := range profiles {
		prof, err := s.CreateProfile(ctx, sampleProfile(fmt.Sprintf("Tenant %04d", p)))
		if err != nil {
			b.Fatal(err)
		}
		id = prof.ID
		for i := range perProfile {
			status := TokenSuperseded
			switch i {
			case 0:
				status = TokenCurrent
			case 1:
				status = TokenPrevious
			}
			created := newest.Add(-time.Duration(i) * time.Hour)
			if _, err := s.InsertToken(ctx, Token{
				ProfileID: id, Fingerprint: Fingerprint(fmt.Sprintf("token-%04d-%05d", p, i)),
				CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0), ExpirySource: "jwt_exp", VerifiedAt: created,
				InstalledAt: created, InstallMethod: InstallAPI, Status: status,
			}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return s, id
}

// BenchmarkHistoryFirstPage is what the history screen asks for when it opens a profile with 10,000
// tokens: the count (for the table's length) and the first page of rows. Target: at most 5 ms.
func BenchmarkHistoryFirstPage(b *testing.B) {
	ctx := context.Background()
	s, id := seedHistory(b, 1, 10_000)
	for b.Loop() {
		n, err := s.CountTokens(ctx, id)
		if err != nil || n != 10_000 {
			b.Fatalf("CountTokens = %d, %v", n, err)
		}
		ts, err := s.TokensPage(ctx, id, 0, 100)
		if err != nil || len(ts) != 100 || ts[0].Status != TokenCurrent {
			b.Fatalf("TokensPage = %d rows, %v", len(ts), err)
		}
	}
}
