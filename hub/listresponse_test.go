package hub

import (
	"encoding/json"
	"strings"
	"testing"
)

const validList = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":42,"startIndex":1,"itemsPerPage":2,"Resources":[{"id":"a"},{"id":"b"}]}`

func TestParseListResponse(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		total int64
		err   string // substring of the error, "" = accepted
	}{
		{"valid", validList, 42, ""},
		{"empty resources", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}`, 0, ""},
		{"attribute names in other case", `{"Schemas":["URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:LISTRESPONSE"],"TOTALRESULTS":3,"startindex":1,"ItemsPerPage":2,"resources":[{}]}`, 3, ""},
		{"extra schema and whitespace", "\n " + `{"schemas":["x","urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[{}]}` + "\n", 1, ""},
		{"empty", "", 0, "not valid JSON"},
		{"html", "<html><body>Sign in</body></html>", 0, "not valid JSON"},
		{"truncated", validList[:40], 0, "not valid JSON"},
		{"array", `[1,2]`, 0, "not valid JSON"},
		{"trailing garbage", validList + "x", 0, "not valid JSON"},
		{"no schemas", `{"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[]}`, 0, "schemas"},
		{"user schema", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[]}`, 0, "schemas"},
		{"schemas a string", `{"schemas":"urn:ietf:params:scim:api:messages:2.0:ListResponse","totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[]}`, 0, "schemas"},
		{"total as string", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":"1","startIndex":1,"itemsPerPage":1,"Resources":[]}`, 0, "totalResults"},
		{"total fractional", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1.5,"startIndex":1,"itemsPerPage":1,"Resources":[]}`, 0, "totalResults"},
		{"total exponent", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1e2,"startIndex":1,"itemsPerPage":1,"Resources":[]}`, 0, "totalResults"},
		{"total negative", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":-1,"startIndex":1,"itemsPerPage":1,"Resources":[]}`, 0, "totalResults"},
		{"total too big", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":99999999999999999999,"startIndex":1,"itemsPerPage":1,"Resources":[]}`, 0, "totalResults"},
		{"no startIndex", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"itemsPerPage":1,"Resources":[]}`, 0, "startIndex"},
		{"null itemsPerPage", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":null,"Resources":[]}`, 0, "itemsPerPage"},
		{"no Resources", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0}`, 0, "Resources"},
		{"Resources null", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":null}`, 0, "Resources"},
		{"Resources object", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":{}}`, 0, "Resources"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lr, err := parseListResponse([]byte(c.body))
			if c.err == "" {
				if err != nil || lr.TotalResults != c.total {
					t.Fatalf("got %+v, %v", lr, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("err = %v, want it to mention %q", err, c.err)
			}
		})
	}
}

func FuzzParseListResponse(f *testing.F) {
	f.Add([]byte(validList))
	f.Add([]byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}`))
	f.Add([]byte(`{"Resources":[],"resources":null}`))
	f.Add([]byte(`{"totalResults":1e2}`))
	f.Add([]byte("<html>"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, body []byte) {
		lr, err := parseListResponse(body)
		if err != nil {
			if strings.Contains(err.Error(), string(body)) && len(body) > 8 {
				t.Fatal("the error quotes the body")
			}
			return
		}
		if lr.TotalResults < 0 || lr.StartIndex < 0 || lr.ItemsPerPage < 0 || lr.Resources < 0 {
			t.Fatalf("accepted negative numbers: %+v", lr)
		}
		if !declaresListResponse(body) {
			t.Fatal("accepted a body that is not a JSON object declaring the ListResponse schema")
		}
		if again, err := parseListResponse(body); err != nil || again != lr {
			t.Fatal("not deterministic")
		}
	})
}

// declaresListResponse is an independent check that body is a JSON object with a schemas attribute
// (any case) naming the ListResponse schema.
func declaresListResponse(body []byte) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return false
	}
	for k, v := range obj {
		var schemas []string
		if strings.EqualFold(k, "schemas") && json.Unmarshal(v, &schemas) == nil && containsFold(schemas, ListResponseSchema) {
			return true
		}
	}
	return false
}
