package services

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"scimrenew/okta"
	"scimrenew/secrets"
	"scimrenew/store"
)

// oktaCallTimeout bounds Find my app (which reads every page of a large org's app list) and Test Okta
// access; the okta client limits each request on its own too.
var oktaCallTimeout = 90 * time.Second

// ErrOktaTimeout reports an Okta call that did not end within oktaCallTimeout. It matches
// context.DeadlineExceeded too.
var ErrOktaTimeout error = oktaTimeout{}

type oktaTimeout struct{}

func (oktaTimeout) Error() string {
	return fmt.Sprintf("Okta did not answer within %d seconds: check the Okta org URL and your network, then try again",
		int(oktaCallTimeout.Seconds()))
}

func (oktaTimeout) Is(target error) bool { return target == context.DeadlineExceeded }

// Why Okta's API cannot install a token, so a face can word the manual install (a renewal's
// ManualInstall.Cause wraps one of them).
var (
	// ErrOktaCannotSetToken: the app's provisioning connection cannot be set through Okta's API.
	ErrOktaCannotSetToken = okta.ErrConnectionsUnsupported
	// ErrNoOktaCredential: the profile has no Okta credential, so the app works in deep-link mode.
	ErrNoOktaCredential = okta.ErrNoCredential
)

// OktaApp is an Okta app as Find my app lists it.
type OktaApp struct {
	ID     string
	Name   string // the catalog key, e.g. scim2testapp
	Label  string // what the admin named it
	Status string // ACTIVE, INACTIVE
}

// Permission says whether an Okta credential may do something.
type Permission int

// Permission values.
const (
	PermissionUnknown Permission = iota // could not be found out without changing anything
	PermissionAllowed
	PermissionDenied
)

// OktaAccess is what Test Okta access found an Okta credential may do, using read-only calls.
type OktaAccess struct {
	Credential string   // "API token" or "service app"
	Scopes     []string // service app: the scopes Okta granted its token
	ReadApps   Permission
	ManageApps Permission // unknown for API tokens
	ReadLogs   Permission
	// AppChecked says the profile's app was read along with its provisioning connection.
	AppChecked bool
	// CanSetToken says Okta's API is expected to set this app's token at renewal.
	CanSetToken bool
	Notes       []string // one sentence per finding, ready to show
}

// oktaCredential is the credential an Okta call uses: the one typed or generated on the settings
// (secret), else the one stored for the profile.
func (s *Services) oktaCredential(p store.Profile, secret string) (string, error) {
	if secret = strings.TrimSpace(secret); secret != "" {
		return secret, nil
	}
	if p.ID == "" {
		return "", fmt.Errorf("services: no Okta credential was given for the new profile: %w", ErrSecretNotFound)
	}
	if err := s.checkHost(context.Background(), p, credOkta); err != nil {
		return "", err // the settings name another Okta org than the stored credential was saved for
	}
	v, err := s.kc.Get(p.ID, secrets.KindOktaCredential)
	if errors.Is(err, secrets.ErrNotFound) {
		return "", fmt.Errorf("services: no Okta credential is stored for this profile yet: %w", err)
	}
	if err != nil {
		return "", fmt.Errorf("the stored Okta credential could not be read: %w", err)
	}
	return v, nil
}

// newOktaClient is the one place an Okta client is made: for the org of p, with its credential kind
// (and, for a service app, its client and key IDs), signing in with secret.
func (s *Services) newOktaClient(p store.Profile, secret string) (*okta.Client, error) {
	var auth okta.Auth
	switch p.OktaCredKind {
	case store.OktaCredSSWS:
		auth = okta.SSWS(secret)
	case store.OktaCredServiceApp:
		auth = okta.ServiceApp{ClientID: p.OktaClientID, KeyID: p.OktaKeyID, PrivateKeyPEM: []byte(secret)}
	case store.OktaCredNone:
		return nil, okta.ErrNoCredential
	default:
		return nil, fmt.Errorf("the profile's Okta credential kind %q is unknown; choose one in Settings", p.OktaCredKind)
	}
	return okta.NewClient(p.OktaOrgURL, auth, okta.WithClock(s.cfg.Now, nil))
}

// oktaCall runs call with a client for settings that may not be saved yet: p's Okta org, credential
// kind and service-app IDs, and secret (the credential on the form; "" reads the one stored for p.ID),
// bounded by oktaCallTimeout.
func (s *Services) oktaCall(ctx context.Context, p store.Profile, secret string, call func(context.Context, *okta.Client) error) error {
	cred, err := s.oktaCredential(p, secret)
	if err != nil {
		return err
	}
	c, err := s.newOktaClient(p, cred)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, oktaCallTimeout)
	defer cancel()
	err = call(cctx, c)
	if err != nil && ctx.Err() == nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
		return ErrOktaTimeout
	}
	return err
}

// FindOktaApps lists the apps of p's Okta org whose name or label starts with query (every app when
// query is empty), reading every page, with the credential of p's settings (see oktaCall). p need not
// be saved: the settings call it before they are.
func (s *Services) FindOktaApps(ctx context.Context, p store.Profile, secret, query string) ([]OktaApp, error) {
	var out []OktaApp
	err := s.oktaCall(ctx, p, secret, func(ctx context.Context, c *okta.Client) error {
		apps, err := c.FindApps(ctx, strings.TrimSpace(query))
		for _, a := range apps {
			out = append(out, OktaApp{ID: a.ID, Name: a.Name, Label: a.Label, Status: a.Status})
		}
		return err
	})
	return out, err
}

// TestOktaAccess asks Okta what the credential of p's settings may do (see oktaCall), for p's app when
// p.OktaAppID is set; it changes nothing in Okta. An error means the credential itself was refused or
// Okta could not be reached; a missing permission is reported in OktaAccess.
func (s *Services) TestOktaAccess(ctx context.Context, p store.Profile, secret string) (OktaAccess, error) {
	var out OktaAccess
	err := s.oktaCall(ctx, p, secret, func(ctx context.Context, c *okta.Client) error {
		perms, err := c.TestAccess(ctx, p.OktaAppID)
		out = OktaAccess{
			Credential: perms.Credential, Scopes: perms.Scopes,
			ReadApps: permission(perms.ReadApps), ManageApps: permission(perms.ManageApps), ReadLogs: permission(perms.ReadLogs),
			AppChecked: perms.Connection != nil, CanSetToken: perms.CanSetToken(), Notes: perms.Notes,
		}
		return err
	})
	return out, err
}

func permission(a okta.Access) Permission {
	switch a {
	case okta.AccessAllowed:
		return PermissionAllowed
	case okta.AccessDenied:
		return PermissionDenied
	}
	return PermissionUnknown
}

// OktaKeyPair is a new key pair for an Okta service app: the private key (a secret, for the keychain
// when the profile is saved), its public JWK for the admin to add in Okta, and its key ID.
type OktaKeyPair struct {
	PrivateKeyPEM string
	PublicJWK     string
	KeyID         string
}

// String keeps the private key out of fmt output.
func (k OktaKeyPair) String() string { return "services.OktaKeyPair{KeyID: " + k.KeyID + ", …}" }

// GoString keeps the private key out of %#v output.
func (k OktaKeyPair) GoString() string { return k.String() }

// GenerateOktaKeyPair makes a key pair for an Okta service app (RSA generation takes a moment: call
// it off the UI's main goroutine). Nothing is stored until the profile is saved with it.
func GenerateOktaKeyPair() (OktaKeyPair, error) {
	pem, jwk, kid, err := okta.GenerateKeyPair()
	if err != nil {
		return OktaKeyPair{}, err
	}
	return OktaKeyPair{PrivateKeyPEM: string(pem), PublicJWK: jwk, KeyID: kid}, nil
}

// OktaPublicKey reads the service-app private key stored for the profile and returns its public JWK
// (with key ID keyID), so the settings can show it again; the private key itself never leaves here.
// ErrSecretNotFound says there is none.
func (s *Services) OktaPublicKey(profileID, keyID string) (string, error) {
	v, err := s.kc.Get(profileID, secrets.KindOktaCredential)
	if err != nil {
		return "", err
	}
	return okta.PublicJWK([]byte(v), keyID)
}
