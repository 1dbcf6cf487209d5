package redact

import (
	"strings"
	"testing"
)

// FuzzPipeline hides a secret in arbitrary text in every form leakForms knows, with arbitrary text
// (controls, escapes, other bytes) around each, and asserts that no form survives the pipeline, that
// no control character does, and that the clip holds.
func FuzzPipeline(f *testing.F) {
	f.Add("hub said: ", "s3cr+t/with=chars&more", "client-id", "\x1b]0;x\x07", uint16(80))
	f.Add("", "0123456789abcdef", "", "\u202e", uint16(0))
	f.Add("Bearer ", "00AbCdEfGhIjKlMnOp", "0oa1", "\x00", uint16(10))
	f.Add("x", "ééééééé", "é", "\u009b31m", uint16(3))
	f.Fuzz(func(t *testing.T, text, secret, id, sep string, limit uint16) {
		if len(secret) < MinSecretLen || strings.ContainsAny(secret, "[]") || strings.Contains(Placeholder, secret) {
			t.Skip() // a secret the placeholder itself could spell
		}
		var b strings.Builder
		b.WriteString(text)
		forms := leakForms(id, secret)
		for _, form := range forms {
			b.WriteString(sep)
			b.WriteString(form)
			b.WriteString(text)
		}
		got := Pipeline{Secrets: []string{secret}, Limit: -1}.Text(b.String())
		for name, form := range forms {
			if len(form) >= MinSecretLen && !strings.Contains(Placeholder, form) && strings.Contains(got, form) {
				t.Fatalf("the %s form of the secret survived", name)
			}
		}
		checkNoControl(t, got)
		if limit > 0 {
			clipped := Pipeline{Secrets: []string{secret}, Limit: int(limit)}.Text(b.String())
			if n := len([]rune(clipped)); n > int(limit) {
				t.Fatalf("clipped to %d characters, more than %d", n, limit)
			}
			if strings.Contains(clipped, secret) {
				t.Fatal("the secret survived the clipped pipeline")
			}
		}
	})
}

// FuzzStripControl asserts that whatever comes in, what goes out is valid UTF-8 on one line with no
// control, format or escape character, trimmed, without double spaces, and stable when stripped again.
func FuzzStripControl(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b[31mb", "\x1b]0;t\x07", "\u009b2J", "\u202eabc", "a\r\nb", "\xff\xfe", "\x1b", "\x1b[", " x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := StripControl(s)
		checkNoControl(t, got)
		if strings.TrimSpace(got) != got || strings.Contains(got, "  ") {
			t.Fatalf("not trimmed to single spaces: %q", got)
		}
		if again := StripControl(got); again != got {
			t.Fatalf("not stable: %q then %q", got, again)
		}
	})
}
