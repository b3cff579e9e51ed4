#!/usr/bin/env bash
# Every figure of docs/BENCHMARKS.md, one after another (never in parallel: 2 cores), with the
# peers of ../shared/bench measured in the same run. Usage, from the repository root:
#   bash docs/run-benchmarks.sh [OUTDIR]      (default /tmp/quiver-bench-run)
# Needs: pip install numpy hnswlib faiss-cpu pymilvus milvus-lite
set -u
OUT=${1:-/tmp/quiver-bench-run}
mkdir -p "$OUT"
python3 ../shared/bench/data.py 100000
D=${BENCH_DATA:-/tmp/bench-data}/synth-128-100000
swift build -c release --product quiver-bench || exit 1
swift build -c release --product quiver || exit 1   # the http benchmark starts it
B=.build/release/quiver-bench
export OPENBLAS_NUM_THREADS=1
for s in hnswlib faiss-hnsw faiss-ivf; do
  timeout 1200 python3 ../shared/bench/run.py --system $s --n 100000 --queries 500 > "$OUT/$s.jsonl" 2> "$OUT/$s.err"
done
ANN="$B ann --base $D/base.npy --queries $D/queries.npy --truth $D/truth.npy --k 10 --query-limit 500"
$ANN --metric L2 --index HNSW --build M=16,efConstruction=200 --sweep ef=16,32,64,96,128,192,256 > "$OUT/quiver-hnsw.jsonl"
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
timeout 1500 python3 ../shared/bench/run.py --system milvus-lite --n 100000 --queries 500 > "$OUT/milvus-lite.jsonl" 2> "$OUT/milvus-lite.err"
python3 ../shared/bench/summarize.py "$OUT"/hnswlib.jsonl "$OUT"/faiss-*.jsonl "$OUT"/milvus-lite.jsonl
