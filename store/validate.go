package store

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"scimrenew/safenet"
)

// Field names used as keys of FieldErrors, shared by the settings screen and the CLI.
const (
	FieldName         = "name"
	FieldHubURL       = "hub_url"
	FieldSCIMURL      = "scim_url"
	FieldTokenURL     = "token_url"
	FieldClientID     = "client_id"
	FieldOktaOrgURL   = "okta_org_url"
	FieldOktaAdminURL = "okta_admin_url"
	FieldOktaAppID    = "okta_app_id"
	FieldOktaAppName  = "okta_app_name"
	FieldOktaCredKind = "okta_cred_kind"
	FieldOktaClientID = "okta_client_id"
	FieldRemindMonths = "remind_months"
	FieldRemindDays   = "remind_days"
)

// FieldErrors maps a field name to what is wrong with it, in words for the user.
type FieldErrors map[string]string

func (e FieldErrors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %s", k, e[k])
	}
	return "the profile is not valid: " + strings.Join(parts, "; ")
}

// NameID is the part of an existing profile validation needs for the unique-name rule.
type NameID struct{ ID, Name string }

// MaxNameLen is the longest profile name accepted.
const MaxNameLen = 64

// ValidateProfile is the one profile validation, holding every rule of a profile's settings: used by the
// settings screen as the user types, by the CLI, and by the store before it writes. existing lists the
// other profiles (the profile's own ID is ignored) for the unique-name rule. It returns nil when p is
// valid.
func ValidateProfile(p Profile, existing []NameID) FieldErrors {
	errs := FieldErrors{}
	checkName(errs, p, existing)
	checkURL(errs, FieldHubURL, p.HubURL, true)
	checkURL(errs, FieldSCIMURL, p.SCIMURL, true)
	checkURL(errs, FieldTokenURL, p.TokenURL, false)
	checkID(errs, FieldClientID, p.ClientID, true)
	checkOkta(errs, p)
	checkLeadTimes(errs, p)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func checkName(errs FieldErrors, p Profile, existing []NameID) {
	name := p.Name
	switch {
	case strings.TrimSpace(name) == "":
		errs[FieldName] = "enter a name for this profile, for example the tenant's name"
		return
	case name != strings.TrimSpace(name):
		errs[FieldName] = "remove the spaces at the start or end of the name"
		return
	case len([]rune(name)) > MaxNameLen:
		errs[FieldName] = fmt.Sprintf("the name is too long (at most %d characters)", MaxNameLen)
		return
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			errs[FieldName] = "the name contains control characters"
			return
		}
		// Invisible format characters (zero-width spaces, text-direction overrides) would let two
		// names look the same, or a name display as something it is not.
		if unicode.Is(unicode.Cf, r) {
			errs[FieldName] = "the name contains invisible formatting characters (such as a zero-width space or a text-direction mark); type it again"
			return
		}
	}
	for _, e := range existing {
		if e.ID != p.ID && strings.EqualFold(e.Name, name) {
			errs[FieldName] = ErrDuplicateName.Error()
			return
		}
	}
}

// MaxURLLen is the longest URL a profile accepts: far beyond any real Hub, SCIM or Okta address, and
// short enough that a document pasted by mistake is refused rather than saved.
const MaxURLLen = 2048

func checkURL(errs FieldErrors, field, v string, required bool) {
	if v == "" && !required {
		return
	}
	if len(v) > MaxURLLen {
		errs[field] = fmt.Sprintf("the URL is too long (at most %d characters); paste only the address", MaxURLLen)
		return
	}
	if _, err := safenet.CheckURL(v); err != nil {
		errs[field] = err.Error()
	}
}

func checkID(errs FieldErrors, field, v string, required bool) {
	switch {
	case v == "" && required:
		errs[field] = "this field is required"
	case len(v) > 256:
		errs[field] = "this value is too long"
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		errs[field] = "remove spaces and line breaks (copy the value again, exactly)"
	}
}

func checkOkta(errs FieldErrors, p Profile) {
	checkURL(errs, FieldOktaOrgURL, p.OktaOrgURL, false)
	checkURL(errs, FieldOktaAdminURL, p.OktaAdminURL, false)
	checkID(errs, FieldOktaAppID, p.OktaAppID, false)
	checkID(errs, FieldOktaAppName, p.OktaAppName, false)
	checkID(errs, FieldOktaClientID, p.OktaClientID, false)
	if p.OktaAppID != "" && p.OktaOrgURL == "" && p.OktaAdminURL == "" {
		errs[FieldOktaOrgURL] = "enter your Okta org URL, for example https://acme.okta.com"
	}
	switch p.OktaCredKind {
	case OktaCredNone, OktaCredSSWS:
	case OktaCredServiceApp:
		if p.OktaClientID == "" {
			errs[FieldOktaClientID] = "enter the Okta service app's Client ID"
		}
	default:
		errs[FieldOktaCredKind] = "unknown Okta credential kind"
	}
	if p.OktaCredKind != OktaCredNone && p.OktaOrgURL == "" {
		errs[FieldOktaOrgURL] = "an Okta credential needs the Okta org URL"
	}
}

// Lead-time limits: the first reminder comes MinRemindMonths to MaxRemindMonths calendar months before
// expiry (the token lives 12 months), the escalation reminders 0 to MaxRemindDays days before it.
const (
	MinRemindMonths = 1
	MaxRemindMonths = 11
	MaxRemindDays   = 366
)

// checkLeadTimes holds the reminder rules. A RemindMonths of 0 is "not set": the store saves the
// default (DefaultRemindMonths) then.
func checkLeadTimes(errs FieldErrors, p Profile) {
	if p.RemindMonths != 0 && (p.RemindMonths < MinRemindMonths || p.RemindMonths > MaxRemindMonths) {
		errs[FieldRemindMonths] = fmt.Sprintf("the first reminder must come %d to %d months before expiry",
			MinRemindMonths, MaxRemindMonths)
	}
	for _, d := range p.RemindDays {
		if d < 0 || d > MaxRemindDays {
			errs[FieldRemindDays] = fmt.Sprintf("reminder days must be between 0 and %d", MaxRemindDays)
		}
	}
}
