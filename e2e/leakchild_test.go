package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"time"

	"scimrenew/applog"
	"scimrenew/hub/hubtest"
	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/services"
	"scimrenew/store"
)

// copiedPassword is what a password manager puts on the clipboard while the admin signs in to the Hub.
const copiedPassword = "Tr0ub4dor&3-horse-battery-staple!"

// envLeakDir names the data dir of the leak child; envLeakAddr the parent's loopback address it
// hands its secrets to.
const (
	envLeakDir  = "SCIMRENEW_E2E_LEAK_DIR"
	envLeakAddr = "SCIMRENEW_E2E_LEAK_ADDR"
)

// leakChild is the process TestSecretLeakSandbox scans: a whole sandbox session with debug logging,
// mirrored to stderr. It renews both demo profiles (API mode end to end; Hub-page mode by capturing a
// token the Hub page issued, then the manual install), runs the health checks and the reminders, goes
// through a failed create and a cancel, then hands every secret it met to the parent over loopback, waits
// for the parent to read its argv and environment, and quits.
func leakChild() int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	found, err := leakSession(ctx, os.Getenv(envLeakDir))
	if err != nil {
		fmt.Println("LEAK CHILD FAILED:", err)
		return 1
	}
	out, err := net.Dial("tcp", os.Getenv(envLeakAddr))
	if err != nil {
		fmt.Println("LEAK CHILD FAILED: reaching the parent:", err)
		return 1
	}
	if err := json.NewEncoder(out).Encode(found); err != nil {
		fmt.Println("LEAK CHILD FAILED: handing over the secrets:", err)
		return 1
	}
	out.Close()
	_, _ = io.Copy(io.Discard, os.Stdin) // the parent closes stdin once it has read /proc
	fmt.Println("LEAK CHILD DONE")
	return 0
}

func leakSession(ctx context.Context, dir string) (map[string]string, error) {
	log, logFile, err := applog.Setup(dir, true)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	sb, err := sandbox.Start(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer sb.Close()
	svc := services.New(services.Config{
		Store: sb.Store, Keychain: sb.Keychain, Now: sb.Clock.Now, Log: log,
		Owner: "e2e leak scan",
	})
	svc.SetNotifier(reminders.NotifierFunc(func(title, body string) error {
		fmt.Printf("NOTIFICATION %s: %s\n", title, body)
		return nil
	}))
	found := map[string]string{}
	api, err := sb.Store.ProfileByName(ctx, sandbox.APIProfile)
	if err != nil {
		return nil, err
	}
	page, err := sb.Store.ProfileByName(ctx, sandbox.HubPageProfile)
	if err != nil {
		return nil, err
	}
	for _, p := range []store.Profile{api, page} {
		if v, err := sb.Keychain.Get(p.ID, secrets.KindTokenCurrent); err == nil {
			found["old token of "+p.Name] = v
		}
	}
	found["Fabrikam client secret"] = sb.HubAPI.ClientSecret()
	found["Contoso client secret"] = sb.HubPage.ClientSecret()
	found["Okta API token"] = sb.Okta.APIToken()
	if _, err := svc.Engine.Reconcile(ctx); err != nil {
		return nil, err
	}
	if err := renewAPI(ctx, svc, sb.Store, api); err != nil {
		return nil, fmt.Errorf("API-mode renewal: %w", err)
	}
	found["a password copied while waiting for the token"] = copiedPassword
	found["the fingerprint of that password"] = store.Fingerprint(copiedPassword)
	if err := renewHubPage(ctx, svc, sb, page); err != nil {
		return nil, fmt.Errorf("Hub-page renewal: %w", err)
	}
	for _, p := range []store.Profile{api, page} {
		v, err := sb.Keychain.Get(p.ID, secrets.KindTokenCurrent)
		if err != nil {
			return nil, err
		}
		found["new token of "+p.Name] = v
		h, err := svc.Reminders.CheckHealth(ctx, p.ID)
		fmt.Printf("health of %s: %s (Okta log read: %v) %v\n", p.Name, h.Result, h.OktaChecked, err)
	}
	if err := failedCreate(ctx, svc, sb, api); err != nil {
		return nil, err
	}
	found["client secret sent to an echoing Hub"] = echoSecret
	if err := echoedCreate(ctx, svc, sb); err != nil {
		return nil, err
	}
	// A revoked token: the health check's rejection path, with its notification and Okta log read.
	sb.HubAPI.Revoke(found["new token of "+api.Name])
	h, err := svc.Reminders.CheckHealth(ctx, api.ID)
	fmt.Printf("health after revoking: %s notified=%v %v\n", h.Result, h.Notified, err)
	sb.Clock.JumpMonths(11)
	n, err := svc.Reminders.CheckDue(ctx)
	fmt.Printf("reminders due after 11 months: %d %v\n", n, err)
	return found, nil
}

func renewAPI(ctx context.Context, svc *services.Services, st *store.Store, p store.Profile) error {
	s, err := svc.Engine.Begin(ctx, p.ID)
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.Run(ctx, func(st renewal.Step) { fmt.Println("API mode step:", st) })
	fmt.Printf("API mode: %v, new token %s\n", err, shortFP(ctx, st, p))
	return err
}

func renewHubPage(ctx context.Context, svc *services.Services, sb *sandbox.Sandbox, p store.Profile) error {
	s, err := svc.Engine.Begin(ctx, p.ID)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Run(ctx, nil); !errors.Is(err, renewal.ErrNeedsCapture) {
		return fmt.Errorf("want a capture, got %v", err)
	}
	issued, err := sb.HubPage.IssueToken() // the admin clicks Create Token, then Copy
	if err != nil {
		return err
	}
	w := svc.WatchForToken("some earlier clipboard text", p, sb.HubPage.ClientSecret())
	// The admin copies a password to sign in to the Hub first: the window would ask about it on the
	// capture card, masked, and the admin ignores it.
	card := w.Observe(copiedPassword)
	if card.Kind != services.CaptureConfirm || card.Length != len(copiedPassword) {
		return fmt.Errorf("a copied password gave %v, want a confirmation", card)
	}
	fmt.Printf("capture card: %d characters, %v\n", card.Length, card)
	w.Ignore(card.Token)
	c := w.Observe(issued)
	if c.Kind != services.CaptureTake {
		return errors.New("the clipboard watcher did not take the Hub's JWT")
	}
	if err := s.Capture(ctx, c.Token); err != nil {
		return err
	}
	if err := s.Run(ctx, nil); !errors.Is(err, renewal.ErrManualInstall) {
		return fmt.Errorf("want a manual install, got %v", err)
	}
	link, err := s.DeepLink()
	fmt.Println("deep link:", link, err)
	pending, err := s.PendingToken(ctx) // what the UI puts on the clipboard for the paste into Okta
	if err != nil {
		return err
	}
	sb.Okta.SetToken(p.OktaAppID, pending) // the admin pastes it on the Provisioning tab and saves
	if err := s.ConfirmInstalled(ctx); err != nil {
		return err
	}
	err = s.Run(ctx, nil)
	fmt.Printf("Hub-page mode: %v, new token %s\n", err, shortFP(ctx, sb.Store, p))
	return err
}

// failedCreate goes through a create the Hub answers with 500 (outcome unknown), then the cancel.
func failedCreate(ctx context.Context, svc *services.Services, sb *sandbox.Sandbox, p store.Profile) error {
	sb.HubAPI.SetFault(hubtest.TargetToken, hubtest.Fault500)
	defer sb.HubAPI.SetFault(hubtest.TargetToken, hubtest.FaultNone)
	s, err := svc.Engine.Begin(ctx, p.ID)
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.Run(ctx, nil)
	fmt.Printf("create against a failing Hub: %v (ask first: %v)\n", err, s.NeedsCreateConfirmation())
	return s.Cancel(ctx)
}

// echoSecret is the Client Secret of a profile whose token endpoint quotes what it is sent.
const echoSecret = "echo-client-secret-7d41c09a5be3"

// echoedCreate renews a profile whose token endpoint answers with an error quoting the credentials it
// got inside terminal escape sequences (echoHandler): the renewal stops, and its stored error is shown
// the way the faces show it.
func echoedCreate(ctx context.Context, svc *services.Services, sb *sandbox.Sandbox) error {
	srv := httptest.NewServer(echoHandler())
	defer srv.Close()
	p, err := svc.SaveProfile(ctx, store.Profile{
		Name: "Echo", HubURL: srv.URL, SCIMURL: srv.URL + "/scim/v2",
		TokenURL: srv.URL + "/oauth2/token", ClientID: "echo-client-id", RemindMonths: store.DefaultRemindMonths,
		RemindDays: store.DefaultRemindDays,
	}, services.ProfileSecrets{HubClientSecret: echoSecret})
	if err != nil {
		return err
	}
	s, err := svc.Engine.Begin(ctx, p.ID)
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.Run(ctx, nil)
	if err == nil {
		return errors.New("a create against the echoing Hub succeeded")
	}
	fmt.Printf("create against an echoing Hub: %s\n", services.ErrorText(err))
	r, rerr := sb.Store.OpenRenewal(ctx, p.ID)
	if rerr != nil || r.LastError == "" {
		return fmt.Errorf("the failed create stored no error (%v)", rerr)
	}
	fmt.Printf("its stored error: %s\n", services.MessageText(r.LastError))
	return s.Cancel(ctx)
}

// shortFP is the current token's short fingerprint: what the history shows, never the token.
func shortFP(ctx context.Context, st *store.Store, p store.Profile) string {
	t, err := st.CurrentToken(ctx, p.ID)
	if err != nil {
		return err.Error()
	}
	return t.ShortFingerprint()
}
