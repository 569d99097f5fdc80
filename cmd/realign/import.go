package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/realign/realign/store"
)

func init() {
	register(command{"import", "import event data from other systems: realign import gdelt FILE...", runImport})
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("import", "import gdelt [--db FILE] FILE|-...  (GDELT 1.0 or 2.0 event exports: .tsv/.CSV, .gz or .zip)", e)
	dbPath := fs.String("db", defaultDB, dbUsage+" (created when missing)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usagef("import: want a source kind (gdelt) and files")
	}
	if pos[0] != "gdelt" {
		return usagef("import: unknown source kind %q (known: gdelt)", pos[0])
	}
	files := pos[1:]
	if len(files) == 0 {
		return usagef("import gdelt: want at least one FILE (or - for standard input)")
	}
	db, err := openDB(ctx, *dbPath, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var total store.GDELTImport
	for _, name := range files {
		st, err := importGDELTFile(ctx, db, e.stdin, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %d rows: %d imported, %d already stored, %d skipped\n", name, st.Rows, st.Imported, st.Duplicates, st.Skipped)
		for _, r := range st.Reasons {
			fmt.Fprintf(e.stderr, "  skipped %s\n", r)
		}
		total.Rows += st.Rows
		total.Imported += st.Imported
		total.Duplicates += st.Duplicates
		total.Skipped += st.Skipped
	}
	if len(files) > 1 {
		fmt.Fprintf(e.stdout, "total: %d rows: %d imported, %d already stored, %d skipped\n", total.Rows, total.Imported, total.Duplicates, total.Skipped)
	}
	return nil
}

// maxZipMember is the largest GDELT file read from a zip archive (the
// daily GDELT 1.0 files are a few hundred MB unpacked).
const maxZipMember = 4 << 30

// importGDELTFile imports one file: plain, gzip (by magic bytes) or zip
// (every member), or standard input for "-".
func importGDELTFile(ctx context.Context, db store.Backend, stdin io.Reader, name string) (store.GDELTImport, error) {
	if name == "-" {
		return importGDELTStream(ctx, db, stdin, name)
	}
	if strings.HasSuffix(strings.ToLower(name), ".zip") {
		zr, err := zip.OpenReader(name)
		if err != nil {
			return store.GDELTImport{}, fmt.Errorf("import gdelt %s: %w", name, err)
		}
		defer zr.Close()
		var total store.GDELTImport
		for _, f := range zr.File {
			if f.FileInfo().IsDir() {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return total, fmt.Errorf("import gdelt %s: %s: %w", name, f.Name, err)
			}
			st, err := importGDELTStream(ctx, db, io.LimitReader(rc, maxZipMember), name+":"+f.Name)
			rc.Close()
			total.Rows += st.Rows
			total.Imported += st.Imported
			total.Duplicates += st.Duplicates
			total.Skipped += st.Skipped
			total.Reasons = append(total.Reasons, st.Reasons...)
			if err != nil {
				return total, err
			}
		}
		return total, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return store.GDELTImport{}, fmt.Errorf("import gdelt: %w", err)
	}
	defer f.Close()
	return importGDELTStream(ctx, db, f, name)
}

func importGDELTStream(ctx context.Context, db store.Backend, r io.Reader, name string) (store.GDELTImport, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return store.GDELTImport{}, fmt.Errorf("import gdelt %s: %w", name, err)
		}
		defer gz.Close()
		return db.ImportGDELT(ctx, gz, name)
	}
	return db.ImportGDELT(ctx, br, name)
}
