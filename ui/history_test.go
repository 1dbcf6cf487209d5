package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/services"
	"scimrenew/store"
)

// seedOldTokens gives a profile n older tokens, each a day older than the last, starting a year before
// its current token; every fifth was installed through the API and probed.
func seedOldTokens(tb testing.TB, st *store.Store, profileID string, before time.Time, n int) []store.Token {
	tb.Helper()
	ctx := context.Background()
	out := make([]store.Token, 0, n)
	for i := range n {
		created := before.AddDate(-1, 0, -i)
		tok := store.Token{
			ProfileID: profileID, Fingerprint: store.Fingerprint(fmt.Sprintf("old token %d", i)),
			CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0), ExpirySource: "jwt_exp",
			VerifiedAt: created, Status: store.TokenSuperseded,
		}
		if i%5 == 0 {
			tok.InstalledAt, tok.InstallMethod = created, store.InstallAPI
			tok.HealthResult, tok.HealthMessage, tok.HealthAt = "ok", "The Hub accepted the token.", created.Add(time.Hour)
		}
		if i == n-1 && n > 1 {
			tok.Status, tok.VerifiedAt = store.TokenAbandoned, time.Time{}
		}
		id, err := st.InsertToken(ctx, tok)
		if err != nil {
			tb.Fatal(err)
		}
		tok.ID = id
		out = append(out, tok)
	}
	return out
}

// history opens the history of a profile and returns the screen.
func (h *harness) history(profileID string) *historyScreen {
	h.t.Helper()
	h.ui.goHistory(profileID)
	s, ok := h.ui.current().(*historyScreen)
	if !ok {
		h.t.Fatalf("current screen is %T, want *historyScreen", h.ui.current())
	}
	return s
}

func TestHistoryShowsEveryTokenNewestFirst(t *testing.T) {
	s := newSandboxHarness(t)
	p := s.profile(sandbox.HubPageProfile)
	cur := s.currentToken(p.ID)
	old := seedOldTokens(t, s.st, p.ID, cur.CreatedAt, 3)
	hs := s.history(p.ID)
	if hs.picker.Selected != p.Name {
		t.Fatalf("picker shows %q, want %q", hs.picker.Selected, p.Name)
	}
	if rows, cols := hs.rows.size(); rows != 4 || cols != 8 {
		t.Fatalf("table is %d×%d, want 4 tokens × 8 columns", rows, cols)
	}
	row := func(r int) []string {
		out := make([]string, len(historyColumns))
		for c := range historyColumns {
			out[c], _ = hs.rows.cellText(r, c)
		}
		return out
	}
	date := func(t time.Time) string { return t.In(time.Local).Format("2 Jan 2006") }
	wantCurrent := []string{
		cur.ShortFingerprint(), "Current", date(cur.CreatedAt), date(cur.ExpiresAt), "25 days",
		date(cur.VerifiedAt), date(cur.InstalledAt) + " · manual", "never checked",
	}
	if got := row(0); !slices.Equal(got, wantCurrent) {
		t.Fatalf("current token row\n got %q\nwant %q", got, wantCurrent)
	}
	o := old[0]
	wantOld := []string{
		o.ShortFingerprint(), "Superseded", date(o.CreatedAt), date(o.ExpiresAt), "—",
		date(o.VerifiedAt), date(o.InstalledAt) + " · by API", "OK · " + date(o.HealthAt),
	}
	if got := row(1); !slices.Equal(got, wantOld) {
		t.Fatalf("older token row\n got %q\nwant %q", got, wantOld)
	}
	if got := row(3); got[1] != "Abandoned" || got[5] != "—" || got[6] != "—" {
		t.Fatalf("abandoned token row %q", got)
	}
	if got := hs.count.Text; got != "4 tokens" {
		t.Fatalf("count %q", got)
	}
	checkDrawnMasked(t, s, hs, cur)
}

// checkDrawnMasked checks what the window draws: the table's fingerprints, never the token.
func checkDrawnMasked(t *testing.T, s *sandboxHarness, hs *historyScreen, cur store.Token) {
	t.Helper()
	token, _ := s.kc.Get(cur.ProfileID, secrets.KindTokenCurrent)
	texts := labelTexts(s.win.Content())
	if !slices.Contains(texts, cur.ShortFingerprint()) || !slices.Contains(texts, "Fingerprint") {
		t.Fatalf("the rendered table lacks the current fingerprint or its heading: %q", texts)
	}
	for _, txt := range texts {
		if strings.Contains(txt, token) {
			t.Fatal("the history shows the token before it was revealed")
		}
	}
	if hs.masked.Text != maskedToken {
		t.Fatal("the current token is not masked")
	}
}

func TestHistoryCopiesAndRevealsTheCurrentToken(t *testing.T) {
	s := newSandboxHarness(t)
	p := s.profile(sandbox.APIProfile)
	token, err := s.kc.Get(p.ID, secrets.KindTokenCurrent)
	if err != nil {
		t.Fatal(err)
	}
	hs := s.history(p.ID)
	test.Tap(hs.copyB)
	s.settle()
	wantSame(t, "clipboard after Copy current token", s.app.Clipboard().Content(), token)
	if hs.copyB.Text != "Copied" {
		t.Fatalf("copy button says %q", hs.copyB.Text)
	}
	test.Tap(hs.revealB)
	s.settle()
	wantSame(t, "revealed token", hs.masked.Text, token)
	test.Tap(hs.revealB)
	if hs.masked.Text != maskedToken || hs.revealB.Text != "Show" {
		t.Fatal("Hide did not mask the token again")
	}

	// Leaving and coming back masks it too, and quitting clears the copied token.
	test.Tap(hs.revealB)
	s.settle()
	s.ui.home()
	if s.history(p.ID).masked.Text != maskedToken {
		t.Fatal("the token stayed revealed after leaving the history")
	}
	s.ui.Quit()
	if s.app.Clipboard().Content() != "" {
		t.Fatal("quitting left the copied token on the clipboard")
	}
}

func TestHistoryCopyWithNoTokenInTheKeychainSaysWhy(t *testing.T) {
	s := newSandboxHarness(t)
	p := s.profile(sandbox.HubPageProfile)
	if err := s.kc.Delete(p.ID, secrets.KindTokenCurrent); err != nil {
		t.Fatal(err)
	}
	hs := s.history(p.ID)
	test.Tap(hs.copyB)
	s.settle()
	if !strings.Contains(visibleText(hs.result), "holds no current token") || s.app.Clipboard().Content() != "" {
		t.Fatalf("result %q", visibleText(hs.result))
	}
}

func TestHistoryCheckNowProbesTheTokenAndShowsTheResult(t *testing.T) {
	tests := []struct {
		profile  string
		wantOkta string // what the result says of Okta's System Log
	}{
		{sandbox.HubPageProfile, ""},
		{sandbox.APIProfile, "Okta's System Log shows no provisioning failures"},
	}
	for _, tc := range tests {
		t.Run(tc.profile, func(t *testing.T) {
			s := newSandboxHarness(t)
			p := s.profile(tc.profile)
			hs := s.history(p.ID)
			test.Tap(hs.checkB)
			if !hs.checkB.Disabled() || hs.checkB.Text != "Checking…" {
				t.Fatal("Check now does not show that it is running")
			}
			s.settle()
			res := visibleText(hs.result)
			if !strings.HasPrefix(res, "Checked ") || hs.result.Importance != widget.SuccessImportance {
				t.Fatalf("result %q (importance %v)", res, hs.result.Importance)
			}
			if !strings.Contains(res, tc.wantOkta) || (tc.wantOkta == "" && strings.Contains(res, "System Log")) {
				t.Fatalf("result %q; want Okta part %q", res, tc.wantOkta)
			}
			if got, imp := hs.rows.cellText(0, 7); !strings.HasPrefix(got, "OK · ") || imp != widget.SuccessImportance {
				t.Fatalf("health cell after the check: %q", got)
			}
			if hs.checkB.Disabled() {
				t.Fatal("Check now stayed disabled")
			}
		})
	}
}

func TestHistoryProfilePickerAndEmptyStates(t *testing.T) {
	s := newSandboxHarness(t)
	contoso, fabrikam := s.profile(sandbox.HubPageProfile), s.profile(sandbox.APIProfile)
	hs := s.history("")
	if hs.profileID != contoso.ID {
		t.Fatalf("the history opened on %q, want the first profile", hs.profile.Name)
	}
	hs.picker.SetSelected(fabrikam.Name)
	hs2 := s.ui.current().(*historyScreen)
	if hs2.profileID != fabrikam.ID || len(s.ui.nav.stack) != 2 {
		t.Fatalf("picking a profile: showing %q with %d screens stacked", hs2.profile.Name, len(s.ui.nav.stack))
	}
	s.ui.back()
	if _, ok := s.ui.current().(*historyScreen); ok {
		t.Fatal("Back after switching profile stayed in the history")
	}

	// A profile with no token yet: no table rows, and nothing to copy, check or export.
	p, err := s.st.CreateProfile(context.Background(), store.Profile{
		Name: "Empty", HubURL: "https://hub.example.com",
		SCIMURL: "https://hub.example.com/scim/v2", ClientID: "id", RemindMonths: 1, RemindDays: []int{14, 7, 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	hs = s.history(p.ID)
	if rows, _ := hs.rows.size(); rows != 0 || hs.tokenRow.Visible() || !hs.checkB.Disabled() || !hs.calendarB.Disabled() {
		t.Fatalf("empty profile: %d rows, token row %v, check disabled %v, calendar disabled %v",
			rows, hs.tokenRow.Visible(), hs.checkB.Disabled(), hs.calendarB.Disabled())
	}
	if !strings.Contains(hs.count.Text, "No tokens yet") {
		t.Fatalf("count %q", hs.count.Text)
	}

	// No profiles at all.
	h := newHarness(t)
	h.ui.goHistory("")
	if !slices.ContainsFunc(labelTexts(h.win.Content()), func(s string) bool { return strings.HasPrefix(s, "No profiles yet") }) {
		t.Fatal("the history with no profiles does not say so")
	}
}

func TestHistoryOfTenThousandTokensRendersOnlyWhatShows(t *testing.T) {
	s := newSandboxHarness(t)
	p := s.profile(sandbox.HubPageProfile)
	cur := s.currentToken(p.ID)
	old := seedOldTokens(t, s.st, p.ID, cur.CreatedAt, 9999)
	start := time.Now()
	hs := s.history(p.ID)
	cells := countCells(s.win.Content())
	t.Logf("10,000 tokens: first render %v, %d cell widgets", time.Since(start), cells)
	if rows, _ := hs.rows.size(); rows != 10000 {
		t.Fatalf("%d rows, want 10000", rows)
	}
	// 700 px of window show about 15 rows of 8 columns: a table that built every row would hold 80,000.
	if cells == 0 || cells > 400 {
		t.Fatalf("%d cell widgets for 10,000 rows: the table is not virtualised", cells)
	}
	texts := labelTexts(s.win.Content())
	if !slices.Contains(texts, cur.ShortFingerprint()) {
		t.Fatal("the newest token is not on show at the top")
	}
	hs.rows.table.ScrollToBottom()
	texts = labelTexts(s.win.Content())
	if !slices.Contains(texts, old[len(old)-1].ShortFingerprint()) || slices.Contains(texts, cur.ShortFingerprint()) {
		t.Fatal("scrolled to the bottom, the oldest token is not on show")
	}
	if after := countCells(s.win.Content()); after > 400 {
		t.Fatalf("scrolling grew the table to %d cell widgets", after)
	}
}

// countCells counts the table's cell labels laid out in o.
func countCells(o fyne.CanvasObject) int {
	n := 0
	for _, obj := range visibleObjects(o) {
		if _, ok := obj.(*widget.Label); ok {
			n++
		}
	}
	return n
}

// benchUI is a UI over a sandbox for benchmarks, which cannot use the test harness. Work handed back
// to the main goroutine is dropped: the history's render starts none.
type benchUI struct {
	ui  *UI
	win fyne.Window
	st  *store.Store
}

func newBenchUI(b *testing.B) *benchUI {
	b.Helper()
	sb, err := sandbox.Start(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(sb.Close)
	a := test.NewTempApp(b)
	w := a.NewWindow("SCIM Renew")
	w.Resize(fyne.NewSize(1000, 700))
	svc := services.New(services.Config{Store: sb.Store, Keychain: sb.Keychain, Now: sb.Clock.Now})
	u := newUI(a, w, Deps{Services: svc, DataDir: sb.DataDir, Now: sb.Clock.Now}, func(func()) {})
	b.Cleanup(u.nav.leave)
	return &benchUI{ui: u, win: w, st: sb.Store}
}

// BenchmarkHistoryRender measures the history's first render with 10,000 tokens: reading them from the
// store, building the screen and laying out the visible cells. Budget: 50 ms (not checked under -race,
// which slows everything several times).
func BenchmarkHistoryRender(b *testing.B) {
	s := newBenchUI(b)
	ctx := context.Background()
	p, err := s.st.ProfileByName(ctx, sandbox.HubPageProfile)
	if err != nil {
		b.Fatal(err)
	}
	cur, err := s.st.CurrentToken(ctx, p.ID)
	if err != nil {
		b.Fatal(err)
	}
	seedOldTokens(b, s.st, p.ID, cur.CreatedAt, 9999)
	s.ui.goHistory(p.ID)
	for b.Loop() {
		s.ui.replace(newHistoryScreen(s.ui, p.ID))
		if countCells(s.win.Content()) == 0 {
			b.Fatal("nothing rendered")
		}
	}
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(perOp.Microseconds())/1000, "ms/render")
	if perOp > 50*time.Millisecond && !raceEnabled {
		b.Errorf("the first render of 10,000 tokens took %v, over the 50 ms budget", perOp)
	}
}

// TestHistoryCellsFitTheirColumns: cells do not truncate, so every text a cell can show must fit.
func TestHistoryCellsFitTheirColumns(t *testing.T) {
	test.NewTempApp(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.Local)
	var tokens []store.Token
	for m := range 12 {
		at := time.Date(2026, time.Month(m+1), 28, 14, 3, 0, 0, time.Local)
		for _, status := range []string{store.TokenCurrent, store.TokenSuperseded, store.TokenExpired, store.TokenAbandoned, store.TokenPending} {
			for _, health := range []string{"", "ok", "rejected", "wrong_url", "server_error", "rate_limited", "tls", "timeout", "unreachable", "canceled"} {
				tokens = append(tokens, store.Token{
					Fingerprint: strings.Repeat("f", 64), CreatedAt: at, ExpiresAt: now.AddDate(0, 0, 998),
					ExpirySource: "assumed_12_months", VerifiedAt: at, InstalledAt: at, InstallMethod: store.InstallManual,
					Status: status, HealthResult: health, HealthAt: at,
				})
			}
		}
	}
	size := theme.TextSize()
	total := float32(0)
	for col, c := range historyColumns {
		total += columnWidth(c, col) + theme.Padding()
		width := columnWidth(c, col)
		for _, tok := range tokens {
			text, _ := c.cell(tok, now)
			if w := fyne.MeasureText(text, size, fyne.TextStyle{Monospace: col == 0}).Width + 2*theme.InnerPadding(); w > width {
				t.Fatalf("column %q is %v wide, but %q needs %v", c.title, width, text, w)
			}
		}
	}
	// The window opens 1000 wide: the whole history fits without scrolling sideways.
	if total > 1000-2*theme.Padding() {
		t.Fatalf("the columns need %v, more than the window's width", total)
	}
}
