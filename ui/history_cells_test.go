package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/store"
)

// Only the tokens in use count down in colour: a previous token (the Hub revokes it after a grace
// period) is dimmed like the older ones, however long it has left.
func TestHistoryDaysLeftDimsTokensNoLongerInUse(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status string
		days   int
		want   string
		imp    widget.Importance
	}{
		{store.TokenCurrent, 165, "165 days", widget.MediumImportance},
		{store.TokenCurrent, 20, "20 days", widget.WarningImportance},
		{store.TokenPending, 3, "3 days", widget.DangerImportance},
		{store.TokenPrevious, 165, "165 days", widget.LowImportance},
		{store.TokenPrevious, 3, "3 days", widget.LowImportance},
		{store.TokenExpired, -2, "expired", widget.LowImportance},
		{store.TokenSuperseded, 100, "—", widget.LowImportance},
	} {
		tok := store.Token{Status: c.status, ExpiresAt: now.AddDate(0, 0, c.days)}
		if got, imp := daysLeftCell(tok, now); got != c.want || imp != c.imp {
			t.Errorf("%s with %d days: %q (importance %v), want %q (%v)", c.status, c.days, got, imp, c.want, c.imp)
		}
	}
}

// The monospace fingerprint's baseline meets that of the other cells of its row.
func TestHistoryFingerprintSitsOnTheRowsBaseline(t *testing.T) {
	test.NewTempApp(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tok := store.Token{Fingerprint: strings.Repeat("ab", 32), Status: store.TokenCurrent, ExpiresAt: now.AddDate(1, 0, 0)}
	h := newHistoryTable(nil, 1, func(int, int) ([]store.Token, error) { return []store.Token{tok}, nil }, now)
	baseline := func(col int) float32 {
		cell := newCellLabel().(*fyne.Container)
		cell.Resize(fyne.NewSize(150, cell.MinSize().Height))
		h.updateCell(widget.TableCellID{Row: 0, Col: col}, cell)
		l := cell.Objects[0].(*widget.Label)
		_, b := fyne.CurrentApp().Driver().RenderedTextSize(l.Text, theme.TextSize(), l.TextStyle, nil)
		return l.Position().Y + b
	}
	fp, status := baseline(0), baseline(1)
	if d := fp - status; d < -0.5 || d > 0.5 {
		t.Fatalf("the fingerprint's baseline is %v px below the status's", d)
	}
}
