package quote

import (
	"sort"

	"github.com/realign/realign"
)

type block struct {
	realign.Span
	c *cueOcc
}

// quotation builds the block quotation once speakers are resolved.
func (b block) quotation(d *doc) realign.Quotation {
	return realign.Quotation{Span: b.Span, Kind: realign.QuoteBlock, Cue: b.c.text(d), CueSpan: d.span(b.c.first, b.c.last),
		Speaker: cloneSpeaker(b.c.spk), Addressee: b.c.addr}
}

// paraHasMarks reports whether paragraph pi holds a double quotation mark
// or a paired single mark.
func (d *doc) paraHasMarks(pi int) bool {
	p := d.paras[pi]
	if len(marksIn(d.text, p, isDoubleMark)) > 0 {
		return true
	}
	// pairs are sorted and do not overlap: only the last one opening
	// before the paragraph end can reach into it
	i := sort.Search(len(d.pairs), func(i int) bool { return d.pairs[i].open >= p.End })
	return i > 0 && d.pairs[i-1].outer().Overlaps(p)
}

// cueLine returns the cue that ends paragraph pi when the paragraph ends
// with a cue and "," or ":" ("He replied,", "Khan told reporters:"), or
// nil.
func (d *doc) cueLine(pi int) *cueOcc {
	pt := d.paraTok[pi]
	if pt[0] < 0 {
		return nil
	}
	last := d.toks[pt[1]]
	if last.quoted || (last.low != "," && last.low != ":") {
		return nil
	}
	var best *cueOcc
	for _, c := range d.paraCues[pi] {
		if c.first < pt[0] || c.last >= pt[1] || c.e.class == classVenue {
			continue
		}
		best = c
	}
	if best == nil {
		return nil
	}
	// only the addressee, adverbs or time words may follow the cue
	n := 0
	for k := best.last + 1; k < pt[1]; k++ {
		t := d.toks[k]
		if t.quoted || isTerminal(t.Text) || t.low == "that" {
			return nil
		}
		n++
	}
	if n > 10 {
		return nil
	}
	return best
}

// firstPersonPara reports whether paragraph pi uses the first person.
func (d *doc) firstPersonPara(pi int) bool {
	pt := d.paraTok[pi]
	if pt[0] < 0 {
		return false
	}
	for k := pt[0]; k <= pt[1]; k++ {
		if firstPerson[d.toks[k].low] {
			return true
		}
	}
	return false
}

// thirdPersonCue reports whether paragraph pi holds a speech cue whose
// speaker is not first person (narration: "Khan said …").
func (d *doc) thirdPersonCue(pi int) bool {
	for _, c := range d.paraCues[pi] {
		if c.e.class == classVenue {
			continue
		}
		d.resolve(c)
		if c.spk != nil && !firstPerson[lower(c.spk.Text)] {
			return true
		}
	}
	return false
}

// findBlocks finds block quotations: a cue line followed by paragraphs
// without quotation marks (see the package documentation for the rule).
func (d *doc) findBlocks() []block {
	var out []block
	for pi := 0; pi+1 < len(d.paras); pi++ {
		c := d.cueLine(pi)
		if c == nil || d.paraHasMarks(pi+1) || d.paraTok[pi+1][0] < 0 {
			continue
		}
		last := pi + 1
		for n := pi + 2; n < len(d.paras) && n-pi <= d.at.maxBlock; n++ {
			if d.paraHasMarks(n) || !d.firstPersonPara(n) || d.thirdPersonCue(n) || d.cueLine(n) != nil {
				break
			}
			last = n
		}
		sp := realign.Span{Start: d.paras[pi+1].Start, End: d.paras[last].End}
		out = append(out, block{Span: sp, c: c})
		pi = last - 1
	}
	return out
}
