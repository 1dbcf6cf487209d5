package cli

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"scimrenew/secrets"
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
}

// fieldFlags maps store.ValidateProfile's field names to the flags that set them, so its messages can
// name what to fix on the command line.
var fieldFlags = map[string]string{
	store.FieldName: "--name", store.FieldHubURL: "--hub-url", store.FieldSCIMURL: "--scim-url",
	store.FieldTokenURL: "--token-url", store.FieldClientID: "--client-id", store.FieldOktaOrgURL: "--okta-org",
	store.FieldOktaAdminURL: "--okta-admin-url", store.FieldOktaAppID: "--okta-app-id",
	store.FieldOktaAppName: "--okta-app-name", store.FieldOktaCredKind: "--okta-token-stdin",
	store.FieldOktaClientID: "Okta service app Client ID (set it in the window's Settings)",
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
	targets := map[string]*string{"name": &p.Name, "hub-url": &p.HubURL, "scim-url": &p.SCIMURL,
		"token-url": &p.TokenURL, "client-id": &p.ClientID, "okta-org": &p.OktaOrgURL,
		"okta-admin-url": &p.OktaAdminURL, "okta-app-id": &p.OktaAppID, "okta-app-name": &p.OktaAppName}
	for name, v := range pf.fields {
		if !onlySet || pf.f.isSet(name) {
			*targets[name] = strings.TrimSpace(*v)
		}
	}
	if !onlySet || pf.f.isSet("remind-months") {
		if *pf.remindMonths < 1 || *pf.remindMonths > 11 {
			return fmt.Errorf("--remind-months must be between 1 and 11")
		}
		p.RemindMonths = *pf.remindMonths
	}
	if !onlySet || pf.f.isSet("remind-days") {
		days, err := parseDays(*pf.remindDays)
		if err != nil {
			return err
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

func parseDays(s string) ([]int, error) {
	days := []int{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, fmt.Errorf("--remind-days takes whole numbers of days separated by commas, e.g. 14,7,1")
		}
		days = append(days, n)
	}
	return days, nil
}

// validate runs the one profile validation (the window's) and reports its findings by flag.
func (r *runner) validate(st *store.Store, p store.Profile) int {
	profiles, err := st.Profiles(r.ctx)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	existing := make([]store.NameID, len(profiles))
	for i, x := range profiles {
		existing[i] = store.NameID{ID: x.ID, Name: x.Name}
	}
	if errs := store.ValidateProfile(p, existing); errs != nil {
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
		fmt.Fprintf(r.stderr, "  %s: %s\n", name, sentence(errs[k]))
	}
	return ExitUsage
}

// pendingSecret is a secret read from standard input, stored once the profile is saved.
type pendingSecret struct {
	kind  secrets.Kind
	value string
}

// readSecrets reads one line per --*-stdin flag, in the order the flags were given.
func (r *runner) readSecrets(pf *profileFlags) ([]pendingSecret, error) {
	var out []pendingSecret
	for _, name := range pf.order {
		kind, what := secrets.KindHubClientSecret, "Hub Client Secret"
		if name == flagOktaToken {
			kind, what = secrets.KindOktaCredential, "Okta API token"
		}
		v, err := r.in.secret(what)
		if err != nil {
			return nil, err
		}
		out = append(out, pendingSecret{kind, v})
	}
	return out, nil
}

// storeSecrets writes the secrets under the saved profile's ID. A failure leaves the profile saved.
func (r *runner) storeSecrets(p store.Profile, pending []pendingSecret) int {
	if len(pending) == 0 {
		return ExitOK
	}
	kc := r.keychain()
	for _, s := range pending {
		if err := kc.Set(p.ID, s.kind, s.value); err != nil {
			return r.failf(ExitFailure, "the profile %q was saved, but its %s was not stored in the keychain: %w; "+
				"run scimrenew profile edit --profile %q with the --*-stdin flag again once the keychain works",
				p.Name, s.kind, err, p.Name)
		}
	}
	r.log.Info("profile secrets stored", "profile", p.ID, "count", len(pending))
	return ExitOK
}
