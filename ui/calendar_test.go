package ui

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"scimrenew/reminders"
	"scimrenew/sandbox"
	"scimrenew/services"
)

// fakeOpener records what the app asked the desktop to open.
type fakeOpener struct {
	mu     sync.Mutex
	opened []*url.URL
	err    error
}

func (f *fakeOpener) open(u *url.URL) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opened = append(f.opened, u)
	return f.err
}

func (f *fakeOpener) last() *url.URL {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.opened) == 0 {
		return nil
	}
	return f.opened[len(f.opened)-1]
}

func TestAddToCalendarWritesTheICSAndOpensIt(t *testing.T) {
	tests := []struct {
		name       string
		downloads  bool  // the home folder has a Downloads folder
		openErr    error // what opening the file does
		wantResult string
	}{
		{"saved to Downloads and opened", true, nil, "and opened it"},
		{"no Downloads: saved in the home folder", false, nil, "and opened it"},
		{"no app for .ics: says where it is", true, errors.New("xdg-open: no method available"), "No app opened it"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv("HOME", home)
			t.Setenv("USERPROFILE", home) // Windows' home
			if tc.downloads {
				if err := os.Mkdir(filepath.Join(home, "Downloads"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			s := newSandboxHarness(t)
			op := &fakeOpener{err: tc.openErr}
			s.ui.opener = op.open
			p := s.profile(sandbox.HubPageProfile)
			s.ui.deps.Services.ScheduleMissingReminders(context.Background())
			hs := s.history(p.ID)
			test.Tap(hs.calendarB)
			s.waitFor("the file to be opened", func() bool {
				return strings.Contains(visibleText(hs.result), tc.wantResult)
			})
			dir := home
			if tc.downloads {
				dir = filepath.Join(home, "Downloads")
			}
			path := filepath.Join(dir, services.CalendarFileName(p))
			if !strings.Contains(hs.result.Text, path) {
				t.Fatalf("result %q does not say where the file is (%s)", hs.result.Text, path)
			}
			if got := op.last(); got == nil || got.Scheme != "file" || got.Path != fileURLPath(path) {
				t.Fatalf("opened %v, want file://%s", got, fileURLPath(path))
			}
			checkICS(t, s, p.ID, path)
			if hs.calendarB.Disabled() {
				t.Fatal("Add to calendar stayed disabled")
			}
		})
	}
}

// checkICS checks the file holds one event per stored reminder of the profile's current token, with CRLF
// line ends and no METHOD (package reminders tests the calendar's content in depth).
func checkICS(t *testing.T, s *sandboxHarness, profileID, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ics := string(b)
	rs, err := s.st.TokenReminders(context.Background(), s.currentToken(profileID).ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(ics, "BEGIN:VEVENT\r\n"); n != len(rs) || n == 0 {
		t.Fatalf("%d events for %d reminders", n, len(rs))
	}
	if strings.Contains(strings.ReplaceAll(ics, "\r\n", ""), "\n") || strings.Contains(ics, "METHOD:") {
		t.Fatal("the calendar has bare LF line ends or a METHOD")
	}
}

func TestAddToCalendarWithoutStoredRemindersUsesTheSchedule(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home) // Windows' home
	s := newSandboxHarness(t)
	s.ui.opener = (&fakeOpener{}).open
	p := s.profile(sandbox.APIProfile) // the demo tokens have no stored reminders until scheduled
	hs := s.history(p.ID)
	test.Tap(hs.calendarB)
	s.waitFor("the file to be opened", func() bool { return strings.Contains(visibleText(hs.result), "and opened it") })
	b, err := os.ReadFile(filepath.Join(home, services.CalendarFileName(p)))
	if err != nil {
		t.Fatal(err)
	}
	want := len(reminders.Schedule(p, s.currentToken(p.ID), nil))
	if n := strings.Count(string(b), "BEGIN:VEVENT"); n != want {
		t.Fatalf("%d events, want the schedule's %d", n, want)
	}
}

// fileURLPath is path as a file URL's path: slashes, and a leading one before a Windows drive
// (file:///C:/Users/...).
func fileURLPath(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}
