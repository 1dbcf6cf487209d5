//go:build linux

package main

import (
	"fmt"
	"strings"
	"time"
)

// printRows prints the two rows of the bench table: start time and peak RSS, app against baseline.
// Columns: measure | SCIM Renew | baseline | ratio | target | result.
func printRows(a, b *target, runs int, settle time.Duration, startTarget, rssTarget float64) {
	n := len(b.start)
	cmdline := strings.TrimSpace("scimrenew " + strings.Join(a.args, " "))
	startName := fmt.Sprintf("Cold start to first window mapped under Xvfb, `%s` (median of %d, interleaved)", cmdline, n)
	rssName := fmt.Sprintf("Peak RSS (VmHWM, window up + %v), `%s` (median of %d)", settle, cmdline, n)
	bs, bh := median(b.start), median(b.hwmKB)
	if a.err != nil || len(a.start) < runs {
		why := "not measured"
		if a.err != nil {
			why = "not measured: " + cell(a.err.Error())
		}
		row(startName, why, fmt.Sprintf("%.0f ms", ms(bs)), "—", fmt.Sprintf("≤ %.2g×", startTarget), "n/a")
		row(rssName, why, mib(bh), "—", fmt.Sprintf("≤ %.3g×", rssTarget), "n/a")
		return
	}
	as, ah := median(a.start), median(a.hwmKB)
	sr, rr := float64(as)/float64(bs), float64(ah)/float64(bh)
	row(startName, fmt.Sprintf("%.0f ms", ms(as)), fmt.Sprintf("%.0f ms", ms(bs)), fmt.Sprintf("%.2f×", sr),
		fmt.Sprintf("≤ %.2g×", startTarget), verdict(sr <= startTarget))
	if ac, bc := median(a.cpu), median(b.cpu); ac > 0 && bc > 0 {
		row(fmt.Sprintf("CPU time (all threads) to first window mapped, `%s` (median of %d; steadier than wall time on a busy machine)", cmdline, n),
			fmt.Sprintf("%.0f ms", ms(ac)), fmt.Sprintf("%.0f ms", ms(bc)), fmt.Sprintf("%.2f×", float64(ac)/float64(bc)), "— (none set)", "info")
	}
	row(rssName, mib(ah), mib(bh), fmt.Sprintf("%.2f×", rr), fmt.Sprintf("≤ %.3g×", rssTarget), verdict(rr <= rssTarget))
}

func row(cells ...string) { fmt.Printf("| %s |\n", strings.Join(cells, " | ")) }

func mib(kb int64) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }

func verdict(ok bool) string {
	if ok {
		return "pass"
	}
	return "**miss**"
}

// cell keeps a message from breaking the markdown table.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", "/")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
