package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/realign/realign/analytics"
)

func TestDyadShiftsBlocsCommands(t *testing.T) {
	path := storeDB(t)
	code, out, errs := runCLI(t, "", "dyad", "PAK", "RUS", "--db", path, "--format", "json")
	if code != 0 {
		t.Fatalf("dyad exit %d: %s", code, errs)
	}
	var rep dyadReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("dyad json: %v\n%s", err, out)
	}
	if len(rep.Series) != 1 || rep.Series[0].Window != "2019-06" || rep.Series[0].Events < 2 || rep.Series[0].Balance <= 0 || rep.Series[0].Sources < 1 {
		t.Errorf("PAK–RUS June 2019: %+v, want cooperative events from at least one outlet", rep.Series)
	}
	code, out, errs = runCLI(t, "", "dyad", "PAK", "RUS", "--db", path, "--window", "week")
	if code != 0 || !strings.Contains(out, "2019-W24") || !strings.ContainsAny(out, "▁▂▃▄▅▆▇█") {
		t.Errorf("dyad table exit %d: %s%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "", "shifts", "--db", path, "--format", "json")
	if code != 0 {
		t.Fatalf("shifts exit %d: %s", code, errs)
	}
	var sh struct {
		Source string            `json:"source"`
		Tested *int              `json:"tested"`
		Alerts []analytics.Shift `json:"alerts"`
	}
	if err := json.Unmarshal([]byte(out), &sh); err != nil || sh.Tested == nil || sh.Alerts == nil || sh.Source != "coded" {
		t.Errorf("shifts json %v: %s", err, out)
	}
	code, out, errs = runCLI(t, "", "blocs", "--db", path, "--window", "month", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "window,from,to,bloc,state") || !strings.Contains(out, "PAK") {
		t.Errorf("blocs csv exit %d: %s%s", code, out, errs)
	}
	for _, args := range [][]string{{"dyad", "PAK"}, {"dyad", "PAK", "PAK"}, {"dyad", "PAK", "RUS", "--window", "year"},
		{"shifts", "--source", "icews"}, {"blocs", "--format", "xml"}} {
		if code, _, _ := runCLI(t, "", append(args, "--db", path)...); code != exitUsage {
			t.Errorf("%v: exit %d, want usage error", args, code)
		}
	}
}

// TestDyadCSVEmptyWindows: a window with no events writes empty fields
// for its mean, share and balance, not zeros that read as real values.
func TestDyadCSVEmptyWindows(t *testing.T) {
	path := storeDB(t)
	code, out, errs := runCLI(t, "", "dyad", "PAK", "RUS", "--db", path, "--window", "day", "--since", "2019-06-01", "--until", "2019-06-30", "--format", "csv")
	if code != 0 {
		t.Fatalf("dyad csv exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 31 {
		t.Fatalf("dyad csv: %d rows, %v, want header + 30 days\n%s", len(rows), err, out)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	empty, full := 0, 0
	for _, r := range rows[1:] {
		if r[col["events"]] == "0" {
			empty++
			for _, k := range []string{"goldstein_mean", "coop_share", "balance", "balance_lo", "balance_hi"} {
				if r[col[k]] != "" {
					t.Errorf("%s: no events but %s = %q, want empty", r[0], k, r[col[k]])
				}
			}
			continue
		}
		full++
		if r[col["goldstein_mean"]] == "" || r[col["balance"]] == "" {
			t.Errorf("%s: events but empty mean or balance: %v", r[0], r)
		}
	}
	if empty == 0 || full == 0 {
		t.Errorf("%d empty and %d non-empty days; the test needs both", empty, full)
	}
}
