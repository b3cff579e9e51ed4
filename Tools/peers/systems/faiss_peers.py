# Tools/peers/systems/faiss_peers.py: faiss's HNSW (IndexHNSWFlat) and IVF (IndexIVFFlat over a
# flat L2 coarse quantizer), on one OpenMP thread. The IVF build is timed as training plus adding;
# the add phase alone is reported too (add_vectors_per_s), as quiver-bench does for its IVF.
# IP builds with METRIC_INNER_PRODUCT (and a flat IP coarse quantizer); COSINE does the same over
# unit-length copies of the rows, and scales each query to unit length before it searches.

import time

from .peer import HNSW_SWEEP, IVF_SWEEP, Peer, hnsw_label, metric_of, unit_rows


def _faiss():
    import faiss
    faiss.omp_set_num_threads(1)
    return faiss


def prepared(faiss, base, params):
    """(faiss metric, rows to add, whether queries are scaled to unit length) for params' metric."""
    metric = metric_of(params)
    if metric == "L2":
        return faiss.METRIC_L2, base, False
    return faiss.METRIC_INNER_PRODUCT, (unit_rows(base) if metric == "COSINE" else base), metric == "COSINE"


class FaissHNSWPeer(Peer):
    name, index, sweep_name, default_sweep = "faiss-hnsw", "HNSW", "ef", HNSW_SWEEP
    packages = ("faiss-cpu",)

    def build(self, base, params):
        faiss = _faiss()
        metric, rows, self.unit_queries = prepared(faiss, base, params)
        self.graph = faiss.IndexHNSWFlat(base.shape[1], params["M"], metric)
        self.graph.hnsw.efConstruction = params["efConstruction"]
        started = time.perf_counter()
        self.graph.add(rows)
        return {"build_s": time.perf_counter() - started}

    def build_label(self, params):
        return hnsw_label(params)

    def set_search(self, value):
        self.graph.hnsw.efSearch = value

    def search_one(self, query, k):
        query = unit_rows(query) if self.unit_queries else query
        return self.graph.search(query[None, :], k)[1][0]


class FaissIVFPeer(Peer):
    name, index, sweep_name, default_sweep = "faiss-ivf", "IVF_FLAT", "nprobe", IVF_SWEEP
    packages = ("faiss-cpu",)

    def build(self, base, params):
        faiss = _faiss()
        dimension = base.shape[1]
        metric, rows, self.unit_queries = prepared(faiss, base, params)
        # The quantizer is kept referenced: the IVF index does not own it.
        self.quantizer = faiss.IndexFlatL2(dimension) if metric == faiss.METRIC_L2 else faiss.IndexFlatIP(dimension)
        self.lists = faiss.IndexIVFFlat(self.quantizer, dimension, params["nlist"], metric)
        started = time.perf_counter()
        self.lists.train(rows)
        trained = time.perf_counter()
        self.lists.add(rows)
        finished = time.perf_counter()
        return {"build_s": finished - started, "train_s": trained - started,
                "add_vectors_per_s": len(base) / (finished - trained)}

    def build_label(self, params):
        return f"nlist={params['nlist']}"

    def set_search(self, value):
        self.lists.nprobe = value

    def search_one(self, query, k):
        query = unit_rows(query) if self.unit_queries else query
        return self.lists.search(query[None, :], k)[1][0]
