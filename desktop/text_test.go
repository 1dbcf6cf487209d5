package desktop

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestEscapeMarkup(t *testing.T) {
	for in, want := range map[string]string{
		`Ops <R&D> "x"`:    `Ops &lt;R&amp;D&gt; "x"`,
		`a & b <i>"x"</i>`: `a &amp; b &lt;i&gt;"x"&lt;/i&gt;`,
		"a&amp;b":          "a&amp;amp;b", // text that looks like an entity is still text
		"plain":            "plain",
		"Ünïcödé & 名前 <b>": "Ünïcödé &amp; 名前 &lt;b&gt;",
	} {
		if got := escapeMarkup(in); got != want {
			t.Errorf("escapeMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}

// powerShellMeta are the characters that can end or act inside the double-quoted PowerShell string
// Fyne's toast script pastes the text into, or start code around it: PowerShell reads the typographic
// quotes (U+2018–U+201E) as quotes too.
const powerShellMeta = "$`\"'‘’‚‛“”„;|&<>(){}"

// unsafeToastRune reports a rune that must never reach Fyne's toast script.
func unsafeToastRune(r rune) bool {
	return strings.ContainsRune(powerShellMeta, r) || unicode.Is(unicode.Quotation_Mark, r) ||
		unicode.In(r, unicode.Pi, unicode.Pf) || unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) ||
		r == utf8.RuneError
}

func TestToastText(t *testing.T) {
	cases := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"reminder title", "Acme: SCIM token expires in 7 days", 100, "Acme: SCIM token expires in 7 days"},
		{"subexpression in a profile name", "R&D $(calc)", 100, "R+D [calc]"},
		{"variable", "Cost $env:USERPROFILE", 100, "Cost env:USERPROFILE"},
		{"backtick escape and quote break-out", "a`\"; Start-Process calc; \"", 100, "aʼ, Start-Process calc,"},
		{"typographic double quotes", "“$(calc)” „x‟", 100, "[calc] x"},
		{"typographic single quotes", "‘x’ ‚y‛ Okta's", 100, "ʼxʼ ʼyʼ Oktaʼs"},
		{"script block and pipe", "{ calc } | iex", 100, "[ calc ] / iex"},
		{"redirection", "a > b < c", 100, "a ] b [ c"},
		{
			"reminder body keeps its date", "QorusDocs SCIM token for Acme expires in 7 days (12 Mar). Open SCIM Renew to renew.", 400,
			"QorusDocs SCIM token for Acme expires in 7 days [12 Mar]. Open SCIM Renew to renew.",
		},
		{"line breaks and tabs become spaces", "one\r\ntwo\tthree\u2028four", 100, "one two three four"},
		{"control and format characters go", "a\x00b\u202edcba\u200d!", 100, "abdcba!"},
		{"terminal escape sequences go whole", "\x1b[31mAlert\x1b[0m \x1b]0;title\x07done \u009b2Jx", 100, "Alert done x"},
		{"letters of every script stay", "Ünïcödé 名前 Ελλάδα café", 100, "Ünïcödé 名前 Ελλάδα café"},
		{"combining marks stay", "cafe\u0301", 100, "cafe\u0301"},
		{"dashes become hyphens", "a – b — c", 100, "a - b - c"},
		{"symbols become spaces", "50€ ✓ ok ＄x", 100, "50 ok x"},
		{"invalid UTF-8 goes", "a\xffb", 100, "ab"},
		{"clipped with an ellipsis", "abcdefghij", 5, "abcd…"},
		{"no space before the ellipsis", "abc defgh", 5, "abc…"},
		{"empty", "", 10, ""},
		{"only unsafe", "$`\"';|&", 10, "ʼʼ,/+"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := toastText(c.in, c.limit)
			if got != c.want {
				t.Errorf("toastText(%q) = %q, want %q", c.in, got, c.want)
			}
			if i := strings.IndexFunc(got, unsafeToastRune); i >= 0 {
				t.Errorf("toastText(%q) = %q keeps an unsafe character at %d", c.in, got, i)
			}
		})
	}
}

// fyneToastEscape is what Fyne v2.7.1's Windows SendNotification does to the text before pasting it
// between double quotes in its PowerShell script (app/app_windows.go, escapeNotificationString).
func fyneToastEscape(in string) string {
	return strings.ReplaceAll(strings.ReplaceAll(in, "`", "``"), "\"", "`\"")
}

// FuzzToastText: whatever the input, no PowerShell metacharacter or quote of any kind survives, the
// text is valid UTF-8 within its length, a second pass changes nothing, and Fyne's own escaping has
// nothing left to escape (so the text is one plain string literal in the script).
func FuzzToastText(f *testing.F) {
	for _, s := range []string{
		"R&D $(calc)", "“$(calc)”", "a`\"; calc; \"", "${x}", "@(1,2)", "Okta's log", "\u202e\u2028x",
		"名前 (prod)", "\xff\xfe", strings.Repeat("é", 300),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := toastText(in, toastBodyMax)
		if i := strings.IndexFunc(got, unsafeToastRune); i >= 0 {
			t.Fatalf("toastText(%q) = %q keeps %q", in, got, []rune(got[i:])[0])
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > toastBodyMax {
			t.Fatalf("toastText(%q) = %q: invalid or over %d runes", in, got, toastBodyMax)
		}
		if again := toastText(got, toastBodyMax); again != got {
			t.Fatalf("not stable: %q then %q", got, again)
		}
		if fyneToastEscape(got) != got {
			t.Fatalf("Fyne would still escape something in %q", got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("spaces not collapsed: %q", got)
		}
	})
}
