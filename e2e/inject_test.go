package e2e

import (
	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
)

// inject switches fault f on for call c only.
func inject(w *world, c call, f fault) {
	target := map[call]hubtest.Target{callCreate: hubtest.TargetToken, callProbe: hubtest.TargetSCIM}[c]
	method, path := oktaRoute(c)
	hubPath := map[call]string{callCreate: hubtest.TokenPath, callProbe: hubtest.SCIMPath}[c]
	if c <= callProbe {
		switch f {
		case fTimeout:
			w.hub.SetFault(target, hubtest.FaultSlow)
		case fRefused:
			w.route.set("", hubPath, w.closed)
		case fTLS:
			w.route.set("", hubPath, w.badTLS)
		default:
			w.hub.SetFault(target, map[fault]hubtest.Fault{
				f401: hubtest.Fault401, f403: hubtest.Fault403,
				f404: hubtest.Fault404, f429: hubtest.Fault429, f500: hubtest.Fault500, f503: hubtest.Fault503,
				fHTML: hubtest.FaultHTML, fMalformed: hubtest.FaultMalformedJSON, fBig: hubtest.FaultOversized,
			}[f])
		}
		return
	}
	switch f {
	case f401, f403, f429, f500:
		w.okta.SetFault(oktatest.Fault{Status: map[fault]int{f401: 401, f403: 403, f429: 429, f500: 500}[f], Path: path, Method: method})
	case fTimeout:
		w.okta.SetFault(oktatest.Fault{Delay: slowDelay, Path: path, Method: method})
	case fRefused:
		w.route.set(method, path, w.closed)
	case fTLS:
		w.route.set(method, path, w.badTLS)
	default:
		w.ofaults.set(map[fault]oktaFault{
			f404: oktaFault404, f503: oktaFault503, fHTML: oktaFaultHTML,
			fMalformed: oktaFaultMalformed, fBig: oktaFaultBig,
		}[f], method, path)
	}
}

// oktaRoute is the method and path of an Okta call.
func oktaRoute(c call) (method, path string) {
	conn := "/api/v1/apps/" + oktatest.Org2OrgAppID + "/connections/default"
	switch c {
	case callOktaRead:
		return "GET", conn
	case callOktaSet:
		return "POST", conn
	case callOktaLog:
		return "GET", "/api/v1/logs"
	}
	return "", ""
}
