package services

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"renewal: the new token did not pass":            "The new token did not pass.",
		"hub: could not connect.":                        "Could not connect.",
		"the profile was not saved: store: disk is full": "The profile was not saved: disk is full.",
		"ünïcode first":                                  "Ünïcode first.",
		"été: ok":                                        "Été: ok.",
		"already a question?":                            "Already a question?",
		"  padded!  ":                                    "Padded!",
		"hhub: ub: joined":                               "Joined.",
		"":                                               "",
		"renewal: ":                                      "",
	} {
		if got := Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSentence(f *testing.F) {
	for _, s := range []string{"renewal: x", "é", "hhub: ub: ", "\xff\xfe", "a?", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Sentence(in)
		if utf8.ValidString(in) && !utf8.ValidString(got) {
			t.Fatalf("Sentence(%q) = %q: not valid UTF-8", in, got)
		}
		for _, p := range packagePrefixes {
			if strings.Contains(got, p) {
				t.Fatalf("Sentence(%q) = %q keeps the prefix %q", in, got, p)
			}
		}
		if got != "" && !strings.HasSuffix(got, ".") && !strings.HasSuffix(got, "?") && !strings.HasSuffix(got, "!") {
			t.Fatalf("Sentence(%q) = %q does not end a sentence", in, got)
		}
		if again := Sentence(got); again != got {
			t.Fatalf("Sentence is not stable: %q -> %q -> %q", in, got, again)
		}
	})
}

func TestDaysText(t *testing.T) {
	for _, tc := range []struct {
		days                 int
		left, expires, short string
	}{
		{40, "40 days left", "expires in 40 days", "40 days"},
		{1, "1 day left", "expires tomorrow", "1 day"},
		{0, "expires today", "expires today", "today"},
		{-1, "expired yesterday", "expired yesterday", "expired"},
		{-3, "expired 3 days ago", "expired 3 days ago", "expired"},
	} {
		for style, want := range map[DaysStyle]string{DaysLeft: tc.left, DaysExpires: tc.expires, DaysShort: tc.short} {
			if got := DaysText(tc.days, style); got != want {
				t.Errorf("DaysText(%d, %d) = %q, want %q", tc.days, style, got, want)
			}
		}
	}
}

func TestDateText(t *testing.T) {
	at := time.Date(2030, 1, 31, 23, 30, 0, 0, time.UTC)
	plus2 := time.FixedZone("UTC+2", 2*3600)
	for _, tc := range []struct {
		t     time.Time
		loc   *time.Location
		style DateStyle
		want  string
	}{
		{at, time.UTC, DateISO, "2030-01-31"},
		{at, plus2, DateISO, "2030-02-01"}, // the user's calendar, not UTC's
		{at, plus2, DateTimeISO, "2030-02-01 01:30"},
		{at, time.UTC, DateLong, "Thu 31 Jan 2030"},
		{at, time.UTC, DateTimeLong, "Thu 31 Jan 2030, 23:30"},
		{at, time.UTC, DateShort, "31 Jan 2030"},
		{at, time.UTC, DateTimeShort, "31 Jan 2030 23:30"},
		{time.Time{}, time.UTC, DateISO, "-"},
		{time.Time{}, time.UTC, DateShort, "—"},
	} {
		if got := DateText(tc.t, tc.loc, tc.style); got != tc.want {
			t.Errorf("DateText(%s, %s, %d) = %q, want %q", tc.t, tc.loc, tc.style, got, tc.want)
		}
	}
}

func TestDurationText(t *testing.T) {
	for _, tc := range []struct {
		d     time.Duration
		style DurationStyle
		want  string
	}{
		{30 * time.Second, DurationExact, "30 seconds"},
		{time.Second, DurationExact, "1 second"},
		{time.Minute, DurationExact, "1 minute"},
		{5 * time.Minute, DurationExact, "5 minutes"},
		{90 * time.Second, DurationExact, "90 seconds"},
		{3 * time.Hour, DurationDays, "less than a day"},
		{30 * time.Hour, DurationDays, "1 day"},
		{45 * 24 * time.Hour, DurationDays, "45 days"},
		{91 * 24 * time.Hour, DurationDays, "about 3 months"},
	} {
		if got := DurationText(tc.d, tc.style); got != tc.want {
			t.Errorf("DurationText(%s, %d) = %q, want %q", tc.d, tc.style, got, tc.want)
		}
	}
}

func TestParseLeadDays(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		bad  bool
	}{
		{"14,7,1", []int{14, 7, 1}, false},
		{"14, 7, 1", []int{14, 7, 1}, false},
		{"14 7\t1", []int{14, 7, 1}, false},
		{"14;7;;1,", []int{14, 7, 1}, false},
		{"", []int{}, false},
		{"-3", []int{-3}, false}, // the range is ValidateProfile's rule
		{"14,x", nil, true},
		{"1.5", nil, true},
	} {
		got, err := ParseLeadDays(tc.in)
		if (err != nil) != tc.bad || !slices.Equal(got, tc.want) {
			t.Errorf("ParseLeadDays(%q) = %v, %v", tc.in, got, err)
		}
	}
	if _, err := ParseLeadDays("14, seven"); err == nil || !strings.Contains(err.Error(), `"seven"`) {
		t.Errorf("the error does not name the bad part: %v", err)
	}
}

func FuzzParseLeadDays(f *testing.F) {
	for _, s := range []string{"14,7,1", "14 7 1", "x", "", ";;", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		days, err := ParseLeadDays(in)
		if err != nil {
			if len(err.Error()) > 200 {
				t.Fatalf("the error echoes too much of the input: %d bytes", len(err.Error()))
			}
			return
		}
		back, err := ParseLeadDays(FormatLeadDays(days))
		if err != nil || !slices.Equal(back, days) {
			t.Fatalf("%q: %v formats to %q, which reads back as %v, %v", in, days, FormatLeadDays(days), back, err)
		}
	})
}
