package classify

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

func mustDefault(t testing.TB) *Classifier {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Real sentences from ../shared/corpora (file or gold id in the name).
func TestMentions(t *testing.T) {
	c := mustDefault(t)
	type m struct{ Target, Surface string }
	tests := []struct {
		name string
		in   string
		want []m
	}{
		{"ODKB transliteration (UNGDC AZE 2020)",
			"Armenia appealed to ODKB (Collective Security Treaty Organization) for military assistance, thus admitting its defeat.",
			[]m{{"CSTO", "ODKB"}, {"CSTO", "Collective Security Treaty Organization"}}},
		{"mission belongs to the AU (S/PV.8699, gold r0092)",
			"Despite the efforts of the SNA, AMISOM and international partners, regrettably, Al-Shabaab retains the ability to conduct large-scale attacks in Mogadishu.",
			[]m{{"AU", "AMISOM"}}},
		{"full mission name is one mention",
			"The fight against extremists has been adversely affected by the poor supply of weaponry to the African Union Mission in Somalia (AMISOM).",
			[]m{{"AU", "African Union Mission in Somalia"}, {"AU", "AMISOM"}}},
		// Other bodies whose names hold a listed form (un.OtherNames).
		{"the Western European Union is not the EU (UNGDC NLD 1956)",
			"We shall, however continue our NATO policy, and we shall likewise continue, in the Council of Europe, in the Western European Union, and in our increasingly strong Benelux partnership, to follow a policy of close co-operation.",
			[]m{{"NATO", "NATO"}, {"CoE", "Council of Europe"}}},
		{"SEATO's treaty is not the CSTO (UNGDC PAK 1955)",
			"Molotov, affirmed, in the' course of his address to this Assembly on 23 September [520th meeting], that regional security arrangements, like the South-East Asia Collective Security Treaty, constituted a direct danger to the security of the peoples of Asia and the Far East and to their national independence.",
			nil},
		{"the Council of Europe's commission is not the EU (UNGDC GRC 1992)",
			"In this respect, the report of the European Commission of Human Rights published on 2 April 1992 sets out the violations.",
			nil},
		{"the EU beside the WEU still is (gold p0549)",
			"The Conference on Security and Cooperation in Europe (CSCE), the European Community and the Western European Union (WEU) are striving to bring about a cease-fire and a peace agreement.",
			[]m{{"OSCE", "Conference on Security and Cooperation in Europe"}, {"OSCE", "CSCE"}, {"EU", "European Community"}}},
		{"hyphenated compound (gold p0000)",
			"including the Moldova-European Union Association Agreement.",
			[]m{{"EU", "European Union"}}},
		{"British spelling and Co-operation",
			"the Organisation for Security and Co-operation in Europe and the Shanghai Co-operation Organisation",
			[]m{{"OSCE", "Organisation for Security and Co-operation in Europe"}, {"SCO", "Shanghai Co-operation Organisation"}}},
		{"G-5 Sahel Joint Force (gold p0427)",
			"We welcome the assistance of the G-5 Sahel Joint Force, through MINUSMA, and its help in countering COVID-19.",
			[]m{{"G5S", "G-5 Sahel Joint Force"}}},
		{"OSCE Special Monitoring Mission (gold p0239)",
			"who have benefited from the OSCE Special Monitoring Mission to Ukraine facilitating ceasefires",
			[]m{{"OSCE", "OSCE Special Monitoring Mission to Ukraine"}}},
		{"word boundaries: AUD, EUR, Europe, Australia",
			"Australia pledged AUD 5 million and EUR 3 million to Europe; the Audit was led by EUROPOL.",
			nil},
		{"EU-led and AU's",
			"the EU-led operation and the AU's mediation",
			[]m{{"EU", "EU"}, {"AU", "AU"}}},
		{"lower-case words are not names",
			"a caribbean community leader and an african union of farmers",
			nil},
		{"acronyms are case-sensitive",
			"Au revoir, said the Eu official; nato is not a word.",
			nil},
		{"COE is contingent-owned equipment, not the Council of Europe",
			"Reimbursement rates for COE and major equipment were reviewed.",
			nil},
		{"Arab League and League of Arab States",
			"the Arab League, also called the League of Arab States",
			[]m{{"LAS", "Arab League"}, {"LAS", "League of Arab States"}}},
		{"G5 alone is not the G5 Sahel (UNGDC RUS)",
			"Fully realizing this responsibility, Russia has suggested convening a G5 summit.",
			nil},
		{"CSTO peacekeeping forces",
			"the CSTO Collective Peacekeeping Forces were deployed to Kazakhstan in January 2022",
			[]m{{"CSTO", "CSTO Collective Peacekeeping Forces"}}},
		{"a force named of another body is that body's (UNGDC KGZ 1997)",
			"The Collective Peacekeeping Forces of CIS in Tajikistan includes one of our battalions.",
			[]m{{"CIS", "Collective Peacekeeping Forces"}, {"CIS", "CIS"}}},
		{"of the, and a name of several words",
			"the Collective Peacekeeping Forces of the Commonwealth of Independent States in Tajikistan",
			[]m{{"CIS", "Collective Peacekeeping Forces"}, {"CIS", "Commonwealth of Independent States"}}},
		{"a force of its own organisation stays",
			"the Collective Rapid Reaction Force of the CSTO",
			[]m{{"CSTO", "Collective Rapid Reaction Force"}, {"CSTO", "CSTO"}}},
		{"a force holding its organisation's name stays",
			"the ECOWAS Standby Force of the African Union's standby arrangements",
			[]m{{"ECOWAS", "ECOWAS Standby Force"}, {"AU", "African Union"}}},
		{"only of or of the joins them",
			"the Collective Peacekeeping Forces and the CIS; the Collective Peacekeeping Forces with the CIS",
			[]m{{"CSTO", "Collective Peacekeeping Forces"}, {"CIS", "CIS"}, {"CSTO", "Collective Peacekeeping Forces"}, {"CIS", "CIS"}}},
		{"another body's name takes it from the table",
			"the Collective Peacekeeping Forces of the Western European Union",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []m
			for _, x := range c.Mentions(tt.in) {
				if tt.in[x.Start:x.End] != x.Surface {
					t.Errorf("offsets %d:%d give %q, surface %q", x.Start, x.End, tt.in[x.Start:x.End], x.Surface)
				}
				got = append(got, m{x.Target, x.Surface})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mentions (-want +got):\n%s", diff)
			}
		})
	}
}

func sentences(speechID string, texts ...string) []unpv.Sentence {
	var out []unpv.Sentence
	off := 0
	for i, s := range texts {
		out = append(out, unpv.Sentence{ID: unpv.SentenceID(speechID, i+1), SpeechID: speechID, N: i + 1, Start: off, End: off + len(s), Text: s})
		off += len(s) + 1
	}
	return out
}

// Coreference cases from real 2020 Security Council speeches.
func TestCoreference(t *testing.T) {
	c := mustDefault(t)
	type m struct {
		Sentence int
		Target   string
		Surface  string
		Coref    bool
	}
	tests := []struct {
		name  string
		sents []string
		want  []m
	}{
		{"the Community's → ECOWAS (S/PV.8698 speech 4)",
			[]string{"On 21 December, at its Summit of Heads of State and Government, the Economic Community of West African States (ECOWAS) adopted a 2020-2024 action plan for the eradication of terrorism in the subregion, following the Community’s extraordinary summit in Ouagadougou in September, during which it pledged to mobilize $1 billion internally."},
			[]m{{1, "ECOWAS", "Economic Community of West African States", false}, {1, "ECOWAS", "ECOWAS", false}, {1, "ECOWAS", "the Community", true}}},
		{"the Joint Force → G5S across sentences; the Mission is MINUSMA, not resolved (S/PV.8703 speech 2)",
			[]string{
				"We are encouraged by the strong commitment expressed by the Heads of State of the countries of the Group of Five for the Sahel (G-5 Sahel) to combat terrorism in Mali and the Sahel, with the support of other international forces.",
				"As part of its work in the Sahel, the Mission will spare no effort to provide the Joint Force of the G-5 Sahel with operational and logistical support, in line with resolutions 2391 (2017) and 2480 (2019), and hasresponded positively to all requests it has received from the Joint Force.",
				"However, to date, the Joint Force has been unable to take full advantage of that support.",
			},
			[]m{
				{1, "G5S", "Group of Five for the Sahel", false}, {1, "G5S", "G-5 Sahel", false},
				{2, "G5S", "Joint Force of the G-5 Sahel", false}, {2, "G5S", "the Joint Force", true},
				{3, "G5S", "the Joint Force", true},
			}},
		{"the Organization is the UN here, not the AU (S/PV.8710 speech 2)",
			[]string{
				"I am pleased to be joining the Security Council from Brazzaville, where I attended the eighth summit of the African Union High-Level Committee on Libya.",
				"In my intervention, I reiterated the Organization's strong partnership with the African Union as we work together in the pursuit of peace and stability in Libya.",
			},
			[]m{{1, "AU", "African Union", false}, {2, "AU", "African Union", false}}},
		{"the Organization after the United Nations is not the CSTO",
			[]string{
				"The CSTO is ready to contribute to the peacekeeping efforts of the United Nations.",
				"The Organization has a central role in maintaining international peace.",
			},
			[]m{{1, "CSTO", "CSTO", false}}},
		{"the Organization right after the CSTO",
			[]string{
				"Kyrgyzstan chairs the Collective Security Treaty Organization this year.",
				"The Organization is ready to deploy its peacekeeping forces under a United Nations mandate.",
			},
			[]m{{1, "CSTO", "Collective Security Treaty Organization", false}, {2, "CSTO", "The Organization", true}, {2, "CSTO", "its peacekeeping forces", true}}},
		{"its forces belong to the subject, not the OSCE (UNGDC MDA)",
			[]string{"Unfortunately, the Russian Federation continues to station troops on our territory and it has failed to honour its 1999 Istanbul OSCE summit commitments to withdraw its forces from Moldova."},
			[]m{{1, "OSCE", "OSCE", false}}},
		{"its peacekeeping forces after a mention",
			[]string{"Kazakhstan requested assistance from the Collective Security Treaty Organization, and its peacekeeping forces arrived within days."},
			[]m{{1, "CSTO", "Collective Security Treaty Organization", false}, {1, "CSTO", "its peacekeeping forces", true}}},
		{"its peacekeeping forces after the United Nations are the UN's",
			[]string{"The ECOWAS summit met.", "Mali thanked the United Nations and its peacekeeping forces."},
			[]m{{1, "ECOWAS", "ECOWAS", false}}},
		{"the Mission is not a Force",
			[]string{"We commend the Joint Force of the Group of Five for the Sahel.", "The Mission has sustained tremendous losses."},
			[]m{{1, "G5S", "Joint Force of the Group of Five for the Sahel", false}}},
		{"a resolved anaphor keeps the chain going",
			[]string{"We commend the G-5 Sahel Joint Force.", "The Joint Force needs equipment.", "Helicopters are scarce.", "The Joint Force also needs fuel."},
			[]m{{1, "G5S", "G-5 Sahel Joint Force", false}, {2, "G5S", "The Joint Force", true}, {4, "G5S", "The Joint Force", true}}},
		{"antecedent too far back",
			[]string{"The African Union met.", "One.", "Two.", "The Union decided."},
			[]m{{1, "AU", "African Union", false}}},
		{"the Union of Soviet Socialist Republics is not an anaphor",
			[]string{"The European Union was founded later.", "The Union of Soviet Socialist Republics had collapsed."},
			[]m{{1, "EU", "European Union", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := sentences("S/PV.8703#2", tt.sents...)
			ms, sts := c.Speech(unpv.Speech{ID: "S/PV.8703#2", Date: "2020-01-09"}, ss)
			var got []m
			for _, x := range ms {
				n := 0
				for i, s := range ss {
					if s.ID == x.SentenceID {
						n = i + 1
						if s.Text[x.Start:x.End] != x.Surface {
							t.Errorf("bad offsets for %q", x.Surface)
						}
					}
				}
				got = append(got, m{n, x.Target, x.Surface, x.Coref})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mentions (-want +got):\n%s", diff)
			}
			// One stance per sentence and target.
			seen := map[string]bool{}
			for _, st := range sts {
				k := st.SentenceID + " " + st.Target
				if seen[k] {
					t.Errorf("two stances for %s", k)
				}
				seen[k] = true
			}
			for _, x := range ms {
				if !seen[x.SentenceID+" "+x.Target] {
					t.Errorf("no stance for mention %+v", x)
				}
			}
		})
	}
}

func TestCanonical(t *testing.T) {
	for in, want := range map[string]string{"osce": "OSCE", "African Union": "AU", "ODKB": "CSTO", "Organisation for Security and Co-operation in Europe": "OSCE", "g5s": "G5S", "coe": "CoE"} {
		if got, ok := Canonical(in); !ok || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := Canonical("WHO"); ok {
		t.Error("Canonical(WHO) should fail")
	}
	if n := len(Organisations()); n != 20 {
		t.Errorf("%d organisations, want the 20 of the codebook", n)
	}
}

func FuzzMentions(f *testing.F) {
	for _, s := range []string{"the EU-led AMISOM", "The Organization. The Union’s CSTO", "G-5 Sahel Joint Force", "its peacekeeping forces", "\xff\xfeAU", "the Joint"} {
		f.Add(s)
	}
	c, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range c.Mentions(s) {
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End || s[m.Start:m.End] != m.Surface {
				t.Fatalf("bad mention %+v in %q", m, s)
			}
		}
		st := c.Classify(s, "AU", "KEN", "2020")
		if st.Confidence < 0 || st.Confidence > 1 {
			t.Fatalf("confidence %v", st.Confidence)
		}
	})
}

// Every form the issue lists, in a sentence, maps to its organisation.
func TestIssueForms(t *testing.T) {
	c := mustDefault(t)
	forms := map[string]string{
		"AU": "AU", "African Union": "AU", "EU": "EU", "European Union": "EU",
		"OSCE": "OSCE", "Organization for Security and Cooperation in Europe": "OSCE",
		"CSTO": "CSTO", "Collective Security Treaty Organisation": "CSTO", "ODKB": "CSTO",
		"CIS": "CIS", "Commonwealth of Independent States": "CIS",
		"SCO": "SCO", "Shanghai Cooperation Organization": "SCO",
		"ASEAN": "ASEAN", "Association of Southeast Asian Nations": "ASEAN",
		"ECOWAS": "ECOWAS", "Economic Community of West African States": "ECOWAS",
		"LAS": "LAS", "League of Arab States": "LAS", "NATO": "NATO", "North Atlantic Treaty Organization": "NATO",
		"IGAD": "IGAD", "Intergovernmental Authority on Development": "IGAD",
		"G5S": "G5S", "G5 Sahel": "G5S", "Group of Five for the Sahel": "G5S",
		"SADC": "SADC", "Southern African Development Community": "SADC",
		"ECCAS": "ECCAS", "Economic Community of Central African States": "ECCAS",
		"OAS": "OAS", "Organization of American States": "OAS",
		"CARICOM": "CARICOM", "Caribbean Community": "CARICOM",
		"EAEU": "EAEU", "Eurasian Economic Union": "EAEU", "CoE": "CoE", "Council of Europe": "CoE",
		"OIC": "OIC", "Organisation of Islamic Co-operation": "OIC", "PIF": "PIF", "Pacific Islands Forum": "PIF",
		"AMISOM": "AU", "AMIS": "AU", "CSTO Collective Peacekeeping Forces": "CSTO",
		"OSCE Special Monitoring Mission": "OSCE", "ECOMIG": "ECOWAS", "G5 Sahel Joint Force": "G5S",
	}
	for form, want := range forms {
		s := "Yesterday the " + form + " met."
		ms := c.Mentions(s)
		if len(ms) != 1 || ms[0].Target != want || ms[0].Surface != form {
			t.Errorf("%q: got %+v, want one %s mention %q", form, ms, want, form)
		}
	}
}
