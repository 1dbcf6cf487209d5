package reminders

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkDueCheck is the check the loop runs every 15 minutes, over 1,000 profiles with a current
// token and a full schedule each, when nothing is due (the usual case). Target: at most 1 ms.
func BenchmarkDueCheck(b *testing.B) {
	ctx := context.Background()
	loc := time.UTC
	now := date(loc, 2026, 1, 10, 12, 0)
	st := openStore(b)
	notes := newRecorder()
	svc := NewService(Config{Store: st, Notifier: notes, Now: func() time.Time { return now }, Location: loc})
	for i := range 1000 {
		p := createProfile(b, st, fmt.Sprintf("Tenant %04d", i))
		created := now.AddDate(0, -int(i%6), -(i % 28))
		addToken(b, st, svc, p, fmt.Sprintf("secret-%d", i), created, AddMonthsClamped(created, 12))
	}
	b.ResetTimer()
	for b.Loop() {
		sent, err := svc.CheckDue(ctx)
		if err != nil || sent != 0 {
			b.Fatalf("CheckDue = %d, %v; want nothing due", sent, err)
		}
	}
	b.StopTimer()
	if per := b.Elapsed() / time.Duration(b.N); per > time.Millisecond {
		b.Logf("a due check took %v, above the 1 ms target", per)
	}
}
