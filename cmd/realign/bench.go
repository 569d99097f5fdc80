package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/extract"
	"github.com/realign/realign/pipeline"
)

func init() {
	register(command{"bench", "measure analysis speed and memory on files or a JSON-lines corpus", runBench})
}

// runBench measures the analysis pipeline's speed on real inputs: files
// (text or HTML) or JSON-lines corpora with text/title/published fields.
func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("bench", "bench [--repeat N] FILE|CORPUS.jsonl ...", e)
	repeat := fs.Int("repeat", 3, "how many times to analyze the whole input; the best run is reported")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usagef("bench: want at least one FILE or CORPUS.jsonl")
	}
	if *repeat < 1 {
		return usagef("bench: --repeat must be at least 1")
	}
	ex := extract.New(extract.Options{Stdin: e.stdin})
	var docs []realign.Document
	for _, in := range pos {
		if strings.HasSuffix(in, ".jsonl") {
			d, err := readJSONL(in)
			if err != nil {
				return err
			}
			docs = append(docs, d...)
			continue
		}
		d, err := ex.Read(ctx, in)
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	var bytes int
	for _, d := range docs {
		bytes += len(d.Text)
	}

	t0 := time.Now()
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return err
	}
	load := time.Since(t0)

	var ms0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	best := time.Duration(1<<63 - 1)
	stage := map[string]time.Duration{}
	var order []string
	var nEvents, nQuotes, nMentions, failed int
	for r := 0; r < *repeat; r++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		runStage := map[string]time.Duration{}
		nEvents, nQuotes, nMentions, failed = 0, 0, 0, 0
		start := time.Now()
		for _, d := range docs {
			a, tim, err := p.AnalyzeTimed(d)
			if err != nil {
				failed++
				e.logger.Warn("analysis failed", "doc", d.Source, "err", err)
				continue
			}
			nEvents += len(a.Events)
			nQuotes += len(a.Quotes)
			nMentions += len(a.Mentions)
			for _, t := range tim {
				if r == 0 && len(order) < len(tim) {
					order = append(order, t.Stage)
				}
				runStage[t.Stage] += t.Duration
			}
		}
		if el := time.Since(start); el < best {
			best, stage = el, runStage
		}
	}
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)

	w := e.stdout
	fmt.Fprintf(w, "documents   %d (%d bytes of text), best of %d runs, GOMAXPROCS=%d, one goroutine\n", len(docs), bytes, *repeat, runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "load        %v (knowledge base, lexicons, gazetteer)\n", load.Round(time.Millisecond))
	fmt.Fprintf(w, "analysis    %v total, %.2f ms/doc, %.0f docs/s, %.2f MB/s\n", best.Round(time.Millisecond),
		float64(best.Microseconds())/1000/float64(max(len(docs), 1)), float64(len(docs))/best.Seconds(), float64(bytes)/1e6/best.Seconds())
	fmt.Fprintf(w, "found       %d mentions, %d quotes, %d events, %d failed documents\n", nMentions, nQuotes, nEvents, failed)
	fmt.Fprintf(w, "allocated   %.1f MB per run, heap in use %.1f MB\n", float64(ms1.TotalAlloc-ms0.TotalAlloc)/1e6/float64(*repeat), float64(ms1.HeapInuse)/1e6)
	for _, n := range order {
		d := stage[n]
		fmt.Fprintf(w, "  stage %-10s %8.2f ms/doc  %5.1f%%\n", n, float64(d.Microseconds())/1000/float64(max(len(docs), 1)), 100*d.Seconds()/best.Seconds())
	}
	return nil
}

// jsonlDoc is one line of a JSON-lines corpus.
type jsonlDoc struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Author    string `json:"author"`
	Published string `json:"published"`
	Text      string `json:"text"`
}

// readJSONL reads a JSON-lines corpus with text, title, url, author and
// published fields. Published may be RFC 3339, "YYYY-MM-DD hh:mm:ssZ" or
// "YYYY-MM-DD".
func readJSONL(path string) ([]realign.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &realign.InputError{Input: path, Reason: "cannot open", Err: err}
	}
	defer f.Close()
	var out []realign.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var j jsonlDoc
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			return nil, &realign.InputError{Input: fmt.Sprintf("%s:%d", path, line), Reason: "not a JSON object", Err: err}
		}
		d := realign.Document{ID: j.ID, URL: j.URL, Title: j.Title, Byline: j.Author, Text: j.Text, Format: "text", Source: fmt.Sprintf("%s:%d", path, line)}
		for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05Z", time.DateOnly} {
			if t, err := time.Parse(layout, j.Published); err == nil {
				d.Published = t
				break
			}
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		return nil, &realign.InputError{Input: path, Reason: "read error", Err: err}
	}
	return out, nil
}
