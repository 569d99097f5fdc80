package main

import (
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
