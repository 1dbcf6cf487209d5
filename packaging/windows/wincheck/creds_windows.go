package main

import (
	"errors"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	procCredEnumerateW = windows.NewLazySystemDLL("advapi32.dll").NewProc("CredEnumerateW")
	procCredFree       = windows.NewLazySystemDLL("advapi32.dll").NewProc("CredFree")
)

// countCredentials counts the Credential Manager entries whose target name starts with prefix.
func countCredentials(prefix string) (int, error) {
	filter, err := windows.UTF16PtrFromString(prefix + "*")
	if err != nil {
		return 0, err
	}
	var count uint32
	var creds uintptr
	ok, _, callErr := procCredEnumerateW.Call(uintptr(unsafe.Pointer(filter)), 0,
		uintptr(unsafe.Pointer(&count)), uintptr(unsafe.Pointer(&creds)))
	if ok == 0 {
		if errors.Is(callErr, windows.ERROR_NOT_FOUND) {
			return 0, nil
		}
		return 0, callErr
	}
	_, _, _ = procCredFree.Call(creds)
	return int(count), nil
}
