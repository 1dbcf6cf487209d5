// Package store is the one owner of SCIM Renew's SQLite database: the schema and its migrations, and the
// typed queries the rest of the app uses for profiles, token history, the renewal journal and reminders.
//
// It never holds a secret: tokens are recorded by SHA-256 fingerprint only, and client secrets and Okta
// credentials live in the OS keychain (package secrets). It imports nothing of the project but the leaf
// safenet (for the URL rule of profile validation), and no other package speaks SQL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver

	"scimrenew/ownerfile"
)

// FileName is the database file's name inside the data directory.
const FileName = "scimrenew.db"

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrNotFound reports that the row asked for does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is an open database. It is safe for concurrent use.
type Store struct {
	db  *sql.DB
	now func() time.Time
}

// Open opens (creating if needed) the database in dataDir and brings its schema up to date.
func Open(dataDir string) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: cannot create the data folder %s: %w", dataDir, err)
	}
	return OpenFile(filepath.Join(dataDir, FileName))
}

// OpenEphemeral opens a database whose contents are thrown away after use (the sandbox's): the same
// schema and rules, but commits are not flushed to disk, so a throw-away start is not slowed by fsync.
func OpenEphemeral(dataDir string) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: cannot create the data folder %s: %w", dataDir, err)
	}
	return openFile(filepath.Join(dataDir, FileName), "OFF")
}

// OpenFile opens the database at path: WAL journal, foreign keys on, a busy timeout, and immediate
// transactions so two processes never fail a read-then-write transaction with "database is locked".
func OpenFile(path string) (*Store, error) { return openFile(path, "FULL") }

func openFile(path, synchronous string) (*Store, error) {
	// Create the file owner-only before SQLite does (it would use the umask's mode, or the folder's
	// ACL on Windows), then narrow the journal files SQLite makes beside it once they exist.
	f, err := ownerfile.OpenForWrite(path, true)
	if err != nil {
		return nil, fmt.Errorf("store: cannot create %s readable by you alone: %w", path, err)
	}
	_ = f.Close()
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	q.Set("_synchronous", synchronous)
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: cannot open %s: %w", path, err)
	}
	s := &Store{db: db, now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := ownerfile.Restrict(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			db.Close()
			return nil, fmt.Errorf("store: cannot restrict access to %s: %w", p, err)
		}
	}
	return s, nil
}

// SetClock replaces the clock used for timestamps the store sets itself (tests, the sandbox's jump ahead).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// SchemaVersion returns the schema version recorded in the file.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// IntegrityCheck runs SQLite's integrity check and returns its verdict ("ok" when sound).
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&v)
	return v, err
}

// migrationSteps are the steps in Go that follow a migration file, in its transaction, by the schema
// version the file brings: what SQL cannot do well (parsing addresses).
var migrationSteps = map[int]func(context.Context, *sql.Tx) error{
	3: bindExistingProfiles,
}

func (s *Store) migrate(ctx context.Context) error {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: cannot read the database (is it a SCIM Renew database?): %w", err)
	}
	if current > len(names) {
		return fmt.Errorf("store: the database was written by a newer SCIM Renew (schema %d, this build knows %d); update the app", current, len(names))
	}
	for i := current; i < len(names); i++ {
		body, err := migrationFiles.ReadFile("migrations/" + names[i])
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			if step := migrationSteps[i+1]; step != nil {
				if err := step(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %s failed: %w", names[i], err)
		}
	}
	return nil
}

// tx runs fn in one immediate transaction, committing when it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// Meta returns a small non-secret setting kept in the database ("" when unset).
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetMeta stores a small non-secret setting.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx,
		"INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// Times are stored as Unix milliseconds; a NULL or zero column reads back as the zero time.
func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid || v.Int64 == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// collect scans every row of a query into a slice, closing the rows.
func collect[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
