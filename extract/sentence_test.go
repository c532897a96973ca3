package extract

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

var updateSentences = flag.Bool("update-sentences", false, "rewrite testdata/sentences golden files")

// updateGolden reports whether golden files should be rewritten: with
// -update-sentences, or with the package's -update flag when one is defined.
func updateGolden() bool {
	if *updateSentences {
		return true
	}
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// splitTexts returns the sentences of text as strings.
func splitTexts(s *Segmenter, text string) []string {
	var out []string
	for _, sp := range s.Split(text) {
		out = append(out, text[sp.Start:sp.End])
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"blank", " \n\t ", nil},
		{"no final punctuation", "We thank the briefers", []string{"We thank the briefers"}},
		{"two sentences", "We thank the briefers. The situation is grave.",
			[]string{"We thank the briefers.", "The situation is grave."}},
		{"Mr. President", "I thank you, Mr. President, for convening this meeting. I also thank Ms. Power.",
			[]string{"I thank you, Mr. President, for convening this meeting.", "I also thank Ms. Power."}},
		{"title before name at sentence start", "Mr. Nebenzia spoke. Mrs. Craft and Dr. Tedros agreed. H.E. Mr. Lim spoke.",
			[]string{"Mr. Nebenzia spoke.", "Mrs. Craft and Dr. Tedros agreed.", "H.E. Mr. Lim spoke."}},
		{"record symbols", "As I said at the previous meeting (see S/PV.7796), the Council must act. We refer to A/RES/73/331.",
			[]string{"As I said at the previous meeting (see S/PV.7796), the Council must act.", "We refer to A/RES/73/331."}},
		{"symbol ends sentence", "See S/PV.8699. The debate was long.",
			[]string{"See S/PV.8699.", "The debate was long."}},
		{"No. before number", "Protocol No. 6 and resolution No. 2231 apply. Our answer is no. We will vote against.",
			[]string{"Protocol No. 6 and resolution No. 2231 apply.", "Our answer is no.", "We will vote against."}},
		{"para. and art.", "As stated in para. 4 and in art. 51 of the Charter, and in paras. 3-7, States may act. That is clear.",
			[]string{"As stated in para. 4 and in art. 51 of the Charter, and in paras. 3-7, States may act.", "That is clear."}},
		{"e.g. and i.e.", "Some bodies, e.g. the AU, act first, i.e. before the Council. They should.",
			[]string{"Some bodies, e.g. the AU, act first, i.e. before the Council.", "They should."}},
		{"U.S. mid-sentence and final", "The U.S. Government agrees. We thank the U.S. We also thank Russia.",
			[]string{"The U.S. Government agrees.", "We thank the U.S.", "We also thank Russia."}},
		{"St. and initials", "He visited St. Petersburg with George W. Bush. It rained.",
			[]string{"He visited St. Petersburg with George W. Bush.", "It rained."}},
		{"decimal numbers and times", "Growth was 3.5 per cent. The meeting rose at 12.25 p.m.",
			[]string{"Growth was 3.5 per cent.", "The meeting rose at 12.25 p.m."}},
		{"p.m. ending a sentence", "The meeting rose at 1 p.m. The next meeting is tomorrow.",
			[]string{"The meeting rose at 1 p.m.", "The next meeting is tomorrow."}},
		{"numbered list", "We propose three steps. 1. Strengthen the mission. 2. Fund it. 3. Review it.",
			[]string{"We propose three steps.", "1. Strengthen the mission.", "2. Fund it.", "3. Review it."}},
		{"year ends sentence", "That was agreed in 2015. 2020 is different.",
			[]string{"That was agreed in 2015.", "2020 is different."}},
		{"quote closes sentence", `He said, "We will not accept this." The Council disagreed.`,
			[]string{`He said, "We will not accept this."`, "The Council disagreed."}},
		{"curly quote closes sentence", "He said: “We will not accept this.” The Council disagreed.",
			[]string{"He said: “We will not accept this.”", "The Council disagreed."}},
		{"quoted question mid-sentence", `When asked "What was your role?" she will answer.`,
			[]string{`When asked "What was your role?" she will answer.`}},
		{"parenthesis closes sentence", "The report is out (S/2020/123.) We welcome it.",
			[]string{"The report is out (S/2020/123.)", "We welcome it."}},
		{"period after parenthesis", "We recall the debate (see S/PV.8699 et seq.). We thank Viet Nam.",
			[]string{"We recall the debate (see S/PV.8699 et seq.).", "We thank Viet Nam."}},
		{"question and exclamation", "Why so? Enough is enough! We must act.",
			[]string{"Why so?", "Enough is enough!", "We must act."}},
		{"ellipsis", "We waited... and waited. Then… Nothing happened.",
			[]string{"We waited... and waited.", "Then…", "Nothing happened."}},
		{"interpreter note between sentences", "I thank him. (spoke in French) Je vous remercie. (spoke in English) We agree.",
			[]string{"I thank him.", "Je vous remercie.", "We agree."}},
		{"interpreter note at start", "(interpretation from Arabic) We agree. Thank you.",
			[]string{"We agree.", "Thank you."}},
		{"interpreter note inside a sentence", `He stated: (spoke in English) "Those not involved will be released."`,
			[]string{`He stated: (spoke in English) "Those not involved will be released."`}},
		{"paragraph break without punctuation", "Expression of thanks to the outgoing President\n\nI thank Ambassador Pecsteen.",
			[]string{"Expression of thanks to the outgoing President", "I thank Ambassador Pecsteen."}},
		{"line wrap is not a break", "the Security\nCouncil must act. It\nwill.",
			[]string{"the Security\nCouncil must act.", "It\nwill."}},
		{"lower-case continuation", "They supplied arms, ammunition etc. and trained fighters. We object.",
			[]string{"They supplied arms, ammunition etc. and trained fighters.", "We object."}},
		{"etc. ends sentence", "They supplied arms, ammunition, etc. The Council must act.",
			[]string{"They supplied arms, ammunition, etc.", "The Council must act."}},
		{"OCR pipe after period", "We thank her. | thank the President too.",
			[]string{"We thank her.", "| thank the President too."}},
		{"non-ASCII words", "Türkiye and Côte d’Ivoire agreed. São Tomé did too.",
			[]string{"Türkiye and Côte d’Ivoire agreed.", "São Tomé did too."}},
		{"sentences glued by OCR", "We thank the children.Ireland agrees. See www.un.org.It is there.",
			[]string{"We thank the children.", "Ireland agrees.", "See www.un.org.It is there."}},
		{"chain of initials", "We thank Mr. J. A. Smith. He spoke.",
			[]string{"We thank Mr. J. A. Smith.", "He spoke."}},
		{"agenda item then I", "We were dealing only with an agenda item. I challenge anyone to disagree.",
			[]string{"We were dealing only with an agenda item.", "I challenge anyone to disagree."}},
		{"note glued to a period", "It is time for action.(spoke in French) I now resume my functions.",
			[]string{"It is time for action.", "I now resume my functions."}},
		{"citation after a quotation", `We recall that "control is critical." (S/2020/105, para. 89) In that regard, we act.`,
			[]string{`We recall that "control is critical." (S/2020/105, para. 89)`, "In that regard, we act."}},
		{"citation with period", `"The people." (ibid.). (spoke in Arabic) I wish to thank him.`,
			[]string{`"The people." (ibid.).`, "I wish to thank him."}},
		{"source after a quotation", `She said: "He reminds me of the man." (The Washington Post, 27 February 2016) Those are difficult words.`,
			[]string{`She said: "He reminds me of the man." (The Washington Post, 27 February 2016)`, "Those are difficult words."}},
		{"aside after a sentence is not a citation", "We agree. (Applause) The meeting rose.",
			[]string{"We agree.", "(Applause) The meeting rose."}},
		{"vol. roman", "See vol. II of the report. It is long.",
			[]string{"See vol. II of the report.", "It is long."}},
		// A number or numeral that could label a list ends a sentence
		// unless it opens it (A/48/PV.46).
		{"number ends a sentence", "Between 1986 and 1992 the number of cases of cancer of the thyroid gland in children increased by a factor of more than 32. Solving the unprecedentedly complex problems caused by the Chernobyl disaster remains a central task of our Government.",
			[]string{"Between 1986 and 1992 the number of cases of cancer of the thyroid gland in children increased by a factor of more than 32.", "Solving the unprecedentedly complex problems caused by the Chernobyl disaster remains a central task of our Government."}},
		{"paragraph number ends a sentence", "A separate, recorded vote has been requested on operative paragraph 7. Operative paragraph 7 was retained by 106 votes to 1, with 28 abstentions.",
			[]string{"A separate, recorded vote has been requested on operative paragraph 7.", "Operative paragraph 7 was retained by 106 votes to 1, with 28 abstentions."}},
		{"roman numeral ends a sentence", "The Council acted under Chapter VII. It must now be heard.",
			[]string{"The Council acted under Chapter VII.", "It must now be heard."}},
		// "No." before "I" is the word no before the pronoun, not "No. I".
		{"no before I", "Our answer is no. I will explain why.",
			[]string{"Our answer is no.", "I will explain why."}},
	}
	s := NewSegmenter()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitTexts(s, tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Split(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
			checkSpans(t, tt.text, s.Split(tt.text))
		})
	}
}

// checkSpans asserts the invariants every Split result must keep.
func checkSpans(t *testing.T, text string, spans []Span) {
	t.Helper()
	prev := 0
	for i, sp := range spans {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
			t.Fatalf("span %d %v invalid (previous end %d, len %d)", i, sp, prev, len(text))
		}
		if sp.End-sp.Start > MaxSentenceBytes {
			t.Fatalf("span %d is %d bytes, over MaxSentenceBytes", i, sp.End-sp.Start)
		}
		first, _ := utf8.DecodeRuneInString(text[sp.Start:])
		last, _ := utf8.DecodeLastRuneInString(text[:sp.End])
		if unicode.IsSpace(first) || unicode.IsSpace(last) {
			t.Fatalf("span %d %q starts or ends with white space", i, text[sp.Start:sp.End])
		}
		if !utf8.ValidString(text) {
			continue
		}
		if !utf8.ValidString(text[sp.Start:sp.End]) {
			t.Fatalf("span %d %v cuts a UTF-8 sequence", i, sp)
		}
		// Only white space and interpreter's notes may lie between spans.
		gap := text[prev:sp.Start]
		if g := stripNotes(gap); strings.TrimSpace(g) != "" {
			t.Fatalf("text %q between spans %d and %d is in no sentence", gap, i-1, i)
		}
		prev = sp.End
	}
	if g := stripNotes(text[prev:]); utf8.ValidString(text) && strings.TrimSpace(g) != "" {
		t.Fatalf("trailing text %q is in no sentence", text[prev:])
	}
}

func stripNotes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '(' {
			if end := un.InterpreterNote(s, i); end > 0 {
				i = end
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func TestSentences(t *testing.T) {
	sp := unpv.Speech{ID: "S/PV.8714#3", Text: "I thank Mr. Rama. (spoke in French) The OSCE matters."}
	got := Sentences(sp)
	want := []unpv.Sentence{
		{ID: "S/PV.8714#3.1", SpeechID: sp.ID, N: 1, Start: 0, End: 17, Text: "I thank Mr. Rama."},
		{ID: "S/PV.8714#3.2", SpeechID: sp.ID, N: 2, Start: 36, End: 53, Text: "The OSCE matters."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sentences mismatch (-want +got):\n%s", diff)
	}
	for _, s := range got {
		if sp.Text[s.Start:s.End] != s.Text {
			t.Errorf("sentence %s: offsets %d:%d do not give its text", s.ID, s.Start, s.End)
		}
	}
	if got := Sentences(unpv.Speech{ID: "x#1"}); len(got) != 0 {
		t.Errorf("empty speech: got %d sentences", len(got))
	}
}

// TestSplitGolden segments real speeches of S/PV.8714 (testdata, see
// PROVENANCE.md) and compares with a reviewed golden file; regenerate with
// go test ./extract -run TestSplitGolden -update (or -update-sentences) and
// review the diff.
func TestSplitGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "sentences", "spv8714.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := NewSegmenter()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for k := 0; sc.Scan() && k < 8; k++ {
		var r struct {
			File  string
			Text  string
			Label string `json:"speaker_label_heuristic"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		text := stripLabel(r.Text, r.Label)
		spans := s.Split(text)
		checkSpans(t, text, spans)
		fmt.Fprintf(&b, "## %s\n", r.File)
		for _, sp := range spans {
			fmt.Fprintf(&b, "%d\t%d\t%s\n", sp.Start, sp.End, text[sp.Start:sp.End])
		}
	}
	golden := filepath.Join("..", "testdata", "sentences", "spv8714.golden.tsv")
	if updateGolden() {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update-sentences to create it)", err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("golden mismatch (-want +got):\n%s", diff)
	}
}

func TestSegmenterConcurrent(t *testing.T) {
	s := NewSegmenter()
	text := "I thank you, Mr. President. We refer to S/PV.7796 and No. 5. Why? Because."
	want := s.Split(text)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if got := s.Split(text); !cmp.Equal(want, got) {
					t.Errorf("concurrent Split differs: %v", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestLongSentenceSplit: a 1 MB run-on sentence (21.5 s in the
// classifier, issue 14) becomes pieces of at most MaxSentenceBytes cut at
// spaces, or at character boundaries when there are none; the text is
// kept whole and the count of such runs reported.
func TestLongSentenceSplit(t *testing.T) {
	s := NewSegmenter()
	runOn := strings.Repeat("the Collective Security Treaty Organization and the Commonwealth ", 16000)
	for name, text := range map[string]string{
		"run-on":    "We begin. " + runOn + "end. Then a short one.",
		"no spaces": strings.Repeat("Организация", 2000),
	} {
		spans, long := s.split(text)
		checkSpans(t, text, spans)
		if long != 1 || len(spans) < 2 {
			t.Errorf("%s: %d long runs split into %d sentences", name, long, len(spans))
		}
		var joined strings.Builder
		for _, sp := range spans {
			joined.WriteString(text[sp.Start:sp.End])
		}
		if strings.Join(strings.Fields(joined.String()), "") != strings.Join(strings.Fields(text), "") {
			t.Errorf("%s: text lost in the split", name)
		}
	}
	sents, long := SentencesSplit(unpv.Speech{ID: "S/PV.1#1", Text: runOn})
	if long != 1 || len(sents) < 100 || sents[0].N != 1 {
		t.Errorf("SentencesSplit: %d sentences, %d long", len(sents), long)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add(strings.Repeat("word ", MaxSentenceBytes/5+10))
	f.Add(strings.Repeat("ы", MaxSentenceBytes))
	for _, seed := range []string{
		"", ".", "..", "Mr.", "I thank you, Mr. President. We agree.", "(spoke in French)",
		"(spoke in French", "A. B. C.", "1. 2. 3.", "“Yes.” (No.) [Why?]", "etc. The", "…", "\xe2\x80",
		"S/PV.7796. A/RES/73/331.", "a\n\nb\n \n", "U.S. We", "No. 5. no. We", "(interpretation from Arabic) x",
		"Türkiye. Côte d’Ivoire.", "\xff. \xfe? A", "He said: (spoke in English) \"Yes.\"",
	} {
		f.Add(seed)
	}
	s := NewSegmenter()
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, s.Split(text))
	})
}

// TestSplitCorpus checks Split's invariants over every speech of the 2020
// Council corpus when ../shared is present.
func TestSplitCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("reads ../shared")
	}
	speeches := readSpeeches2020(t, filepath.Join(sharedDir, "corpora", "unsc-2020-speeches", "speeches_2020.jsonl"))
	s := NewSegmenter()
	n, sentences := 0, 0
	for _, texts := range speeches {
		for _, text := range texts {
			spans := s.Split(text)
			checkSpans(t, text, spans)
			n++
			sentences += len(spans)
			if strings.TrimSpace(text) != "" && len(spans) == 0 {
				t.Errorf("no sentence in %q", text)
			}
		}
	}
	t.Logf("%d speeches, %d sentences", n, sentences)
}
