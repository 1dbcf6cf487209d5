//go:build !unix

package cli

// noFollow is not available here; writeTokenFile still refuses anything but a regular file.
const noFollow = 0
