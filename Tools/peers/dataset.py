# Tools/peers/dataset.py: makes the synth-128 benchmark dataset that `quiver-bench ann` and the
# peer runner (run.py) both read, so every system is measured on the same vectors and truth.
#
#   python3 Tools/peers/dataset.py --count 100000        # prints the folder it wrote (or found)
#
# The folder, <data-dir>/synth-128-<count>/, holds exactly what Tools/quiver-bench reads:
#   base.npy     count x 128 float32, C order ('<f4')
#   queries.npy  queries x 128 float32 (drawn like the base rows, but not among them)
#   truth.npy    queries x 100 int64 ('<i8'): row numbers of base.npy, nearest first by L2
# and meta.json, which records how the files were made (quiver-bench ignores it).
#
# What synth-128 is: each vector is a point of a 64-dimensional latent space, mapped into 128
# dimensions by a fixed random orthonormal basis, plus a little noise in all 128 dimensions.
# The latent coordinates are Gaussian with a spread that decays like 1/sqrt(1+i) along the
# latent axes (as real embeddings look after PCA), and each point is shifted towards one of 200
# random cluster centres, which are drawn with half the spread of the data: mild clusters, not
# separable blobs. That makes graph and IVF indexes work about as hard as on SIFT: an HNSW with
# M=16, efConstruction=200 needs ef around 100 for recall@10 of 0.95 at 100,000 rows.
#
# Ground truth is brute force in float64 (squared L2 from dot products in double precision, so
# float32 rounding cannot reorder close neighbours), blocks of the base at a time; each query's
# 100 nearest rows are kept sorted by distance, then by row number. The same seed gives the same
# files on every run of this script.

import argparse
import json
import os
import sys
import time

import numpy as np

DIMENSION = 128
TRUTH_DEPTH = 100
DEFAULT_DATA_DIR = os.environ.get("QUIVER_BENCH_DATA", "/tmp/quiver-bench-data")


def synth_128(count, query_count, seed=42, rank=64, decay=0.5, clusters=200, cluster_scale=0.5, noise=0.05):
    """Returns (base, queries), float32 arrays of shape (count, 128) and (query_count, 128)."""
    rng = np.random.default_rng(seed)
    # A random orthonormal 128 x rank basis: the latent space's embedding in the full space.
    basis = np.linalg.qr(rng.normal(size=(DIMENSION, rank)))[0].astype(np.float32)
    # Spread of each latent axis, largest first.
    spread = (1.0 / (1.0 + np.arange(rank)) ** decay).astype(np.float32)
    centres = rng.normal(0.0, 1.0, (clusters, rank)).astype(np.float32) * spread * cluster_scale

    def points(how_many):
        latent = rng.normal(0.0, 1.0, (how_many, rank)).astype(np.float32) * spread
        latent += centres[rng.integers(0, clusters, how_many)]
        full = latent @ basis.T + noise * rng.normal(0.0, 1.0, (how_many, DIMENSION))
        return full.astype(np.float32)

    base = points(count)
    return base, points(query_count)


def nearest_rows(base, queries, depth=TRUTH_DEPTH, block=8192):
    """Row numbers of the `depth` nearest base rows of each query (squared L2), nearest first,
    equal distances in row order. Exact: every distance is computed in float64."""
    depth = min(depth, len(base))
    query64 = queries.astype(np.float64)
    query_norms = (query64 * query64).sum(axis=1)[:, None]
    kept_dist = np.empty((len(queries), 0))
    kept_rows = np.empty((len(queries), 0), dtype=np.int64)
    for start in range(0, len(base), block):
        rows64 = base[start:start + block].astype(np.float64)
        dist = query_norms - 2.0 * (query64 @ rows64.T) + (rows64 * rows64).sum(axis=1)[None, :]
        rows = np.broadcast_to(np.arange(start, start + len(rows64), dtype=np.int64), dist.shape)
        dist = np.concatenate([kept_dist, dist], axis=1)
        rows = np.concatenate([kept_rows, rows], axis=1)
        if dist.shape[1] > depth:
            pick = np.argpartition(dist, depth - 1, axis=1)[:, :depth]
            dist, rows = np.take_along_axis(dist, pick, 1), np.take_along_axis(rows, pick, 1)
        kept_dist, kept_rows = dist, rows
    order = np.lexsort((kept_rows, kept_dist), axis=1)
    return np.take_along_axis(kept_rows, order, 1)


def spot_check(base, queries, truth, samples=5, seed=7):
    """Recomputes the truth of a few queries the slow, obvious way; raises if any differs."""
    rng = np.random.default_rng(seed)
    for q in rng.choice(len(queries), size=min(samples, len(queries)), replace=False):
        diff = base.astype(np.float64) - queries[q].astype(np.float64)
        dist = np.einsum("ij,ij->i", diff, diff)
        expected = np.lexsort((np.arange(len(base)), dist))[:truth.shape[1]]
        if not np.array_equal(expected, truth[q]):
            raise SystemExit(f"truth of query {q} differs from a direct computation")


def write(folder, count, query_count, seed):
    started = time.perf_counter()
    base, queries = synth_128(count, query_count, seed=seed)
    drawn = time.perf_counter()
    print(f"synth-128: {count} rows drawn in {drawn - started:.1f} s; computing exact truth", file=sys.stderr)
    truth = nearest_rows(base, queries)
    solved = time.perf_counter()
    spot_check(base, queries, truth)
    os.makedirs(folder, exist_ok=True)
    for name, array in (("base.npy", base), ("queries.npy", queries), ("truth.npy", truth)):
        # Written under a temporary name and renamed, so a folder never holds a half-written file.
        partial = os.path.join(folder, name + ".partial")
        with open(partial, "wb") as handle:
            np.save(handle, np.ascontiguousarray(array))
        os.replace(partial, os.path.join(folder, name))
    meta = {"dataset": "synth-128", "count": count, "dimension": DIMENSION, "queries": query_count,
            "seed": seed, "metric": "L2", "truth_depth": int(truth.shape[1]), "numpy": np.__version__,
            "draw_s": round(drawn - started, 2), "truth_s": round(solved - drawn, 2)}
    with open(os.path.join(folder, "meta.json"), "w") as handle:
        json.dump(meta, handle, indent=1)
    print(f"synth-128: truth in {solved - drawn:.1f} s, spot-checked; wrote {folder}", file=sys.stderr)


def matches(folder, count, query_count, seed, dataset=None):
    """True when `folder` already holds a complete dataset made with these settings."""
    try:
        with open(os.path.join(folder, "meta.json")) as handle:
            meta = json.load(handle)
    except (OSError, ValueError):
        return False
    wanted = {"count": count, "queries": query_count, "seed": seed}
    if dataset is not None:
        wanted["dataset"] = dataset
    return all(meta.get(key) == value for key, value in wanted.items()) and all(
        os.path.exists(os.path.join(folder, name)) for name in ("base.npy", "queries.npy", "truth.npy"))


def dataset_arguments(description, default_count, queries_help="query rows (default 1000)", seed_help=None):
    """The command line every dataset script takes: --count, --queries, --seed, --data-dir, --force."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--count", type=int, default=default_count, help=f"base rows (default {default_count})")
    parser.add_argument("--queries", type=int, default=1000, help=queries_help)
    parser.add_argument("--seed", type=int, default=42, help=seed_help)
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR,
                        help="parent folder (default $QUIVER_BENCH_DATA or /tmp/quiver-bench-data)")
    parser.add_argument("--force", action="store_true", help="write again even if the folder is complete")
    return parser.parse_args()


def main():
    args = dataset_arguments("Write the synth-128 dataset with exact top-100 truth.", 100_000)
    name = f"synth-128-{args.count}" + ("" if args.seed == 42 else f"-seed{args.seed}")
    folder = os.path.join(args.data_dir, name)
    if args.force or not matches(folder, args.count, args.queries, args.seed):
        write(folder, args.count, args.queries, args.seed)
    else:
        print(f"synth-128: {folder} is already complete", file=sys.stderr)
    print(folder)


if __name__ == "__main__":
    main()
