package cli

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"scimrenew/services"
	"scimrenew/store"
)

const profileUsage = `Usage: scimrenew [--data-dir DIR] profile add|edit|list|remove [flags]

  add     save a new profile (one per QorusDocs tenant and Okta app)
  edit    change a saved profile; only the flags given change
  list    list the profiles
  remove  delete a profile, its token history, reminders and keychain entries

Example:
  scimrenew profile list --json

Run scimrenew profile SUBVERB --help for its flags and an example.
`

func runProfile(r *runner, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(r.stderr, profileUsage)
		return ExitUsage
	}
	switch args[0] {
	case "add":
		return runProfileSave(r, args[1:], false)
	case "edit":
		return runProfileSave(r, args[1:], true)
	case "list":
		return runProfileList(r, args[1:])
	case "remove":
		return runProfileRemove(r, args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(r.stdout, profileUsage)
		return ExitOK
	}
	fmt.Fprintf(r.stderr, "scimrenew profile: unknown subverb %q\n%s", args[0], profileUsage)
	return ExitUsage
}

const profileExits = "0 saved\n1 not saved, or a secret could not be stored (the message says which)\n" +
	"2 wrong command line or invalid settings (each flag's problem is listed), or a changed address would\n" +
	"  send a stored credential to a new host: nothing saved (give it again with its --*-stdin flag, or\n" +
	"  add --keep-credentials)"

func runProfileSave(r *runner, args []string, edit bool) int {
	var f *verbFlags
	if edit {
		f = newFlags("profile edit", "scimrenew profile edit (--profile NAME | NAME) [settings flags] [--*-stdin ...]",
			"Changes a saved profile: only the settings given change; an empty value (--token-url \"\") clears an\n"+
				"optional one. Secrets given with --*-stdin replace the stored ones. Each stored credential is bound\n"+
				"to the host it was saved for: a change of --token-url (--hub-url in Hub-page mode), --okta-org or\n"+
				"--scim-url to another host saves nothing (exit 2) unless that credential comes again on standard\n"+
				"input or --keep-credentials confirms the stored ones may go to the new hosts.",
			"printf '%s\\n' \"$NEW_SECRET\" | scimrenew profile edit acme --client-secret-stdin\n"+
				"scimrenew profile edit --profile acme --name \"Acme EU\"", profileExits, ExitUsage)
	} else {
		f = newFlags("profile add", "scimrenew profile add --name NAME --hub-url URL --scim-url URL --client-id ID [flags]",
			"Saves a new profile, checked by the same validation as the window's Settings. Secrets come from\n"+
				"standard input, one line each, in the order of the --*-stdin flags, and go to "+services.KeychainName.Full+".\n"+
				"With --token-url the profile is in API mode (SCIM Renew creates tokens itself); without, in Hub-page\n"+
				"mode. --okta-token-stdin stores an Okta API token so renew can install through Okta's API.",
			"printf '%s\\n%s\\n' \"$HUB_SECRET\" \"$OKTA_TOKEN\" | scimrenew profile add --name acme \\\n"+
				"  --hub-url https://acme.qorusdocs.com --scim-url https://acme.qorusdocs.com/scim/v2 \\\n"+
				"  --client-id 3f2a... --okta-org https://acme.okta.com --okta-app-id 0oa1b2c3d4 \\\n"+
				"  --okta-app-name scim2testapp --client-secret-stdin --okta-token-stdin", profileExits, ExitUsage)
	}
	pf := addProfileFlags(f)
	target := ""
	if edit {
		f.StringVar(&target, "profile", "", "the `NAME` of the profile to change")
		f.BoolVar(&pf.keepCredentials, "keep-credentials", false,
			"send the stored credentials to the new hosts changed addresses name (else they must come again on stdin)")
	}
	maxPos := 0
	if edit {
		maxPos = 1
	}
	if code, done := f.parse(r, args, maxPos); done {
		return code
	}
	if edit && len(f.positional) == 1 {
		if target != "" {
			code, _ := f.usageError(r, "name the profile once: either --profile NAME or NAME")
			return code
		}
		target = f.positional[0]
	}
	if edit && target == "" {
		code, _ := f.usageError(r, "name the profile to change with --profile NAME")
		return code
	}
	return r.saveProfile(pf, target, edit)
}

func (r *runner) saveProfile(pf *profileFlags, target string, edit bool) int {
	use := createStore
	if edit {
		use = changeStore
	}
	svc, err := r.open(use, "scimrenew profile")
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	var p store.Profile
	if edit {
		if p, err = findProfile(r.ctx, svc, target); err != nil {
			return r.fail(ExitFailure, err)
		}
	}
	if err := pf.apply(&p, edit); err != nil {
		code, _ := pf.f.usageError(r, err.Error())
		return code
	}
	if code := r.validate(svc, p); code != ExitOK {
		return code
	}
	sec, err := r.readSecrets(pf) // before saving: a missing line saves nothing
	if err != nil {
		return r.fail(ExitUsage, err)
	}
	sec.KeepCredentials = pf.keepCredentials
	p, err = svc.SaveProfile(r.ctx, p, sec)
	if code := r.saveFailed(p, err); code != ExitOK {
		return code
	}
	if *pf.asJSON {
		if err := writeJSON(r.stdout, toProfileJSON(p)); err != nil {
			return ExitFailure
		}
		return ExitOK
	}
	verbDone := "Added"
	if edit {
		verbDone = "Saved"
	}
	fmt.Fprintf(r.stdout, "%s profile %q (%s mode, id %s).\n", verbDone, p.Name, modeName(p), p.ID)
	return ExitOK
}

// saveFailed reports what SaveProfile could not do, and returns the exit code (ExitOK when err is nil).
func (r *runner) saveFailed(p store.Profile, err error) int {
	var fe store.FieldErrors
	var partial *services.PartialSaveError
	var moved *services.HostChangeError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &fe):
		return r.fieldErrors(fe)
	case errors.As(err, &moved):
		return r.failf(ExitUsage, "%w. Nothing was saved: give the credential again with its --*-stdin flag, or add "+
			"--keep-credentials to send the stored one to the new host", err)
	case errors.As(err, &partial) && partial.Secret != "":
		return r.failf(ExitFailure, "the profile %q was saved, but %s: %w; run scimrenew profile edit --profile %q "+
			"with the --*-stdin flag again once %s works", p.Name, partial.What, partial.Err, p.Name, services.KeychainName.Short)
	case errors.As(err, &partial):
		return r.failf(ExitFailure, "the profile %q was saved, but %s: %w; save it again to retry", p.Name,
			partial.What, partial.Err)
	}
	return r.fail(ExitFailure, err)
}

func modeName(p store.Profile) string {
	if p.APIMode() {
		return "API"
	}
	return "Hub-page"
}

type profileListJSON struct {
	Profiles []profileJSON `json:"profiles"`
}

func runProfileList(r *runner, args []string) int {
	f := newFlags("profile list", "scimrenew [--data-dir DIR] profile list [--json]",
		"Lists the saved profiles and their settings (no secrets).",
		"scimrenew profile list --json | jq -r '.profiles[].name'",
		"0 listed\n1 the database could not be read\n2 wrong command line", ExitUsage)
	asJSON := f.Bool("json", false, "print JSON (schema in the README)")
	if code, done := f.parse(r, args, 0); done {
		return code
	}
	var profiles []store.Profile
	svc, err := r.open(readStore, "scimrenew profile")
	switch {
	case errors.Is(err, errNoStore):
	case err != nil:
		return r.fail(ExitFailure, err)
	default:
		if profiles, err = svc.Profiles(r.ctx); err != nil {
			return r.fail(ExitFailure, err)
		}
	}
	if *asJSON {
		out := profileListJSON{Profiles: make([]profileJSON, 0, len(profiles))}
		for _, p := range profiles {
			out.Profiles = append(out.Profiles, toProfileJSON(p))
		}
		if err := writeJSON(r.stdout, out); err != nil {
			return ExitFailure
		}
		return ExitOK
	}
	printProfiles(r.stdout, profiles)
	return ExitOK
}

func printProfiles(w io.Writer, profiles []store.Profile) {
	if len(profiles) == 0 {
		fmt.Fprintln(w, "No profiles yet: add one with scimrenew profile add.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tMODE\tSCIM URL\tOKTA APP\tOKTA API")
	for _, p := range profiles {
		app := "-"
		if p.OktaAppID != "" {
			app = p.OktaAppName + " " + p.OktaAppID
		}
		cred := "no (deep link)"
		if p.OktaCredKind != store.OktaCredNone {
			cred = p.OktaCredKind
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Name, modeName(p), p.SCIMURL, app, cred)
	}
	_ = tw.Flush()
}

func runProfileRemove(r *runner, args []string) int {
	f := newFlags("profile remove", "scimrenew [--data-dir DIR] profile remove (--profile NAME | NAME) [--force]",
		"Deletes a profile with its token history and reminders, and removes its secrets from "+services.KeychainName.Short+".\n"+
			"A token already in Okta keeps working until it expires. It refuses while the profile has an\n"+
			"unfinished renewal, or when its secrets there cannot be removed, unless --force is given.",
		"scimrenew profile remove acme", "0 removed\n1 not removed (the message says why)\n2 wrong command line",
		ExitUsage)
	name := f.String("profile", "", "the `NAME` of the profile to remove")
	force := f.Bool("force", false, "remove even with an unfinished renewal or keychain entries that cannot be removed")
	if code, done := f.parse(r, args, 1); done {
		return code
	}
	if len(f.positional) == 1 && *name == "" {
		*name = f.positional[0]
	}
	if *name == "" || len(f.positional) == 1 && *name != f.positional[0] {
		code, _ := f.usageError(r, "name the profile to remove once, with --profile NAME or NAME")
		return code
	}
	svc, err := r.open(changeStore, "scimrenew profile")
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	p, err := findProfile(r.ctx, svc, *name)
	if err != nil {
		return r.fail(ExitFailure, err)
	}
	res, err := svc.DeleteProfile(r.ctx, p.ID, services.DeleteOptions{EvenUnfinished: *force, EvenIfKeychainFails: *force})
	var unfinished *services.UnfinishedRenewalError
	var kcErr *services.KeychainEntriesError
	switch {
	case errors.As(err, &unfinished):
		return r.failf(ExitFailure, "%q has an unfinished renewal (at step %q); finish or cancel it first, or "+
			"add --force to remove the profile anyway", p.Name, unfinished.Step().String())
	case errors.As(err, &kcErr):
		return r.failf(ExitFailure, "the profile was not removed: its secrets could not be removed from %s: %w; add --force to "+
			"remove it anyway, leaving its entries there (service %s, names starting %s/)", services.KeychainName.Short,
			kcErr.Err, kcErr.Service, p.ID)
	case err != nil:
		return r.fail(ExitFailure, err)
	}
	if res.KeychainErr != nil {
		fmt.Fprintf(r.stderr, "scimrenew: warning: the entries of %q in %s stay behind: %s\n", p.Name,
			services.KeychainName.Short, services.ErrorText(res.KeychainErr))
	}
	fmt.Fprintf(r.stdout, "Removed profile %q.\n", p.Name)
	return ExitOK
}
