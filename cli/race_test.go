//go:build race

package cli_test

// raceEnabled builds the command under test with -race too, so its goroutines are checked as well.
const raceEnabled = true
