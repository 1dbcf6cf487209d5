package services

import "scimrenew/secrets"

// KeychainName names this computer's secret store the way its users know it (Windows Credential
// Manager, the macOS login keychain, the desktop keyring), for the faces' text that says where a
// secret is kept: secrets.ThisNames, which the faces cannot import.
var KeychainName = secrets.ThisNames
