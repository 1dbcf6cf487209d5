package redact

import (
	"strings"
	"unicode"
)

// C1 controls that open an escape sequence on terminals that honour 8-bit controls.
const (
	c1DCS = '\u0090' // device control string
	c1SOS = '\u0098' // start of string
	c1CSI = '\u009b' // control sequence introducer
	c1ST  = '\u009c' // string terminator
	c1OSC = '\u009d' // operating system command
	c1PM  = '\u009e' // privacy message
	c1APC = '\u009f' // application program command
)

// StripControl makes text that came from elsewhere (a server's error, a clipboard, a file) safe to
// store, show, print to a terminal or put in a desktop notification. Terminal escape sequences (ESC
// and C1 forms: CSI, OSC, DCS, ...) are removed whole; every other character that is not printable is
// dropped: C0 and C1 controls, DEL, bidi overrides and isolates, zero-width and other format
// characters, private-use and unassigned code points, invalid UTF-8. Line breaks, tabs and other
// spaces become one plain space, and the result is trimmed, so it is one line.
func StripControl(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := false
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.IsSpace(r): // before the C1 controls: NEL (U+0085) is a line break
			space = b.Len() > 0
			continue
		case r == '\x1b' || (r >= '\u0080' && r <= '\u009f'):
			i = skipEscape(rs, i)
			continue
		case r == unicode.ReplacementChar:
			continue // invalid UTF-8, or a replacement character standing for it
		case !unicode.IsPrint(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// skipEscape returns the index of the last rune of the escape sequence or control that starts at
// rs[i] (ESC or a C1 control): the caller resumes after it.
func skipEscape(rs []rune, i int) int {
	switch rs[i] {
	case '\x1b':
		return skipESC(rs, i)
	case c1CSI:
		return skipCSI(rs, i+1)
	case c1OSC, c1DCS, c1SOS, c1PM, c1APC:
		return skipString(rs, i+1)
	}
	return i
}

// skipESC is skipEscape for a sequence that starts with ESC at rs[i].
func skipESC(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return i
	}
	switch next := rs[i+1]; {
	case next == '[':
		return skipCSI(rs, i+2)
	case next == ']' || next == 'P' || next == 'X' || next == '^' || next == '_':
		return skipString(rs, i+2)
	case next >= ' ' && next <= '/': // intermediate bytes, then one final byte (e.g. ESC ( B)
		j := i + 1
		for j < len(rs) && rs[j] >= ' ' && rs[j] <= '/' {
			j++
		}
		return min(j, len(rs)-1)
	case next >= '0' && next <= '~': // a two-character sequence (ESC 7, ESC c, ...)
		return i + 1
	}
	return i
}

// skipCSI skips the parameter and intermediate bytes of a control sequence from rs[j] and returns the
// index of its final byte (or of the last rune when the sequence is cut short).
func skipCSI(rs []rune, j int) int {
	for j < len(rs) && rs[j] >= '0' && rs[j] <= '?' {
		j++
	}
	for j < len(rs) && rs[j] >= ' ' && rs[j] <= '/' {
		j++
	}
	if j < len(rs) && rs[j] >= '@' && rs[j] <= '~' {
		return j
	}
	return j - 1
}

// skipString skips a control string (OSC, DCS, ...) from rs[j] up to and including its terminator:
// BEL, ESC \ or ST. An unterminated string runs to the end of the text.
func skipString(rs []rune, j int) int {
	for ; j < len(rs); j++ {
		switch {
		case rs[j] == '\a' || rs[j] == c1ST:
			return j
		case rs[j] == '\x1b' && j+1 < len(rs) && rs[j+1] == '\\':
			return j + 1
		}
	}
	return len(rs) - 1
}
