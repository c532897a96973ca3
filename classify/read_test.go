package classify

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadingRules checks, on real sentences from UN records, which actor
// each cue is read as belonging to: the rules the model's features and
// the lexicon baseline rest on. Sources: the General Debate Corpus
// statement (ISO3 code, session) or the Security Council record.
func TestReadingRules(t *testing.T) {
	c := mustBaseline(t)
	type want struct {
		cue, role string
		negated   bool
	}
	for _, tc := range []struct {
		rule, source, target, sentence string
		want                           []want
		absent                         []string // cues that must not be read as the speaker's judgement of the target
	}{
		{
			rule: "negation aimed elsewhere", source: "IRL A/74", target: "EU",
			// What is not recognized is a change of borders, not the EU: a
			// negated endorsement counts against the target only when the
			// target is what it is about.
			sentence: "Ireland and our European Union partners have made consistently clear that we will not recognize any changes to the pre-1967 borders, including those with regard to Jerusalem, other than those agreed by the parties.",
			absent:   []string{"recognize"},
		},
		{
			rule: "negation: litotes is not negation", source: "constructed from the codebook's cue list",
			target:   "AU",
			sentence: "We cannot overemphasize the important role played by the African Union in Somalia.",
			want:     []want{{"important* role", "spk", false}},
		},
		{
			rule: "negation: not only", source: "TUR A/35", target: "ASEAN",
			sentence: "We observe with satisfaction that the countries of the Association of South-East Asian Nations [ASEAN], with which we have excellent relations in all fields, constitute a community which not only strengthens economic ties among its members but also makes a contribution as a factor of political stability in the region.",
			want:     []want{{"strengthen", "tgt", false}},
		},
		{
			rule: "contrast: a while-clause belongs to its own subject", source: "MLI A/19", target: "AU",
			sentence: "In Africa, while the Organization of African Unity, at the request of the President of the Democratic Republic of the Congo, was seeking a political and fraternal solution to the tragic problems which have beset that country since its accession to independence, the same imperialists paralysed the effort of the ad hoc Commision on the Congo headed by President Jomo Xenyatta, one of the most respected African leaders.",
			absent:   []string{"imperialist", "paralysed"},
		},
		{
			rule: "contrast: unlike", source: "RUS A/35", target: "NATO",
			sentence: "There, the Soviet Union, unlike the NATO countries, has not for a long time now increased its forces by a single soldier, a single tank, a single aircraft.",
			want:     nil,
		},
		{
			rule: "third-party negativity stays with the third party", source: "NGA A/34", target: "AU",
			sentence: "Furthermore, as internal and international opposition to its policies intensifies, it is painfully obvious that South Africa intends, through the employment of mercenaries and subversion, to threaten the peace and security of our continent, In the past year alone, the OAU has had to adopt two urgent resolutions calling attention to the menace of mercenaries.",
			absent:   []string{"threaten"},
		},
		{
			rule: "reported stance: the organisation's own verb", source: "UGA A/30", target: "AU",
			sentence: "The OAU has welcomed the results of the independence negotiations held last March at Marlborough House, London, between the United Kingdom Government and the two nationalist parties of Seychelles.",
			want:     []want{{"welcome", "rep", false}},
		},
		{
			rule: "reported stance: negated, the organisation's own", source: "MUS A/31", target: "AU",
			sentence: "Let me also here make it clear that OAU cannot and will not accept the devious concept of separate homelands and will not give recognition to the bogus independence of the Transkei and bantustans, which will only perpetuate the inhuman policy of apartheid.",
			absent:   []string{"cannot accept"},
		},
		{
			rule: "names read as names", source: "S/PV.8699", target: "AU",
			sentence: "In that context, we appreciate the regular and periodic meetings held between the Security Council and the African Union Peace and Security Council.",
			want:     []want{{"appreciate", "spk", false}},
		},
		{
			rule: "protocol", source: "S/PV.8731", target: "AU",
			sentence: "On the same note, I would also like to thank Ambassador Madeira, Special Representative of the Chairperson of the African Union Commission for Somalia and Head of AMISOM, for his briefing.",
			want:     []want{{"thank", "spk", false}, {"for his briefing", "tgt", false}},
		},
		{
			rule: "speaker as object-giver", source: "codebook cue", target: "CSTO",
			sentence: "We reject the CSTO intervention in Kazakhstan.",
			want:     []want{{"reject", "spk", false}},
		},
		{
			rule: "negation: cannot but", source: "PRT A/39", target: "AU",
			// "cannot but" is "must": the support is not negated (it is
			// Portugal's, named in the third person, so another State's).
			sentence: "Thus, Portugal, as the European country geographically and historically closest to Africa, cannot but support the efforts of the African leaders and of the Organization of African Unity to preserve the identity and genuine independence of the States of the continent.",
			want:     []want{{"support", "o2t", false}},
		},
		{
			rule: "contrast: nothing but opens no clause", source: "RUS A/12", target: "NATO",
			// "nothing but" is "only": the framing reaches NATO in the same
			// clause (before, "but" cut the sentence and the cue never matched).
			sentence: "These two military blocs are in fact nothing but branches of NATO.",
			want:     []want{{"nothing but", "tgt", false}},
		},
		{
			rule: "negation stops at a subordinator: until", source: "GEO A/76", target: "EU",
			// What follows "until" is the goal, not what is denied.
			sentence: "We will not rest until we achieve EU and NATO membership.",
			want:     []want{{"achievement", "spk", false}},
		},
		{
			rule: "negation stops at a subordinator: unless", source: "TZA A/47", target: "AU",
			sentence: "As I stated earlier, the United Nations alone cannot succeed unless it cooperates with regional organizations such as the Non-Aligned Movement and the Organization of African Unity, which represent the aspirations of developing nations.",
			want:     []want{{"cooperation with", "o2t", false}},
		},
		{
			rule: "double negation: cannot fail to", source: "OMN A/42", target: "ASEAN",
			sentence: "In this connection, we cannot fail to commend the efforts to solve it made by the Association of South-East Asian Nations (ASEAN) , particularly the praiseworthy efforts of Mr.",
			want:     []want{{"commend", "spk", false}},
		},
		{
			rule: "double negation: cannot fail to welcome", source: "MLI A/61", target: "ECOWAS",
			sentence: "Similarly, we cannot fail to welcome the launching, in Bamako on 6 June, of the new ECOWAS Small Arms Control Programme (ECOSAP).",
			want:     []want{{"welcome", "spk", false}},
		},
		{
			rule: "double negation: shall not cease to", source: "CAF A/21", target: "AU",
			sentence: "Lastly, the Organization of African Unity, which in reality constitutes the final stage of the ideal which is dear to us, remains for us the paramount aim and we shall not cease to encourage its progress.",
			want:     []want{{"encourage", "spk", false}},
		},
		{
			rule: "double negation: remiss if … not", source: "LBR A/66", target: "ECOWAS",
			sentence: "We would be remiss if we did not acknowledge the significant role being played by the Economic Community of West African States (ECOWAS) in the maintenance of peace and security in the subregion.",
			want:     []want{{"acknowledge", "spk", false}},
		},
		{
			rule: "double negation: remiss if … not to", source: "CPV A/31", target: "AU",
			sentence: "We would be remiss if we were not to highlight the important contribution made by the enlargement and gradual consolidation of the non-aligned movement and OAU.",
			want:     []want{{"contribution", "spk", false}},
		},
		{
			rule: "the speaker naming itself", source: "ISR A/30", target: "OSCE",
			sentence: "Israel welcomes the signature of the Final Act of the Conference on Security and Co-operation in Europe, which gave formal expression to the spirit of detente.",
			want:     []want{{"welcome", "spk", false}},
		},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			hits := c.Cues(tc.sentence, tc.target)
			for _, w := range tc.want {
				found := false
				for _, h := range hits {
					if h.Cue == w.cue {
						found = true
						if h.Role != w.role || h.Negated != w.negated {
							t.Errorf("%s (%s): cue %q read as role %s negated %v, want %s negated %v", tc.rule, tc.source, w.cue, h.Role, h.Negated, w.role, w.negated)
						}
					}
				}
				if !found {
					t.Errorf("%s (%s): cue %q not found in %+v", tc.rule, tc.source, w.cue, hits)
				}
			}
			for _, cue := range tc.absent {
				for _, h := range hits {
					if (h.Cue == cue || h.Span == cue) && speakerOwn(h.Role) {
						t.Errorf("%s (%s): cue %q read as the speaker's judgement of %s (role %s)", tc.rule, tc.source, cue, tc.target, h.Role)
					}
				}
			}
		})
	}
}

// FuzzReading: the reading and the model take any text, never panic, and
// give a label and spans inside the sentence.
func FuzzReading(f *testing.F) {
	for _, s := range []string{
		"We reject the CSTO intervention.",
		"Unlike NATO, which brought only chaos, the CSTO has kept the peace.",
		"While the OSCE, with which we work, has played an indispensable role, the CSTO has done nothing but legitimise occupation.",
		"We call on all Member States to vote against the draft resolution on cooperation between the United Nations and the CSTO.",
		"NATO's eastward expansion; the so-called peacekeepers of the CIS — not only AU and EU, but ASEAN, SADC, ECOWAS.",
		"The OAU has not welcomed it. Israel welcomes the Conference on Security and Co-operation in Europe's Final Act",
		"",
	} {
		f.Add(s, "CSTO")
	}
	c, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s, target string) {
		for _, tg := range []string{target, "NATO", "AU"} {
			st := c.Classify(s, tg, "RUS", "2020")
			if st.Label.Index() < 0 || st.Confidence < 0 || st.Confidence > 1 {
				t.Fatalf("stance %+v", st)
			}
			for _, h := range c.Cues(s, tg) {
				if !strings.Contains(s, h.Span) || h.Role == "" {
					t.Fatalf("cue %+v outside %q", h, s)
				}
			}
		}
	})
}

// TestIdiomaticBut checks, on real sentences from the General Debate
// Corpus, when "but" opens a clause: not in "nothing but", "none but",
// "cannot but", "could not but" (where it does not negate either), but
// always after a comma, where it is a contrast.
func TestIdiomaticBut(t *testing.T) {
	c := mustBaseline(t)
	for _, tc := range []struct {
		source, sentence string
		opens            bool // "but" starts a new clause
		negated          bool // the word before "but" negates
	}{
		{"RUS A/12", "These two military blocs are in fact nothing but branches of NATO.", false, false},
		{"UKR A/71", "However, when shown the United States intelligence aerial photos, even Khruschev could not but recognize that the Soviet missiles were stationed in Cuba.", false, false},
		{"PRT A/39", "Thus, Portugal, as the European country geographically and historically closest to Africa, cannot but support the efforts of the African leaders and of the Organization of African Unity to preserve the identity and genuine independence of the States of the continent.", false, false},
		{"SAU A/12", "It is a battle to banish the danger of war for all time to come — a battle that registers defeat to none, but scores victory for all.", true, true},
		{"SAU A/12", "In all sincerity the Arabs can now equally reiterate: \"To the Jews as a nation we grant nothing, but to the Jews as men, as human beings, as fellow citizens, we grant all\".", true, false},
	} {
		t.Run(tc.source, func(t *testing.T) {
			a := c.lex.analyse(tc.sentence, nil, "")
			i := slices.IndexFunc(a.toks, func(tk token) bool { return tk.low == "but" })
			if i < 1 {
				t.Fatalf("no \"but\" in %q", tc.sentence)
			}
			if opens := a.clause[i] != a.clause[i-1]; opens != tc.opens {
				t.Errorf("%q: \"but\" opens a clause: %v, want %v", tc.sentence, opens, tc.opens)
			}
			if a.negator[i-1] != tc.negated {
				t.Errorf("%q: %q negates: %v, want %v", tc.sentence, a.toks[i-1].low, a.negator[i-1], tc.negated)
			}
		})
	}
}

// TestStateNames checks, on real sentences, that a State's name of up to
// five words is read whole as one actor, and as the speaker when the State
// names itself at the head of its clause: a four-word limit reads "the
// Democratic Republic of the Congo" as the Republic of the Congo, another
// State, and "Saint Vincent and the Grenadines" as no actor at all.
func TestStateNames(t *testing.T) {
	c := mustBaseline(t)
	const drc = "The Democratic Republic of the Congo remains committed to the framework agreement, which we consider to be the best regional path and strategy to follow in order to definitively emerge from the instability, which has been affecting the Democratic Republic of the Congo and the Great Lakes region for many years."
	for _, tc := range []struct {
		source, sentence string
		name, after      string // the first occurrence of name after after
		want             byte   // actor of every word of name
	}{
		{"S/PV.8741", "Saint Vincent and the Grenadines commends the unstinting effort of the United Nations Mission in the Republic of South Sudan, the Intergovernmental Authority on Development, the African Union, the Community of Sant' Egidio in Rome and the Government of South Africa, in particular Deputy President David Mabuza, South Africa's Special Envoy to South Sudan, for their constructive role in helping South Sudan to reach this promising moment.",
			"Saint Vincent and the Grenadines", "", actSpeaker},
		{"S/PV.8778", drc, "Democratic Republic of the Congo", "", actSpeaker},
		{"S/PV.8778", drc, "Democratic Republic of the Congo", "affecting", actOther},
	} {
		t.Run(tc.name+" after "+tc.after, func(t *testing.T) {
			a := c.lex.analyse(tc.sentence, c.mentionsAfter(tc.sentence, nil), "")
			from := strings.Index(tc.sentence, tc.after)
			at := strings.Index(tc.sentence[from:], tc.name)
			if from < 0 || at < 0 {
				t.Fatalf("%q after %q not in %q", tc.name, tc.after, tc.sentence)
			}
			at += from
			var got, want []byte
			for i, tk := range a.toks {
				if tk.start >= at && tk.end <= at+len(tc.name) {
					got, want = append(got, a.actor[i]), append(want, tc.want)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: actors of the words of %q (-want +got):\n%s", tc.source, tc.name, diff)
			}
		})
	}
}

// TestContrastIntro checks which target a contrast cue introduces, the
// article between them or not: the RUS A/35 sentence of TestReadingRules
// (whose case there checks no cue, since none is the speaker's judgement
// of NATO) and the sentence of the fuzz corpus above.
func TestContrastIntro(t *testing.T) {
	c := mustBaseline(t)
	const rus = "There, the Soviet Union, unlike the NATO countries, has not for a long time now increased its forces by a single soldier, a single tank, a single aircraft."
	const fuzz = "Unlike NATO, which brought only chaos, the CSTO has kept the peace."
	for _, tc := range []struct {
		source, sentence, target string
		want                     bool
	}{
		{"RUS A/35", rus, "NATO", true},
		{"fuzz seed", fuzz, "NATO", true},
		{"fuzz seed", fuzz, "CSTO", false},
	} {
		t.Run(tc.source+" "+tc.target, func(t *testing.T) {
			a := c.lex.analyse(tc.sentence, c.mentionsAfter(tc.sentence, nil), tc.target)
			if diff := cmp.Diff(tc.want, a.unlike); diff != "" {
				t.Errorf("%s introduced by a contrast cue (-want +got):\n%s", tc.target, diff)
			}
		})
	}
}
