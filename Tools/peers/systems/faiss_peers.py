# Tools/peers/systems/faiss_peers.py: faiss's HNSW (IndexHNSWFlat) and IVF (IndexIVFFlat over a
# flat L2 coarse quantizer), on one OpenMP thread. The IVF build is timed as training plus adding;
# the add phase alone is reported too (add_vectors_per_s), as quiver-bench does for its IVF.

import time

from .peer import HNSW_SWEEP, IVF_SWEEP, Peer, hnsw_label


def _faiss():
    import faiss
    faiss.omp_set_num_threads(1)
    return faiss


class FaissHNSWPeer(Peer):
    name, index, sweep_name, default_sweep = "faiss-hnsw", "HNSW", "ef", HNSW_SWEEP
    packages = ("faiss-cpu",)

    def build(self, base, params):
        faiss = _faiss()
        self.graph = faiss.IndexHNSWFlat(base.shape[1], params["M"], faiss.METRIC_L2)
        self.graph.hnsw.efConstruction = params["efConstruction"]
        started = time.perf_counter()
        self.graph.add(base)
        return {"build_s": time.perf_counter() - started}

    def build_label(self, params):
        return hnsw_label(params)

    def set_search(self, value):
        self.graph.hnsw.efSearch = value

    def search_one(self, query, k):
        return self.graph.search(query[None, :], k)[1][0]


class FaissIVFPeer(Peer):
    name, index, sweep_name, default_sweep = "faiss-ivf", "IVF_FLAT", "nprobe", IVF_SWEEP
    packages = ("faiss-cpu",)

    def build(self, base, params):
        faiss = _faiss()
        dimension = base.shape[1]
        self.quantizer = faiss.IndexFlatL2(dimension)  # kept referenced: the IVF index does not own it
        self.lists = faiss.IndexIVFFlat(self.quantizer, dimension, params["nlist"], faiss.METRIC_L2)
        started = time.perf_counter()
        self.lists.train(base)
        trained = time.perf_counter()
        self.lists.add(base)
        finished = time.perf_counter()
        return {"build_s": finished - started, "train_s": trained - started,
                "add_vectors_per_s": len(base) / (finished - trained)}

    def build_label(self, params):
        return f"nlist={params['nlist']}"

    def set_search(self, value):
        self.lists.nprobe = value

    def search_one(self, query, k):
        return self.lists.search(query[None, :], k)[1][0]
