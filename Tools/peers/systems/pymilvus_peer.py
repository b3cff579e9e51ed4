# Tools/peers/systems/pymilvus_peer.py: the pymilvus calls a Milvus user makes, shared by every
# server measured through MilvusClient (Milvus Lite, and `quiver serve` over gRPC), so each is
# measured with exactly the same requests. Rows go in as a database user inserts them: batches
# of 1,000 rows (id, vector), then flush; the ingest rate is rows over insert plus flush time.
# The collection is created with the HNSW index asked for (M, efConstruction); `wait_for_index`
# (per server) returns once every segment's index is built, so the searches use the graphs
# (build_s: first insert to indexed). Every search is one request with the sweep's ef. Then one
# more row is inserted and the time until a query returns it is reported (visible_after_s).
# The index and every search use the dataset's metric_type (L2, IP or COSINE).

import time

from .peer import HNSW_SWEEP, Peer, hnsw_label, metric_of

BATCH = 1000


class PymilvusPeer(Peer):
    index, sweep_name, default_sweep = "HNSW", "ef", HNSW_SWEEP
    collection = "peers"

    def connect(self):
        """A connected MilvusClient (the subclass starts its server first)."""
        raise NotImplementedError

    def wait_for_index(self):
        """Returns once every flushed segment is searched through its index."""
        raise NotImplementedError

    def build(self, base, params):
        from pymilvus import DataType
        self.metric = metric_of(params)
        self.client = self.connect()
        schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=base.shape[1])
        index_params = self.client.prepare_index_params()
        index_params.add_index("vector", index_type="HNSW", metric_type=self.metric,
                               params={"M": params["M"], "efConstruction": params["efConstruction"]})
        self.client.create_collection(self.collection, schema=schema, index_params=index_params)
        started = time.perf_counter()
        for first in range(0, len(base), BATCH):
            rows = [{"id": row, "vector": base[row].tolist()} for row in range(first, min(first + BATCH, len(base)))]
            self.client.insert(self.collection, rows)
        inserted = time.perf_counter()
        self.client.flush(self.collection)
        flushed = time.perf_counter()
        self.wait_for_index()
        indexed = time.perf_counter()
        self.ef = 64
        described = self.client.describe_index(self.collection, "vector")
        return {"build_s": indexed - started, "insert_s": inserted - started, "flush_s": flushed - inserted,
                "load_s": indexed - flushed, "ingest_vectors_per_s": len(base) / (flushed - started),
                "visible_after_s": self.visibility_delay(base[0]),
                "index_reported": str(described.get("index_type", "?"))}

    def visibility_delay(self, vector):
        """Seconds from insert() returning to a query finding the new row (polled every millisecond,
        at most 30 s). The row is deleted again before the searches."""
        fresh = 1 << 40
        self.client.insert(self.collection, [{"id": fresh, "vector": vector.tolist()}])
        started = time.perf_counter()
        while not self.client.query(self.collection, filter=f"id == {fresh}", output_fields=["id"]):
            if time.perf_counter() - started > 30:
                break
            time.sleep(0.001)
        delay = time.perf_counter() - started
        self.client.delete(self.collection, ids=[fresh])
        return delay

    def build_label(self, params):
        return hnsw_label(params)

    def set_search(self, value):
        self.ef = value

    def search_one(self, query, k):
        hits = self.client.search(self.collection, [query.tolist()], limit=k,
                                  search_params={"metric_type": self.metric, "params": {"ef": self.ef}})[0]
        return [hit["id"] for hit in hits]
