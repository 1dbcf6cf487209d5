//go:build cgo

package store

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// isUniqueViolation reports whether err is SQLite refusing a row that breaks a UNIQUE constraint.
func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}
