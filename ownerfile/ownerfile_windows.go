package ownerfile

import (
	"fmt"
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
)

// ownerOnly is a security descriptor whose DACL is protected (nothing inherited from the folder) and
// grants full access to the current user and to no one else: "D:P(A;;FA;;;<user SID>)".
var ownerOnly = sync.OnceValues(func() (*windows.SECURITY_DESCRIPTOR, error) {
	sid, err := currentUser()
	if err != nil {
		return nil, err
	}
	return windows.SecurityDescriptorFromString("D:P(A;;FA;;;" + sid.String() + ")")
})

func currentUser() (*windows.SID, error) {
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, fmt.Errorf("read the current user: %w", err)
	}
	return u.User.Sid, nil
}

func openForWrite(path string, appending bool) (*os.File, error) {
	sd, err := ownerOnly()
	if err != nil {
		return nil, err
	}
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	access := uint32(windows.GENERIC_WRITE | windows.WRITE_DAC | windows.READ_CONTROL)
	if appending {
		access = windows.FILE_APPEND_DATA | windows.FILE_WRITE_ATTRIBUTES | windows.FILE_WRITE_EA |
			windows.SYNCHRONIZE | windows.WRITE_DAC | windows.READ_CONTROL
	}
	// A new file is born owner-only (the descriptor in sa); FILE_FLAG_OPEN_REPARSE_POINT opens a
	// symbolic link or junction itself instead of what it points to, and the attribute check below
	// refuses it.
	sa := &windows.SecurityAttributes{SecurityDescriptor: sd}
	sa.Length = uint32(unsafe.Sizeof(*sa))
	h, err := windows.CreateFile(p, access, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		sa, windows.OPEN_ALWAYS, windows.FILE_ATTRIBUTE_NORMAL|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &info); err != nil {
		windows.CloseHandle(h)
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	if info.FileAttributes&(windows.FILE_ATTRIBUTE_REPARSE_POINT|windows.FILE_ATTRIBUTE_DIRECTORY) != 0 {
		windows.CloseHandle(h)
		return nil, ErrNotRegular
	}
	return os.NewFile(uintptr(h), path), nil
}

// restrictOpen sets the owner-only DACL on an open file: a file that existed kept its old DACL.
func restrictOpen(f *os.File) error {
	dacl, err := ownerOnlyDACL()
	if err != nil {
		return err
	}
	return windows.SetSecurityInfo(windows.Handle(f.Fd()), windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil)
}

// ownerOnlyDACL is ownerOnly's DACL, to set on a file that exists.
func ownerOnlyDACL() (*windows.ACL, error) {
	sd, err := ownerOnly()
	if err != nil {
		return nil, err
	}
	dacl, _, err := sd.DACL()
	return dacl, err
}

func restrict(path string) error {
	dacl, err := ownerOnlyDACL()
	if err != nil {
		return err
	}
	return windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil)
}

// check reads the file's DACL back: protected, and every entry an allow for the current user.
func check(path string) error {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return err
	}
	me, err := currentUser()
	if err != nil {
		return err
	}
	control, _, err := sd.Control()
	if err != nil {
		return err
	}
	if control&windows.SE_DACL_PROTECTED == 0 {
		return fmt.Errorf("%s inherits access from its folder (%s)", path, sd)
	}
	dacl, _, err := sd.DACL()
	if err != nil || dacl == nil {
		return fmt.Errorf("%s has no DACL, so everyone can open it (%v)", path, err)
	}
	for i := uint32(0); i < uint32(dacl.AceCount); i++ {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return err
		}
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE || !sid.Equals(me) {
			return fmt.Errorf("%s grants access to others: %s", path, sd)
		}
	}
	return nil
}
