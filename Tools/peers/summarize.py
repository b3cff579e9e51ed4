# Tools/peers/summarize.py: turns the JSON lines of run.py (peers) and of `quiver-bench ann`
# (Quiver) into one comparison: a markdown table with each system's QPS at recall@10 of 0.90,
# 0.95 and 0.99, and a recall-vs-QPS plot of every system (PNG, into --out, outside the repository).
#
#   python3 Tools/peers/summarize.py --out /tmp/quiver-bench-run OUTDIR/*.jsonl
#
# QPS at a target recall: of a system's sweep points, only those no other point beats on both
# recall and QPS are kept (its frontier); the target falls between two of them, and QPS is
# interpolated between those two linearly in recall and geometrically in QPS (QPS changes by
# factors along a sweep). ">=" means the sweep's lowest-recall point is already above the target
# (the true figure is at least that); "-" means no point reached it.
# quiver-bench lines carry no "system" key: they are labelled "quiver". Binary indexes
# (BIN_*) measure against Hamming truth, not the L2 truth of the others, and are left out.

import argparse
import json
import math
import os
import sys
import tempfile
from collections import defaultdict

TARGETS = (0.90, 0.95, 0.99)


def read_points(paths):
    """Sweep points grouped by series (system, index, build)."""
    series = defaultdict(list)
    for path in paths:
        with open(path) as handle:
            for line in handle:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                point = json.loads(line)
                if "recall" not in point or "qps" not in point or str(point.get("index", "")).startswith("BIN_"):
                    continue
                key = (point.get("system", "quiver"), point.get("index", "?"), point.get("build", ""))
                series[key].append(point)
    return series


def frontier(points):
    """Points that no other point beats on both recall and QPS, by rising recall."""
    kept = []
    for point in sorted(points, key=lambda p: (-p["recall"], -p["qps"])):
        if not kept or point["qps"] > kept[-1]["qps"]:
            kept.append(point)
    return kept[::-1]


def qps_at(points, target):
    """(QPS, marker) at recall `target`; marker is "", ">=" or None (target not reached)."""
    line = frontier(points)
    above = next((i for i, p in enumerate(line) if p["recall"] >= target), None)
    if above is None:
        return None, None
    if above == 0:
        return line[0]["qps"], ("" if line[0]["recall"] == target else ">=")
    low, high = line[above - 1], line[above]
    share = (target - low["recall"]) / (high["recall"] - low["recall"])
    return math.exp(math.log(low["qps"]) + share * (math.log(high["qps"]) - math.log(low["qps"]))), ""


def label(key):
    system, index, build = key
    return f"{system} {index}" + (f" ({build})" if build else "")


def table(series):
    rows = ["| system | index | build | points | best recall@10 | QPS@0.90 | QPS@0.95 | QPS@0.99 "
            "| build s | build CPU s | build vectors/s | ingest vectors/s | load (1 min) |",
            "|" + "---|" * 13]
    for key in sorted(series):
        points = series[key]
        cells = []
        for target in TARGETS:
            qps, marker = qps_at(points, target)
            cells.append("-" if qps is None else f"{marker}{qps:,.0f}")
        first = points[0]
        ingest = first.get("ingest_vectors_per_s")
        loads = [p["loadavg"][0] for p in points if p.get("loadavg")]
        rows.append(f"| {key[0]} | {key[1]} | {key[2] or '-'} | {len(points)} | {max(p['recall'] for p in points):.3f} | "
                    + " | ".join(cells)
                    + f" | {first.get('build_s', 0):.1f} | "
                    + (f"{first['build_cpu_s']:.1f}" if "build_cpu_s" in first else "-")
                    + f" | {first.get('build_vectors_per_s', 0):,.0f} | "
                    + (f"{ingest:,.0f}" if ingest else "-") + " | "
                    + (f"{min(loads):.1f}-{max(loads):.1f}" if loads else "-") + " |")
    return "\n".join(rows)


def plot(series, path, title):
    import matplotlib
    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(9, 6))
    for key in sorted(series):
        points = sorted(series[key], key=lambda p: p["recall"])
        style = "o-" if key[0] == "quiver" else "s--"
        axes.plot([p["recall"] for p in points], [p["qps"] for p in points], style, label=label(key),
                  linewidth=2.2 if key[0] == "quiver" else 1.4, markersize=4)
    axes.set_yscale("log")
    axes.set_xlabel("recall@10")
    axes.set_ylabel("queries per second (one thread, one query per call; log scale)")
    axes.set_title(title)
    for target in TARGETS:
        axes.axvline(target, color="grey", linewidth=0.6, linestyle=":")
    axes.grid(True, which="both", linewidth=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main():
    parser = argparse.ArgumentParser(description="Table and plot of QPS at recall@10 from run.py and quiver-bench ann lines.")
    parser.add_argument("files", nargs="+", help="JSON-lines files")
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "quiver-peers"),
                        help="folder for recall-qps.png (default: the temporary folder's quiver-peers)")
    parser.add_argument("--title", default="", help="plot title (default: dataset, rows and queries)")
    args = parser.parse_args()
    series = read_points(args.files)
    if not series:
        sys.exit("no sweep points (lines with recall and qps) in the given files")
    print(table(series))
    sample = next((p for points in series.values() for p in points if "dataset" in p), None)
    title = args.title or (f"{sample['dataset']}: {sample['n']:,} rows, {sample['queries']} queries, k {sample['k']}"
                           if sample else "recall@10 vs QPS")
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "recall-qps.png")
    plot(series, path, title)
    print(f"plot: {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
