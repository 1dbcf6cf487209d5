package services

import "runtime"

// KeychainNames name the operating system's secret store the way its users know it, for text that
// says where a secret is kept.
type KeychainNames struct {
	// Full names it in a sentence of its own: "Kept in Windows Credential Manager."
	Full string
	// Short names it where space is tight or it was named just before: "Stored in Credential Manager".
	Short string
	// Subject is Short at the start of a sentence: "Credential Manager is unavailable".
	Subject string
}

// KeychainFor returns the names of goos's secret store (a GOOS value); KeychainName is this computer's.
// Windows users know Credential Manager, macOS users the login keychain; Linux desktops reach theirs
// (GNOME Keyring, KWallet) through the Secret Service.
func KeychainFor(goos string) KeychainNames {
	switch goos {
	case "windows":
		return KeychainNames{Full: "Windows Credential Manager", Short: "Credential Manager", Subject: "Credential Manager"}
	case "darwin":
		return KeychainNames{Full: "your macOS login keychain", Short: "the keychain", Subject: "The keychain"}
	default:
		return KeychainNames{Full: "your desktop keyring (Secret Service)", Short: "the keyring", Subject: "The keyring"}
	}
}

// KeychainName names this computer's secret store (KeychainFor(runtime.GOOS)).
var KeychainName = KeychainFor(runtime.GOOS)
