package sandbox

import (
	"sync"
	"time"
)

// Clock is the sandbox's injected clock: real time plus an offset that only the sandbox's "Jump ahead"
// control moves, so a new user can watch reminders fall due. Outside the sandbox the app uses time.Now
// and nothing can shift it.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now returns the shifted time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Jump moves the clock forward by d (never backward).
func (c *Clock) Jump(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// JumpMonths moves the clock forward by n calendar months from the current shifted date.
func (c *Clock) JumpMonths(n int) {
	now := c.Now()
	c.Jump(now.AddDate(0, n, 0).Sub(now))
}

// Offset returns how far the clock has been moved.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

func (c *Clock) set(offset time.Duration) {
	c.mu.Lock()
	c.offset = offset
	c.mu.Unlock()
}
