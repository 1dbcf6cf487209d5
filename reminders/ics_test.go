package reminders

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"scimrenew/store"
)

func icsFixture(t *testing.T, loc *time.Location) (store.Profile, store.Token, []store.Reminder) {
	t.Helper()
	p := store.Profile{
		ID: "7d1e3a4c-0000-4000-8000-000000000001", Name: "Acme & Co, Europe; \"EU\"",
		UpdatedAt: date(time.UTC, 2025, 2, 1, 8, 0),
	}
	tok := store.Token{
		ID: 3, ProfileID: p.ID, Fingerprint: store.Fingerprint("tok-A"),
		CreatedAt: date(loc, 2025, 3, 31, 10, 0), ExpiresAt: date(loc, 2026, 3, 31, 10, 0),
	}
	return p, tok, Schedule(p, tok, loc)
}

func exportString(t *testing.T, p store.Profile, tok store.Token, rs []store.Reminder) string {
	t.Helper()
	var b bytes.Buffer
	if err := ExportICS(&b, p, tok, rs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestExportICSStructure(t *testing.T) {
	loc := mustLoc(t, "Pacific/Auckland") // 09:00 there is the previous day in UTC: dates must stay local
	p, tok, rs := icsFixture(t, loc)
	out := exportString(t, p, tok, rs)
	lines := checkCRLFLines(t, out)
	for _, want := range []string{"VERSION:2.0", "PRODID:" + icsProductID, "CALSCALE:GREGORIAN"} {
		if !containsLine(lines, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(out, "METHOD") {
		t.Error("the calendar has a METHOD; it must be a plain published calendar, never an invitation")
	}

	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("the library cannot read back what it wrote: %v", err)
	}
	events := cal.Events()
	if len(events) != len(rs) || len(rs) != 5 {
		t.Fatalf("%d events for %d reminders", len(events), len(rs))
	}
	wantDates := []string{"20260228", "20260317", "20260324", "20260330", "20260331"}
	uids := map[string]bool{}
	for i, ev := range events {
		checkEvent(t, ev, wantDates[i])
		if uid := ev.Id(); uids[uid] {
			t.Errorf("UID %q repeated", uid)
		}
		uids[ev.Id()] = true
	}
	// Special characters of the profile name are escaped in the text, and read back intact.
	sum := events[0].GetProperty(ics.ComponentPropertySummary).Value
	if !strings.Contains(out, `Acme & Co\, Europe\; "EU"`) || !strings.Contains(ics.FromText(sum), `Acme & Co, Europe; "EU"`) {
		t.Errorf("summary escaping: %q", sum)
	}
	if n := strings.Count(out, "BEGIN:VALARM"); n != len(rs) {
		t.Errorf("%d VALARMs; want one per event", n)
	}
}

// checkCRLFLines checks RFC 5545's line rules (CRLF endings, at most 75 octets, one VCALENDAR) and
// returns the lines.
func checkCRLFLines(t *testing.T, out string) []string {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatal("the file does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets, over RFC 5545's 75: %q", i+1, len(l), l)
		}
	}
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("not one VCALENDAR: first %q, last %q", lines[0], lines[len(lines)-1])
	}
	return lines
}

// checkEvent checks one reminder event: required properties, an all-day date, a DTSTAMP that does not
// change between exports, a domain-qualified UID and one display alarm.
func checkEvent(t *testing.T, ev *ics.VEvent, wantDate string) {
	t.Helper()
	for _, prop := range []ics.ComponentProperty{
		ics.ComponentPropertyUniqueId, ics.ComponentPropertyDtstamp,
		ics.ComponentPropertyDtStart, ics.ComponentPropertyDtEnd, ics.ComponentPropertySummary,
	} {
		if ev.GetProperty(prop) == nil {
			t.Fatalf("event %s lacks %s", ev.Id(), prop)
		}
	}
	start := ev.GetProperty(ics.ComponentPropertyDtStart)
	if start.Value != wantDate || start.ICalParameters["VALUE"][0] != "DATE" {
		t.Errorf("DTSTART %q %v; want all-day %s", start.Value, start.ICalParameters, wantDate)
	}
	day, _ := time.Parse("20060102", wantDate)
	if end := ev.GetProperty(ics.ComponentPropertyDtEnd); end.Value != day.AddDate(0, 0, 1).Format("20060102") {
		t.Errorf("DTEND %q; want the day after %s (exclusive)", end.Value, wantDate)
	}
	// The token's creation (later than the profile's last change): stable across exports.
	if stamp := ev.GetProperty(ics.ComponentPropertyDtstamp).Value; stamp != "20250330T210000Z" {
		t.Errorf("DTSTAMP %q; want the token's creation in UTC", stamp)
	}
	if !strings.HasSuffix(ev.Id(), icsUIDDomain) {
		t.Errorf("UID %q is not domain-qualified", ev.Id())
	}
	alarms := ev.Alarms()
	if len(alarms) != 1 {
		t.Fatalf("event %s has %d alarms; want 1", ev.Id(), len(alarms))
	}
	want := map[ics.ComponentProperty]string{ics.ComponentPropertyAction: "DISPLAY", ics.ComponentPropertyTrigger: "PT9H"}
	for prop, v := range want {
		if got := alarms[0].GetProperty(prop); got == nil || got.Value != v {
			t.Errorf("alarm %s = %v; want %s", prop, got, v)
		}
	}
	if d := alarms[0].GetProperty(ics.ComponentPropertyDescription); d == nil || d.Value == "" {
		t.Error("a DISPLAY alarm needs a DESCRIPTION (RFC 5545 §3.6.6)")
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

var uidLine = regexp.MustCompile(`(?m)^UID:(.*)\r$`)

func uidsOf(s string) []string {
	var out []string
	for _, m := range uidLine.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestExportICSStableUIDs(t *testing.T) {
	loc := mustLoc(t, "Europe/Berlin")
	p, tok, rs := icsFixture(t, loc)
	first := exportString(t, p, tok, rs)
	// The same token exported again, after the lead times changed and from a reloaded row.
	p.RemindDays = []int{14, 7, 1}
	p.Name = "Acme renamed"
	reloaded := tok
	reloaded.ID = 99 // row numbers differ across data dirs; the fingerprint does not
	again := exportString(t, p, reloaded, Schedule(p, reloaded, loc))
	if a, b := uidsOf(first), uidsOf(again); strings.Join(a, ",") != strings.Join(b, ",") || len(a) != 5 {
		t.Errorf("UIDs changed between exports of the same token:\n%v\n%v", a, b)
	}
	if !strings.Contains(first, tok.ShortFingerprint()) {
		t.Error("the UIDs do not name the token")
	}
	// Another token: every UID differs.
	other := tok
	other.Fingerprint = store.Fingerprint("tok-B")
	seen := map[string]bool{}
	for _, u := range uidsOf(first) {
		seen[u] = true
	}
	for _, u := range uidsOf(exportString(t, p, other, rs)) {
		if seen[u] {
			t.Errorf("UID %q shared by two tokens", u)
		}
	}
	if EventUID(tok, KindFirst) == EventUID(tok, "7d") {
		t.Error("two kinds share a UID")
	}
	if got := EventUID(store.Token{ID: 5}, KindExpiry); got != "scimrenew-token5-expiry"+icsUIDDomain {
		t.Errorf("UID without a fingerprint: %q", got)
	}
}

func TestExportICSDeterministic(t *testing.T) {
	p, tok, rs := icsFixture(t, time.UTC)
	if a, b := exportString(t, p, tok, rs), exportString(t, p, tok, rs); a != b {
		t.Error("two exports of the same schedule differ")
	}
	if err := ExportICS(&bytes.Buffer{}, p, tok, nil); !errors.Is(err, ErrNoReminders) {
		t.Errorf("empty schedule: %v", err)
	}
}

func TestWriteICS(t *testing.T) {
	p, tok, rs := icsFixture(t, time.UTC)
	dir := t.TempDir()
	path := filepath.Join(dir, ICSFileName(p))
	if err := os.WriteFile(path, []byte("old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteICS(path, p, tok, rs); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != exportString(t, p, tok, rs) {
		t.Fatalf("file holds %d bytes, %v; want the export", len(got), err)
	}
	fi, _ := os.Stat(path)
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 { // Windows has no mode bits
		t.Errorf("mode %v; want 0600", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := WriteICS(filepath.Join(dir, "missing", "x.ics"), p, tok, rs); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("unwritable folder: %v", err)
	}
}

func TestICSFileName(t *testing.T) {
	cases := map[string]string{
		"Acme":                      "scim-token-acme.ics",
		"Acme & Co, Europe; \"EU\"": "scim-token-acme-co-europe-eu.ics",
		"  Ünïcödé / Tenant  ":      "scim-token-ünïcödé-tenant.ics",
		"../../etc/passwd":          "scim-token-etc-passwd.ics",
		"***":                       "scim-token.ics",
	}
	for name, want := range cases {
		if got := ICSFileName(store.Profile{Name: name}); got != want {
			t.Errorf("ICSFileName(%q) = %q; want %q", name, got, want)
		}
	}
}
