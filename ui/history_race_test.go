//go:build race

package ui

// raceEnabled relaxes timing budgets: the race detector slows code several times.
const raceEnabled = true
