package hubtest

import (
	"regexp"
	"strings"
)

// demoUser is one of the fake tenant's provisioned users.
type demoUser struct {
	ID, UserName, Given, Family string
	Active                      bool
}

var demoUsers = []demoUser{
	{"2819c223-7f76-453a-919d-413861904646", "ada.lovelace@example.com", "Ada", "Lovelace", true},
	{"5b1f1c52-8a3e-4b40-9d51-3a4f0e2d7c11", "alan.turing@example.com", "Alan", "Turing", true},
	{"9e0d7c3b-1f2a-4c5d-8e6f-7a8b9c0d1e2f", "grace.hopper@example.com", "Grace", "Hopper", false},
}

func (u demoUser) resource(base string) map[string]any {
	return map[string]any{
		"schemas":  []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"id":       u.ID,
		"userName": u.UserName,
		"name":     map[string]string{"givenName": u.Given, "familyName": u.Family},
		"emails":   []map[string]any{{"value": u.UserName, "type": "work", "primary": true}},
		"active":   u.Active,
		"meta":     map[string]string{"resourceType": "User", "location": base + "/Users/" + u.ID},
	}
}

var userNameEq = regexp.MustCompile(`(?i)^\s*userName\s+eq\s+"([^"]*)"\s*$`)

// filterUsers applies the one filter Okta sends before creating a user (userName eq "..."); an
// empty filter keeps everyone, any other filter is refused.
func filterUsers(users []demoUser, filter string) ([]demoUser, bool) {
	if filter == "" {
		return users, true
	}
	m := userNameEq.FindStringSubmatch(filter)
	if m == nil {
		return nil, false
	}
	var out []demoUser
	for _, u := range users {
		if strings.EqualFold(u.UserName, m[1]) {
			out = append(out, u)
		}
	}
	return out, true
}
