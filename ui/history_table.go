package ui

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/reminders"
	"scimrenew/services"
	"scimrenew/store"
)

// historyColumn is one column of the token history: its heading, the widest text it shows (cells do
// not truncate, which costs text shaping on every scroll, so each column is made wide enough), and how
// a token fills it.
type historyColumn struct {
	title  string
	widest []string
	cell   func(t store.Token, now time.Time) (string, widget.Importance)
}

// historyColumns are the history's columns, in order. The table is virtualised: only the rows on show
// have widgets, and a cell's text is made when the row scrolls into view, so 10,000 tokens cost no more
// than 20.
var historyColumns = []historyColumn{
	{"Fingerprint", []string{"0123456789ab"}, func(t store.Token, _ time.Time) (string, widget.Importance) {
		if t.DatesOnly() {
			return datesOnlyCell, widget.MediumImportance // and "not verified" in the Verified column
		}
		return t.ShortFingerprint(), widget.MediumImportance
	}},
	{"Status", []string{"Superseded"}, statusCell},
	{"Created", []string{"30 May 2026"}, func(t store.Token, now time.Time) (string, widget.Importance) {
		return services.DateText(t.CreatedAt, now.Location(), services.DateShort), widget.MediumImportance
	}},
	{"Expires", []string{"~ 30 May 2026"}, expiresCell},
	{"Days left", []string{"999 days", "expired"}, daysLeftCell},
	{"Verified", []string{"30 May 2026", notVerifiedCell}, func(t store.Token, now time.Time) (string, widget.Importance) {
		if t.DatesOnly() {
			return notVerifiedCell, widget.WarningImportance
		}
		return services.DateText(t.VerifiedAt, now.Location(), services.DateShort), widget.MediumImportance
	}},
	{"Installed in Okta", []string{"30 May 2026 · manual", alreadyInOkta}, installedCell},
	{"Last health check", []string{"Rate limit · 30 May 2026", "No network · 30 May 2026", "TLS error · 30 May 2026"}, healthCell},
}

// columnWidth fits a column's heading and its widest text, with a label's padding on both sides.
func columnWidth(c historyColumn, col int) float32 {
	size := theme.TextSize()
	style := fyne.TextStyle{Monospace: col == 0}
	w := fyne.MeasureText(c.title, size, fyne.TextStyle{Bold: true}).Width
	for _, text := range c.widest {
		w = max(w, fyne.MeasureText(text, size, style).Width)
	}
	return float32(math.Ceil(float64(w + 2*theme.InnerPadding())))
}

// historyPage is how many tokens the history reads at a time: the table asks only for the rows on
// show, so a 10,000-token history costs one count and a page or two, not 10,000 rows.
const historyPage = 100

// tokenPager reads one page of a profile's history, newest first (store.TokensPage).
type tokenPager func(offset, limit int) ([]store.Token, error)

// historyTable shows a profile's tokens, newest first, reading them page by page as they scroll into
// view. The pages read so far are kept until set is called again.
type historyTable struct {
	count   int
	load    tokenPager
	pages   map[int][]store.Token
	loadErr error
	now     time.Time
	table   *table
}

// u gets the keys the table has no use for (Esc, Enter).
func newHistoryTable(u *UI, count int, load tokenPager, now time.Time) *historyTable {
	h := &historyTable{now: now}
	h.table = newTable(u, h.size, newCellLabel, h.updateCell)
	h.table.ShowHeaderColumn = false
	h.table.CreateHeader = newHeaderLabel
	h.table.UpdateHeader = h.updateHeader
	// Each width refreshes the table, which walks every row while it has no size yet: set them while
	// it has none.
	for i, c := range historyColumns {
		h.table.SetColumnWidth(i, columnWidth(c, i))
	}
	h.count, h.load, h.pages = count, load, map[int][]store.Token{}
	return h
}

// set shows a new history (after a reload or a clock jump), dropping the pages read before.
func (h *historyTable) set(count int, load tokenPager, now time.Time) {
	h.count, h.load, h.pages, h.loadErr, h.now = count, load, map[int][]store.Token{}, nil, now
	h.table.Refresh()
}

func (h *historyTable) size() (rows, cols int) { return h.count, len(historyColumns) }

// token returns row i of the history, reading its page when it is not read yet.
func (h *historyTable) token(i int) (store.Token, bool) {
	n := i / historyPage
	page, ok := h.pages[n]
	if !ok {
		var err error
		if page, err = h.load(n*historyPage, historyPage); err != nil {
			h.loadErr = err
			return store.Token{}, false
		}
		h.pages[n] = page
	}
	if j := i % historyPage; j < len(page) {
		return page[j], true
	}
	return store.Token{}, false
}

// newCellLabel is a cell: a label in a container that lines a monospace label's text up with the
// other cells of its row (cells are reused across columns, so each update lays it out again).
func newCellLabel() fyne.CanvasObject {
	return &fyne.Container{Layout: baselineLayout{}, Objects: []fyne.CanvasObject{widget.NewLabel("")}}
}

// baselineLayout moves a monospace label down so its baseline meets that of the regular font: the
// monospace font is shorter, and a label puts its text at the top, so it would sit higher than the
// text beside it.
type baselineLayout struct{}

func (baselineLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	dy := float32(0)
	if l, ok := objs[0].(*widget.Label); ok && l.TextStyle.Monospace {
		dy = monospaceDrop(l.TextStyle)
	}
	objs[0].Move(fyne.NewPos(0, dy))
	objs[0].Resize(fyne.NewSize(size.Width, size.Height-dy))
}

func (baselineLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize()
}

// monospaceDrop is how far below the regular font's baseline the monospace font's falls short.
func monospaceDrop(style fyne.TextStyle) float32 {
	d, size := fyne.CurrentApp().Driver(), theme.TextSize()
	_, regular := d.RenderedTextSize("0", size, fyne.TextStyle{}, nil)
	_, mono := d.RenderedTextSize("0", size, style, nil)
	return max(0, regular-mono)
}

func newHeaderLabel() fyne.CanvasObject {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// cellText is what a cell shows; tests read the table through it.
func (h *historyTable) cellText(row, col int) (string, widget.Importance) {
	t, ok := h.token(row)
	if !ok {
		if h.loadErr != nil && col == 0 {
			return "could not be read", widget.DangerImportance
		}
		return "", widget.MediumImportance
	}
	return historyColumns[col].cell(t, h.now)
}

func (h *historyTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	l := c.Objects[0].(*widget.Label)
	if id.Row < 0 || id.Row >= h.count || id.Col < 0 || id.Col >= len(historyColumns) {
		l.Text, l.Importance = "", widget.MediumImportance
	} else {
		l.Text, l.Importance = h.cellText(id.Row, id.Col)
	}
	l.TextStyle = fyne.TextStyle{Monospace: id.Col == 0}
	c.Refresh() // lays the cell out for its (maybe new) style, and redraws the label
}

func (h *historyTable) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row == -1 && id.Col >= 0 && id.Col < len(historyColumns) {
		l.SetText(historyColumns[id.Col].title)
		return
	}
	l.SetText("")
}

// statusNames are the token statuses in words.
var statusNames = map[string]string{
	store.TokenPending:    "Pending",
	store.TokenCurrent:    "Current",
	store.TokenPrevious:   "Previous",
	store.TokenSuperseded: "Superseded",
	store.TokenExpired:    "Expired",
	store.TokenAbandoned:  "Abandoned",
}

func statusCell(t store.Token, _ time.Time) (string, widget.Importance) {
	name := statusNames[t.Status]
	if name == "" {
		name = t.Status
	}
	switch t.Status {
	case store.TokenCurrent:
		return name, widget.SuccessImportance
	case store.TokenPending:
		return name, widget.WarningImportance
	case store.TokenExpired:
		return name, widget.DangerImportance
	}
	return name, widget.MediumImportance
}

// expiresCell marks an expiry that was assumed (12 months from creation) rather than read from the
// token with "~" (about).
func expiresCell(t store.Token, now time.Time) (string, widget.Importance) {
	text := services.DateText(t.ExpiresAt, now.Location(), services.DateShort)
	approx := t.ExpirySource == services.ExpiryAssumed || t.ExpirySource == store.ExpiryGivenCreated ||
		t.ExpirySource == store.ExpiryGivenExpires
	if approx && !t.ExpiresAt.IsZero() {
		text = "~ " + text
	}
	return text, widget.MediumImportance
}

// daysLeftCell counts down for the tokens in use; a superseded or abandoned token's days no longer
// matter, and a previous one's are dimmed: the Hub revokes it after a grace period, so its expiry is
// no promise.
func daysLeftCell(t store.Token, now time.Time) (string, widget.Importance) {
	if t.ExpiresAt.IsZero() || t.Status == store.TokenSuperseded || t.Status == store.TokenAbandoned {
		return "—", widget.LowImportance
	}
	days := reminders.DaysLeft(t.ExpiresAt, now)
	imp := widget.MediumImportance
	switch {
	case days <= 7:
		imp = widget.DangerImportance
	case days <= 31:
		imp = widget.WarningImportance
	}
	if t.Status != store.TokenCurrent && t.Status != store.TokenPending {
		imp = widget.LowImportance // an old token running out is no alarm
	}
	return services.DaysText(days, services.DaysShort), imp
}

// A token tracked by its dates only has no fingerprint and was never tested: its row reads "dates only"
// and "not verified" where a fingerprint and a verification date would be (store.DatesOnlyLabel).
const (
	datesOnlyCell   = "dates only"
	notVerifiedCell = "not verified"
)

// alreadyInOkta is the install cell of a tracked token: it was in Okta before SCIM Renew knew of it.
const alreadyInOkta = "Already in Okta"

func installedCell(t store.Token, now time.Time) (string, widget.Importance) {
	if t.InstallMethod == store.InstallAlreadyInOkta && t.InstalledAt.IsZero() {
		return alreadyInOkta, widget.MediumImportance
	}
	if t.InstalledAt.IsZero() {
		return "—", widget.LowImportance
	}
	how := ""
	switch t.InstallMethod {
	case store.InstallAPI:
		how = " · by API"
	case store.InstallManual:
		how = " · manual"
	}
	return services.DateText(t.InstalledAt, now.Location(), services.DateShort) + how, widget.MediumImportance
}

// probeNames are the health probe's classes in words.
var probeNames = map[string]string{
	string(services.ProbeOK):          "OK",
	string(services.ProbeRejected):    "Rejected",
	string(services.ProbeWrongURL):    "Wrong URL",
	string(services.ProbeServerError): "Hub error",
	string(services.ProbeRateLimited): "Rate limit",
	string(services.ProbeTLS):         "TLS error",
	string(services.ProbeTimeout):     "Timed out",
	string(services.ProbeUnreachable): "No network",
	string(services.ProbeCanceled):    "Cancelled",
}

func healthCell(t store.Token, now time.Time) (string, widget.Importance) {
	if t.HealthResult == "" {
		return "never checked", widget.LowImportance
	}
	name := probeNames[t.HealthResult]
	if name == "" {
		name = t.HealthResult
	}
	imp := widget.WarningImportance
	switch t.HealthResult {
	case string(services.ProbeOK):
		imp = widget.SuccessImportance
	case string(services.ProbeRejected):
		imp = widget.DangerImportance
	}
	return name + " · " + services.DateText(t.HealthAt, now.Location(), services.DateShort), imp
}
