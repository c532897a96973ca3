package corpora

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// UNGDCOptions configures ImportUNGDC.
type UNGDCOptions struct {
	// Speakers is the path inside the file system of the UNGDC speakers
	// table (Speakers_by_session.csv: Year, Session, ISO Code, Country, Name
	// of Person Speaking, Post). Empty means "Speakers_by_session.csv" at the
	// root when present; without it speeches carry the delegation code only.
	Speakers string
	// Sessions, when non-empty, keeps only these General Assembly sessions.
	Sessions []int
	// MaxFileSize bounds each file read (statements, the speakers table) in
	// bytes; 0 means limit.FileSize (docs/limits.md). A larger statement
	// makes its session a bad input; a larger table is an error.
	MaxFileSize int64
}

// ungdcFileRe matches a UNGDC statement file: ARM_69_2014.txt (code, session, year).
var ungdcFileRe = regexp.MustCompile(`^([A-Z]{2,4})_(\d{1,3})_(\d{4})\.txt$`)

// DelegationSeq is the speech number a general-debate statement gets from
// its delegation code: the code read as a bijective base-26 number ("A"=1 …
// "Z"=26, "AA"=27; "ARM"=1157). It is stable whichever subset of a session
// is imported, so speech ids never shift when statements are added.
func DelegationSeq(code string) int {
	n := 0
	for _, c := range strings.ToUpper(code) {
		if c < 'A' || c > 'Z' {
			return 0
		}
		n = n*26 + int(c-'A'+1)
	}
	return n
}

// filedCode is the code of the file a general-debate statement came from,
// read back from its Seq (DelegationSeq of the code, plus
// secondStatementSeq for a file's second statement): the statement's
// document key, which stays the file's when its delegation code is not
// (un.SeatHolder: the USSR's statements are filed under RUS), so that a
// statement imported again replaces its document of before. "" when Seq
// holds no code.
func filedCode(sp unpv.Speech) string {
	var b []byte
	for n := sp.Seq % secondStatementSeq; n > 0; n /= 26 {
		n--
		b = append(b, byte('A'+n%26))
	}
	slices.Reverse(b)
	return string(b)
}

// ungdcSpeaker is a row of the speakers table; filed is its ISO Code
// cell when that is not the code the row is used for (lendPrivateCodes,
// applyRowErrata), erratum the evidence when an erratum moved it.
type ungdcSpeaker struct{ country, name, post, filed, erratum string }

type ungdcFile struct {
	path, code string
	year       int
}

// ImportUNGDC reads UN General Debate Corpus statements (one UTF-8 file per
// statement, CODE_SESSION_YEAR.txt, no speaker label) and yields one
// ImportedMeeting per session, in session order: meeting symbol
// un.GeneralDebateSymbol(session), body GA, date the year (the corpus gives no
// day), one speech per delegation with Seq = DelegationSeq(code) (two when
// its file holds two statements: splitStatements), delegation_code = the
// file's code, or the code of the Member that held its seat then
// (PlaceStatement: SUN for the USSR's RUS files), and the speaker's name
// from the speakers table when it has the session and code. A statement
// file that cannot be read is yielded on its own, with an error wrapping
// unpv.ErrBadDocument, before its session, which goes on without it.
func ImportUNGDC(fsys fs.FS, opts UNGDCOptions) iter.Seq2[ImportedMeeting, error] {
	return func(yield func(ImportedMeeting, error) bool) {
		speakers, err := readUNGDCSpeakers(fsys, opts.Speakers, opts.MaxFileSize)
		if err != nil {
			yield(ImportedMeeting{Source: "ungdc"}, err)
			return
		}
		sessions := map[int][]ungdcFile{}
		err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			m := ungdcFileRe.FindStringSubmatch(d.Name())
			if d.IsDir() || m == nil {
				return nil
			}
			session, _ := strconv.Atoi(m[2])
			year, _ := strconv.Atoi(m[3])
			if len(opts.Sessions) > 0 && !slices.Contains(opts.Sessions, session) {
				return nil
			}
			sessions[session] = append(sessions[session], ungdcFile{path: p, code: m[1], year: year})
			return nil
		})
		if err != nil {
			yield(ImportedMeeting{Source: "ungdc"}, fmt.Errorf("import ungdc: %w", err))
			return
		}
		keys := make([]int, 0, len(sessions))
		for s := range sessions {
			keys = append(keys, s)
		}
		slices.Sort(keys)
		for _, s := range keys {
			im, bad, err := importUNGDCSession(fsys, s, sessions[s], speakers, opts.MaxFileSize)
			for _, b := range bad {
				if !yield(ImportedMeeting{Source: im.Source, Meeting: im.Meeting}, b) {
					return
				}
			}
			if len(bad) > 0 && errors.Is(err, errNoStatements) {
				continue // each file was reported bad on its own
			}
			if !yield(im, err) {
				return
			}
		}
	}
}

// ImportUNGDCStatements is ImportUNGDC with every session split into its
// statements (Statements), in session and then Seq order: the records the
// pipeline stores, one document per statement. A session or a statement
// file the importer could not read is yielded once, with its error, as
// ImportUNGDC yields it.
func ImportUNGDCStatements(fsys fs.FS, opts UNGDCOptions) iter.Seq2[ImportedMeeting, error] {
	return func(yield func(ImportedMeeting, error) bool) {
		for im, err := range ImportUNGDC(fsys, opts) {
			if err != nil {
				if !yield(im, err) {
					return
				}
				continue
			}
			for _, st := range Statements(im) {
				if !yield(st, nil) {
					return
				}
			}
		}
	}
}

// Statements splits a general-debate session (as ImportUNGDC yields it, or
// as a store holds it) into one record per statement file: the session's
// meeting with that file's speech alone (or its two, splitStatements),
// Statement set to the file's code (filedCode, which is not the
// delegation's for a seat PlaceStatement files elsewhere), Files to its
// file, and SHA256
// covering the importer's version and the statement as read. The pipeline
// stores each statement as a document of its own, so that statements of
// one session from several corpora (the bundled one, the user's) sit side
// by side, and one imported again replaces only itself. The session's
// Problems go with its first statement, so that they are reported once. A
// record that is not a general-debate session is returned as it is.
func Statements(im ImportedMeeting) []ImportedMeeting {
	if im.Statement != "" || len(im.Speeches) == 0 || !un.IsGeneralDebate(im.Meeting.Symbol) {
		return []ImportedMeeting{im}
	}
	out := make([]ImportedMeeting, 0, len(im.Speeches))
	for i := 0; i < len(im.Speeches); {
		sp := im.Speeches[i]
		key := filedCode(sp)
		st := ImportedMeeting{Source: im.Source, Meeting: im.Meeting,
			Statement: cmp.Or(key, strconv.Itoa(sp.Seq))}
		// A file holding two statements (splitStatements) gives two
		// speeches of one code, one after the other: one document.
		j := i + 1
		for j < len(im.Speeches) && key != "" && filedCode(im.Speeches[j]) == key {
			j++
		}
		st.Speeches = slices.Clone(im.Speeches[i:j])
		i = j
		for _, f := range im.Files {
			if m := ungdcFileRe.FindStringSubmatch(path.Base(f.Path)); m != nil && m[1] == key {
				st.Files = append(st.Files, f)
			}
		}
		h := sha256.New()
		fmt.Fprintf(h, "ungdc-statement\x00%s\x00%s\x00", ImporterVersion, un.DelegationTableVersion())
		for _, sp := range st.Speeches {
			meta := sp
			meta.Text = "" // hashed as it is below: JSON-escaping it costs more than the rest of the split
			// Strings and integers only: encoding cannot fail, nor can a hash's Write.
			_ = json.NewEncoder(h).Encode(struct {
				Meeting unpv.Meeting
				Speech  unpv.Speech
				Files   []ImportedFile
			}{st.Meeting, meta, st.Files})
			io.WriteString(h, sp.Text)
		}
		st.SHA256 = hex.EncodeToString(h.Sum(nil))
		out = append(out, st)
	}
	out[0].Problems = im.Problems
	return out
}

// PlaceStatement files a general-debate statement sp (as ImportUNGDC
// yields it, or as a store holds it from an earlier import) under the code
// of the Member that gave it and makes its delegation and speaker label
// agree with that code. The corpus files the Soviet Union's statements
// under RUS and Serbia and Montenegro's under YUG (un.SeatHolder); and the
// speakers table's country is the table's, not the statement's: when it
// names another delegation (Austria for Menzies' statement filed AUS, the
// Russian Federation for the USSR's of 1983) it is a slip, and kept as the
// printed name it would count the statement for that delegation too (a
// report's --delegation). Such a slip is replaced by the delegation's name
// and described in the returned text ("" when there was none). The
// statement's id is left alone: it is the file's code (filedCode).
func PlaceStatement(sp *unpv.Speech) (slip string) {
	filed := sp.DelegationCode
	sp.DelegationCode = un.SeatHolder(filed, debateDay(sp.Date))
	if d, known := un.DelegationByCode(sp.DelegationCode); known {
		sp.Role = un.RoleOfDelegation(d)
		p, ok := un.LookupDelegation(sp.Delegation)
		switch {
		case ok && p.Code != d.Code:
			slip = fmt.Sprintf("the speakers table names the country %q (%s) for a statement of %s; shown as %s",
				sp.Delegation, p.Code, d.Code, d.Name)
			sp.Delegation = d.Name
		case !ok && sp.Delegation != "" && sp.DelegationCode != filed:
			// A name no delegation has, on a statement filed under its
			// successor's code ("Russian Federation (USSR)", "Union of
			// Sovier Socialist Republics"): the table's typing, which
			// --speaker "Russian Federation" would find.
			slip = fmt.Sprintf("the speakers table names the country %q, which is no delegation's, for a statement of %s filed as %s; shown as %s",
				sp.Delegation, d.Code, filed, d.Name)
			sp.Delegation = d.Name
		}
		sp.Delegation = cmp.Or(sp.Delegation, d.Name)
	}
	sp.Speaker = cmp.Or(sp.SpeakerName, filedCode(*sp))
	if sp.Delegation != "" {
		sp.Speaker += " (" + sp.Delegation + ")"
	}
	return slip
}

// debateDay is the day a general-debate statement dated date was given,
// as precise as un.SeatHolder needs: a full date as it is, a year alone as
// 1 October of it. The general debate is held from late September into
// October (in November at the earliest sessions), and no seat of
// un/seats.tsv changed hands in those months. (The GDR's membership ended
// on 3 October 1990, but a statement dated by year alone cannot tell which
// side of it it falls: the one the corpus files as the GDR's of 1990 is
// united Germany's by its text, and corpora/ungdc_errata.tsv places it.)
func debateDay(date string) string {
	if len(date) == 4 {
		return date + "-10-01"
	}
	return date
}

// errNoStatements: a session with no statement to import.
var errNoStatements = errors.New("no non-empty statements")

// importUNGDCSession reads one session's statements. A statement file that
// cannot be read (too large, not a regular file, not text, empty) is left out and
// returned in bad, an ErrBadDocument each, so that the session's other
// statements are imported: one bad file made the whole session a bad input.
func importUNGDCSession(fsys fs.FS, session int, files []ungdcFile, speakers map[string][]ungdcSpeaker, max int64) (im ImportedMeeting, bad []error, err error) {
	sym := un.GeneralDebateSymbol(session)
	slices.SortFunc(files, func(a, b ungdcFile) int {
		return cmp.Or(cmp.Compare(DelegationSeq(a.code), DelegationSeq(b.code)), strings.Compare(a.path, b.path))
	})
	year := files[0].year
	im = ImportedMeeting{Source: "ungdc", Meeting: unpv.Meeting{
		Symbol: sym, Body: unpv.GeneralAssembly, Meeting: sym, Session: session,
		Date: strconv.Itoa(year), Agenda: "General debate",
	}}
	h := sha256.New()
	fmt.Fprintf(h, "ungdc\x00%s\x00%s\x00%s\x00", ImporterVersion, un.DelegationTableVersion(), sym)
	for i, f := range files {
		if f.year != year {
			im.Problems = append(im.Problems, fmt.Sprintf("%s: year %d differs from the session's %d", f.path, f.year, year))
		}
		if i > 0 && files[i-1].code == f.code {
			return im, bad, fmt.Errorf("import %s: %w: %s in both %s and %s", sym, unpv.ErrBadDocument, f.code, files[i-1].path, f.path)
		}
		text, file, err := readImportFile(fsys, f.path, h, max)
		if err != nil {
			if errors.Is(err, unpv.ErrBadDocument) {
				bad = append(bad, fmt.Errorf("import %s: %w", sym, err))
			} else {
				bad = append(bad, fmt.Errorf("import %s: %w: %w", sym, unpv.ErrBadDocument, err))
			}
			continue
		}
		if text == "" {
			// A statement file holds one statement: empty, it is a file
			// that lost its text (a copy cut short), not a statement to
			// leave out in silence, as a Problem would be.
			bad = append(bad, fmt.Errorf("import %s: %s: %w: empty file", sym, f.path, unpv.ErrBadDocument))
			continue
		}
		im.Files = append(im.Files, file)
		d, known := un.DelegationByCode(f.code)
		erratum, placed := statementErratum(session, f.code, text)
		if placed {
			d, known = un.DelegationByCode(erratum.to)
			fmt.Fprintf(h, "erratum\x00%s\x00", erratum.to)
			im.Problems = append(im.Problems, fmt.Sprintf("%s: filed as %s, given by %s (%s): %s (corpora/ungdc_errata.tsv)",
				f.path, f.code, d.Name, d.Code, erratum.evidence))
		} else if !known {
			// A code the delegation table does not know (a typing error,
			// a private code: the speakers table has POR and ZFA) is kept,
			// as the statement's key, but said: the classifier and the
			// reports cannot place it as any State or member.
			im.Problems = append(im.Problems, fmt.Sprintf("%s: code %s is not in the delegation table (un/delegations.tsv); stored as given, it is no member of any organisation", f.path, f.code))
		}
		rows := speakers[speakerKey(session, f.code)]
		if len(rows) == 0 && speakers != nil {
			im.Problems = append(im.Problems, fmt.Sprintf("%s: no speakers-table row for %s in session %d", f.path, f.code, session))
		}
		if len(rows) > 0 && rows[0].erratum != "" {
			im.Problems = append(im.Problems, fmt.Sprintf("%s: the speakers table has the row of session %d for this statement (%s, %q) under %s: %s (corpora/ungdc_errata.tsv)",
				f.path, session, rows[0].name, rows[0].country, rows[0].filed, rows[0].erratum))
		} else if len(rows) > 0 && rows[0].filed != "" {
			what := "a code not in un/delegations.tsv"
			if d, known := un.DelegationByCode(rows[0].filed); known {
				what = d.Name + "'s code"
			}
			im.Problems = append(im.Problems, fmt.Sprintf("%s: the speakers table has %s's row of session %d under %s, %s; its country %q names %s",
				f.path, f.code, session, rows[0].filed, what, rows[0].country, f.code))
		}
		for _, r := range rows {
			fmt.Fprintf(h, "speaker\x00%s\x00%s\x00%s\x00", r.country, r.name, r.post)
		}
		if len(rows) == 0 {
			io.WriteString(h, "speaker\x00\x00\x00\x00")
		}
		parts := splitStatements(text, len(rows))
		credited := rows
		if len(parts) == 1 && len(rows) > 1 {
			// Names the table gives twice for one statement, or a file
			// holding only one of two statements.
			credited = []ungdcSpeaker{pickSpeaker(rows, text)}
			if names := distinctNames(rows); len(names) > 1 {
				im.Problems = append(im.Problems, fmt.Sprintf("%s: the speakers table names %s for %s in session %d, and the file holds one statement (its paragraph numbering does not start again); credited to %s",
					f.path, strings.Join(names, " and "), f.code, session, credited[0].name))
			}
		}
		for i, part := range parts {
			var spk ungdcSpeaker
			if i < len(credited) {
				spk = credited[i]
			}
			if !known && spk.country != "" {
				d, known = un.LookupDelegation(spk.country)
			}
			sp := ungdcSpeech(sym, session, f, i, part, spk)
			if placed {
				sp.DelegationCode = erratum.to
			}
			if known {
				// The name of a code with no speakers-table row is
				// PlaceStatement's to give, after the seat's holder: the
				// file code's name (the Russian Federation's for the
				// USSR's statement of 1982) was then read as a slip of
				// the table.
				sp.Role = un.RoleOfDelegation(d)
			}
			if slip := PlaceStatement(&sp); slip != "" {
				im.Problems = append(im.Problems, f.path+": "+slip)
			}
			im.Speeches = append(im.Speeches, sp)
		}
	}
	if len(im.Speeches) == 0 {
		return im, bad, fmt.Errorf("import %s: %w: %w", sym, unpv.ErrBadDocument, errNoStatements)
	}
	im.SHA256 = hex.EncodeToString(h.Sum(nil))
	return im, bad, nil
}

// ungdcSpeech is the i-th statement file f holds, text as read, given by
// spk: Seq DelegationSeq(code), plus secondStatementSeq for each
// statement before it in the file.
func ungdcSpeech(sym string, session int, f ungdcFile, i int, text string, spk ungdcSpeaker) unpv.Speech {
	seq := DelegationSeq(f.code) + i*secondStatementSeq
	sp := unpv.Speech{
		ID: unpv.SpeechID(sym, seq), Symbol: sym, Body: unpv.GeneralAssembly, Meeting: sym,
		Date: strconv.Itoa(f.year), Seq: seq, DelegationCode: f.code, Role: unpv.RoleMember,
		Delegation: spk.country, SpeakerName: spk.name,
	}
	var headers []un.RunningHeader
	sp.Text, headers = CleanStatement(text)
	if rec, date := statementRecord(headers, session); rec != "" {
		// The page headers OCR kept name the plenary meeting and its day;
		// the statement is placed there instead of in the session's year.
		sp.Meeting = rec
		if date != "" {
			sp.Date = date
		}
	}
	return sp
}

// distinctNames are the speakers' names, each once (compared without
// case, spaces or stops: the table has "Mr. Gromyko" and "Mr. GROMYKO ").
func distinctNames(rows []ungdcSpeaker) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range rows {
		k := strings.ToLower(strings.Join(strings.FieldsFunc(r.name, func(c rune) bool { return c == ' ' || c == '.' }), " "))
		if !seen[k] {
			seen[k] = true
			names = append(names, r.name)
		}
	}
	return names
}

// statementRecord is the plenary meeting a general-debate statement was
// given at, read from the running headers left in its text ("A/70/PV.16
// 29/09/2015"), with the date those headers print: both only when every
// header agrees and the meeting belongs to the session.
func statementRecord(headers []un.RunningHeader, session int) (symbol, date string) {
	for i, h := range headers {
		info, ok := un.ParseSymbol(h.Symbol)
		if !ok || info.Body != unpv.GeneralAssembly || info.Session != session || info.Resumption != 0 {
			return "", ""
		}
		if i > 0 && (h.Symbol != symbol || h.Date != date) {
			return "", ""
		}
		symbol, date = h.Symbol, h.Date
	}
	return symbol, date
}

func speakerKey(session int, code string) string { return strconv.Itoa(session) + "/" + code }

// readUNGDCSpeakers reads the speakers table: the rows of each session and
// code in the table's order; a nil map means there is none.
func readUNGDCSpeakers(fsys fs.FS, name string, max int64) (map[string][]ungdcSpeaker, error) {
	explicit := name != ""
	if !explicit {
		name = "Speakers_by_session.csv"
	}
	r, closeTable, err := openTable(fsys, name, max)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("import ungdc: speakers: %w", err)
	}
	defer closeTable()
	sep := ','
	if strings.EqualFold(path.Ext(name), ".tsv") {
		sep = '\t'
	}
	t, err := readTable(r, sep)
	if err != nil {
		return nil, fmt.Errorf("import ungdc: speakers %s: %w", name, err)
	}
	if !t.has("session") || !t.has("iso code", "iso_code", "iso3") {
		return nil, fmt.Errorf("import ungdc: speakers %s: no Session and ISO Code columns", name)
	}
	clean := func(s string) string { return strings.Trim(strings.Join(strings.Fields(s), " "), " ,;") }
	out := map[string][]ungdcSpeaker{}
	for _, row := range t.rows {
		session := atoiOr(t.get(row, "session"), 0)
		code := strings.ToUpper(clean(t.get(row, "iso code", "iso_code", "iso3")))
		if session == 0 || code == "" {
			continue
		}
		// A pair named twice is a file holding two statements, or a
		// speaker named twice (splitStatements, pickSpeaker): all rows
		// are kept.
		k := speakerKey(session, code)
		out[k] = append(out[k], ungdcSpeaker{
			country: clean(t.get(row, "country")),
			name:    clean(t.get(row, "name of person speaking", "name")),
			post:    clean(t.get(row, "post")),
		})
	}
	applyNameErrata(out)
	applyRowErrata(out)
	lendPrivateCodes(out)
	return out, nil
}

// lendPrivateCodes files the rows the speakers table keys by a code of its
// own also under the code of the delegation their country names, where
// that session has no row of its own: the table keys Democratic Yemen's
// 21 statements (1968–1989) YDYE while their files are YMD_…, and has
// CZK, PAR, POR, DKN, ZFA, PKR and EC (the European Council) beside the
// files' CSK, PRY, PRT, DNK, ZAF, PRK and EU; without this, 32 statements
// of ungdc-full lost their speaker's name. A row keeps its own key too, and
// filed says where the table has it.
//
// A row keyed by another delegation's code is moved, not lent, when its
// country names a delegation that has no row naming it in that session
// (misfiledRow): session 56 keys Sweden's row (Anna Lindh) CHE and
// Swaziland's (its UN Representative) SWE, so Sweden's statement was
// credited to Swaziland's speaker and Swaziland's had none; session 17
// keys the United Arab Republic's (Mr. Fawzi, file EGY_17_1962.txt) ARE.
// A country naming a delegation that has its own row is a slip of the
// country, not of the code (Menzies' row, AUS "Austria", beside
// Kreisky's under AUT): PlaceStatement's.
func lendPrivateCodes(rows map[string][]ungdcSpeaker) {
	from := map[string][]string{} // key lent to → keys lending
	moved := map[string]string{}  // keys whose rows leave them → key they go to
	for k, rs := range rows {
		session, code, _ := strings.Cut(k, "/")
		_, known := un.DelegationByCode(code)
		d, ok := un.LookupDelegation(rs[0].country)
		if !ok || d.Code == code || rs[0].erratum != "" {
			continue
		}
		to := speakerKey(atoiOr(session, 0), d.Code)
		if known {
			if !misfiledRow(rows, k, to) {
				continue
			}
			moved[k] = to
		}
		from[to] = append(from[to], k)
	}
	// A key takes a lent row when it has none, or when its own rows go
	// to a key that takes them (CHE's row to SWE, whose row goes to SWZ);
	// not when two codes name one delegation.
	takes := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for to, ks := range from {
			if takes[to] || len(ks) > 1 {
				continue
			}
			if next, ok := moved[to]; len(rows[to]) == 0 || ok && takes[next] {
				takes[to], changed = true, true
			}
		}
	}
	lent := map[string][]ungdcSpeaker{}
	for to := range takes {
		k := from[to][0]
		_, code, _ := strings.Cut(k, "/")
		for _, r := range rows[k] {
			r.filed = code
			lent[to] = append(lent[to], r)
		}
	}
	for k, to := range moved {
		if takes[to] {
			delete(rows, k)
		}
	}
	for to, rs := range lent {
		rows[to] = append(rows[to], rs...)
	}
}

// misfiledRow reports whether the rows under key k, a code of
// delegations.tsv, belong to the delegation of key to, which their country
// names: every row of k names it, it is not the Member that held k's seat
// (the USSR's rows are keyed RUS: un.SeatHolder), and no row under to
// names its own delegation.
func misfiledRow(rows map[string][]ungdcSpeaker, k, to string) bool {
	session, code, _ := strings.Cut(k, "/")
	_, toCode, _ := strings.Cut(to, "/")
	if un.SeatHolder(code, debateDay(strconv.Itoa(1945+atoiOr(session, 0)))) == toCode {
		return false
	}
	for _, r := range rows[k] {
		if d, ok := un.LookupDelegation(r.country); !ok || d.Code != toCode {
			return false
		}
	}
	for _, r := range rows[to] {
		if d, ok := un.LookupDelegation(r.country); ok && d.Code == toCode {
			return false
		}
	}
	return true
}

// CleanStatement is the text ImportUNGDC stores for a statement file's
// contents, and the running headers it found there: page furniture and
// Markdown removed (un.CleanText), forms of address on lines of their own
// made paragraphs of their own (separateAddresses).
func CleanStatement(text string) (string, []un.RunningHeader) {
	clean, headers := un.CleanText(dropParagraphNumbers(text), "", "")
	return separateAddresses(clean), headers
}

// dropParagraphNumbers removes the record's paragraph numbers
// (un.ParagraphNumber) from a statement that numbers its paragraphs: one
// where at least half the paragraphs start with a number: 3,445 of the
// statement files of sessions 4–39 (1949–1984) and 17 of session 79's in
// ungdc-full (148,386 numbers), and no other (a number there starts a list
// item, which stays). A number followed by a
// tab is taken wherever a line starts with it (the line before often lost
// its last words to a page break), one followed by spaces only where a
// paragraph starts; a blank line takes its place when the line before is
// not blank, since the number began a paragraph. It reads the text as the
// corpus gives it, before un.CleanText joins the lines a page break split.
func dropParagraphNumbers(text string) string {
	lines := strings.Split(text, "\n")
	starts := make([]bool, len(lines))
	var paragraphs, numbered int
	prev := ""
	for i, l := range lines {
		s := strings.TrimSpace(l)
		if s == "" {
			prev = ""
			continue
		}
		if prev == "" || un.EndsParagraph(prev) {
			starts[i] = true
			paragraphs++
			if _, n, _ := un.ParagraphNumber(l); n > 0 {
				numbered++
			}
		}
		prev = s
	}
	if numbered < 2 || 2*numbered < paragraphs {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 64)
	blank := true // the line written before is blank (or there is none)
	for i, l := range lines {
		if _, n, tab := un.ParagraphNumber(l); n > 0 && (tab || starts[i]) {
			if !blank {
				b.WriteByte('\n')
			}
			l = l[n:]
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
		blank = strings.TrimSpace(l) == ""
	}
	return b.String()
}

// separateAddresses ends a paragraph after each line of forms of address
// at a paragraph's start (un.Vocative), so that "Mr. President," or
// "Excellencies, Ladies and Gentlemen" on a line of its own, with the
// first sentence on the next, is not read as that sentence's start. The
// line must end with a comma, semicolon, colon, exclamation mark or
// ellipsis, or, where each line is a paragraph, with nothing; and the next
// line must start like a sentence (capital, digit, quotation mark), so
// that a hard-wrapped "Mr. President, the delegation of" or "Madam" /
// "President, I should like…" keeps its sentence. Only line breaks are
// added.
func separateAddresses(text string) string {
	lines := strings.Split(text, "\n")
	long, nonBlank := 0, 0
	for _, l := range lines {
		if s := strings.TrimSpace(l); s != "" {
			nonBlank++
			if utf8.RuneCountInString(s) > un.MaxWrappedLine {
				long++
			}
		}
	}
	unwrapped := nonBlank > 0 && long*5 >= nonBlank
	var b strings.Builder
	b.Grow(len(text) + 64)
	paraStart := true
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
		s := strings.TrimSpace(l)
		if s == "" {
			paraStart = true
			continue
		}
		next := ""
		if i+1 < len(lines) {
			next = strings.TrimSpace(lines[i+1])
		}
		if paraStart && next != "" && addressEnds(s, unwrapped) && startsLikeSentence(next) && un.Vocative(s) {
			b.WriteByte('\n') // a blank line: the paragraph ends here
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(s)
		paraStart = unwrapped && strings.ContainsRune(".?!:;\"”)", last)
	}
	return b.String()
}

// addressEnds reports whether s may be the last line of forms of address.
func addressEnds(s string, unwrapped bool) bool {
	if strings.HasSuffix(s, "…") {
		return true
	}
	switch s[len(s)-1] {
	case ',', ';', ':', '!':
		return true
	case '.', '?', ')', '"':
		return false
	}
	return unwrapped
}

// startsLikeSentence reports whether a line starts with a capital letter,
// a digit or an opening quotation mark.
func startsLikeSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'«", r)
}
