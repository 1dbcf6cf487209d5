package hub

import (
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ExpirySource records how a token's expiry was known; it is stored in the token history.
type ExpirySource string

// The ways an expiry can be known, best first.
const (
	FromJWT       ExpirySource = "jwt_exp"           // the token is a JWT with an exp claim
	FromExpiresIn ExpirySource = "expires_in"        // the token endpoint's expires_in
	Assumed12M    ExpirySource = "assumed_12_months" // QorusDocs' documented lifetime, from creation
)

// Expiry is when a token stops working and how that is known.
type Expiry struct {
	At     time.Time
	Source ExpirySource
}

// SoonWindow is how close to its expiry a token is flagged as expiring soon.
const SoonWindow = 30 * 24 * time.Hour

// TokenLifetimeMonths is QorusDocs' documented token lifetime, used when nothing better is known.
const TokenLifetimeMonths = 12

// DetermineExpiry applies the expiry rule: the JWT exp claim when token is a JWT that has one, else
// created+expiresIn when expiresIn is positive, else TokenLifetimeMonths calendar months after created.
func DetermineExpiry(token string, expiresIn time.Duration, created time.Time) Expiry {
	if exp, ok := ParseJWTClaims(token); ok {
		return Expiry{At: exp, Source: FromJWT}
	}
	if expiresIn > 0 {
		return Expiry{At: created.Add(expiresIn), Source: FromExpiresIn}
	}
	return Expiry{At: AddMonths(created, TokenLifetimeMonths), Source: Assumed12M}
}

// ExpiryWarning reports whether the token is already expired at now, or expires within SoonWindow.
// At most one of the two is true.
func ExpiryWarning(e Expiry, now time.Time) (expired, soon bool) {
	if !now.Before(e.At) {
		return true, false
	}
	return false, e.At.Sub(now) <= SoonWindow
}

// AddMonths adds n calendar months to t, keeping the time of day and clamping the day to the last
// day of the target month: 31 January + 1 month is 28 (or 29) February, never Go's AddDate
// overflow into March; 29 February 2024 + 12 months is 28 February 2025.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	ty, tm, _ := first.Date()
	if last := daysIn(ty, tm, t.Location()); d > last {
		d = last
	}
	hh, mm, ss := t.Clock()
	return time.Date(ty, tm, d, hh, mm, ss, t.Nanosecond(), t.Location())
}

func daysIn(y int, m time.Month, loc *time.Location) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, loc).Day()
}

// Plausible bounds for an exp claim. Outside them the claim is garbage (or a float that would wrap
// around when turned into Unix seconds), and the next rule in DetermineExpiry applies instead.
var (
	minPlausibleExp = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	maxPlausibleExp = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// ParseJWTClaims reads the exp claim of a JWT without verifying its signature: SCIM Renew only
// needs to know when the token lapses, and the Hub, not this app, is the judge of its validity.
// It reports false for anything that is not a three-part JWT with a numeric, plausible exp.
func ParseJWTClaims(token string) (time.Time, bool) {
	if strings.Count(token, ".") != 2 || len(token) > MaxTokenLength {
		return time.Time{}, false
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		return time.Time{}, false
	}
	exp, err := claims.GetExpirationTime()
	if err != nil || exp == nil {
		return time.Time{}, false
	}
	if exp.Before(minPlausibleExp) || !exp.Before(maxPlausibleExp) {
		return time.Time{}, false
	}
	return exp.Time, true
}
