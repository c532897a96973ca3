// Package un holds the United Nations' own facts, each written down once,
// that every stage of unpv and its command line share:
//
//   - delegations as records print them, with their codes and kinds
//     (delegations.tsv: every Member State under the names records have used
//     across eras, former Members, observers, organisations, the Secretariat);
//   - the regional organisations that stances target, with every name they
//     go by (organisations.tsv), and their membership by date
//     (membership.tsv);
//   - verbatim-record symbols: parsing every spelling (symbols, PDF file
//     names, corpus ids), the base meeting, the session, and the one link to
//     a document that search, reports and exports print;
//   - a record's page furniture (running headers, footers, page numbers,
//     the cover's notice on corrections), read both inside imported
//     speeches (CleanText) and on the lines of a PDF's page (FooterLine,
//     RunningHeaderLine, SymbolLine, …), from one description of each part;
//   - what a record's cover prints (its date, session, meeting number, the
//     Assembly's title; CoverDate, SessionOrdinal, MeetingNumber, …) and
//     its stage directions (StageDirection), which the extract stage reads
//     and the page furniture repeats;
//   - a recorded vote's wordings (VoteHead, VoteResult) and the general
//     debate's "Address by …" heading (AddressedState);
//   - speaker labels and the role rule: the same label gives the same
//     delegation and role whether it was read from a PDF or from an imported
//     corpus.
//
// The tables are embedded TSV files anyone can read and correct; their
// headers document the columns. Package un imports only the root package
// (and internal/tsv, the tables' row reader), so extract, corpora, classify,
// index and report can all use it. Changing
// a label or role rule changes what extract and the importers produce: bump
// extract.Version and corpora.ImporterVersion with it.
package un
