package annotate

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
)

// Codebook is the annotation codebook the page shows (a copy of
// ../shared/stance/CODEBOOK.md; codebook/PROVENANCE.md), Markdown.
//
//go:embed codebook/CODEBOOK.md
var Codebook string

// CodebookSHA256 is the hex SHA-256 of Codebook, shown with it and
// recorded in codebook/PROVENANCE.md.
var CodebookSHA256 = func() string {
	h := sha256.Sum256([]byte(Codebook))
	return hex.EncodeToString(h[:])
}()
