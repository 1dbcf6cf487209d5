package localefix

import (
	"os"
	"strings"
	"testing"

	"github.com/jeandeaual/go-locale"
	"golang.org/x/text/language"
)

// localeVars are the variables go-locale reads on Unix.
var localeVars = []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"}

// setLocaleEnv replaces the locale variables for the test: vals in the order of localeVars, "" unset.
func setLocaleEnv(t *testing.T, vals ...string) {
	t.Helper()
	for i, name := range localeVars {
		t.Setenv(name, "") // restores the old value after the test
		if i < len(vals) && vals[i] != "" {
			t.Setenv(name, vals[i])
		} else {
			os.Unsetenv(name)
		}
	}
}

// fix does what the package's init does.
func fix(t *testing.T) {
	t.Helper()
	if v, ok := Language(os.Getenv); ok {
		t.Setenv("LANGUAGE", v)
	}
}

// fyneParses reports the first locale go-locale gives that Fyne's lang package cannot parse (the
// "Error parsing user locale" it prints), or "" when all parse.
func fyneParses(t *testing.T) string {
	t.Helper()
	all, err := locale.GetLocales()
	if err != nil {
		t.Fatal(err)
	}
	one, err := locale.GetLocale()
	if err != nil {
		t.Fatal(err)
	}
	if one != "" {
		all = append(all, one)
	}
	for _, l := range all {
		if _, err := language.Parse(l); err != nil {
			return l
		}
	}
	return ""
}

func TestLanguage(t *testing.T) {
	for _, tc := range []struct {
		name                                string
		lcAll, lcMessages, lang, languageIn string
		want                                string // "" means left alone
	}{
		{name: "LANG=C.UTF-8", lang: "C.UTF-8", want: "en"},
		{name: "LANG=C.utf8", lang: "C.utf8", want: "en"},
		{name: "LC_ALL=C.UTF-8 over a real LANG", lcAll: "C.UTF-8", lang: "de_DE.UTF-8", want: "en"},
		{name: "LC_MESSAGES=POSIX.UTF-8", lcMessages: "POSIX.UTF-8", want: "en"},
		{name: "C with a modifier", lang: "C@euro", want: "en"},
		{name: "bare C: go-locale reads no preference", lang: "C"},
		{name: "bare POSIX", lcAll: "POSIX", lang: "C.UTF-8"},
		{name: "a real locale", lang: "en_GB.UTF-8"},
		{name: "LANGUAGE wins over C.UTF-8", lang: "C.UTF-8", languageIn: "fr:de"},
		{name: "C entries dropped from LANGUAGE", lang: "de_DE.UTF-8", languageIn: "C.UTF-8:de", want: "de"},
		{name: "empty LANGUAGE entries dropped", lang: "de_DE.UTF-8", languageIn: "fr::de", want: "fr:de"},
		{name: "nothing set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setLocaleEnv(t, tc.lcAll, tc.lcMessages, tc.lang, tc.languageIn)
			got, ok := Language(os.Getenv)
			if ok != (tc.want != "") || got != tc.want {
				t.Fatalf("Language() = %q, %v; want %q, %v", got, ok, tc.want, tc.want != "")
			}
			fix(t)
			if bad := fyneParses(t); bad != "" {
				t.Fatalf("after the fix go-locale still gives %q, which Fyne cannot parse", bad)
			}
		})
	}
}

// FuzzLanguage: whatever the locale variables hold, after the fix go-locale gives no C, POSIX or empty
// language, and a second fix changes nothing.
func FuzzLanguage(f *testing.F) {
	f.Add("", "", "C.UTF-8", "")
	f.Add("C.UTF-8", "", "de_DE.UTF-8", "C:fr")
	f.Add("", "POSIX", "", "::")
	f.Add("", "", "", "c-utf8@x")
	f.Fuzz(func(t *testing.T, lcAll, lcMessages, lang, languageIn string) {
		for _, v := range []string{lcAll, lcMessages, lang, languageIn} {
			if strings.ContainsAny(v, "\x00=") {
				t.Skip("not a value an environment variable can hold")
			}
		}
		setLocaleEnv(t, lcAll, lcMessages, lang, languageIn)
		fix(t)
		if v, ok := Language(os.Getenv); ok {
			t.Fatalf("a second fix still wants LANGUAGE=%q", v)
		}
		all, _ := locale.GetLocales()
		for _, l := range all {
			tag, _, _ := strings.Cut(l, "-")
			if tag == "" || strings.EqualFold(tag, "C") || strings.EqualFold(tag, "POSIX") {
				t.Fatalf("after the fix go-locale gives %q (LANGUAGE=%q)", l, os.Getenv("LANGUAGE"))
			}
		}
	})
}
