//go:build !cgo

package store

// isUniqueViolation: without cgo there is no SQLite driver (go-sqlite3 is C), so no error to sort.
// This file exists so that the package still compiles and vets where cgo is off (CGO_ENABLED=0
// GOOS=darwin on a Linux machine); such a build cannot open a database.
func isUniqueViolation(error) bool { return false }
