package extract_test

import (
	"context"
	"fmt"

	"github.com/realign/realign/extract"
)

func ExampleExtractor_FromBytes() {
	e := extract.New(extract.Options{})
	doc, err := e.FromBytes("upload.txt", []byte("Talks resume in Bishkek\r\n\r\nJune 14, 2019\r\nBy Jane Doe\r\n\r\n"+
		"The two delegations met again on Thursday.\r\n\r\n\r\nBoth sides called the talks useful.\r\n\r\nLeave a Reply\r\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Title)
	fmt.Println(doc.Published.Format("2006-01-02"), doc.Byline, doc.Language, doc.Format)
	fmt.Printf("%q\n", doc.Text)
	// Output:
	// Talks resume in Bishkek
	// 2019-06-14 Jane Doe en text
	// "The two delegations met again on Thursday.\n\nBoth sides called the talks useful."
}

func ExampleExtractor_Read_error() {
	_, err := extract.New(extract.Options{}).Read(context.Background(), "testdata/does-not-exist.txt")
	fmt.Println(err)
	// Output:
	// testdata/does-not-exist.txt: no such file
}
