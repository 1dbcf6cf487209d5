//go:build unix

package cli

import "syscall"

// noFollow makes opening the token file fail on a symbolic link, so the token cannot be redirected
// into a file the link's author can read.
const noFollow = syscall.O_NOFOLLOW
