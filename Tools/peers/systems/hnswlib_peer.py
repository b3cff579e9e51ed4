# Tools/peers/systems/hnswlib_peer.py: hnswlib, the reference HNSW implementation, on one thread.
# Spaces: "l2" (squared L2), "ip" (1 - inner product), "cosine" (hnswlib normalises the rows it
# adds and each query, then uses "ip").

import time

import numpy as np

from .peer import HNSW_SWEEP, Peer, hnsw_label, metric_of

SPACES = {"L2": "l2", "IP": "ip", "COSINE": "cosine"}


class HnswlibPeer(Peer):
    name, index, sweep_name, default_sweep = "hnswlib", "HNSW", "ef", HNSW_SWEEP
    packages = ("hnswlib",)

    def build(self, base, params):
        import hnswlib
        self.graph = hnswlib.Index(space=SPACES[metric_of(params)], dim=base.shape[1])
        self.graph.init_index(max_elements=len(base), M=params["M"], ef_construction=params["efConstruction"],
                              random_seed=100)
        self.graph.set_num_threads(1)
        started = time.perf_counter()
        self.graph.add_items(base, np.arange(len(base)), num_threads=1)
        return {"build_s": time.perf_counter() - started}

    def build_label(self, params):
        return hnsw_label(params)

    def set_search(self, value):
        self.graph.set_ef(value)

    def search_one(self, query, k):
        return self.graph.knn_query(query, k=k, num_threads=1)[0][0]
