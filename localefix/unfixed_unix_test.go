//go:build unix

package localefix

import "testing"

// The locale variables are Unix's: on Windows go-locale asks the system's API, so a C locale cannot
// arise there and this test has nothing to show.
func TestUnfixedCLocaleIsWhatFyneCannotParse(t *testing.T) {
	setLocaleEnv(t, "", "", "C.UTF-8")
	if bad := fyneParses(t); bad != "C" {
		t.Fatalf("without the fix go-locale gives %q unparsable, want \"C\": the fix may no longer be needed", bad)
	}
}
