// Side-by-side benchmark: compromise's quotations() on PolNeAR direct
// quotations (recall, precision by overlap) and its throughput on the same
// articles. Not part of `go test`; run by hand:
//
//   cd bench/compromise && npm install && node bench.mjs [DATA_DIR] [REPEAT]
//
// DATA_DIR defaults to ../../../shared/eval/quotes/polnear/dev (text/ and
// attributions/). Gold direct quotations are attributions whose content
// opens with a quotation mark, the definition `realign eval quotes` uses;
// the first annotator file of each article (name order) is read, as there.
// MISSES=1 node bench.mjs also prints the gold direct quotations missed.
import fs from 'node:fs';
import path from 'node:path';
import nlp from 'compromise';

const dir = process.argv[2] || '../../../shared/eval/quotes/polnear/dev';
const repeat = Number(process.argv[3] || 5);
const marks = new Set(['"', '“', '”', '‘', '’', "'", '«', '»', '„']);

// cpToUnit maps code-point offsets (brat) to UTF-16 offsets (JS strings,
// compromise).
function cpToUnit(text) {
  const map = [0];
  let u = 0;
  for (const ch of text) {
    u += ch.length;
    map.push(u);
  }
  return map;
}

function readGold(annText, text) {
  const map = cpToUnit(text);
  const spans = new Map();
  const out = [];
  for (const line of annText.split('\n')) {
    const [id, rest] = line.split('\t');
    if (!id || !rest) continue;
    if (/^T\d+$/.test(id)) {
      const [label, ...locs] = rest.split(' ');
      const frags = locs.join(' ').split(';').map((f) => f.trim().split(' ').map(Number))
        .map(([s, e]) => [map[s], map[e]]);
      spans.set(id, { label, frags });
    } else if (/^E\d+$/.test(id)) {
      const args = rest.trim().split(/\s+/).map((a) => a.split(':'));
      if (!args.length || !args[0][0].startsWith('Attribution')) continue;
      const content = [];
      for (const [role, t] of args.slice(1)) {
        if (role.replace(/\d+$/, '') === 'Content' && spans.has(t)) content.push(...spans.get(t).frags);
      }
      if (!content.length) continue;
      content.sort((a, b) => a[0] - b[0]);
      const first = text.slice(content[0][0], content[0][1]).trimStart();
      out.push({ content, direct: marks.has(first[0]) });
    }
  }
  return out;
}

function loadDocs(dir) {
  const anns = fs.readdirSync(path.join(dir, 'attributions')).filter((f) => f.endsWith('.ann')).sort();
  const docs = [];
  for (const tf of fs.readdirSync(path.join(dir, 'text')).filter((f) => f.endsWith('.txt')).sort()) {
    const name = tf.slice(0, -4);
    const ann = anns.find((a) => a.startsWith(name + '_') && !a.slice(name.length + 1, -4).includes('_'));
    if (!ann) continue;
    const text = fs.readFileSync(path.join(dir, 'text', tf), 'utf8');
    docs.push({ name, text, gold: readGold(fs.readFileSync(path.join(dir, 'attributions', ann), 'utf8'), text) });
  }
  return docs;
}

const overlaps = (frags, s, e) => frags.some(([a, b]) => a < e && s < b);

const docs = loadDocs(dir);
let goldDirect = 0, foundDirect = 0, pred = 0, predOK = 0, bytes = 0;
for (const d of docs) {
  bytes += Buffer.byteLength(d.text, 'utf8');
  const qs = nlp(d.text).quotations().json({ offset: true }).map((q) => [q.offset.start, q.offset.start + q.offset.length]);
  for (const g of d.gold) {
    if (!g.direct) continue;
    goldDirect++;
    if (qs.some(([s, e]) => overlaps(g.content, s, e))) foundDirect++;
    else if (process.env.MISSES) console.log(`missed ${d.name}: ${d.text.slice(g.content[0][0], g.content[0][0] + 100).replace(/\s+/g, ' ')}`);
  }
  for (const [s, e] of qs) {
    pred++;
    if (d.gold.some((g) => overlaps(g.content, s, e))) predOK++;
  }
}
const p = predOK / pred, r = foundDirect / goldDirect;
console.log(`compromise ${JSON.parse(fs.readFileSync('node_modules/compromise/package.json', 'utf8')).version}, node ${process.version}`);
console.log(`PolNeAR ${dir}: ${docs.length} documents, ${goldDirect} gold direct quotations`);
console.log(`direct quotations found (overlap): recall ${r.toFixed(3)} (${foundDirect}/${goldDirect})`);
console.log(`quotations returned: ${pred}, overlapping any gold content: precision ${p.toFixed(3)}; F1 vs direct ${(2 * p * r / (p + r)).toFixed(3)}`);
console.log('speakers: none (quotations() returns quoted strings only)');

// throughput: nlp() parse + quotations() over every article, best of N
let best = Infinity;
for (let i = 0; i < repeat; i++) {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const d of docs) n += nlp(d.text).quotations().length;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (ms < best) best = ms;
}
console.log(`throughput: ${(bytes / 1e6).toFixed(2)} MB in ${best.toFixed(0)} ms (best of ${repeat}) = ${(bytes / 1e6 / (best / 1000)).toFixed(2)} MB/s, ${(best / docs.length).toFixed(2)} ms/doc`);
