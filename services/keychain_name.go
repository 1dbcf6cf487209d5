package services

import "scimrenew/secrets"

// KeychainNames name a secret store the way its users know it (secrets.Names).
type KeychainNames = secrets.Names

// KeychainName names this computer's secret store (Windows Credential Manager, the macOS login
// keychain, the desktop keyring), for the faces' text that says where a secret is kept:
// secrets.ThisNames, which the faces cannot import.
var KeychainName = secrets.ThisNames

// KeychainName names where these services keep secrets: this computer's secret store, or this
// session's memory when they were given a keychain in memory on purpose (the sandbox). When secrets
// are in memory because the OS keychain cannot be used (Volatile), it is still the OS store's names:
// text then says that store is unavailable.
func (s *Services) KeychainName() KeychainNames {
	if _, mem := s.kc.(*secrets.Memory); mem && !s.cfg.Volatile {
		return secrets.MemoryNames
	}
	return KeychainName
}
