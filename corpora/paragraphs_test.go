package corpora

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Real lines of the General Debate Corpus (ungdc-full).
func TestDropParagraphNumbers(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"tab after the number, a paragraph a line (USA_30_1975)",
			"' his devotion to democracy, give us confidence that this thirtieth session will be marked by a constructive and creative spirit.\n" +
				"63.\tI want also to pay a tribute to the Secretary- General, whose fairness, leadership and tireless efforts are dedicated to carrying this Organization forward.\n" +
				"64.\tThis century has seen war and cataclysm on an unprecedented scale.\n" +
				"65.\tBut this century has also seen the triumph of the principle of self-determination and national independence.",
			"' his devotion to democracy, give us confidence that this thirtieth session will be marked by a constructive and creative spirit.\n\n" +
				"I want also to pay a tribute to the Secretary- General, whose fairness, leadership and tireless efforts are dedicated to carrying this Organization forward.\n\n" +
				"This century has seen war and cataclysm on an unprecedented scale.\n\n" +
				"But this century has also seen the triumph of the principle of self-determination and national independence."},
		{"spaces after the number, blank lines between (RUS_23_1968)",
			"56. Allow me, Mr. President, on behalf of the Soviet delegation, to congratulate you on your election.\n\n" +
				"57. This twenty-third session of the General Assembly is beginning its labours in a complex situation.\n\n" +
				"58. Whichever region of the world or major event we consider, we see everywhere a conflict.",
			"Allow me, Mr. President, on behalf of the Soviet delegation, to congratulate you on your election.\n\n" +
				"This twenty-third session of the General Assembly is beginning its labours in a complex situation.\n\n" +
				"Whichever region of the world or major event we consider, we see everywhere a conflict."},
		{"hard-wrapped; a tab number after a line a page break cut (KEN_37_1982)",
			"security.\n" +
				"225.\tThe time has come when the international \n" +
				"community must wake up to the gravity of the \n" +
				"peace and security under the provisions of \n" +
				"Chapter VII of the Charter,\n" +
				"226.\tInformation has come to us through the \n" +
				"public media to the effect that the racist regime \n" +
				"is making moves to remove petty apartheid in \n" +
				"public places. Let us not be confused by such \n" +
				"information.\n" +
				"227.\tWe have all along been calling for",
			"security.\n\n" +
				"The time has come when the international \n" +
				"community must wake up to the gravity of the \n" +
				"peace and security under the provisions of \n" +
				"Chapter VII of the Charter,\n\n" +
				"Information has come to us through the \n" +
				"public media to the effect that the racist regime \n" +
				"is making moves to remove petty apartheid in \n" +
				"public places. Let us not be confused by such \n" +
				"information.\n\n" +
				"We have all along been calling for"},
		{"spaces after a number inside a paragraph stay",
			"1. We recall the resolution of\n" +
				"12. December, and\n" +
				"2. We welcome it.\n" +
				"3. We thank you.",
			"We recall the resolution of\n" +
				"12. December, and\n" +
				"2. We welcome it.\n\n" +
				"We thank you."},
		{"a list in unnumbered prose stays (DJI_76_2021)",
			"In Djibouti, we immediately recognized the danger and implemented a management and response plan.\n" +
				"The emergence of variants led to an adaptation of the strategy.\n" +
				"We designed a social response plan that seeks to:\n" +
				"1.\tPreserve the livelihoods of the poorest, vulnerable groups and those who have lost their jobs;\n" +
				"2.\tPut in place short-, medium- and long-term recovery and social support measures;\n" +
				"3.\tPut technology at the centre of all social activities.\n" +
				"On behalf of the Government and the people of Djibouti, I now take this opportunity to thank all international partners.",
			""},
		{"one number is no numbering",
			"54.\tThe Chairman of the Soviet Union delegation, Mr. Molotov, affirmed it.",
			""},
		{"a number alone on its line goes too (HUN_33_1978)",
			"\n64.\t\n65.\tMr. President, allow me to offer you the heartfelt congratulations of the Hungarian delegation.\n66.\tWe welcome the new Members.",
			"\n\nMr. President, allow me to offer you the heartfelt congratulations of the Hungarian delegation.\n\nWe welcome the new Members."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = tt.in
			}
			if diff := cmp.Diff(want, dropParagraphNumbers(tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzDropParagraphNumbers: only paragraph numbers and the spaces around
// them go, and only blank lines come in.
func FuzzDropParagraphNumbers(f *testing.F) {
	for _, s := range []string{"63.\tI want.\n64.\tThis century.", "1. a\n\n2. b", "x.\n1.\t\n2.\ty", "12.  A\n13. B\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := dropParagraphNumbers(in)
		// Every byte out keeps, but the new line breaks, comes from in, in order.
		rest := strings.ReplaceAll(in, "\n", "")
		kept := strings.ReplaceAll(out, "\n", "")
		for i := 0; i < len(kept); i++ {
			j := strings.IndexByte(rest, kept[i])
			if j < 0 {
				t.Fatalf("%q: %q holds %q, not in the input's rest", in, out, kept[i])
			}
			if d := strings.Trim(rest[:j], "0123456789. \t\r"); d != "" {
				t.Fatalf("%q: %q dropped %q", in, out, d)
			}
			rest = rest[j+1:]
		}
		if d := strings.Trim(rest, "0123456789. \t\r"); d != "" {
			t.Fatalf("%q: %q dropped %q at the end", in, out, d)
		}
	})
}
