# Tools/peers/systems/quiver_grpc_peer.py: Quiver as a Milvus user reaches it: a `quiver serve`
# child process on a free port of 127.0.0.1 with a scratch data directory, driven through
# pymilvus's MilvusClient over gRPC with exactly the requests Milvus Lite gets (PymilvusPeer).
# The binary is $QUIVER_BINARY, else .build/release/quiver (build it with
# `swift build -c release --product quiver`). The server runs with its defaults (background
# compaction and index builds on); before the searches the collection is compacted and every
# segment's index built (DescribeIndex "Finished"), so no background work runs under them.
# It is a separate process, so its threads are not held to one like the in-process peers: on a
# two-core machine client and server share the cores, as they do for Milvus Lite.

import os
import shutil
import socket
import subprocess
import tempfile
import time

from .pymilvus_peer import PymilvusPeer


class QuiverGRPCPeer(PymilvusPeer):
    name = "quiver-grpc"
    packages = ("pymilvus",)

    def connect(self):
        from pymilvus import MilvusClient
        binary = os.environ.get("QUIVER_BINARY", ".build/release/quiver")
        if not os.path.exists(binary):
            raise SystemExit(f"quiver-grpc: no quiver binary at {binary}; build it with "
                             "`swift build -c release --product quiver` or set QUIVER_BINARY")
        self.folder = tempfile.mkdtemp(prefix="quiver-peers-serve.")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.log = open(f"{self.folder}/serve.log", "wb")
        self.server = subprocess.Popen([binary, "serve", "--data", f"{self.folder}/data", "--host", "127.0.0.1",
                                        "--port", str(port)], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if self.server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"quiver-grpc: quiver serve did not start; see {self.folder}/serve.log")
                time.sleep(0.05)
        return MilvusClient(uri=f"http://127.0.0.1:{port}")

    def wait_for_index(self):
        # As a user would before measuring: compact (the flushes left one segment per second of
        # ingest), then wait until every segment large enough has its index, so no merge or
        # build runs under the searches.
        self.wait_until_indexed()
        job = self.client.compact(self.collection)
        deadline = time.monotonic() + 1800
        while self.client.get_compaction_state(job) != "Completed":
            if time.monotonic() > deadline:
                raise SystemExit("quiver-grpc: compaction did not complete within 30 minutes")
            time.sleep(0.2)
        self.wait_until_indexed()

    def wait_until_indexed(self):
        deadline = time.monotonic() + 1800
        while self.client.describe_index(self.collection, "vector").get("state") != "Finished":
            if time.monotonic() > deadline:
                raise SystemExit("quiver-grpc: the index was not built within 30 minutes")
            time.sleep(0.2)

    def close(self):
        self.client.close()
        self.server.terminate()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
