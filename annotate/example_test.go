package annotate_test

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/unpv/unpv/annotate"
)

func ExampleReadRecords() {
	in := `{"sentence_id":"S/PV.8731#4.2","target":"african union","sentence":"The AU leads.","label":"recognition","coder":"ann"}
{"sentence":"x","target":"ZZ","label":"neutral"}
`
	recs, bad, err := annotate.ReadRecords(strings.NewReader(in), 1<<20)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range bad {
		fmt.Println(e)
	}
	if err := annotate.WriteRecords(os.Stdout, recs); err != nil {
		fmt.Println(err)
	}
	// Output:
	// line 2: bad record: unknown organisation "ZZ"
	// {"id":"","source":"","symbol":"","date":"","speaker":"","target":"AU","sentence":"The AU leads.","label":"recognition","sentence_id":"S/PV.8731#4.2","coder":"ann","stale":false}
}

func ExampleParseQueue() {
	v, _ := url.ParseQuery("order=random&seed=7&target=african+union&delegation=russian+federation&from=8+January+2020&fresh=1")
	q, err := annotate.ParseQueue(v)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q)
	fmt.Println(q.Values().Encode(), q.ShowsModel())
	// Output:
	// random seed=7 target=AU delegation=RUS from=2020-01-08 fresh
	// delegation=RUS&fresh=1&from=2020-01-08&order=random&seed=7&target=AU false
}
