# Tools/peers/systems/milvus_lite_peer.py: Milvus Lite through pymilvus's MilvusClient, with the
# database in a scratch folder. Milvus Lite 3 (the pinned version) is a Milvus-compatible server
# written in Python that runs inside this process, serves gRPC on 127.0.0.1 and indexes with
# faiss: its recall follows faiss-hnsw's, and its QPS is mostly the cost of a request through
# pymilvus, gRPC and its Python server. (Milvus Lite 2.5, the C++ engine, refuses HNSW in local
# mode: FLAT, IVF_FLAT and AUTOINDEX only.) Rows go in as a database user inserts them: batches
# of 1,000 rows (id, vector), then flush; the ingest rate is rows over insert plus flush time.
# The collection is created with the HNSW index asked for (M, efConstruction), released and
# loaded again after the flush so that every segment's index is built before the searches
# (build_s: first insert to loaded; load_s: the load alone); every search is one request with
# the sweep's ef. Then one more row is inserted and the time until a query returns it is
# reported (visible_after_s). The server answers on threads of this process; faiss under it is
# held to one OpenMP thread like every other peer.

import shutil
import tempfile
import time

from .peer import HNSW_SWEEP, Peer, hnsw_label

BATCH = 1000


class MilvusLitePeer(Peer):
    name, index, sweep_name, default_sweep = "milvus-lite", "HNSW", "ef", HNSW_SWEEP
    packages = ("milvus-lite", "pymilvus")
    collection = "peers"

    def build(self, base, params):
        from pymilvus import DataType, MilvusClient
        self.folder = tempfile.mkdtemp(prefix="quiver-peers-milvus.")
        self.client = MilvusClient(f"{self.folder}/milvus.db")
        schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=base.shape[1])
        index_params = self.client.prepare_index_params()
        index_params.add_index("vector", index_type="HNSW", metric_type="L2",
                               params={"M": params["M"], "efConstruction": params["efConstruction"]})
        self.client.create_collection(self.collection, schema=schema, index_params=index_params)
        started = time.perf_counter()
        for first in range(0, len(base), BATCH):
            rows = [{"id": row, "vector": base[row].tolist()} for row in range(first, min(first + BATCH, len(base)))]
            self.client.insert(self.collection, rows)
        inserted = time.perf_counter()
        self.client.flush(self.collection)
        flushed = time.perf_counter()
        # Milvus Lite builds segment indexes on a background thread after a flush and meanwhile
        # answers by brute force; describe_index reports "Finished" regardless. Releasing and
        # loading the collection builds (or loads) every segment's index before returning, so
        # the searches below use the HNSW graphs.
        self.client.release_collection(self.collection)
        self.client.load_collection(self.collection)
        loaded = time.perf_counter()
        self.ef = 64
        described = self.client.describe_index(self.collection, "vector")
        return {"build_s": loaded - started, "insert_s": inserted - started, "flush_s": flushed - inserted,
                "load_s": loaded - flushed, "ingest_vectors_per_s": len(base) / (flushed - started),
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
                                  search_params={"metric_type": "L2", "params": {"ef": self.ef}})[0]
        return [hit["id"] for hit in hits]

    def close(self):
        self.client.close()
        # Closing the client leaves Milvus Lite's in-process server running; it would write its
        # last files into the folder at interpreter exit, after the folder is gone. Stop it first
        # through the same server manager pymilvus started it with.
        try:
            from milvus_lite.server_manager import server_manager_instance
            server_manager_instance.release_server(f"{self.folder}/milvus.db")
        except (ImportError, AttributeError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
