package ui

import (
	"testing"

	"scimrenew/store"
)

// The Done panel lists the reminder days as the schedule keeps them, each with its own unit.
func TestRemindDaysText(t *testing.T) {
	for _, c := range []struct {
		days []int
		want string
	}{
		{[]int{14, 7, 1}, "14 days, 7 days and 1 day before it expires, and on the day"},
		{[]int{1}, "1 day before it expires, and on the day"},
		{[]int{30}, "30 days before it expires, and on the day"},
		{[]int{1, 7, 7, 0}, "7 days and 1 day before it expires, and on the day"},
		{[]int{0}, "on the day it expires"},
		{[]int{}, "on the day it expires"},
	} {
		if got := remindDaysText(store.Profile{RemindDays: c.days}); got != c.want {
			t.Errorf("remindDaysText(%v) = %q, want %q", c.days, got, c.want)
		}
	}
}
