// Package localefix makes a C or POSIX locale (LANG=C.UTF-8 or LC_ALL=C.UTF-8, as containers, cron and
// SSH sessions set) readable to Fyne before Fyne reads it. Fyne's lang package asks
// github.com/jeandeaual/go-locale for the user's languages during its package init; go-locale skips a
// bare "C" or "POSIX" but turns "C.UTF-8" into the language "C", which is no language tag, so every
// start of the app, command-line verbs included, printed "Fyne error: Error parsing user locale C".
//
// The package's init runs before Fyne's: it imports only the standard library, so Go's initialisation
// order (the first package, by import path, whose imports are all initialised) reaches it long before
// fyne.io/fyne/v2/lang, whose imports take most of the program to initialise. A test of package e2e
// starts the real binary under LANG=C.UTF-8 and LC_ALL=C.UTF-8 and holds this to an empty stderr.
//
// It changes only LANGUAGE, the GNU list of languages for messages, and only for this process and
// what it starts: with a C locale, LANGUAGE becomes "en", the language a C locale speaks anyway. LANG
// and LC_* stay as they are, so the character set of this process and its children does not change
// (setting LANG=en_US.UTF-8 instead would make children warn where that locale is not installed). It
// must not import anything but the standard library, or it may lose its place before Fyne.
package localefix

import (
	"os"
	"strings"
)

func init() {
	if v, ok := Language(os.Getenv); ok {
		_ = os.Setenv("LANGUAGE", v) // fails only for a malformed name or value, neither possible here
	}
}

// Language returns the LANGUAGE value that leaves go-locale no C or POSIX entry to parse, and true,
// when the environment (read through getenv) would give it one; otherwise "" and false.
//
// It follows go-locale on Unix: the locale is the first non-empty of LC_ALL, LC_MESSAGES and LANG; a
// bare C or POSIX locale is read as no preference; otherwise a non-empty LANGUAGE wins over the
// locale, and its colon-separated entries are each cut to a language at the first '.', '@', '_' or
// '-'. C, POSIX and empty entries are dropped from the list; when none is left the answer is "en".
func Language(getenv func(string) string) (string, bool) {
	loc := ""
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = getenv(name); loc != "" {
			break
		}
	}
	if loc == "C" || loc == "POSIX" {
		return "", false
	}
	list := loc
	if l := getenv("LANGUAGE"); l != "" {
		list = l
	}
	if list == "" {
		return "", false
	}
	var keep []string
	dropped := false
	for _, e := range strings.Split(list, ":") {
		if isCLocale(e) {
			dropped = true
			continue
		}
		keep = append(keep, e)
	}
	if !dropped {
		return "", false
	}
	if len(keep) == 0 {
		return "en", true
	}
	return strings.Join(keep, ":"), true
}

// isCLocale reports whether a locale name's language part is C or POSIX ("C.UTF-8", "POSIX@euro"),
// or empty, none of which is a language tag.
func isCLocale(name string) bool {
	lang, _, _ := strings.Cut(name, ".")
	lang, _, _ = strings.Cut(lang, "@")
	lang, _, _ = strings.Cut(strings.ReplaceAll(lang, "-", "_"), "_")
	return lang == "" || strings.EqualFold(lang, "C") || strings.EqualFold(lang, "POSIX")
}
