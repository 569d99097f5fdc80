package web

import (
	"os"

	"github.com/realign/realign"
)

func readSource(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}

func span(a, b int) realign.Span { return realign.Span{Start: a, End: b} }
