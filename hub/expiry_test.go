package hub

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// makeJWT signs claims with a throw-away key; ParseJWTClaims must not care about the signature.
func makeJWT(t testing.TB, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("test-key-not-secret"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rawJWT builds a JWT from a literal claims JSON, for shapes the jwt library would not produce.
func rawJWT(claimsJSON string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc([]byte(claimsJSON)) + ".sig"
}

func TestAddMonths(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 9, 30, 0, 0, time.UTC) }
	cases := []struct {
		in   time.Time
		n    int
		want time.Time
	}{
		{d(2025, time.January, 31), 1, d(2025, time.February, 28)},
		{d(2024, time.January, 31), 1, d(2024, time.February, 29)},
		{d(2024, time.February, 29), 12, d(2025, time.February, 28)},
		{d(2024, time.February, 29), 48, d(2028, time.February, 29)},
		{d(2025, time.March, 31), 11, d(2026, time.February, 28)},
		{d(2025, time.May, 31), 1, d(2025, time.June, 30)},
		{d(2025, time.December, 15), 12, d(2026, time.December, 15)},
		{d(2025, time.March, 31), -1, d(2025, time.February, 28)},
		{d(2025, time.August, 31), 0, d(2025, time.August, 31)},
	}
	for _, c := range cases {
		if got := AddMonths(c.in, c.n); !got.Equal(c.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.in.Format(time.DateOnly), c.n, got, c.want)
		}
	}
}

func TestParseJWTClaims(t *testing.T) {
	exp := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		token string
		want  time.Time
		ok    bool
	}{
		{"signed jwt", makeJWT(t, jwt.MapClaims{"exp": exp.Unix(), "sub": "x"}), exp, true},
		{"unsigned alg none", rawJWT(`{"exp":1772366400}`), exp, true},
		{"fractional exp", rawJWT(`{"exp":1772366400.4}`), exp, true},
		{"no exp", makeJWT(t, jwt.MapClaims{"sub": "x"}), time.Time{}, false},
		{"string exp", rawJWT(`{"exp":"1772366400"}`), time.Time{}, false},
		{"null exp", rawJWT(`{"exp":null}`), time.Time{}, false},
		{"negative exp", rawJWT(`{"exp":-5}`), time.Time{}, false},
		{"absurd exp", rawJWT(`{"exp":1e300}`), time.Time{}, false},
		{"year 2300", rawJWT(`{"exp":10413792000}`), time.Time{}, false},
		{"claims not an object", rawJWT(`[1,2]`), time.Time{}, false},
		{"two segments", "eyJhbGciOiJub25lIn0.eyJleHAiOjF9", time.Time{}, false},
		{"four segments", rawJWT(`{"exp":1772366400}`) + ".x", time.Time{}, false},
		{"opaque", opaque, time.Time{}, false},
		{"bad base64", "a.b.c", time.Time{}, false},
		{"empty", "", time.Time{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ParseJWTClaims(c.token)
			if ok != c.ok || !got.Equal(c.want) {
				t.Fatalf("got %s %v, want %s %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func TestDetermineExpiry(t *testing.T) {
	created := time.Date(2024, time.February, 29, 10, 0, 0, 0, time.UTC)
	jwtExp := time.Date(2025, time.January, 15, 0, 0, 0, 0, time.UTC)
	withExp := makeJWT(t, jwt.MapClaims{"exp": jwtExp.Unix()})
	noExp := makeJWT(t, jwt.MapClaims{"sub": "x"})
	cases := []struct {
		name      string
		token     string
		expiresIn time.Duration
		want      Expiry
	}{
		{"jwt exp wins over expires_in", withExp, time.Hour, Expiry{jwtExp, FromJWT}},
		{"expires_in for opaque", opaque, 3600 * time.Second, Expiry{created.Add(time.Hour), FromExpiresIn}},
		{"expires_in for jwt without exp", noExp, 48 * time.Hour, Expiry{created.Add(48 * time.Hour), FromExpiresIn}},
		{"assumed, clamped to 28 Feb", opaque, 0, Expiry{time.Date(2025, time.February, 28, 10, 0, 0, 0, time.UTC), Assumed12M}},
		{"negative expires_in ignored", opaque, -time.Hour, Expiry{time.Date(2025, time.February, 28, 10, 0, 0, 0, time.UTC), Assumed12M}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := DetermineExpiry(c.token, c.expiresIn, created)
			if !got.At.Equal(c.want.At) || got.Source != c.want.Source {
				t.Fatalf("got %s %s, want %s %s", got.At, got.Source, c.want.At, c.want.Source)
			}
		})
	}
}

func TestExpiryWarning(t *testing.T) {
	now := time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name          string
		at            time.Time
		expired, soon bool
	}{
		{"long ago", now.AddDate(-1, 0, 0), true, false},
		{"this instant", now, true, false},
		{"in one second", now.Add(time.Second), false, true},
		{"in exactly 30 days", now.Add(SoonWindow), false, true},
		{"in 30 days and a second", now.Add(SoonWindow + time.Second), false, false},
		{"in a year", now.AddDate(1, 0, 0), false, false},
	}
	for _, c := range cases {
		expired, soon := ExpiryWarning(Expiry{At: c.at, Source: FromJWT}, now)
		if expired != c.expired || soon != c.soon {
			t.Errorf("%s: got expired=%v soon=%v", c.name, expired, soon)
		}
	}
}

func FuzzParseJWTClaims(f *testing.F) {
	f.Add(rawJWT(`{"exp":1772366400}`), int64(1772366400))
	f.Add(rawJWT(`{"exp":1e300}`), int64(-1))
	f.Add(makeJWT(f, jwt.MapClaims{"exp": 1}), int64(1<<62))
	f.Add("a.b.c", int64(0))
	f.Add(jwtLike, int64(4102444800))
	f.Fuzz(func(t *testing.T, token string, exp int64) {
		got, ok := ParseJWTClaims(token)
		if ok && (got.Before(minPlausibleExp) || !got.Before(maxPlausibleExp)) {
			t.Fatalf("accepted an implausible exp %s", got)
		}
		if again, ok2 := ParseJWTClaims(token); ok2 != ok || !again.Equal(got) {
			t.Fatal("not deterministic")
		}
		if ok && strings.Count(token, ".") != 2 {
			t.Fatal("accepted something that is not three segments")
		}
		// Round trip: a JWT carrying exp gives exp back exactly when it is plausible.
		tok := rawJWT(`{"exp":` + strconv.FormatInt(exp, 10) + `}`)
		back, ok := ParseJWTClaims(tok)
		want := time.Unix(exp, 0)
		plausible := !want.Before(minPlausibleExp) && want.Before(maxPlausibleExp)
		if ok != plausible || (ok && !back.Equal(want)) {
			t.Fatalf("exp %d: got %s %v, plausible=%v", exp, back, ok, plausible)
		}
	})
}
