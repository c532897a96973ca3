package unpv

// Coding is one researcher's act on a (sentence, organisation) pair: a
// label that corrects or extends the classifier's stance, or a skip. The
// store keeps every act (who, when, label, note); a pair's hand label is
// decided from its coders' latest labels (see HandStatus) and overrides the
// model's label everywhere: reports, search, exports.
type Coding struct {
	ID         int64  `json:"id,omitempty"` // the act's number in the store, in the order acts were made
	SentenceID string `json:"sentence_id"`
	Target     string `json:"target"` // organisation acronym
	Coder      string `json:"coder"`
	// Label is the coder's label; empty for a skip (the coder passed the
	// pair without deciding).
	Label Label  `json:"label,omitempty"`
	Note  string `json:"note,omitempty"`
	At    string `json:"at"` // RFC 3339 UTC
	// Queue says how the pair reached the coder: "random seed=1" (a
	// simple random sample of the model's pairs, which accuracy estimates
	// read), "uncertain", "date", with any filters, or "import FILE".
	Queue string `json:"queue,omitempty"`
	// Adjudication marks a decision that settles coders' disagreement: it
	// decides the pair's hand label whatever the coders said.
	Adjudication bool `json:"adjudication,omitempty"`
	// Sentence is the sentence's text when coded: a label applies only
	// while the stored sentence still reads the same (a new segmenter can
	// renumber sentences).
	Sentence string `json:"sentence,omitempty"`
	// ModelLabel and Model are the classifier's label and version for the
	// pair when it was coded ("" when the model had no stance for it).
	ModelLabel Label  `json:"model_label,omitempty"`
	Model      string `json:"model,omitempty"`
	// Stale is set, when read from the store, for a coding whose sentence
	// is gone or reads differently now: it no longer applies.
	Stale bool `json:"stale,omitempty"`
}

// HandStatus says how a pair's hand label was decided from its codings.
type HandStatus string

// Hand statuses. Only HandDisputed leaves the pair without a hand label
// (the model's label stands until someone adjudicates).
const (
	HandCoded       HandStatus = "coded"       // one coder
	HandAgreed      HandStatus = "agreed"      // two or more coders, the same label
	HandDisputed    HandStatus = "disputed"    // coders differ and nobody adjudicated
	HandAdjudicated HandStatus = "adjudicated" // the latest adjudication decides
)
