package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/unpv/unpv/un"
)

// mdCell makes text safe inside a Markdown table cell.
func mdCell(s string) string {
	s = flat(s)
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`).Replace(s)
}

// netText prints a net stance with its interval and flags small cells.
func netText(s *Stats) string {
	t := fmt.Sprintf("%+.2f [%+.2f, %+.2f]", s.Net, s.Low, s.High)
	if s.Small {
		t += " (small)"
	}
	return t
}

// WriteMarkdown writes a readable summary: per organisation the series and
// the top quotes, the delegations, the votes and the notes. The full cell
// table is in the CSV and JSON outputs.
func (r *Report) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("# %s\n\n", mdCell(r.Title))
	if r.Generated != "" {
		p("Generated %s.\n\n", mdCell(r.Generated))
	}
	p("Selection: %s. Periods by %s. Cells with fewer than %d speeches are marked *small*.\n\n",
		mdCell(r.selectionText()), r.Selection.By, r.Selection.MinSpeeches)
	p("%s %s\n\n", mdCell(r.Method), mdCell(r.Coding.Text()))
	t := &r.Total
	p("**%s** (%s; a sentence naming two organisations is a mention of each) in %s at %s (%s): %d recognition (%d building by members or the organisation, %d third-party endorsement, %d by the Secretariat, presiding officers and briefers, %d by delegations of unknown relation), %d counter, %d neutral; %s; net %s.\n\n",
		count(t.Sentences, "classified mention", "classified mentions"), count(r.DistinctSentences, "sentence", "sentences"), count(t.Speeches, "speech", "speeches"),
		count(t.Meetings, "meeting", "meetings"), dateSpan(t.FirstDate, t.LastDate), t.Recognition, t.Building, t.Endorsement, t.NonState, t.Unattributed,
		t.Counter, t.Neutral, ratesText(t), netText(t))
	for _, n := range r.Notes {
		p("> %s\n", mdCell(n))
	}
	if len(r.Notes) > 0 {
		p("\n")
	}
	for _, o := range r.Orgs {
		p("## %s — %s\n\n", mdCell(o.Acronym), mdCell(o.Name))
		if o.NoData {
			p("No classified sentence in this selection.\n\n")
		} else {
			p("%s in %s: building %d, endorsement %d, non-State recognition %d, unattributed recognition %d, counter %d (by members %d), neutral %d; %s; net %s.\n\n",
				count(o.Sentences, "sentence", "sentences"), count(o.Speeches, "speech", "speeches"), o.Building, o.Endorsement, o.NonState, o.Unattributed, o.Counter, o.CounterByMembers, o.Neutral,
				ratesText(&o.Stats), netText(&o.Stats))
			p("| body | %s | speeches held | mentions | recognition /100 [95%% CI] | counter /100 [95%% CI] | building | endorsement | counter | speeches | net [95%% CI] |\n|---|---|--:|--:|---|---|--:|--:|--:|--:|---|\n", r.Selection.By)
			for _, pt := range o.Series {
				held := "?"
				if r.coverageKnown {
					held = strconv.Itoa(pt.SpeechesHeld)
				}
				p("| %s | %s | %s | %d | %s [%s, %s] | %s [%s, %s] | %d | %d | %d | %d | %s |\n", pt.Body, mdCell(pt.Period), held, pt.Sentences,
					rateText(pt.RecognitionRate), rateText(pt.RecognitionLow), rateText(pt.RecognitionHigh), rateText(pt.CounterRate), rateText(pt.CounterLow), rateText(pt.CounterHigh),
					pt.Building, pt.Endorsement, pt.Counter, pt.Speeches, netText(&pt.Stats))
			}
			for _, rk := range []struct {
				title string
				rows  []Ranked
			}{{"Most recognition-building (ranked by building sentences)", o.TopBuilding}, {"Most third-party endorsement (ranked by endorsement sentences)", o.TopEndorsement}, {"Most counter-recognition (ranked by counter sentences)", o.TopCounter}} {
				names := make([]string, len(rk.rows))
				for i, x := range rk.rows {
					names[i] = fmt.Sprintf("%s (%d of n = %d)", mdCell(x.DelegationName), x.Count, x.Sentences)
				}
				if len(names) == 0 {
					names = []string{"none"}
				}
				p("\n%s: %s.\n", rk.title, strings.Join(names, ", "))
			}
			p("\nDelegations:\n\n| delegation | relation | R | C | N | speeches | net [95%% CI] |\n|---|---|--:|--:|--:|--:|---|\n")
			for _, pr := range r.Pairs {
				if pr.Organisation != o.Acronym {
					continue
				}
				rels := make([]string, len(pr.Relations))
				for i, x := range pr.Relations {
					rels[i] = string(x)
				}
				p("| %s | %s | %d | %d | %d | %d | %s |\n", mdCell(pr.DelegationName), strings.Join(rels, ", "),
					pr.Recognition, pr.Counter, pr.Neutral, pr.Speeches, netText(&pr.Stats))
			}
			p("\n")
			for _, q := range o.Quotes {
				p("- %s\n", quoteMarkdown(q))
			}
			p("\n")
		}
		if len(o.Votes) > 0 {
			p("Recorded votes:\n\n")
			for _, v := range r.Votes {
				if v.Organisation != o.Acronym {
					continue
				}
				p("- %s %s %s: %s — %d in favour, %d against, %d abstaining", mdLink(v.Symbol, un.DocumentURL(v.Symbol)), mdCell(v.Draft), mdCell(v.Date),
					mdCell(v.Subject), v.TotalInFavour, v.TotalAgainst, v.TotalAbstaining)
				if v.Outcome != "" {
					p(" (%s)", mdCell(v.Outcome))
				}
				p("\n")
			}
			p("\n| delegation | vote | speech stance |\n|---|---|---|\n")
			for _, ps := range r.Positions {
				if ps.Organisation != o.Acronym {
					continue
				}
				st := "no speech in selection"
				if ps.Stance != nil {
					st = fmt.Sprintf("%s, %s", netText(ps.Stance), count(ps.Stance.Speeches, "speech", "speeches"))
				}
				p("| %s | %s | %s |\n", mdCell(ps.DelegationName), ps.Vote, st)
			}
			p("\n")
		}
	}
	// mentions are (sentence, organisation) pairs, the unit of R, C, N
	// and net; sentences the sentences behind them (Report.DistinctSentences).
	p("## Delegations\n\n| code | delegation | group | mentions | sentences | speeches | R | C | N | net [95%% CI] |\n|---|---|---|--:|--:|--:|--:|--:|--:|---|\n")
	for _, d := range r.Delegations {
		if d.NoData {
			p("| %s | %s | %s | 0 | 0 | 0 | | | | no data |\n", mdCell(d.Code), mdCell(d.Name), d.Group)
			continue
		}
		p("| %s | %s | %s | %d | %d | %d | %d | %d | %d | %s |\n", mdCell(d.Code), mdCell(d.Name), d.Group, d.Sentences, d.DistinctSentences, d.Speeches, d.Recognition, d.Counter, d.Neutral, netText(&d.Stats))
	}
	if len(r.Coverage) > 0 {
		p("\n## Coverage\n\nWhat the corpus holds (every speech of the selection's delegations and dates, classified or not).\n\n| %s | body | speeches | sentences |\n|---|---|--:|--:|\n", r.Selection.By)
		for _, c := range r.Coverage {
			p("| %s | %s | %d | %d |\n", mdCell(c.Period), c.Body, c.Speeches, c.Sentences)
		}
	}
	if m := r.Model; m != nil && len(m.Evaluations) > 0 {
		p("\n## Stance model\n\n`%s`, trained on %d labelled pairs; cross-validated on development pairs with folds grouped so that the test text is new to it (95%% intervals over delegations; beside the TF-IDF baseline, the model's macro-F1 minus the baseline's, paired over the same resampled delegations).\n\n| folds grouped by | pairs | macro-F1 |", mdCell(m.Model), m.TrainedPairs)
		for _, c := range m.Evaluations[0].Classes {
			p(" %s F1 |", c.Label)
		}
		p(" baseline macro-F1 |\n|---|--:|--:|")
		for range m.Evaluations[0].Classes {
			p("--:|")
		}
		p("--:|\n")
		for _, e := range m.Evaluations {
			p("| %s | %d | %.2f%s |", e.Grouping, e.Pairs, e.MacroF1, ci95(e.MacroF1CI))
			for _, c := range e.Classes {
				p(" %.2f%s |", c.F1, ci95(c.F1CI))
			}
			p(" %.2f", e.Baseline)
			if d := e.ModelMinusBaseline; d != nil {
				p(" (model %+.2f [%+.2f, %+.2f])", d.Value, d.CI[0], d.CI[1])
			}
			p(" |\n")
		}
		for _, f := range m.KnownFailures {
			p("\n- %s", mdCell(f))
		}
		p("\n")
	}
	if pv := r.Provenance; pv != nil {
		p("\n## Provenance\n\n- tool: %s %s", mdCell(pv.Tool), mdCell(pv.Version))
		if pv.Commit != "" {
			p(" (%s)", mdCell(pv.Commit))
		}
		p("\n- classifier: %s\n- store schema: %d\n- input: %s %s\n- command: `%s`\n",
			mdCell(strings.Join(pv.Models, ", ")), pv.Schema, mdCell(pv.Input), mdCell(pv.InputHash), strings.ReplaceAll(pv.Command, "`", "'"))
	}
	return b.Flush()
}

// ratesText prints the recognition and counter rates per 100 mentions.
func ratesText(s *Stats) string {
	return fmt.Sprintf("recognition %s [%s, %s] and counter %s [%s, %s] per 100 mentions",
		rateText(s.RecognitionRate), rateText(s.RecognitionLow), rateText(s.RecognitionHigh), rateText(s.CounterRate), rateText(s.CounterLow), rateText(s.CounterHigh))
}

func mdLink(text, url string) string {
	if url == "" {
		return mdCell(text)
	}
	return "[" + mdCell(text) + "](" + url + ")"
}

func quoteMarkdown(q Quote) string {
	who := q.Delegation
	if who == "" {
		who = q.DelegationCode
	}
	if q.SpeakerName != "" && who != "" {
		who = q.SpeakerName + ", " + who
	} else if q.SpeakerName != "" {
		who = q.SpeakerName
	}
	how := fmt.Sprintf("conf. %.2f", q.Confidence)
	if q.Hand {
		how = "hand-coded"
	}
	return fmt.Sprintf("*%s* (%s, %s): “%s” — %s, %s %s", q.Label, q.Relation, how, mdCell(q.Sentence),
		mdCell(who), mdLink(cmp.Or(q.Symbol, generalDebate(q.Session)), q.Link), mdCell(q.Date))
}

// generalDebate names a general-debate statement whose record is unknown.
func generalDebate(session int) string {
	if session == 0 {
		return ""
	}
	return fmt.Sprintf("general debate, session %d", session)
}

// confidenceText prints a --min-confidence threshold as given (0.6, 0.605).
func confidenceText(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// selectionText says what the report selected: its filters, and the
// confidence under which stances were left out.
func (r *Report) selectionText() string {
	s := r.Selection
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	add("organisations", strings.Join(s.Targets, ", "))
	add("delegations", strings.Join(s.Delegations, ", "))
	add("body", string(s.Body))
	add("from", s.From)
	add("to", s.To)
	if s.MinConfidence > 0 {
		// Said as given: stances of 0.600 to 0.604 are left out by 0.605,
		// which "0.60" would hide.
		add("min-confidence", confidenceText(s.MinConfidence))
	}
	if len(parts) == 0 {
		return "all classified sentences"
	}
	return strings.Join(parts, "; ")
}
