package e2e

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"scimrenew/store"
)

// settingsCase is one bad (or borderline) input to the profile settings. field is the field that must
// be refused, "" when the input must be accepted.
type settingsCase struct {
	name   string
	mutate func(p *store.Profile)
	field  string
}

func setURL(field string, v string) func(p *store.Profile) {
	return func(p *store.Profile) {
		switch field {
		case store.FieldHubURL:
			p.HubURL = v
		case store.FieldSCIMURL:
			p.SCIMURL = v
		case store.FieldTokenURL:
			p.TokenURL = v
		case store.FieldOktaOrgURL:
			p.OktaOrgURL = v
		case store.FieldOktaAdminURL:
			p.OktaAdminURL = v
		}
	}
}

func setName(v string) func(p *store.Profile) { return func(p *store.Profile) { p.Name = v } }

func setClientID(v string) func(p *store.Profile) { return func(p *store.Profile) { p.ClientID = v } }

var mib = strings.Repeat("a", 1<<20)

var settingsCases = []settingsCase{
	// http to a non-loopback host, and the loopback exceptions.
	{"hub http non-loopback", setURL(store.FieldHubURL, "http://acme.qorusdocs.com"), store.FieldHubURL},
	{"scim http private address", setURL(store.FieldSCIMURL, "http://10.0.0.1/scim/v2"), store.FieldSCIMURL},
	{"okta http non-loopback", setURL(store.FieldOktaOrgURL, "http://acme.okta.com"), store.FieldOktaOrgURL},
	{"http localhost look-alike", setURL(store.FieldHubURL, "http://localhost.evil.example"), store.FieldHubURL},
	{"http hex loopback spelling", setURL(store.FieldHubURL, "http://0x7f.0.0.1/"), store.FieldHubURL},
	{"token url http localhost", setURL(store.FieldTokenURL, "http://localhost:8080/oauth2/token"), ""},
	{"scim http 127.0.0.1", setURL(store.FieldSCIMURL, "http://127.0.0.1:9/scim/v2"), ""},
	{"hub http [::1]", setURL(store.FieldHubURL, "http://[::1]:8080/"), ""},
	// credentials and fragments.
	{"hub user and password", setURL(store.FieldHubURL, "https://user:pw@acme.qorusdocs.com"), store.FieldHubURL},
	{"scim token as user", setURL(store.FieldSCIMURL, "https://eyJhbGciOi@acme.qorusdocs.com/scim/v2"), store.FieldSCIMURL},
	{"http loopback with user", setURL(store.FieldHubURL, "http://127.0.0.1@evil.example/"), store.FieldHubURL},
	{"backslash user trick", setURL(store.FieldHubURL, `https://acme.qorusdocs.com\@evil.example`), store.FieldHubURL},
	{"scim fragment", setURL(store.FieldSCIMURL, "https://acme.qorusdocs.com/scim/v2#Users"), store.FieldSCIMURL},
	{"okta empty fragment", setURL(store.FieldOktaOrgURL, "https://acme.okta.com/#"), store.FieldOktaOrgURL},
	// IDN hosts.
	{"IDN hub host", setURL(store.FieldHubURL, "https://bücher.example"), store.FieldHubURL},
	{"Cyrillic look-alike okta", setURL(store.FieldOktaOrgURL, "https://аcme.okta.com"), store.FieldOktaOrgURL},
	{"IDN in xn-- form", setURL(store.FieldHubURL, "https://xn--bcher-kva.example"), ""},
	// Whitespace and control characters.
	{"url leading space", setURL(store.FieldHubURL, " https://acme.qorusdocs.com"), store.FieldHubURL},
	{"url trailing newline", setURL(store.FieldSCIMURL, "https://acme.qorusdocs.com/scim/v2\n"), store.FieldSCIMURL},
	{"url inner tab", setURL(store.FieldTokenURL, "https://acme.qorusdocs.com/oauth2\t/token"), store.FieldTokenURL},
	{"url NUL", setURL(store.FieldHubURL, "https://acme.qorusdocs.com/\x00"), store.FieldHubURL},
	{"name leading space", setName(" Acme EU"), store.FieldName},
	{"name trailing no-break space", setName("Acme EU\u00a0"), store.FieldName},
	{"name newline", setName("Acme\nEU"), store.FieldName},
	{"name escape sequence", setName("Acme \x1b[31mEU"), store.FieldName},
	{"name bidi override", setName("Acme \u202eUE"), store.FieldName},
	{"name zero-width space", setName("Ac\u200bme"), store.FieldName},
	{"client id inner space", setClientID("3f2a 9c1e"), store.FieldClientID},
	{"client id trailing newline", setClientID("3f2a9c1e\n"), store.FieldClientID},
	{"okta app id with tab", func(p *store.Profile) { p.OktaAppID = "0oa1\t2" }, store.FieldOktaAppID},
	{"name with accents and emoji", setName("Société Générale 🚀"), ""},
	// A 1 MiB paste into each kind of field.
	{"1 MiB name", setName(mib), store.FieldName},
	{"1 MiB client id", setClientID(mib), store.FieldClientID},
	{"1 MiB scim url path", setURL(store.FieldSCIMURL, "https://acme.qorusdocs.com/"+mib), store.FieldSCIMURL},
	{"1 MiB host", setURL(store.FieldHubURL, "https://"+mib+".example"), store.FieldHubURL},
	{"1 MiB okta app name", func(p *store.Profile) { p.OktaAppName = mib }, store.FieldOktaAppName},
	// Empty fields.
	{"empty name", setName(""), store.FieldName},
	{"blank name", setName("   "), store.FieldName},
	{"empty hub url", setURL(store.FieldHubURL, ""), store.FieldHubURL},
	{"empty scim url", setURL(store.FieldSCIMURL, ""), store.FieldSCIMURL},
	{"empty client id", setClientID(""), store.FieldClientID},
	{"empty token url (Hub-page mode)", setURL(store.FieldTokenURL, ""), ""},
	{"okta app without org", func(p *store.Profile) { p.OktaOrgURL = "" }, store.FieldOktaOrgURL},
	{"service app without client id", func(p *store.Profile) { p.OktaCredKind = store.OktaCredServiceApp }, store.FieldOktaClientID},
	{"unknown credential kind", func(p *store.Profile) { p.OktaCredKind = "password" }, store.FieldOktaCredKind},
	// Lengths at the edge, odd schemes and ports.
	{"name of 64 characters", setName(strings.Repeat("é", store.MaxNameLen)), ""},
	{"name of 65 characters", setName(strings.Repeat("é", store.MaxNameLen+1)), store.FieldName},
	{"no scheme", setURL(store.FieldHubURL, "acme.qorusdocs.com"), store.FieldHubURL},
	{"javascript scheme", setURL(store.FieldHubURL, "javascript:alert(1)"), store.FieldHubURL},
	{"ftp scheme", setURL(store.FieldSCIMURL, "ftp://acme.qorusdocs.com/scim"), store.FieldSCIMURL},
	{"port out of range", setURL(store.FieldTokenURL, "https://acme.qorusdocs.com:99999/token"), store.FieldTokenURL},
	{"negative reminder day", func(p *store.Profile) { p.RemindDays = []int{14, -1} }, store.FieldRemindDays},
	{"reminder day past a year", func(p *store.Profile) { p.RemindDays = []int{400} }, store.FieldRemindDays},
	// Duplicate names (another profile is called "Acme").
	{"duplicate name", setName("Acme"), store.FieldName},
	{"duplicate name, other case", setName("aCME"), store.FieldName},
}

func validProfile(n string) store.Profile {
	return store.Profile{
		Name: n, HubURL: "https://acme.qorusdocs.com", SCIMURL: "https://acme.qorusdocs.com/scim/v2",
		ClientID: "3f2a9c1e-client", OktaOrgURL: "https://acme.okta.com", OktaAppID: "0oa1b2c3d4",
		OktaAppName: "scim2testapp", RemindMonths: 1, RemindDays: []int{14, 7, 1},
	}
}

// TestBadSettings feeds each input to the one profile validation, then to CreateProfile and to
// UpdateProfile of another profile: a refused input names its field and leaves the store exactly as it
// was; an accepted one is stored as given.
func TestBadSettings(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CreateProfile(ctx, validProfile("Acme")); err != nil {
		t.Fatal(err)
	}
	beta, err := st.CreateProfile(ctx, validProfile("Beta"))
	if err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, c := range settingsCases {
		t.Run(c.name, func(t *testing.T) { checkSettingsCase(ctx, t, st, beta.ID, c) })
		if c.field != "" {
			refused++
		}
	}
	t.Run("renaming a profile to its own name in another case", func(t *testing.T) {
		u := beta
		u.Name = "BETA"
		if _, err := st.UpdateProfile(ctx, u); err != nil {
			t.Errorf("refused: %v", err)
		}
	})
	t.Logf("settings inputs: %d (%d refused, %d accepted)", len(settingsCases), refused, len(settingsCases)-refused)
}

// checkSettingsCase runs one input through ValidateProfile, CreateProfile and UpdateProfile of the
// profile betaID.
func checkSettingsCase(ctx context.Context, t *testing.T, st *store.Store, betaID string, c settingsCase) {
	before := profiles(t, st)
	p := validProfile("New profile")
	c.mutate(&p)
	errs := store.ValidateProfile(p, nameIDs(before))
	checkFieldErrors(t, "ValidateProfile", errs, c.field)
	created, err := st.CreateProfile(ctx, p)
	checkSaveResult(t, "CreateProfile", err, c.field)
	if err == nil {
		got, _ := st.Profile(ctx, created.ID)
		if got.Name != p.Name || got.HubURL != p.HubURL || got.SCIMURL != p.SCIMURL {
			t.Errorf("the accepted profile was not stored as given")
		}
		if after := profiles(t, st); c.field != "" && !reflect.DeepEqual(after, before) {
			t.Errorf("CreateProfile left the store changed")
		}
		if err := st.DeleteProfile(ctx, created.ID); err != nil { // keep the next case's start clean
			t.Fatal(err)
		}
	} else if after := profiles(t, st); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused CreateProfile left the store changed")
	}
	checkSettingsUpdate(ctx, t, st, betaID, c)
}

// checkSettingsUpdate applies one input to the profile betaID: refused, it leaves the profile as it was.
func checkSettingsUpdate(ctx context.Context, t *testing.T, st *store.Store, betaID string, c settingsCase) {
	orig, err := st.Profile(ctx, betaID)
	if err != nil {
		t.Fatal(err)
	}
	u := orig
	c.mutate(&u)
	saved, err := st.UpdateProfile(ctx, u)
	checkSaveResult(t, "UpdateProfile", err, c.field)
	if c.field == "" {
		if _, err := st.UpdateProfile(ctx, orig); err != nil {
			t.Fatal(err)
		}
		if saved.HubURL != u.HubURL {
			t.Errorf("the accepted update was not stored as given")
		}
	} else if got, _ := st.Profile(ctx, betaID); !reflect.DeepEqual(got, orig) {
		t.Errorf("a refused UpdateProfile changed the profile")
		if _, err := st.UpdateProfile(ctx, orig); err != nil {
			t.Fatal(err)
		}
	}
}

func profiles(t *testing.T, st *store.Store) []store.Profile {
	t.Helper()
	ps, err := st.Profiles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func nameIDs(ps []store.Profile) []store.NameID {
	out := make([]store.NameID, len(ps))
	for i, p := range ps {
		out[i] = store.NameID{ID: p.ID, Name: p.Name}
	}
	return out
}

// checkFieldErrors: a refusal names the field with a sentence, and never echoes a 1 MiB input.
func checkFieldErrors(t *testing.T, what string, errs store.FieldErrors, field string) {
	t.Helper()
	if field == "" {
		if errs != nil {
			t.Errorf("%s refused a valid input: %v", what, errs)
		}
		return
	}
	msg, ok := errs[field]
	switch {
	case !ok:
		t.Errorf("%s did not refuse %s: %v", what, field, errs)
	case len(msg) < 15 || len(msg) > 300:
		t.Errorf("%s: the message for %s is not a clear sentence: %q", what, field, clip(msg))
	}
}

func checkSaveResult(t *testing.T, what string, err error, field string) {
	t.Helper()
	var fe store.FieldErrors
	switch {
	case field == "" && err != nil:
		t.Errorf("%s refused a valid input: %v", what, clip(err.Error()))
	case field != "" && !errors.As(err, &fe):
		t.Errorf("%s: want field errors for %s, got %v", what, field, err)
	case field != "":
		checkFieldErrors(t, what, fe, field)
	}
}

// clip keeps test output short when a message would echo a huge input.
func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
