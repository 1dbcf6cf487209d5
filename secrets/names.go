package secrets

import "runtime"

// Names name the operating system's secret store the way its users know it, for text that
// says where a secret is kept.
type Names struct {
	// Full names it in a sentence of its own: "Kept in Windows Credential Manager."
	Full string
	// Short names it where space is tight or it was named just before: "Stored in Credential Manager".
	Short string
	// Subject is Short at the start of a sentence: "Credential Manager is unavailable".
	Subject string
}

// NamesFor returns the names of goos's secret store (a GOOS value); ThisNames is this computer's.
// Windows users know Credential Manager, macOS users the login keychain; Linux desktops reach theirs
// (GNOME Keyring, KWallet) through the Secret Service.
func NamesFor(goos string) Names {
	switch goos {
	case "windows":
		return Names{Full: "Windows Credential Manager", Short: "Credential Manager", Subject: "Credential Manager"}
	case "darwin":
		return Names{Full: "your macOS login keychain", Short: "the keychain", Subject: "The keychain"}
	default:
		return Names{Full: "your desktop keyring (Secret Service)", Short: "the keyring", Subject: "The keyring"}
	}
}

// ThisNames names this computer's secret store (NamesFor(runtime.GOOS)).
var ThisNames = NamesFor(runtime.GOOS)

// MemoryNames name a Memory keychain given on purpose (the sandbox's): its secrets last as long as
// the process.
var MemoryNames = Names{Full: "this session's memory", Short: "this session's memory", Subject: "This session's memory"}
