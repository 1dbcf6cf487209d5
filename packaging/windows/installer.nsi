; SCIM Renew's per-user Windows installer (NSIS 3, built by scripts/package-windows.sh with makensis).
;   makensis -DVERSION=x.y.z -DVERSION4=x.y.z.build -DSRCDIR=DIR -DOUTFILE=FILE installer.nsi
; SRCDIR holds "SCIM Renew.exe" (the window app), scimrenew.exe (the console exe) and icon.ico.
;
; It needs no admin rights: everything goes under the current user (%LocalAppData%\Programs\SCIM Renew,
; HKCU). It adds a Start-menu shortcut, puts the install folder on the user's PATH (so `scimrenew` works
; in cmd.exe and PowerShell), registers the app's ID as a sender of notifications (the app writes it
; again before each toast) and registers an uninstaller in "Installed apps". Installing over an older
; version replaces the program files in place and keeps everything else. The uninstaller removes the
; program, the shortcut, the PATH entry, the notification sender and its own registration (none of
; them is user data); the data folder (%AppData%\SCIM Renew)
; and the secrets in Credential Manager stay unless "Also remove my data" is ticked (or /REMOVEDATA is
; given to a silent uninstall: uninstall.exe /S /REMOVEDATA).

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "StrFunc.nsh"
${StrStr}
${UnStrStr}
${UnStrRep}

!define APPNAME "SCIM Renew"
!define APPID "io.scimrenew.app"
!define GUIEXE "SCIM Renew.exe"
!define CLIEXE "scimrenew.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
; Windows 10 and 11 may drop toasts from an app ID that is not registered here (desktop.Notify).
!define TOASTKEY "Software\Classes\AppUserModelId\${APPID}"
; NSIS strings hold 1024 characters: a longer PATH is left alone rather than cut short.
!define PATHMAX 1000

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey "ProductName" "${APPNAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APPNAME} installer"
VIAddVersionKey "CompanyName" "${APPNAME}"
VIAddVersionKey "LegalCopyright" "${APPNAME}"

!define MUI_ICON "${SRCDIR}\icon.ico"
!define MUI_UNICON "${SRCDIR}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUIEXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APPNAME}"
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP "${APPNAME} will be removed. Your data (the database of profiles and token history, the log, and the secrets kept in Windows Credential Manager) stays for a later install unless you tick the box."

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "-Install"
	SetShellVarContext current
	SetOutPath "$INSTDIR"
	; In place: the files are overwritten, a running window is asked to close first.
	File "${SRCDIR}\${GUIEXE}"
	File "${SRCDIR}\${CLIEXE}"
	WriteUninstaller "$INSTDIR\uninstall.exe"
	CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${GUIEXE}" "" "$INSTDIR\${GUIEXE}" 0 SW_SHOWNORMAL "" "Renew the SCIM token Okta uses for QorusDocs"

	WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${APPNAME}"
	WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${GUIEXE},0"
	WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
	WriteRegStr HKCU "${TOASTKEY}" "DisplayName" "${APPNAME}"

	Call AddToPath
SectionEnd

; Appends $INSTDIR to the user's PATH unless it is there already.
Function AddToPath
	ReadRegStr $0 HKCU "Environment" "Path"
	StrLen $1 $0
	${If} $1 > ${PATHMAX}
		DetailPrint "Your PATH is too long to change safely: add $INSTDIR to it yourself to use scimrenew in a terminal."
		Return
	${EndIf}
	${StrStr} $1 ";$0;" ";$INSTDIR;"
	${If} $1 != ""
		Return
	${EndIf}
	${If} $0 == ""
		WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
	${Else}
		WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
	${EndIf}
	SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
FunctionEnd

Section "-un.Uninstall"
	SetShellVarContext current
	Delete "$INSTDIR\${GUIEXE}"
	Delete "$INSTDIR\${CLIEXE}"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	Delete "$SMPROGRAMS\${APPNAME}.lnk"
	DeleteRegKey HKCU "${UNINSTKEY}"
	DeleteRegKey HKCU "${TOASTKEY}"
	Call un.RemoveFromPath
SectionEnd

Section /o "un.Also remove my data (profiles, token history, log and the secrets in Credential Manager)" SecRemoveData
	SetShellVarContext current
	RMDir /r "$APPDATA\${APPNAME}"
	Call un.DeleteCredentials
SectionEnd

Function un.onInit
	${GetParameters} $0
	ClearErrors
	${GetOptions} $0 "/REMOVEDATA" $1
	${IfNot} ${Errors}
		SectionSetFlags ${SecRemoveData} ${SF_SELECTED}
	${EndIf}
FunctionEnd

; Takes $INSTDIR out of the user's PATH, wherever it stands in it.
Function un.RemoveFromPath
	ReadRegStr $0 HKCU "Environment" "Path"
	StrLen $1 $0
	${If} $1 > ${PATHMAX}
		Return
	${EndIf}
	${UnStrStr} $1 ";$0;" ";$INSTDIR;"
	${If} $1 == ""
		Return
	${EndIf}
	${UnStrRep} $1 ";$0;" ";$INSTDIR;" ";"
	StrCpy $1 $1 "" 1 ; the leading ;
	StrCpy $1 $1 -1   ; the trailing ;
	${If} $1 == ""
		DeleteRegValue HKCU "Environment" "Path"
	${Else}
		WriteRegExpandStr HKCU "Environment" "Path" "$1"
	${EndIf}
	SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
FunctionEnd

; Deletes every Credential Manager entry SCIM Renew made: go-keyring names them "<service>:<user>", and
; the app's service is its ID. CredEnumerateW gives an array of CREDENTIALW pointers; in a CREDENTIALW
; (x64) Flags and Type come first, then the TargetName pointer.
Function un.DeleteCredentials
	System::Call 'advapi32::CredEnumerateW(w "${APPID}:*", i 0, *i .r1, *p .r2) i .r0'
	${If} $0 == 0
		Return
	${EndIf}
	StrCpy $3 0
	${While} $3 < $1
		IntOp $4 $3 * 8
		IntPtrOp $4 $2 + $4
		System::Call '*$4(p .r5)'
		System::Call '*$5(i, i .r6, w .r7)'
		System::Call 'advapi32::CredDeleteW(w r7, i r6, i 0) i .r8'
		DetailPrint "Removed $7 from Credential Manager"
		IntOp $3 $3 + 1
	${EndWhile}
	System::Call 'advapi32::CredFree(p r2)'
FunctionEnd
