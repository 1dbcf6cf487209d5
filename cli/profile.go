package cli

import (
	"fmt"
	"sort"
	"strings"

	"scimrenew/services"
	"scimrenew/store"
)

// profileFlags are the settings fields as flags, shared by profile add and profile edit.
type profileFlags struct {
	f            *verbFlags
	fields       map[string]*string // flag name -> value, for the string fields
	remindMonths *int
	remindDays   *string
	order        []string // the --*-stdin flags in the order given: the order of the lines read
	asJSON       *bool
	// keepCredentials (profile edit) lets the stored credentials go to the new hosts changed addresses name.
	keepCredentials bool
}

// fieldFlags maps store.ValidateProfile's field names to the flags that set them, so its messages can
// name what to fix on the command line.
var fieldFlags = map[string]string{
	store.FieldName: "--name", store.FieldHubURL: "--hub-url", store.FieldSCIMURL: "--scim-url",
	store.FieldTokenURL: "--token-url", store.FieldClientID: "--client-id", store.FieldOktaOrgURL: "--okta-org",
	store.FieldOktaAdminURL: "--okta-admin-url", store.FieldOktaAppID: "--okta-app-id",
	store.FieldOktaAppName: "--okta-app-name", store.FieldOktaCredKind: "--okta-token-stdin",
	store.FieldOktaClientID: "Okta service app Client ID (set it in the window's Settings)",
	store.FieldRemindMonths: "--remind-months",
	store.FieldRemindDays:   "--remind-days",
}

const (
	flagClientSecret = "client-secret-stdin"
	flagOktaToken    = "okta-token-stdin"
)

func addProfileFlags(f *verbFlags) *profileFlags {
	pf := &profileFlags{f: f, fields: map[string]*string{}}
	for _, d := range []struct{ name, usage string }{
		{"name", "the profile's `NAME`, e.g. the tenant's name"},
		{"hub-url", "the QorusDocs Hub's `URL`, e.g. https://acme.qorusdocs.com"},
		{"scim-url", "the SCIM base `URL`, as configured in Okta, e.g. https://acme.qorusdocs.com/scim/v2"},
		{"token-url", "the OAuth token endpoint `URL` (API mode); empty for Hub-page mode"},
		{"client-id", "the Hub Client `ID` given during SCIM setup"},
		{"okta-org", "the Okta org `URL`, e.g. https://acme.okta.com"},
		{"okta-admin-url", "the Okta Admin Console `URL`, only for orgs on a custom domain"},
		{"okta-app-id", "the Okta app's instance `ID`, e.g. 0oa1b2c3d4"},
		{"okta-app-name", "the Okta app's catalog `NAME`, e.g. scim2testapp"},
	} {
		pf.fields[d.name] = f.String(d.name, "", d.usage)
	}
	pf.remindMonths = f.Int("remind-months", store.DefaultRemindMonths, "first reminder this many calendar `MONTHS` before expiry")
	pf.remindDays = f.String("remind-days", "14,7,1", "then remind these `DAYS` before expiry, comma-separated")
	f.Var(&stdinFlag{name: flagClientSecret, order: &pf.order}, flagClientSecret,
		"read the Hub Client Secret from a line of standard input")
	f.Var(&stdinFlag{name: flagOktaToken, order: &pf.order}, flagOktaToken,
		"read an Okta API token (SSWS) from a line of standard input; lets renew install through Okta's API")
	pf.asJSON = f.Bool("json", false, "print the saved profile as JSON")
	return pf
}

// apply copies the flags into p: every flag for add, only those given for edit.
func (pf *profileFlags) apply(p *store.Profile, onlySet bool) error {
	targets := map[string]*string{
		"name": &p.Name, "hub-url": &p.HubURL, "scim-url": &p.SCIMURL,
		"token-url": &p.TokenURL, "client-id": &p.ClientID, "okta-org": &p.OktaOrgURL,
		"okta-admin-url": &p.OktaAdminURL, "okta-app-id": &p.OktaAppID, "okta-app-name": &p.OktaAppName,
	}
	for name, v := range pf.fields {
		if !onlySet || pf.f.isSet(name) {
			*targets[name] = strings.TrimSpace(*v)
		}
	}
	if !onlySet || pf.f.isSet("remind-months") {
		p.RemindMonths = *pf.remindMonths // its range is store.ValidateProfile's rule
	}
	if !onlySet || pf.f.isSet("remind-days") {
		days, err := services.ParseLeadDays(*pf.remindDays)
		if err != nil {
			return fmt.Errorf("--remind-days: %w", err)
		}
		p.RemindDays = days
	}
	if pf.wants(flagOktaToken) {
		p.OktaCredKind = store.OktaCredSSWS
	}
	return nil
}

func (pf *profileFlags) wants(stdinFlagName string) bool {
	for _, n := range pf.order {
		if n == stdinFlagName {
			return true
		}
	}
	return false
}

// validate runs the one profile validation (the window's) and reports its findings by flag.
func (r *runner) validate(svc *services.Services, p store.Profile) int {
	errs, err := svc.ValidateProfile(r.ctx, p)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	if errs != nil {
		return r.fieldErrors(errs)
	}
	return ExitOK
}

func (r *runner) fieldErrors(errs store.FieldErrors) int {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(r.stderr, "scimrenew: the profile is not valid:")
	for _, k := range keys {
		name := fieldFlags[k]
		if name == "" {
			name = k
		}
		fmt.Fprintf(r.stderr, "  %s: %s\n", name, services.MessageText(errs[k]))
	}
	return ExitUsage
}

// readSecrets reads one line per --*-stdin flag, in the order the flags were given.
func (r *runner) readSecrets(pf *profileFlags) (services.ProfileSecrets, error) {
	var out services.ProfileSecrets
	for _, name := range pf.order {
		target, what := &out.HubClientSecret, "Hub Client Secret"
		if name == flagOktaToken {
			target, what = &out.OktaCredential, "Okta API token"
		}
		v, err := r.in.secret(what)
		if err != nil {
			return out, err
		}
		*target = v
	}
	return out, nil
}
