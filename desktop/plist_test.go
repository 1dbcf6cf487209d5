package desktop

import (
	"bytes"
	"encoding/xml"
	"testing"
)

func TestLaunchAgentPlist(t *testing.T) {
	exe := "/Applications/SCIM Renew & Co <beta>.app/Contents/MacOS/scimrenew"
	data := LaunchAgentPlist(exe, "--background")
	var doc struct {
		XMLName xml.Name `xml:"plist"`
		Version string   `xml:"version,attr"`
		Dict    struct {
			Inner []byte `xml:",innerxml"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, data)
	}
	if doc.Version != "1.0" || !bytes.Contains(data, []byte("<!DOCTYPE plist")) {
		t.Errorf("not a property list: %s", data)
	}
	values := plistValues(t, doc.Dict.Inner)
	if got := values["Label"]; len(got) != 1 || got[0] != AppID {
		t.Errorf("Label %q", got)
	}
	if got := values["ProgramArguments"]; len(got) != 2 || got[0] != exe || got[1] != "--background" {
		t.Errorf("ProgramArguments %q; want the path (special characters intact) and the flag", got)
	}
	if got := values["RunAtLoad"]; len(got) != 1 || got[0] != "true" {
		t.Errorf("RunAtLoad %q", got)
	}
}

// plistValues reads a plist dict's keys with their string values (several for an array) or "true".
func plistValues(t *testing.T, inner []byte) map[string][]string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(inner))
	values := map[string][]string{}
	var key, cur string
	for {
		tok, err := dec.Token()
		if err != nil {
			return values
		}
		switch el := tok.(type) {
		case xml.StartElement:
			cur = el.Name.Local
			if cur == "true" {
				values[key] = []string{"true"}
			}
		case xml.EndElement:
			cur = ""
		case xml.CharData:
			if cur == "key" {
				key = string(el)
			} else if cur == "string" {
				values[key] = append(values[key], string(el))
			}
		}
	}
}
