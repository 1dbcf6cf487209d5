package desktop

import (
	"strings"
	"unicode"

	"scimrenew/redact"
)

var markupEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeMarkup makes text safe for a freedesktop notification server that reads the body as markup:
// a profile named "R&D" or "<ops>" must be shown as written, not read as tags.
func escapeMarkup(s string) string { return markupEscaper.Replace(s) }

// The most a Windows toast shows of its title and body; the rest would be cut by Windows anyway.
const (
	toastTitleMax = 100
	toastBodyMax  = 400
)

// toastPunct is the punctuation a toast keeps as it is: none of it means anything inside a PowerShell
// double-quoted string, to PowerShell's parser around one, or to XML text.
const toastPunct = ".,:!?-/+=_#%@[]…"

// toastSubst replaces characters that could act as code in Fyne's PowerShell toast script with a safe
// look-alike, so the text still reads well. PowerShell treats the typographic quotes as quotes and the
// typographic dashes as dashes, so each goes too. Apostrophes become U+02BC (a letter, which PowerShell
// never reads as a quote): "Okta's" stays readable.
var toastSubst = map[rune]string{
	'&': "+", '(': "[", ')': "]", '{': "[", '}': "]", '<': "[", '>': "]", ';': ",", '|': "/", '\\': "/",
	'\'': "ʼ", '‘': "ʼ", '’': "ʼ", '‚': "ʼ", '‛': "ʼ", '`': "ʼ", '´': "ʼ", '′': "ʼ",
	'"': "", '“': "", '”': "", '„': "", '‟': "", '«': "", '»': "", '‹': "", '›': "", '″': "",
	'$': "", '–': "-", '—': "-", '―': "-", '‐': "-", '‑': "-",
}

// toastText reduces s to text that is safe inside Fyne's Windows notification script, which pastes it
// between double quotes in PowerShell and escapes only the backtick and the ASCII double quote: a
// profile named `R&D $(calc)`, or a server's error text, must not run as code there. Its first step is
// the app's one control-character stripper (redact.StripControl): terminal escape sequences go whole,
// with invalid UTF-8 and every other control or format character. Then letters, digits,
// combining marks, spaces and toastPunct are kept; a few dangerous characters get a look-alike
// (toastSubst); line breaks, tabs and other spaces become a space; other control and format
// characters (bidi overrides, zero-width joiners) are dropped; anything else becomes a space. Runs of
// spaces are collapsed, and the result is clipped to limit runes with "…".
func toastText(s string, limit int) string {
	var b strings.Builder
	space := true // drops leading spaces and collapses runs
	put := func(t string) {
		for _, r := range t {
			if r == ' ' {
				if space {
					continue
				}
				space = true
			} else {
				space = false
			}
			b.WriteRune(r)
		}
	}
	for _, r := range redact.StripControl(s) {
		put(toastRune(r))
	}
	return clipRunes(strings.TrimRight(b.String(), " "), limit)
}

// toastRune is what one rune of the input becomes in a toast.
func toastRune(r rune) string {
	if sub, ok := toastSubst[r]; ok {
		return sub
	}
	switch {
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.In(r, unicode.Mn, unicode.Mc), strings.ContainsRune(toastPunct, r):
		return string(r)
	case unicode.IsSpace(r), unicode.In(r, unicode.Zl, unicode.Zp):
		return " "
	case unicode.IsControl(r), unicode.In(r, unicode.Cf, unicode.Co, unicode.Cs):
		return ""
	}
	return " "
}

// clipRunes shortens s to at most limit runes, marking the cut with "…".
func clipRunes(s string, limit int) string {
	r := []rune(s)
	if len(r) <= limit {
		return s
	}
	return strings.TrimRight(string(r[:limit-1]), " ") + "…"
}
