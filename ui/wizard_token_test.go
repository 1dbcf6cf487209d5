package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"scimrenew/services"
	"scimrenew/store"
)

// The token card counts the days down only while no SCIM check has failed: a refused token's expiry
// is no promise.
func TestTokenInfoTextAfterAFailedCheck(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tok := store.Token{Fingerprint: strings.Repeat("0a", 32), ExpiresAt: now.AddDate(1, 0, 0), ExpirySource: services.ExpiryAssumed}
	for _, c := range []struct {
		health string
		want   string
		imp    widget.Importance
	}{
		{
			"", "Expires Sat 27 Nov 2027 (365 days left, assumed: QorusDocs tokens last 12 months) · fingerprint 0a0a0a0a0a0a",
			widget.MediumImportance,
		},
		{
			string(services.ProbeOK), "Expires Sat 27 Nov 2027 (365 days left, assumed: QorusDocs tokens last 12 months) · fingerprint 0a0a0a0a0a0a",
			widget.MediumImportance,
		},
		{string(services.ProbeRejected), "Refused by the SCIM endpoint · fingerprint 0a0a0a0a0a0a", widget.WarningImportance},
		{string(services.ProbeTimeout), "Not verified: the SCIM check did not finish · would expire Sat 27 Nov 2027 " +
			"(assumed: QorusDocs tokens last 12 months) · fingerprint 0a0a0a0a0a0a", widget.MediumImportance},
	} {
		tok.HealthResult = c.health
		if got, imp := tokenInfoText(tok, now); got != c.want || imp != c.imp {
			t.Errorf("health %q: %q (importance %v), want %q (%v)", c.health, got, imp, c.want, c.imp)
		}
	}
}
