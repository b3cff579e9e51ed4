#!/usr/bin/env bash
# Every figure of docs/BENCHMARKS.md, one after another (never in parallel: 2 cores), with the
# peers measured by the project's own runner (Tools/peers) in the same run. From the repository root:
#   bash docs/run-benchmarks.sh [OUTDIR]      (default /tmp/quiver-bench-run)
#   N=20000 bash docs/run-benchmarks.sh       (a smaller synth-128 for a quick check)
# Needs, once: make peers-venv (a pinned .venv-peers from Tools/peers/requirements.txt)
# Results: OUTDIR/*.jsonl (one JSON line per measured point), OUTDIR/machine.txt,
# OUTDIR/summary.md (QPS at recall@10 0.90/0.95/0.99 per system) and OUTDIR/recall-qps.png,
# and the same for the real-embedding set in OUTDIR/real/.
set -u
OUT=${1:-/tmp/quiver-bench-run}
N=${N:-100000}
PY=${PEERS_PYTHON:-.venv-peers/bin/python}
if [ ! -x "$PY" ]; then
  echo "no $PY: run make peers-venv" >&2
  exit 1
fi
mkdir -p "$OUT"
D=$("$PY" Tools/peers/dataset.py --count "$N") || exit 1
# Real sentence embeddings (all-MiniLM-L6-v2 over text found on this machine, COSINE): ~12 min
# the first time (embedding on one core), cached afterwards.
R=$("$PY" Tools/peers/embeddings.py --count "${REAL_N:-50000}") || exit 1
swift build -c release --product quiver-bench || exit 1
swift build -c release --product quiver || exit 1   # the http benchmark starts it
B=.build/release/quiver-bench
export OPENBLAS_NUM_THREADS=1
{ date -u; uname -srm; grep -m1 "model name" /proc/cpuinfo; nproc; free -g | sed -n 2p
  swift --version 2>&1 | head -1; "$PY" --version; echo "dataset $D"; echo "load at start: $(cat /proc/loadavg)"; } > "$OUT/machine.txt"
for s in hnswlib faiss-hnsw faiss-ivf usearch; do
  timeout 1200 "$PY" Tools/peers/run.py --data "$D" --system $s --queries 500 > "$OUT/peer-$s.jsonl" 2> "$OUT/peer-$s.err"
done
ANN="$B ann --base $D/base.npy --queries $D/queries.npy --truth $D/truth.npy --k 10 --query-limit 500"
$ANN --metric L2 --index HNSW --build M=16,efConstruction=200 --passes 3 --sweep ef=16,32,64,96,128,192,256 > "$OUT/quiver-hnsw.jsonl"
$ANN --metric L2 --index HNSW_SQ --build M=16,efConstruction=200 --passes 3 --sweep ef=16,24,32,48,64,96,128,192,256 > "$OUT/quiver-hnsw-sq.jsonl"
$ANN --metric L2 --index IVF_FLAT --build nlist=1024 --sweep nprobe=8,16,32,64,128 > "$OUT/quiver-ivf-flat.jsonl"
$ANN --metric L2 --index IVF_SQ8 --build nlist=1024 --sweep nprobe=8,16,32,64,128 > "$OUT/quiver-ivf-sq8.jsonl"
$ANN --metric L2 --index IVF_PQ --build nlist=1024,m=32,nbits=8 --sweep nprobe=8,16,32,64,128 > "$OUT/quiver-ivf-pq.jsonl"
$ANN --metric L2 --index FLAT --sweep ef=10 > "$OUT/quiver-flat.jsonl"
$ANN --metric HAMMING --index BIN_FLAT --bits 256 --sweep nprobe=1 > "$OUT/quiver-bin-flat.jsonl"
$ANN --metric HAMMING --index BIN_IVF_FLAT --bits 256 --build nlist=1024 --sweep nprobe=8,16,32,64,128 > "$OUT/quiver-bin-ivf.jsonl"
$B kernels > "$OUT/kernels.jsonl"
$B filter --base $D/base.npy --queries $D/queries.npy --query-limit 200 > "$OUT/filter.jsonl"
$B ingest --count 200000 --dim 128 --batch 1000 > "$OUT/ingest.jsonl"
$B ingest --count 200000 --dim 128 --batch 1000 --writers 4 >> "$OUT/ingest.jsonl"
$B ingest --count 200000 --dim 128 --batch 1000 --durability async >> "$OUT/ingest.jsonl"
$B scan --count 200000 --dim 128 --queries 100 > "$OUT/scan.jsonl"
$B freshness > "$OUT/freshness.jsonl"
$B reopen > "$OUT/reopen.jsonl"
$B compaction --seconds 60 --pause-ms 20 > "$OUT/compaction.jsonl"
$B http --count 20000 --dim 128 --seconds 10 > "$OUT/http.jsonl"
# Milvus Lite and Qdrant's local mode answer 1-50 requests per second: one timed pass each.
timeout 1800 "$PY" Tools/peers/run.py --data "$D" --system milvus-lite --queries 500 --passes 1 > "$OUT/peer-milvus-lite.jsonl" 2> "$OUT/peer-milvus-lite.err"
timeout 1200 "$PY" Tools/peers/run.py --data "$D" --system qdrant-local --queries 500 --passes 1 > "$OUT/peer-qdrant-local.jsonl" 2> "$OUT/peer-qdrant-local.err"
# The graph indexes again on the real embeddings (COSINE), peers first, into OUT/real.
mkdir -p "$OUT/real"
for s in hnswlib faiss-hnsw usearch; do
  timeout 1200 "$PY" Tools/peers/run.py --data "$R" --system $s --queries 1000 > "$OUT/real/peer-$s.jsonl" 2> "$OUT/real/peer-$s.err"
done
REAL="$B ann --base $R/base.npy --queries $R/queries.npy --truth $R/truth.npy --metric COSINE --k 10 --query-limit 1000 --passes 3 --build M=16,efConstruction=200"
$REAL --index HNSW --sweep ef=16,24,32,48,64,96,128,192,256 > "$OUT/real/quiver-hnsw.jsonl"
$REAL --index HNSW_SQ --sweep ef=16,24,32,48,64,96,128,192,256 > "$OUT/real/quiver-hnsw-sq.jsonl"
echo "load at end: $(cat /proc/loadavg)" >> "$OUT/machine.txt"
"$PY" Tools/peers/summarize.py --out "$OUT" "$OUT"/peer-*.jsonl "$OUT"/quiver-hnsw*.jsonl "$OUT"/quiver-ivf-*.jsonl \
  "$OUT"/quiver-flat.jsonl > "$OUT/summary.md"
"$PY" Tools/peers/summarize.py --out "$OUT/real" "$OUT"/real/*.jsonl > "$OUT/real/summary.md"
cat "$OUT/summary.md" "$OUT/real/summary.md"
