package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// call is one external call of the app.
type call int

const (
	callCreate   call = iota // Hub: create a token (API mode), through the engine
	callProbe                // Hub: the SCIM probe of the new token, through the engine
	callOktaRead             // Okta: read the provisioning connection, through the engine's install
	callOktaSet              // Okta: set the token on the connection, through the engine's install
	callOktaLog              // Okta: the System Log, through the reminders health check
)

var callNames = []string{"Hub create", "SCIM probe", "Okta read connection", "Okta set token", "Okta System Log"}

func (c call) String() string { return callNames[c] }

// fault is one way an external call can fail.
type fault int

const (
	f401 fault = iota
	f403
	f404
	f429
	f500
	f503
	fTimeout
	fRefused
	fTLS
	fHTML
	fMalformed
	fBig
)

var faultNames = []string{
	"401", "403", "404", "429", "500", "503", "timeout", "refused", "TLS", "HTML",
	"malformed JSON", "2 MiB body",
}

func (f fault) String() string { return faultNames[f] }

// matrixFile, when set (go test ./e2e/ -run TestFaultMatrix -args -matrix-md FILE), receives the printed
// matrix as Markdown, e.g. for the README.
var matrixFile = flag.String("matrix-md", "", "write the fault matrix as Markdown to this file")

// cellResult is one cell of the printed matrix.
type cellResult struct {
	outcome  string // where the renewal stands, or what the health check said
	message  string // the message the admin sees, with loopback ports blanked
	problems []string
}

// matrix collects the cells of the parallel subtests for the table printed at the end.
type matrix struct {
	mu    sync.Mutex
	cells map[[2]int]cellResult
}

func (m *matrix) put(c call, f fault, r cellResult) {
	m.mu.Lock()
	m.cells[[2]int{int(c), int(f)}] = r
	m.mu.Unlock()
}

// TestFaultMatrix drives every external call into every fault, through the engine (or the health check
// for the System Log), and checks the promise of DESIGN.md: no panic, a specific message per cell that
// carries no secret, the renewal left resumable at the step that failed with its error stored, no token
// lost, and a create whose outcome is unknowable left in `creating` asking the admin. Each cell then
// clears the fault, resumes in a new engine (as after a restart) and finishes the renewal.
func TestFaultMatrix(t *testing.T) {
	m := &matrix{cells: map[[2]int]cellResult{}}
	t.Cleanup(func() { m.report(t) })
	for c := callCreate; c <= callOktaLog; c++ {
		for f := f401; f <= fBig; f++ {
			t.Run(c.String()+"/"+f.String(), func(t *testing.T) {
				t.Parallel()
				res := runCell(t, c, f)
				for _, p := range res.problems {
					t.Error(p)
				}
				m.put(c, f, res)
			})
		}
	}
}

// runCell runs one cell and returns what it found; a panic is a problem of the cell, not a crash.
func runCell(t *testing.T, c call, f fault) (res cellResult) {
	defer func() {
		if v := recover(); v != nil {
			res.problems = append(res.problems, fmt.Sprintf("panic: %v", v))
			res.outcome = "PANIC"
		}
	}()
	w := newWorld(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if c == callOktaLog {
		return runLogCell(ctx, w, f)
	}
	return runRenewalCell(ctx, w, c, f)
}

// runRenewalCell brings a renewal to the faulty call, makes the call fail, checks the aftermath, then
// resumes and finishes the renewal with the fault gone.
func runRenewalCell(ctx context.Context, w *world, c call, f fault) cellResult {
	var res cellResult
	problem := func(format string, a ...any) {
		res.problems = append(res.problems, w.secrets.redact(fmt.Sprintf(format, a...)))
	}
	s := beginAt(ctx, w, c)
	defer s.Close()
	issuedBefore := w.hub.Requests().TokensIssued
	inject(w, c, f)
	want := expect(c, f)
	probe, err := fire(ctx, s, c)
	if err == nil {
		problem("the call succeeded despite the fault")
		return res
	}
	res.message = w.secrets.redact(normalise(err.Error()))
	checkMessage(w, c, f, err.Error(), want, problem)
	if want.is != nil && !errors.Is(err, want.is) {
		problem("error does not match %v", want.is)
	}
	if c == callProbe && probe.Class != want.class {
		problem("probe class %q, want %q", probe.Class, want.class)
	}
	r, rerr := w.st.OpenRenewal(ctx, w.p.ID)
	if rerr != nil {
		problem("no unfinished renewal after the fault: %v", rerr)
		return res
	}
	res.outcome = r.State
	if want.confirm {
		res.outcome += " (ask)"
	}
	if !want.stored {
		res.outcome += " (manual install)"
	}
	checkJournal(r, s, err, want, problem)
	checkNoTokenLost(ctx, w, r, problem)
	if c == callCreate && f == fTimeout && w.hub.Requests().TokensIssued != issuedBefore+1 {
		problem("the slow Hub should have created a token the app never received (the case the admin is asked about)")
	}
	s.Close()
	resume(ctx, w, want, r.LastError, problem)
	return res
}

// beginAt begins a renewal and runs, fault-free, the steps before call c.
func beginAt(ctx context.Context, w *world, c call) *renewal.Session {
	s, err := w.engine("e2e fault matrix").Begin(ctx, w.p.ID)
	if err != nil {
		w.t.Fatalf("begin: %v", err)
	}
	if c >= callProbe {
		mustStep(w.t, "create", s.Create(ctx, false))
		w.secrets.add("new token", w.slot(secrets.KindTokenPending)) // the token the probe and Okta calls carry
	}
	if c >= callOktaRead {
		_, err := s.Verify(ctx)
		mustStep(w.t, "verify", err)
	}
	return s
}

// fire makes the engine's call c.
func fire(ctx context.Context, s *renewal.Session, c call) (hub.ProbeResult, error) {
	switch c {
	case callCreate:
		return hub.ProbeResult{}, s.Create(ctx, false)
	case callProbe:
		return s.Verify(ctx)
	}
	return hub.ProbeResult{}, s.InstallAPI(ctx)
}

// checkJournal: the renewal stands at the step that failed, with the error stored (or not, for a detour
// to a manual step), asking before another create when the Hub may have made a token.
func checkJournal(r store.Renewal, s *renewal.Session, err error, want expectation, problem func(string, ...any)) {
	if r.State != want.state {
		problem("journal state %q, want %q", r.State, want.state)
	}
	if want.stored && r.LastError != err.Error() {
		problem("stored error %q, want the error returned", r.LastError)
	}
	if !want.stored && r.LastError != "" {
		problem("an error was stored for a normal detour: %q", r.LastError)
	}
	if got := s.NeedsCreateConfirmation(); got != want.confirm {
		problem("NeedsCreateConfirmation = %v, want %v", got, want.confirm)
	}
}

func mustStep(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s before the fault: %v", what, err)
	}
}

// checkNoTokenLost: a pending token in the keychain has its row, a row has its keychain copy, and the
// current token is untouched.
func checkNoTokenLost(ctx context.Context, w *world, r store.Renewal, problem func(string, ...any)) {
	pending := w.slot(secrets.KindTokenPending)
	switch {
	case r.TokenID == 0 && pending != "":
		problem("a pending token is in the keychain but no row records it")
	case r.TokenID != 0:
		row, err := w.st.Token(ctx, r.TokenID)
		if err != nil {
			problem("reading the new token's row: %v", err)
		} else if store.Fingerprint(pending) != row.Fingerprint || row.Status != store.TokenPending {
			problem("the keychain's pending token does not match its row (status %q)", row.Status)
		}
		if pending != "" {
			w.secrets.add("new token", pending)
		}
	}
	if w.slot(secrets.KindTokenCurrent) != w.current {
		problem("the current token left the keychain")
	}
	if cur, err := w.st.CurrentToken(ctx, w.p.ID); err != nil || cur.Fingerprint != store.Fingerprint(w.current) {
		problem("the current token's row changed: %v", err)
	}
}

// runLogCell: the health check probes the current token (fine) and reads the System Log (faulty).
func runLogCell(ctx context.Context, w *world, f fault) cellResult {
	var res cellResult
	problem := func(format string, a ...any) {
		res.problems = append(res.problems, w.secrets.redact(fmt.Sprintf(format, a...)))
	}
	svc := w.health()
	inject(w, callOktaLog, f)
	h, err := svc.CheckHealth(ctx, w.p.ID)
	if err != nil {
		problem("a System Log failure failed the whole health check: %v", err)
	}
	res.message = w.secrets.redact(normalise(h.OktaError))
	res.outcome = "probe " + string(h.Result) + ", log unread"
	if h.Result != hub.ProbeOK {
		problem("the Hub probe said %q", h.Result)
	}
	if h.OktaChecked || h.OktaError == "" {
		problem("the log failure was not reported (checked=%v)", h.OktaChecked)
	} else {
		checkMessage(w, callOktaLog, f, h.OktaError, expect(callOktaLog, f), problem)
	}
	w.clearFaults()
	h, err = svc.CheckHealth(ctx, w.p.ID)
	if err != nil || !h.OktaChecked || h.OktaError != "" {
		problem("after the fault cleared the log was not read: %v %q", err, h.OktaError)
	}
	return res
}

var ports = regexp.MustCompile(`127\.0\.0\.1:\d+`)

// normalise blanks loopback ports, which differ from cell to cell.
func normalise(msg string) string { return ports.ReplaceAllString(msg, "HOST") }

// generic are texts that would tell the admin nothing.
var generic = regexp.MustCompile(`(?i)^(\w+: )?(error|failed|unexpected (status|error|response)|internal error|bad request|unknown error)\.?$`)

// actionable are the words of advice a message must contain.
var actionable = regexp.MustCompile(`(?i)\b(check|try again|settings|wait|open|ask|choose|correct|copy|paste|retry|grant|create a new|enter|use)\b`)

func checkMessage(w *world, c call, f fault, msg string, want expectation, problem func(string, ...any)) {
	switch {
	case len(msg) < 40 || generic.MatchString(msg):
		problem("the message is generic: %q", msg)
	case strings.Contains(msg, "%!"):
		problem("the message has a formatting error: %q", msg)
	case !actionable.MatchString(msg):
		problem("the message gives no advice: %q", msg)
	}
	for _, ph := range want.phrases {
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(ph)) {
			problem("the message should say %q for %s/%s: %q", ph, c, f, msg)
		}
	}
	if hits := w.secrets.findString(msg); len(hits) > 0 {
		problem("the message contains a secret: %v", hits)
	}
}

// report prints the matrix and checks that, within a call, different faults never read the same.
func (m *matrix) report(t *testing.T) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "\n| call \\ fault | %s |\n|---|%s\n", strings.Join(faultNames, " | "), strings.Repeat("---|", len(faultNames)))
	pass, total := 0, 0
	for c := callCreate; c <= callOktaLog; c++ {
		fmt.Fprintf(&b, "| %s |", c)
		seen := map[string][]string{}
		for f := f401; f <= fBig; f++ {
			r, ok := m.cells[[2]int{int(c), int(f)}]
			if !ok {
				b.WriteString(" not run |")
				continue
			}
			total++
			mark := "PASS"
			if len(r.problems) > 0 {
				mark = "FAIL"
			} else {
				pass++
			}
			fmt.Fprintf(&b, " %s %s |", mark, r.outcome)
			seen[r.message] = append(seen[r.message], f.String())
		}
		b.WriteString("\n")
		for msg, fs := range seen {
			if len(fs) > 1 {
				t.Errorf("%s: faults %v give the same message %q", c, fs, msg)
			}
		}
	}
	fmt.Fprintf(&b, "\n%d of %d cells pass. A cell names the journal state the renewal is left in, where it "+
		"resumes once the fault is gone (each cell resumes and finishes it in a new engine); \"(ask)\": the Hub "+
		"may have made a token, so the admin is asked before another create; \"(manual install)\": the admin "+
		"is sent to the app's Provisioning tab. The System Log row is the health check, which reports the log "+
		"failure and keeps the probe's result.\n", pass, total)
	t.Log(b.String())
	if *matrixFile != "" {
		if err := os.WriteFile(*matrixFile, []byte(b.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
	if testing.Verbose() {
		var lines []string
		for k, r := range m.cells {
			lines = append(lines, fmt.Sprintf("%-22s %-15s %s", call(k[0]), fault(k[1]), r.message))
		}
		sort.Strings(lines)
		t.Log("messages:\n" + strings.Join(lines, "\n"))
	}
}
