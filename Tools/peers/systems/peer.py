# Tools/peers/systems/peer.py: what every measured system provides to the runner (run.py).
# A peer builds one index over the whole base set, then answers one query at a time with a
# search parameter (ef, nprobe) set before each sweep point. Build parameters arrive as a dict
# (M, efConstruction, nlist); each peer uses the ones that apply to it and reports them back.
# params["metric"] is the dataset's metric (meta.json's "metric", L2 when it has none): L2
# (squared Euclidean), IP (inner product) or COSINE; every peer builds its index for it.

from importlib.metadata import PackageNotFoundError, version

import numpy as np

METRICS = ("L2", "IP", "COSINE")


class Peer:
    name = "?"            # the --system name
    index = "?"           # index kind, in quiver-bench's words: HNSW, IVF_FLAT, FLAT
    sweep_name = None     # "ef" or "nprobe"; None when search has no knob (exact scan)
    default_sweep = [0]
    packages = ()         # PyPI packages whose versions go on every line

    def build(self, base, params):
        """Builds the index over `base` (float32, rows numbered from 0) for params["metric"].
        Returns a dict of figures: at least build_s; others (ingest_vectors_per_s, flush_s,
        add_vectors_per_s) where they apply."""
        raise NotImplementedError

    def build_label(self, params):
        """The build parameters that applied, as quiver-bench writes them (M=16,efConstruction=200)."""
        return ""

    def set_search(self, value):
        """Sets the sweep parameter for the following searches."""

    def search_one(self, query, k):
        """Ids of the k nearest rows of one query (a float32 vector), nearest first."""
        raise NotImplementedError

    def close(self):
        pass

    def versions(self):
        found = {}
        for package in self.packages:
            try:
                found[package] = version(package)
            except PackageNotFoundError:
                found[package] = "?"
        return found


def metric_of(params):
    """The metric to build for: L2, IP or COSINE (L2 when params has none)."""
    metric = str(params.get("metric", "L2")).upper()
    if metric not in METRICS:
        raise ValueError(f"unsupported metric {metric}; the peers know {', '.join(METRICS)}")
    return metric


def unit_rows(vectors):
    """A float32 copy of `vectors` (one row or many) with every nonzero row scaled to length 1:
    cosine similarity as an inner product, for libraries that have no cosine of their own."""
    vectors = np.array(vectors, dtype=np.float32, copy=True)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


def hnsw_label(params):
    return f"M={params['M']},efConstruction={params['efConstruction']}"


HNSW_SWEEP = [16, 32, 64, 96, 128, 192, 256]
IVF_SWEEP = [8, 16, 32, 64, 128]
