# Tools/peers/systems/milvus_lite_peer.py: Milvus Lite through pymilvus's MilvusClient, with the
# database in a scratch folder. Milvus Lite 3 (the pinned version) is a Milvus-compatible server
# written in Python that runs inside this process, serves gRPC on 127.0.0.1 and indexes with
# faiss: its recall follows faiss-hnsw's, and its QPS is mostly the cost of a request through
# pymilvus, gRPC and its Python server. (Milvus Lite 2.5, the C++ engine, refuses HNSW in local
# mode: FLAT, IVF_FLAT and AUTOINDEX only.) The requests are PymilvusPeer's. The server answers
# on threads of this process; faiss under it is held to one OpenMP thread like every other peer.

import shutil
import tempfile

from .pymilvus_peer import PymilvusPeer


class MilvusLitePeer(PymilvusPeer):
    name = "milvus-lite"
    packages = ("milvus-lite", "pymilvus")

    def connect(self):
        from pymilvus import MilvusClient
        self.folder = tempfile.mkdtemp(prefix="quiver-peers-milvus.")
        return MilvusClient(f"{self.folder}/milvus.db")

    def wait_for_index(self):
        # Milvus Lite builds segment indexes on a background thread after a flush and meanwhile
        # answers by brute force; describe_index reports "Finished" regardless. Releasing and
        # loading the collection builds (or loads) every segment's index before returning.
        self.client.release_collection(self.collection)
        self.client.load_collection(self.collection)

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
