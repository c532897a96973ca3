package un_test

import (
	"fmt"

	"github.com/unpv/unpv/un"
)

func ExampleParseLabel() {
	label, body := un.SplitLabel("Mr. Nebenzia (Russian Federation) (spoke in Russian): The Russian Federation …")
	l := un.ParseLabel(label)
	role, code := un.RoleOf(l, body)
	fmt.Printf("%s | %s | %s | %s | %s | %s\n", l.Name, l.Delegation, l.Language, role, code, body)
	// Output: Mr. Nebenzia | Russian Federation | Russian | member | RUS | The Russian Federation …
}

func ExampleReadLabel() {
	l, n, ok := un.ReadLabel("Mr. Ma Zhaoxu (China) (spoke in Chinese): I thank the briefers.")
	fmt.Println(l.Name, "|", l.Delegation, "|", l.Language, "|", n, ok)
	// Output: Mr. Ma Zhaoxu | China | Chinese | 41 true
}
