package petrarch

import (
	"fmt"
	"strings"
)

// Node is a node of a Penn Treebank parse tree. A leaf has a word: its
// Label is the part-of-speech tag and Word the token. Start and End are the
// leaf indexes it covers (end exclusive).
type Node struct {
	Label      string
	Word       string
	Children   []*Node
	Parent     *Node
	Start, End int
}

// Tree is a parsed sentence: its root and leaves in order.
type Tree struct {
	Root   *Node
	Leaves []*Node
}

// ParseTree reads a bracketed parse "(ROOT (S (NP (NNP Arnor)) ...))".
// It returns an error on unbalanced brackets or an empty tree.
func ParseTree(s string) (*Tree, error) {
	toks := treeTokens(s)
	t := &Tree{}
	pos := 0
	var parse func(parent *Node) (*Node, error)
	parse = func(parent *Node) (*Node, error) {
		if pos >= len(toks) || toks[pos] != "(" {
			return nil, fmt.Errorf("parse tree: want ( at token %d", pos)
		}
		pos++
		n := &Node{Parent: parent, Start: len(t.Leaves)}
		if pos < len(toks) && toks[pos] != "(" && toks[pos] != ")" {
			n.Label = toks[pos]
			pos++
		}
		for pos < len(toks) && toks[pos] != ")" {
			if toks[pos] == "(" {
				c, err := parse(n)
				if err != nil {
					return nil, err
				}
				n.Children = append(n.Children, c)
				continue
			}
			// a word
			n.Word = toks[pos]
			t.Leaves = append(t.Leaves, n)
			pos++
		}
		if pos >= len(toks) {
			return nil, fmt.Errorf("parse tree: unclosed (")
		}
		pos++
		n.End = len(t.Leaves)
		return n, nil
	}
	root, err := parse(nil)
	if err != nil {
		return nil, err
	}
	if len(t.Leaves) == 0 {
		return nil, fmt.Errorf("parse tree: no words")
	}
	t.Root = root
	return t, nil
}

func treeTokens(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '(' || r == ')':
			flush()
			out = append(out, string(r))
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			flush()
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

// isPhrase reports whether n is an inner node with label l (or l-…).
func (n *Node) is(l string) bool {
	return n.Label == l || strings.HasPrefix(n.Label, l+"-")
}
