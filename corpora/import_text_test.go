package corpora

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeText: whatever the bytes, decodeText does not panic, and the
// text it accepts is valid UTF-8 without a NUL, a carriage return or more
// than one C0 control character in 100 (notBinary).
func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{"", "Mr. President,\r\nthank you.", "\xef\xbb\xbfCSTO", "\xff\xfeC\x00S\x00", "\xfe\xff\x00C\x00S",
		"caf\xe9 \x92quoted\x92", "\x00\x00\x00", "It\u00e2\u0080\u0099s", "text\x1a",
		// One control in 100 characters, in 67 once CRLF is LF: counted
		// before the line ends were made LF, it was let through.
		"\x01" + strings.Repeat("a\r\n", 33)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		text, enc, err := decodeText(b)
		if err != nil {
			if text != "" || enc != "" {
				t.Errorf("error %v with text %q, encoding %q", err, text, enc)
			}
			return
		}
		if !utf8.ValidString(text) || strings.ContainsAny(text, "\x00\r") {
			t.Errorf("accepted %q as %q", b, text)
		}
		if err := notBinary(text); err != nil {
			t.Errorf("accepted %q, which is %v", text, err)
		}
	})
}
