"""pymilvus against `quiver serve` over gRPC, the calls Quiver serves so far.

Usage: smoke.py URI TOKEN EXPECTED_COLLECTION
Connects with MilvusClient(uri=URI, token=TOKEN) (Connect), asks the server version (GetVersion)
and lists collections (ShowCollections), which must hold EXPECTED_COLLECTION (made over REST by
the calling test). Prints one JSON line with what it saw; exits non-zero, saying why, otherwise.
Run by Tests/QuiverServerTests/PymilvusTests.swift with the pinned .venv (make venv).
"""

import json
import sys

from pymilvus import MilvusClient


def main() -> int:
    if len(sys.argv) != 4:
        print("usage: smoke.py URI TOKEN EXPECTED_COLLECTION", file=sys.stderr)
        return 2
    uri, token, expected = sys.argv[1:]
    client = MilvusClient(uri=uri, token=token, timeout=60)
    try:
        version = client.get_server_version()
        collections = client.list_collections()
    finally:
        client.close()
    print(json.dumps({"version": version, "collections": collections}))
    if not isinstance(version, str) or not version:
        print(f"get_server_version() returned {version!r}, not a version string", file=sys.stderr)
        return 1
    if expected not in collections:
        print(f"list_collections() returned {collections!r}, without {expected!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
