//go:build unix

package renewal

import "testing"

// holdProcessHandle does nothing on Unix: a reaped process leaves nothing to hold.
func holdProcessHandle(*testing.T, int) {}
