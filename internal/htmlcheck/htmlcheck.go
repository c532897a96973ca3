// Package htmlcheck checks markup that pages build by hand in tests of
// several packages: the HTML parser repairs tags that do not nest, so a
// test that parses a page cannot see them; the tokenizer can.
package htmlcheck

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// Nested reports an error unless every tag of fragment that is opened is
// closed, in the reverse order of opening (void elements such as <br>
// aside).
func Nested(fragment string) error {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return z.Err()
			}
			if len(open) > 0 {
				return fmt.Errorf("left open: %v", open)
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if !void[string(name)] {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return fmt.Errorf("</%s> closes %v", name, open)
			}
			open = open[:len(open)-1]
		}
	}
}

var void = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}
