# Tools/peers/systems: one module per peer library; this file maps --system names to them.
# Modules load only when their system is asked for, so a missing library fails that system alone.

import importlib

SYSTEMS = {
    "hnswlib": ("hnswlib_peer", "HnswlibPeer"),
    "faiss-hnsw": ("faiss_peers", "FaissHNSWPeer"),
    "faiss-ivf": ("faiss_peers", "FaissIVFPeer"),
    "usearch": ("usearch_peer", "USearchPeer"),
    "milvus-lite": ("milvus_lite_peer", "MilvusLitePeer"),
    "qdrant-local": ("qdrant_local_peer", "QdrantLocalPeer"),
    "quiver-grpc": ("quiver_grpc_peer", "QuiverGRPCPeer"),
}


def make(name):
    module_name, class_name = SYSTEMS[name]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, class_name)()
