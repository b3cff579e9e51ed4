# Tools/peers/systems/hnswlib_peer.py: hnswlib, the reference HNSW implementation, on one thread.

import time

import numpy as np

from .peer import HNSW_SWEEP, Peer, hnsw_label


class HnswlibPeer(Peer):
    name, index, sweep_name, default_sweep = "hnswlib", "HNSW", "ef", HNSW_SWEEP
    packages = ("hnswlib",)

    def build(self, base, params):
        import hnswlib
        self.graph = hnswlib.Index(space="l2", dim=base.shape[1])
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
