package reminders

import (
	"context"
	"time"
)

// Run is the notification loop: it checks for due reminders at once, then every CheckEvery, and at once
// whenever the clock jumps against the monotonic time (the machine woke from sleep, during which the
// monotonic clock stands still, or the sandbox jumped ahead); and it checks every current token's health
// when HealthEvery has passed since the last check (kept in the store, so a restart does not repeat it).
// It returns when ctx is done. Failures are logged and retried at the next check.
func (s *Service) Run(ctx context.Context) {
	// Read the clocks first: a jump during the first check is then seen at the first tick.
	lastMono, lastWall := time.Now(), s.cfg.Now().Round(0)
	lastCheck := lastMono
	s.runDue(ctx)
	s.maybeHealth(ctx)
	ticker := time.NewTicker(s.cfg.Tick)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		mono, wall := time.Now(), s.cfg.Now().Round(0)
		// mono.Sub uses the monotonic readings; wall readings were stripped of theirs.
		drift := wall.Sub(lastWall) - mono.Sub(lastMono)
		lastMono, lastWall = mono, wall
		jumped := drift > s.cfg.JumpThreshold || drift < -s.cfg.JumpThreshold
		if jumped {
			s.log.Info("clock jumped (wake from sleep or clock change); checking reminders now", "drift", drift.Round(time.Second).String())
		}
		if jumped || mono.Sub(lastCheck) >= s.cfg.CheckEvery {
			lastCheck = mono
			s.runDue(ctx)
		}
		s.maybeHealth(ctx)
	}
}

func (s *Service) runDue(ctx context.Context) {
	if _, err := s.CheckDue(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("reminder check failed", "err", err)
	}
}

// maybeHealth runs CheckAllHealth when HealthEvery has passed on the injected clock since the last run.
func (s *Service) maybeHealth(ctx context.Context) {
	if s.cfg.Prober == nil || s.cfg.Tokens == nil {
		return
	}
	v, err := s.cfg.Store.Meta(ctx, metaHealthAt)
	if err != nil {
		s.log.Warn("could not read when token health was last checked", "err", err)
		return
	}
	if last, err := time.Parse(time.RFC3339Nano, v); err == nil {
		// A last check in the future means the clock was set back; check again rather than wait.
		if elapsed := s.now().Sub(last); elapsed >= 0 && elapsed < s.cfg.HealthEvery {
			return
		}
	}
	if err := s.CheckAllHealth(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("token health check failed", "err", err)
	}
}
