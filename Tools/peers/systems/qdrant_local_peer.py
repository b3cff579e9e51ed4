# Tools/peers/systems/qdrant_local_peer.py: qdrant-client's local mode, the in-process Qdrant a
# Python user gets without a server, held in memory (QdrantClient(":memory:")). Its on-disk
# variant (path=...) commits every upsert to SQLite, about 80 rows/s on the project's machine,
# which measures the disk rather than the search. Local mode answers by scanning every vector
# (it has no HNSW), so it is an exact search: one point, recall 1.0, at the QPS of a brute-force
# scan in Python and NumPy. Distance EUCLID, DOT or COSINE as the dataset's metric is L2, IP or COSINE.

import time

from .peer import Peer, metric_of

BATCH = 1000


class QdrantLocalPeer(Peer):
    name, index, sweep_name, default_sweep = "qdrant-local", "FLAT", None, [0]
    packages = ("qdrant-client",)
    collection = "peers"

    def build(self, base, params):
        from qdrant_client import QdrantClient, models
        distance = {"L2": models.Distance.EUCLID, "IP": models.Distance.DOT,
                    "COSINE": models.Distance.COSINE}[metric_of(params)]
        self.client = QdrantClient(":memory:")
        self.client.create_collection(self.collection, vectors_config=models.VectorParams(
            size=base.shape[1], distance=distance))
        started = time.perf_counter()
        for first in range(0, len(base), BATCH):
            last = min(first + BATCH, len(base))
            self.client.upsert(self.collection, points=models.Batch(
                ids=list(range(first, last)), vectors=base[first:last].tolist()))
        elapsed = time.perf_counter() - started
        return {"build_s": elapsed, "ingest_vectors_per_s": len(base) / elapsed}

    def search_one(self, query, k):
        points = self.client.query_points(self.collection, query=query.tolist(), limit=k).points
        return [point.id for point in points]

    def close(self):
        self.client.close()
