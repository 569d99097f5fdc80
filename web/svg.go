package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"github.com/realign/realign/analytics"
)

// The charts are SVG written by hand (no plotting library): a few dozen
// elements each, every label escaped with html.EscapeString, so that the
// result can be embedded in the page as template.HTML.

var quadColors = [4]string{"#4c9a5b", "#1f6b34", "#e0913a", "#b3261e"}

// timelineSVG draws a dyad series: stacked bars of events by quad class
// (cooperation up, conflict down) and the weighted mean Goldstein line.
func timelineSVG(pts []analytics.Point) template.HTML {
	const W, H, left, right, top, bottom = 860.0, 320.0, 48.0, 48.0, 16.0, 40.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="dyad timeline">`, W, H)
	if len(pts) == 0 {
		b.WriteString(`<text x="20" y="40">no events</text></svg>`)
		return template.HTML(b.String())
	}
	maxUp, maxDown := 1, 1
	for _, p := range pts {
		maxUp = max(maxUp, p.Quad[0]+p.Quad[1])
		maxDown = max(maxDown, p.Quad[2]+p.Quad[3])
	}
	plotH := H - top - bottom
	mid := top + plotH*float64(maxUp)/float64(maxUp+maxDown)
	scale := plotH / float64(maxUp+maxDown)
	bw := (W - left - right) / float64(len(pts))
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="axis"/>`, left, mid, W-right, mid)
	for i, p := range pts {
		x := left + float64(i)*bw
		y := mid
		for q := 1; q >= 0; q-- { // material cooperation closest to the axis
			h := float64(p.Quad[q]) * scale
			if h > 0 {
				y -= h
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %d %s</title></rect>`,
					x+1, y, math.Max(bw-2, 1), h, quadColors[q], html.EscapeString(p.Window), p.Quad[q], quadName(q+1))
			}
		}
		y = mid
		for q := 2; q <= 3; q++ {
			h := float64(p.Quad[q]) * scale
			if h > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %d %s</title></rect>`,
					x+1, y, math.Max(bw-2, 1), h, quadColors[q], html.EscapeString(p.Window), p.Quad[q], quadName(q+1))
				y += h
			}
		}
	}
	// Goldstein line on its own axis (−10..+10, right).
	gy := func(g float64) float64 { return top + plotH*(10-g)/20 }
	var path []string
	for i, p := range pts {
		if p.Events == 0 {
			continue
		}
		cmd := "L"
		if len(path) == 0 {
			cmd = "M"
		}
		path = append(path, fmt.Sprintf("%s%.1f %.1f", cmd, left+(float64(i)+0.5)*bw, gy(p.GoldsteinMean)))
	}
	if len(path) > 0 {
		fmt.Fprintf(&b, `<path d="%s" class="gline"/>`, strings.Join(path, " "))
		for i, p := range pts {
			if p.Events > 0 {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" class="gdot"><title>%s: mean Goldstein %+.2f over %d events</title></circle>`,
					left+(float64(i)+0.5)*bw, gy(p.GoldsteinMean), html.EscapeString(p.Window), p.GoldsteinMean, p.Events)
			}
		}
	}
	for _, g := range []float64{-10, 0, 10} {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick">%+.0f</text>`, W-right+4, gy(g)+4, g)
	}
	fmt.Fprintf(&b, `<text x="4" y="%.1f" class="tick">%d</text><text x="4" y="%.1f" class="tick">−%d</text>`, top+10, maxUp, H-bottom, maxDown)
	step := max(1, len(pts)/8)
	for i := 0; i < len(pts); i += step {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick">%s</text>`, left+float64(i)*bw, H-bottom+16, html.EscapeString(pts[i].Window))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick">bars: events (cooperation up, conflict down); line: weighted mean Goldstein (right axis)</text>`, left, H-6)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// networkSVG draws the relations network: states round a circle, edges
// green for cooperation, red for conflict, grey for mixed, wider for more
// events. Nodes link to the state's actor page, edges to the dyad page.
func networkSVG(n network) template.HTML {
	var b strings.Builder
	b.WriteString(`<svg class="network" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 690" role="img" aria-label="relations network">`)
	if len(n.Nodes) == 0 {
		b.WriteString(`<text x="20" y="40">no events in this period</text></svg>`)
		return template.HTML(b.String())
	}
	pos := map[string]networkNode{}
	for _, nd := range n.Nodes {
		pos[nd.State] = nd
	}
	maxW := 1.0
	for _, e := range n.Edges {
		maxW = math.Max(maxW, e.Weighted)
	}
	for i := len(n.Edges) - 1; i >= 0; i-- { // heaviest drawn last, on top
		e := n.Edges[i]
		a, c := pos[e.A], pos[e.B]
		href := "/dyads/" + e.A + "/" + e.B
		fmt.Fprintf(&b, `<a href="%s"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="edge %s" stroke-width="%.1f"><title>%s–%s: %d events, mean Goldstein %+.2f, balance %+.2f</title></line></a>`,
			html.EscapeString(href), a.X, a.Y, c.X, c.Y, html.EscapeString(e.Kind), 1+7*math.Sqrt(e.Weighted/maxW),
			html.EscapeString(e.A), html.EscapeString(e.B), e.Events, e.Goldstein, e.Balance)
	}
	for _, nd := range n.Nodes {
		fmt.Fprintf(&b, `<a href="%s"><circle cx="%.1f" cy="%.1f" r="%.1f" class="node"><title>%s: %d events</title></circle><text x="%.1f" y="%.1f" class="nlabel">%s</text></a>`,
			html.EscapeString("/actors/"+nd.State), nd.X, nd.Y, 6+4*math.Log1p(float64(nd.Events))/math.Log(10),
			html.EscapeString(nd.State), nd.Events, nd.X+10, nd.Y-8, html.EscapeString(nd.State))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func quadName(q int) string {
	names := [5]string{"", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}
	if q < 1 || q > 4 {
		return "no quad class"
	}
	return names[q]
}
