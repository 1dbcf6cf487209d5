//go:build !windows

package hub

// Unix reports socket failures with the errno values netclass.go already lists.
var osErrsRefused, osErrsNoRoute, osErrsBroken []error
