package renewal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/secrets"
	"scimrenew/store"
)

// requireKeyring skips without a real Secret Service, except in CI, where its absence is a failure.
func requireKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") == "1" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI must run this test against a real keychain: run it under scripts/with-keyring.sh")
	}
	t.Skip("needs a real keychain (Secret Service): run under scripts/with-keyring.sh go test ./renewal/...")
}

// TestCrashChild is the child half of TestCrashSafety; on its own it skips.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(envCrashDir)
	if dir == "" {
		t.Skip("helper process of TestCrashSafety")
	}
	os.Exit(crashChild(dir))
}

func crashChild(dir string) int {
	if point := os.Getenv(envCrashKill); point != "" {
		crashHook = func(p string) {
			if p == point {
				killSelf()
				select {} // never go on past the kill point
			}
		}
	}
	st, err := store.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: open store:", err)
		return 3
	}
	defer st.Close()
	kc := secrets.New(os.Getenv(envCrashService), 10*time.Second)
	e := New(Config{
		Store: st, Keychain: kc, Hub: hub.NewClient(), Owner: crashOwner, LeaseTTL: 5 * time.Second,
		Okta: func(p store.Profile) (Okta, error) {
			cred, err := kc.Get(p.ID, secrets.KindOktaCredential)
			if errors.Is(err, secrets.ErrNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			return okta.NewClient(p.OktaOrgURL, okta.SSWS(cred))
		},
	})
	ctx, cancel := context.WithTimeout(context.Background(), childBudget)
	defer cancel()
	findings, err := e.Reconcile(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: reconcile:", err)
		return 3
	}
	for _, f := range findings {
		fmt.Printf("FINDING %s repaired=%v\n", f.Kind, f.Repaired)
	}
	profileID := os.Getenv(envCrashProfile)
	if os.Getenv(envCrashResume) == "1" {
		// As the app does at start: the home screen offers Continue only for an unfinished renewal.
		if _, err := st.OpenRenewal(ctx, profileID); errors.Is(err, store.ErrNotFound) {
			fmt.Println("RESULT done (nothing left to continue)")
			return 0
		}
	}
	s, err := e.Begin(ctx, profileID)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: begin:", err)
		return 3
	}
	defer s.Close()
	return driveChild(ctx, s, dir)
}

// driveChild walks the renewal as the wizard does: auto-advance, capture from the "clipboard" when the
// Hub page is the source, and ask before creating again.
func driveChild(ctx context.Context, s *Session, dir string) int {
	for {
		err := s.Run(ctx, nil)
		switch {
		case err == nil:
			fmt.Println("RESULT done")
			return 0
		case errors.Is(err, ErrConfirmCreate):
			if os.Getenv(envCrashConfirm) != "1" {
				fmt.Printf("RESULT ask state=%s confirm=%v\n", s.Renewal().State, s.NeedsCreateConfirmation())
				return exitAsk
			}
			err = s.Create(ctx, true)
		case errors.Is(err, ErrNeedsCapture):
			var b []byte
			if b, err = os.ReadFile(filepath.Join(dir, clipboard)); err == nil {
				err = s.Capture(ctx, string(b))
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "child: renewal:", err)
			return 3
		}
	}
}
