# Tools/peers/run.py: measures peer vector-search libraries on a dataset folder with the same
# parameters and the same method as `quiver-bench ann`, so their figures sit next to Quiver's.
#
#   python3 Tools/peers/run.py --data /tmp/quiver-bench-data/synth-128-100000 \
#       --system hnswlib --system faiss-hnsw --system faiss-ivf > peers.jsonl
#
# For each system: build one index over all base rows (HNSW: M=16, efConstruction=200; IVF:
# nlist=1024), then for each sweep value (ef 16...256 or nprobe 8...128) search the first
# --queries queries one per call on one thread, --passes times. Every sweep point is one JSON
# line on stdout, with the keys quiver-bench ann uses (index, build, search, build_s, recall,
# qps) plus system, the QPS of each pass, the library versions and the load average (1, 5, 15
# minutes) when the point finished. Progress goes to stderr. A system that fails is reported on
# stderr and the others still run; the exit status is then 1.
#
# The metric is the dataset's: meta.json's "metric" (L2 when the folder has no meta.json or it
# names none; COSINE for embeddings.py's minilm-384), and every peer builds its index for it.
# Recall is always counted against truth.npy, which the dataset's writer solved for that metric.

import argparse
import json
import os
import sys
import time
import traceback

# One thread for every library, set before NumPy or faiss can start a thread pool.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import measure  # noqa: E402  (after the thread settings on purpose)
from systems import SYSTEMS, make  # noqa: E402

DEFAULT_SYSTEMS = ["hnswlib", "faiss-hnsw", "faiss-ivf"]


def parse_args():
    parser = argparse.ArgumentParser(description="Measure peer libraries like quiver-bench ann measures Quiver.")
    parser.add_argument("--data", required=True, help="dataset folder (base.npy, queries.npy, truth.npy)")
    parser.add_argument("--system", action="append", choices=sorted(SYSTEMS),
                        help=f"repeat for several (default: {' '.join(DEFAULT_SYSTEMS)})")
    parser.add_argument("--queries", type=int, default=500, help="use the first N queries (default 500)")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--passes", type=int, default=3, help="timed passes per point; QPS is their median")
    parser.add_argument("--sweep", help="comma-separated ef or nprobe values instead of the system's default")
    parser.add_argument("--M", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--nlist", type=int, default=1024)
    return parser.parse_args()


def dataset_metric(folder):
    """meta.json's "metric" in upper case; L2 when there is no meta.json or it names no metric."""
    try:
        with open(os.path.join(folder, "meta.json")) as handle:
            meta = json.load(handle)
    except FileNotFoundError:
        return "L2"
    return str(meta.get("metric") or "L2").upper()


def measure_system(name, args, base, queries, truth):
    peer = make(name)
    try:
        measure_points(peer, name, args, base, queries, truth)
    finally:
        try:
            peer.close()
        except Exception as error:  # a peer whose build failed may have nothing to close
            measure.progress(f"{name}: close failed: {error}")


def measure_points(peer, name, args, base, queries, truth):
    params = {"M": args.M, "efConstruction": args.ef_construction, "nlist": args.nlist, "metric": args.metric}
    measure.progress(f"{name}: building {peer.index} {peer.build_label(params)} {args.metric} "
                     f"over {len(base)} x {base.shape[1]}")
    cpu_started = time.process_time()
    built = peer.build(base, params)
    # CPU seconds of this process during the build: on one thread, the cost per core however
    # busy the machine is (quiver-bench ann reports the same as build_cpu_s).
    built["build_cpu_s"] = time.process_time() - cpu_started
    built["build_vectors_per_s"] = len(base) / built["build_s"]
    built["build_vectors_per_cpu_s"] = len(base) / built["build_cpu_s"]
    measure.progress(f"{name}: built in {built['build_s']:.1f} s ({built['build_vectors_per_s']:,.0f} vectors/s, "
                     f"{built['build_cpu_s']:.1f} s of CPU)")
    sweep = [int(v) for v in args.sweep.split(",")] if args.sweep and peer.sweep_name else peer.default_sweep
    versions = peer.versions()
    dataset = os.path.basename(os.path.normpath(args.data))
    for value in sweep:
        peer.set_search(value)
        found, rates = measure.single_query_passes(lambda q: peer.search_one(q, args.k), queries, args.passes)
        point = {
            "system": name, "index": peer.index, "build": peer.build_label(params),
            "search": f"{peer.sweep_name}={value}" if peer.sweep_name else "exact",
            "dataset": dataset, "metric": args.metric, "n": len(base), "dim": int(base.shape[1]), "queries": len(queries), "k": args.k,
            "recall": round(measure.recall(found, truth, args.k), 4),
            "qps": round(measure.median(rates), 1), "qps_passes": [round(r, 1) for r in rates],
            "threads": 1, "loadavg": measure.load_average(), "versions": versions,
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        point.update({key: round(v, 3) if isinstance(v, float) else v for key, v in built.items()})
        measure.emit(point)
        measure.progress(f"{name}: {point['search']} recall@{args.k} {point['recall']:.4f} "
                         f"{point['qps']:,.0f} QPS (load {point['loadavg'][0]})")


def main():
    args = parse_args()
    args.metric = dataset_metric(args.data)
    base, queries, truth = measure.load(args.data, args.queries)
    if truth.shape[1] < args.k:
        sys.exit(f"truth.npy has {truth.shape[1]} ids per query, fewer than k = {args.k}")
    facts = measure.machine()
    measure.progress(f"peers on {args.data}: {len(base)} x {base.shape[1]} {args.metric}, {len(queries)} queries, "
                     f"k {args.k}; {facts['cpu']}, {facts['cpus']} CPUs, load {measure.load_average()}")
    failed = []
    for name in args.system or DEFAULT_SYSTEMS:
        try:
            measure_system(name, args, base, queries, truth)
        except Exception:  # one broken library must not cost the others' figures
            measure.progress(f"{name}: FAILED\n{traceback.format_exc()}")
            failed.append(name)
    if failed:
        measure.progress(f"failed: {' '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
