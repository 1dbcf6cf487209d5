package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// report prints the two table rows (app time, requests) and each renewal's figures to stderr.
// Columns: measure | SCIM Renew | baseline | ratio | target | result.
func report(results []result, target time.Duration) {
	apps := make([]time.Duration, len(results))
	for i, r := range results {
		apps[i] = r.app()
		fmt.Fprintf(os.Stderr, "renewal: %2d total %6.2f ms, HTTP %6.2f ms, app %6.2f ms, %d requests\n",
			i+1, ms(r.total), ms(r.http), ms(r.app()), len(r.requests))
	}
	med := median(apps)
	first := results[0]
	medTotal := median(totals(results))
	row(fmt.Sprintf("Sandbox renewal, API mode + Connections API: app time beyond HTTP (median of %d; first run)", len(results)),
		fmt.Sprintf("%s; first %s (median renewal %s in all)", fmtMS(med), fmtMS(first.app()), fmtMS(medTotal)),
		"—", "—", "≤ "+fmtMS(target), verdict(med <= target && first.app() <= target))
	fewest := true
	for _, r := range results {
		fewest = fewest && len(r.requests) == minimum && sameRequests(r.requests, first.requests)
	}
	row("Sandbox renewal: HTTP requests", fmt.Sprintf("%d: %s", len(first.requests), cell(short(first.requests))),
		"—", "—", fmt.Sprintf("%d (create, probe, read, set, read back)", minimum), verdict(fewest))
}

// short abbreviates long paths to their last element: "GET …/connections/default".
func short(requests []string) string {
	out := make([]string, len(requests))
	for i, r := range requests {
		method, path, _ := strings.Cut(r, " ")
		if parts := strings.Split(strings.Trim(path, "/"), "/"); len(parts) > 3 {
			path = "…/" + strings.Join(parts[len(parts)-2:], "/")
		}
		out[i] = method + " " + path
	}
	return strings.Join(out, ", ")
}

func totals(results []result) []time.Duration {
	t := make([]time.Duration, len(results))
	for i, r := range results {
		t[i] = r.total
	}
	return t
}

func sameRequests(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}

func row(cells ...string) { fmt.Printf("| %s |\n", strings.Join(cells, " | ")) }

func verdict(ok bool) string {
	if ok {
		return "pass"
	}
	return "**miss**"
}

// cell keeps text from breaking the markdown table.
func cell(s string) string { return strings.ReplaceAll(s, "|", "/") }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func fmtMS(d time.Duration) string { return fmt.Sprintf("%.1f ms", ms(d)) }

func median(v []time.Duration) time.Duration {
	s := append([]time.Duration(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
