package okta

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"scimrenew/safenet"
)

// oktaDomains are the registrable domains whose org hosts map to an admin host by adding "-admin".
var oktaDomains = []string{"okta.com", "oktapreview.com", "okta-emea.com"}

// oktaHost splits an Okta org host such as "acme.okta.com" or "acme-admin.oktapreview.com" into its
// one-label subdomain and Okta domain.
func oktaHost(host string) (sub, domain string, ok bool) {
	for _, d := range oktaDomains {
		if s, found := strings.CutSuffix(host, "."+d); found && s != "" && !strings.Contains(s, ".") {
			return s, d, true
		}
	}
	return "", "", false
}

// AdminDeepLink returns the Okta Admin Console link to an app's Provisioning tab,
// {admin origin}/admin/app/{appName}/instance/{appID}/#tab-provisioning.
//
// The admin origin comes from adminURL when given (the only way for an org on a custom domain; any
// path in it is ignored), else from orgURL: https://acme.okta.com maps to https://acme-admin.okta.com
// (also oktapreview.com and okta-emea.com; an org URL that already is the -admin host is kept; paths and
// trailing slashes are ignored). A loopback org URL (the sandbox's fake Okta) keeps its own origin, http
// included. The result is always https, or http only for a loopback host. The #tab-provisioning
// fragment is what the console uses in practice; Okta does not promise it.
func AdminDeepLink(orgURL, adminURL, appName, appID string) (string, error) {
	if err := checkAppName(appName); err != nil {
		return "", err
	}
	if err := checkAppID(appID); err != nil {
		return "", err
	}
	origin, err := adminOrigin(orgURL, adminURL)
	if err != nil {
		return "", err
	}
	origin.Path = "/admin/app/" + appName + "/instance/" + appID + "/"
	origin.Fragment = "tab-provisioning"
	return origin.String(), nil
}

func adminOrigin(orgURL, adminURL string) (*url.URL, error) {
	if strings.TrimSpace(adminURL) != "" {
		u, err := checkOrigin(adminURL)
		if err != nil {
			return nil, fmt.Errorf("okta: the Okta admin URL %q is not usable: %w", adminURL, err)
		}
		return u, nil
	}
	u, err := checkOrigin(orgURL)
	if err != nil {
		return nil, fmt.Errorf("okta: the Okta org URL %q is not usable: %w", orgURL, err)
	}
	host := u.Hostname()
	if safenet.IsLoopbackHost(host) {
		return u, nil
	}
	sub, domain, ok := oktaHost(host)
	if !ok {
		return nil, fmt.Errorf("okta: %s is not an okta.com, oktapreview.com or okta-emea.com org, so its Admin Console address cannot be worked out; enter the admin URL (the address of your Okta Admin Console, e.g. https://acme-admin.okta.com) in Settings", host)
	}
	if !strings.HasSuffix(sub, "-admin") {
		sub += "-admin"
	}
	u.Host = joinHost(sub+"."+domain, u.Port())
	return u, nil
}

// checkOrigin validates a pasted URL and keeps only scheme, host and port; a pasted #fragment is dropped
// first since only the origin is used.
func checkOrigin(raw string) (*url.URL, error) {
	raw, _, _ = strings.Cut(strings.TrimSpace(raw), "#")
	u, err := safenet.CheckURL(raw)
	if err != nil {
		return nil, err
	}
	host := joinHost(strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")), u.Port())
	return &url.URL{Scheme: u.Scheme, Host: host}, nil
}

// joinHost rebuilds a URL host from a host name or IP and an optional port.
func joinHost(host, port string) string {
	if port != "" {
		return net.JoinHostPort(host, port)
	}
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// checkAppID accepts Okta app ids, which are short strings of letters and digits (0oa1b2c3d4E5F6g7h8i9).
func checkAppID(id string) error {
	if id == "" {
		return fmt.Errorf("okta: the Okta app id is empty; use Find my app in Settings, or copy it from the app's address in the Admin Console")
	}
	if len(id) > 64 || !isAlnum(id, "") {
		return fmt.Errorf("okta: %q is not an Okta app id (they look like 0oa1b2c3d4E5F6g7h8i9)", clip(id, 80))
	}
	return nil
}

// checkAppName accepts Okta app names (the catalog key, e.g. scim2testapp or okta_org2org).
func checkAppName(name string) error {
	if name == "" {
		return fmt.Errorf("okta: the Okta app name is empty; it is the catalog key such as scim2testapp (Find my app fills it in)")
	}
	if len(name) > 100 || !isAlnum(name, "_-") {
		return fmt.Errorf("okta: %q is not an Okta app name (letters, digits, _ and - only, such as scim2testapp)", clip(name, 80))
	}
	return nil
}

func isAlnum(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte(extra, c) >= 0
		if !ok {
			return false
		}
	}
	return true
}
