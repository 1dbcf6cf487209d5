package hub

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// ListResponseSchema is the schema URN a SCIM list reply must declare (RFC 7644 §3.4.2).
const ListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

// listResponse is the part of a SCIM ListResponse that Okta's credential test relies on.
type listResponse struct {
	TotalResults int64
	StartIndex   int64
	ItemsPerPage int64
	Resources    int // how many resources the page holds
}

// errNotJSON marks a body that is not JSON at all, as opposed to JSON of the wrong shape.
var errNotJSON = errors.New("the reply is not valid JSON")

// parseListResponse accepts body only if it is what Okta accepts from GET /Users: a JSON object whose
// schemas list names ListResponseSchema, with integer totalResults, startIndex and itemsPerPage and
// a Resources array (possibly empty). Attribute names are matched case-insensitively, as SCIM
// requires (RFC 7643 §2.1). Errors say, for the user, what is missing; they never quote the body.
func parseListResponse(body []byte) (listResponse, error) {
	var raw struct {
		Schemas      json.RawMessage `json:"schemas"`
		TotalResults json.RawMessage `json:"totalResults"`
		StartIndex   json.RawMessage `json:"startIndex"`
		ItemsPerPage json.RawMessage `json:"itemsPerPage"`
		Resources    json.RawMessage `json:"Resources"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return listResponse{}, errNotJSON
	}
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		return listResponse{}, errNotJSON
	}
	var schemas []string
	if json.Unmarshal(raw.Schemas, &schemas) != nil || !containsFold(schemas, ListResponseSchema) {
		return listResponse{}, errors.New("its \"schemas\" list does not name " + ListResponseSchema)
	}
	var lr listResponse
	var err error
	if lr.TotalResults, err = jsonInt(raw.TotalResults, "totalResults"); err != nil {
		return listResponse{}, err
	}
	if lr.StartIndex, err = jsonInt(raw.StartIndex, "startIndex"); err != nil {
		return listResponse{}, err
	}
	if lr.ItemsPerPage, err = jsonInt(raw.ItemsPerPage, "itemsPerPage"); err != nil {
		return listResponse{}, err
	}
	var resources []json.RawMessage
	if len(raw.Resources) == 0 || raw.Resources[0] != '[' || json.Unmarshal(raw.Resources, &resources) != nil {
		return listResponse{}, errors.New("it has no \"Resources\" array")
	}
	lr.Resources = len(resources)
	return lr, nil
}

// jsonInt accepts a bare non-negative JSON integer: not a string, not a fraction, not an exponent.
func jsonInt(raw json.RawMessage, name string) (int64, error) {
	s := string(raw)
	if s == "" || s == "null" || strings.ContainsAny(s, ".eE+-\"") {
		return 0, errors.New("its \"" + name + "\" is missing or not a whole number")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errors.New("its \"" + name + "\" is missing or not a whole number")
	}
	return n, nil
}

func containsFold(list []string, want string) bool {
	for _, s := range list {
		if strings.EqualFold(strings.TrimSpace(s), want) {
			return true
		}
	}
	return false
}
