# Tools/peers/measure.py: how the peer runner measures, in one place, so every system is timed
# and scored the same way as `quiver-bench ann`: recall@k against the first k ids of truth.npy,
# one query per call on one thread, QPS = queries / wall seconds of a pass (the median of
# several passes), and the machine's load average on every JSON line so a busy run shows.

import json
import os
import platform
import statistics
import sys
import time

import numpy as np


def load(folder, query_limit=None):
    """(base, queries, truth) from a dataset folder written by dataset.py (or quiver-bench generate)."""
    base = np.load(os.path.join(folder, "base.npy"))
    queries = np.load(os.path.join(folder, "queries.npy"))
    truth = np.load(os.path.join(folder, "truth.npy"))
    used = min(len(queries), len(truth), query_limit or len(queries))
    return np.ascontiguousarray(base, np.float32), np.ascontiguousarray(queries[:used], np.float32), truth[:used]


def recall(found, truth, k):
    """Share of the true k nearest that a system returned, over all queries (ids beyond k ignored)."""
    hits = sum(len(set(map(int, ids[:k])) & set(map(int, true[:k]))) for ids, true in zip(found, truth))
    return hits / (len(truth) * k)


def single_query_passes(search_one, queries, passes, warm_up=50):
    """Runs every query once per pass, one call each, after `warm_up` untimed queries (so the first
    pass does not pay for cold caches alone). Returns (ids of the first pass, QPS per pass)."""
    for query in queries[:warm_up]:
        search_one(query)
    first, rates = None, []
    for _ in range(passes):
        answers = []
        started = time.perf_counter()
        for query in queries:
            answers.append(search_one(query))
        rates.append(len(queries) / (time.perf_counter() - started))
        first = answers if first is None else first
    return first, rates


def stopwatch(action):
    """(result of action(), wall seconds it took)."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def median(values):
    return statistics.median(values)


def load_average():
    return [round(value, 2) for value in os.getloadavg()]


def machine():
    """A line of facts about the machine, for the run's header."""
    model = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as handle:
            model = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": model, "cpus": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "system": platform.platform()}


def emit(record):
    """One JSON line on stdout (the results); stdout is flushed so a killed run keeps its lines."""
    print(json.dumps(record, sort_keys=True), flush=True)


def progress(message):
    print(message, file=sys.stderr, flush=True)
