# Tools/peers/systems/usearch_peer.py: USearch's HNSW (connectivity = M, expansion_add =
# efConstruction, expansion_search = ef), float32 vectors, one thread; metric "l2sq" (squared L2),
# "ip" or "cos" (cosine) as the dataset asks.

import time

import numpy as np

from .peer import HNSW_SWEEP, Peer, hnsw_label, metric_of

METRICS = {"L2": "l2sq", "IP": "ip", "COSINE": "cos"}


class USearchPeer(Peer):
    name, index, sweep_name, default_sweep = "usearch", "HNSW", "ef", HNSW_SWEEP
    packages = ("usearch",)

    def build(self, base, params):
        from usearch.index import Index
        self.graph = Index(ndim=base.shape[1], metric=METRICS[metric_of(params)], dtype="f32", connectivity=params["M"],
                           expansion_add=params["efConstruction"], expansion_search=64)
        started = time.perf_counter()
        self.graph.add(np.arange(len(base), dtype=np.uint64), base, threads=1)
        return {"build_s": time.perf_counter() - started}

    def build_label(self, params):
        return hnsw_label(params)

    def set_search(self, value):
        self.graph.expansion_search = value

    def search_one(self, query, k):
        return self.graph.search(query, k, threads=1).keys
