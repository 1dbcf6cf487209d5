// Package e2e holds SCIM Renew's cross-package evidence tests and no product code: the fault matrix
// (every external call against every way it can fail, through the renewal engine and the health check),
// the bad-input matrix (settings validation, token capture and the command line), the secret-leak scan
// of a whole sandbox renewal and of the renew verb, and the instance-safety tests (two renewals of one
// profile never both proceed, and the store stays sound).
//
// Everything runs against the in-repo fakes (hubtest, oktatest, the sandbox) over loopback, and the
// command-line tests against the real binary, built once by TestMain. The tests use only the packages'
// exported APIs, exactly as the window and the command line do; nothing here is imported by the app.
package e2e
