//go:build !windows

package archtest

// layer is a package's place in the stack of DESIGN.md's "Architecture": imports point down only.
type layer int

const (
	aside   layer = iota // outside the stack: fakes, the sandbox, benchmarks, cross-package tests, assets
	base                 // redact, ownerfile: text scrubbing and owner-only files, which the leaves build on too
	leaf                 // safenet, applog
	adapter              // hub, okta, store, secrets, desktop
	domain               // renewal, reminders
	app                  // services
	face                 // ui, cli, main
)

// fyneUse is how much of Fyne a package may import.
type fyneUse int

const (
	noFyne    fyneUse = iota // nothing of fyne.io, directly or through any dependency
	fyneTypes                // fyne.io/fyne/v2 itself (its types), never its app or driver packages
	fyneAll                  // any of Fyne
)

// rule is what one package of the module may import of the module, and why.
type rule struct {
	layer layer
	may   []string // module packages it may import (paths inside the module; "." is main)
	fyne  fyneUse
	why   string
}

var leaves = []string{"safenet", "applog", "redact", "ownerfile"}

func with(base []string, more ...string) []string {
	return append(append([]string(nil), base...), more...)
}

// rules is the allow-list: one row per package of the module. A package missing here fails the test,
// so a new package has to say where it sits.
var rules = map[string]rule{
	"safenet":   {leaf, nil, noFyne, "https-except-loopback, timeouts and body limits, shared by every network call"},
	"redact":    {base, nil, noFyne, "the one scrubber of error text: known secrets in every encoding, control characters, clipping"},
	"ownerfile": {base, nil, noFyne, "owner-only files on every OS (0600, or a protected DACL on Windows), never opened through a link"},
	"applog":    {leaf, []string{"redact", "ownerfile"}, noFyne, "the rotating, redacting log file (owner-only); its pattern step is redact's"},

	"hub":     {adapter, leaves, noFyne, "the QorusDocs side; an adapter imports only leaves, never another adapter"},
	"okta":    {adapter, leaves, noFyne, "the Okta side; only leaves"},
	"store":   {adapter, leaves, noFyne, "the one owner of SQLite; only leaves"},
	"secrets": {adapter, leaves, noFyne, "the one owner of the OS keychain; only leaves"},
	"desktop": {adapter, leaves, fyneTypes, "notifications, tray availability, opening links and files, start at login; " +
		"only leaves; it may name Fyne's notification type, never import Fyne's app or drivers (the window owns those)"},

	"renewal": {domain, with(leaves, "store", "hub", "okta", "secrets"), noFyne, "the renewal state machine. " +
		"Exception, stated: it imports store, hub, okta and secrets for their types, sentinel errors and pure " +
		"helpers (profiles and tokens, expiry rules, deep links, secret kinds), because those are the vocabulary " +
		"of a renewal; it calls them only through the interfaces it declares (Store, Keychain, Hub, Okta), " +
		"and TestDomainBuildsNoAdapter checks that it constructs none of them"},
	"reminders": {domain, with(leaves, "store", "hub", "okta", "secrets"), noFyne, "schedule, due check, health, " +
		".ics. Same exception as renewal: store for its reminder rows and types, hub/okta/secrets for result types " +
		"and secret kinds; the Hub, Okta, the keychain and the desktop are reached through Prober, LogReader, " +
		"TokenSource and Notifier, which it declares (so it needs no import of desktop)"},

	"services": {
		app, with(leaves, "renewal", "reminders", "hub", "okta", "store", "secrets", "desktop"), noFyne,
		"the application layer: every use-case once, assembling the domain on the adapters",
	},

	"ui": {
		face, with(leaves, "services", "renewal", "reminders", "store", "desktop", "assets", "sandbox"), fyneAll,
		"the window: input, rendering, wording. Uses services for every use-case, domain and store types for " +
			"rendering, desktop for the OS, assets for the icon, and the sandbox's shiftable clock (its Jump ahead). " +
			"Never secrets, and never hub or okta: it does not build Hub or Okta clients",
	},
	"cli": {
		face, with(leaves, "services", "renewal", "reminders", "store"), noFyne,
		"the verbs: input, printing, wording over services; domain and store types for rendering. " +
			"Never secrets, hub or okta",
	},
	".": {
		face, with(leaves, "ui", "cli", "services", "store", "secrets", "sandbox", "instance", "assets", "desktop", "localefix"), fyneAll,
		"main: the composition root (wiring only, DESIGN.md): it opens the data dir's store and the OS keychain, " +
			"hands them to services, and starts the window or a verb; it renders nothing and builds no Hub or Okta client",
	},
	"cli/internal/testmain": {aside, []string{"cli"}, noFyne, "runs the verbs inside a test binary for the CLI's subprocess tests"},

	"sandbox": {
		aside, with(leaves, "hub", "hub/hubtest", "okta", "okta/oktatest", "secrets", "store", "reminders"), fyneAll,
		"the embedded demo: the fakes on loopback, a throw-away store and an in-memory keychain, demo profiles " +
			"(the tracked one gets its reminders from reminders' schedule)",
	},
	"internal/winetest":          {aside, nil, noFyne, "tests only: tells a run under Wine and names the Wine limits a test may leave out"},
	"packaging/windows/wincheck": {aside, nil, noFyne, "a release check: the PE subsystem of the two Windows programs"},
	"localefix":                  {aside, nil, noFyne, "main's first import: reads a C or POSIX locale as English before Fyne's lang init parses it; nothing of the project"},
	"instance":                   {aside, nil, noFyne, "one window per data dir; nothing of the project"},
	"assets":                     {aside, nil, fyneAll, "the embedded icon as a Fyne resource"},
	"safenet/safenettest":        {aside, with(leaves), noFyne, "loopback servers that redirect, for the clients' redirect tests"},
	"hub/hubtest":                {aside, with(leaves, "hub"), noFyne, "the fake Hub; may share the client's wire types"},
	"okta/oktatest":              {aside, with(leaves, "okta", "okta/internal/oktaspec"), noFyne, "the fake Okta org; may share the client's wire types and the spec checker"},
	"okta/internal/oktaspec":     {aside, nil, noFyne, "holds the Okta client and the fake to Okta's published OpenAPI spec"},
	"bench/baseline":             {aside, nil, fyneAll, "a bare Fyne window, the start-up baseline"},
	"bench/startup":              {aside, nil, fyneAll, "the start and memory harness around a window"},
	"bench/renewal": {
		aside, with(leaves, "services", "renewal", "reminders", "hub", "okta", "store", "secrets", "sandbox"), fyneAll,
		"the renewal meter: assembles the pieces itself, as a test does",
	},
	"e2e":      {aside, nil, noFyne, "cross-package evidence; all of it is in its tests"},
	"archtest": {aside, nil, noFyne, "this test"},
}

// forbidden are arrows no row may ever allow, whatever its reason: they are the point of the layers.
var forbidden = []struct{ from, to []string }{
	{[]string{"ui", "cli"}, []string{"secrets", "hub", "okta"}},                                                      // faces never reach the keychain or build clients
	{[]string{"hub", "okta", "store", "secrets", "desktop"}, []string{"hub", "okta", "store", "secrets", "desktop"}}, // adapters never import each other
}

// Only these may import Fyne at all (desktop only its types); DESIGN.md's list.
var fyneImporters = []string{"ui", ".", "sandbox", "assets", "bench/baseline", "bench/startup", "bench/renewal"}

// adapterPkgs are the packages whose constructors the domain must not call (TestDomainBuildsNoAdapter).
var adapterPkgs = []string{"hub", "okta", "store", "secrets", "desktop"}
