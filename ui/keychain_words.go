package ui

import "scimrenew/services"

// keychainName names where the app keeps secrets, as its users know it: this computer's secret store
// (Credential Manager on Windows), or the sandbox's memory (services.Services.KeychainName).
func (u *UI) keychainName() services.KeychainNames {
	if u.deps.Services == nil {
		return services.KeychainName
	}
	return u.deps.Services.KeychainName()
}

// keychainUnavailable says that a secret of the given kind ("secret", "token") entered now lasts only
// until the app quits, naming the secret store that cannot be used.
func (u *UI) keychainUnavailable(what string) string {
	return u.keychainName().Subject + " is unavailable: the " + what + " is kept only until you quit."
}

// storedPlaceholder is the placeholder of a secret field whose secret is stored already.
func (u *UI) storedPlaceholder() string {
	return "Stored in " + u.keychainName().Short + "; leave empty to keep it"
}
