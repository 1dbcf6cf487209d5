package ui

import "scimrenew/services"

// keychainUnavailable says that a secret of the given kind ("secret", "token") entered now lasts only
// until the app quits, naming the system's secret store as its users know it (services.KeychainName).
func keychainUnavailable(what string) string {
	return services.KeychainName.Subject + " is unavailable: the " + what + " is kept only until you quit."
}

// storedPlaceholder is the placeholder of a secret field whose secret is stored already.
func storedPlaceholder() string {
	return "Stored in " + services.KeychainName.Short + "; leave empty to keep it"
}
