"""The pymilvus compatibility suite: Milvus's own Python client, unchanged, against `quiver serve`.

Usage: compat_suite.py URI TOKEN PHASE
  PHASE "all": every check below, each independent (a failure is reported and the next runs);
  PHASE "write": writes rows that a restart must keep and prints {"acked": [...]};
  PHASE "verify": reads them back after the server was killed and restarted.
Prints one JSON line per check ({"check": name, "ok": bool, "detail": ...}) and exits 1 if any
check failed. Names are prefixed with "compat_" and dropped at the start, so reruns are clean.
"""

import json
import sys
import time
import traceback

from pymilvus import (AnnSearchRequest, DataType, MilvusClient, MilvusException, RRFRanker,
                      WeightedRanker)

URI, TOKEN, PHASE = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def check(name):
    def run(body):
        try:
            detail = body()
            print(json.dumps({"check": name, "ok": True, "detail": detail}, default=str), flush=True)
        except Exception as error:  # a check's failure is reported, never fatal to the suite
            failures.append(name)
            print(json.dumps({"check": name, "ok": False, "detail": f"{type(error).__name__}: {error}",
                              "trace": traceback.format_exc(limit=3)}), flush=True)
        return body
    return run


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def refused(call, *fragments):
    """Runs `call`, which must raise MilvusException whose message holds every fragment."""
    try:
        call()
    except MilvusException as error:
        for fragment in fragments:
            expect(fragment in str(error), f"message {str(error)!r} lacks {fragment!r}")
        return str(error)
    raise AssertionError("the call succeeded")


client = MilvusClient(uri=URI, token=TOKEN)
VECTORS = [[float(i == j) + 0.01 * i for j in range(8)] for i in range(10)]


def fresh(name):
    if client.has_collection(name):
        client.drop_collection(name)
    return name


if PHASE == "write":
    name = fresh("compat_durable")
    client.create_collection(name, dimension=8, metric_type="L2")
    acked = []
    for start in range(0, 200, 50):
        rows = [{"id": i, "vector": VECTORS[i % 10], "n": i} for i in range(start, start + 50)]
        result = client.insert(name, rows)
        acked += list(result["ids"])
        print(json.dumps({"acked_through": acked[-1]}), flush=True)
    print(json.dumps({"acked": len(acked)}), flush=True)
    sys.exit(0)

if PHASE == "verify":
    @check("durable rows survive the restart")
    def _():
        name = "compat_durable"
        expect(client.has_collection(name), "the collection is gone")
        count = client.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"]
        expect(count == 200, f"count {count}, expected 200")
        rows = client.get(name, ids=[0, 199], output_fields=["n"])
        expect(sorted(r["n"] for r in rows) == [0, 199], f"rows {rows}")
        hits = client.search(name, data=[VECTORS[3]], limit=1)
        expect(hits[0][0]["id"] % 10 == 3, f"hits {hits}")
        return count
    sys.exit(1 if failures else 0)


@check("server version and databases")
def _():
    version = client.get_server_version()
    expect(version.startswith("v2."), f"version {version!r}")
    expect(client.list_databases() == ["default"], f"databases {client.list_databases()}")
    return version


@check("quick start: create, insert, search, query, get, delete, drop")
def _():
    name = fresh("compat_quick")
    client.create_collection(name, dimension=8)
    expect(client.has_collection(name), "has_collection is False after create")
    result = client.insert(name, [{"id": i, "vector": VECTORS[i], "color": "red" if i % 2 else "blue"} for i in range(10)])
    expect(result["insert_count"] == 10 and list(result["ids"]) == list(range(10)), f"insert {result}")
    hits = client.search(name, data=[VECTORS[4], VECTORS[7]], limit=3, output_fields=["color"])
    expect(len(hits) == 2 and len(hits[0]) == 3, f"hits {hits}")
    expect(hits[0][0]["id"] == 4 and hits[1][0]["id"] == 7, f"nearest {hits[0][0]}, {hits[1][0]}")
    expect(hits[0][0]["entity"]["color"] == "blue", f"entity {hits[0][0]}")
    filtered = client.search(name, data=[VECTORS[4]], limit=3, filter='color == "red"')
    expect(all(hit["id"] % 2 == 1 for hit in filtered[0]), f"filtered {filtered}")
    rows = client.query(name, filter="id < 3", output_fields=["id", "color"])
    expect(sorted(r["id"] for r in rows) == [0, 1, 2] and all("color" in r for r in rows), f"query {rows}")
    count = client.query(name, filter="", output_fields=["count(*)"])
    expect(count[0]["count(*)"] == 10, f"count {count}")
    got = client.get(name, ids=[5, 6])
    expect(sorted(r["id"] for r in got) == [5, 6] and len(got[0]["vector"]) == 8, f"get {got}")
    client.delete(name, ids=[5])
    client.delete(name, filter="id >= 8")
    count = client.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"]
    expect(count == 7, f"count after deletes {count}")
    client.upsert(name, [{"id": 1, "vector": VECTORS[9], "color": "green"}])
    expect(client.get(name, ids=[1])[0]["color"] == "green", "upsert did not replace row 1")
    client.drop_collection(name)
    expect(not client.has_collection(name), "has_collection is True after drop")
    return count


@check("schema, index params, nullable, JSON, arrays, describe")
def _():
    name = fresh("compat_schema")
    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=True)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=8)
    schema.add_field("title", DataType.VARCHAR, max_length=64)
    schema.add_field("year", DataType.INT32, nullable=True)
    schema.add_field("meta", DataType.JSON)
    schema.add_field("tags", DataType.ARRAY, element_type=DataType.INT64, max_capacity=4)
    index_params = client.prepare_index_params()
    index_params.add_index(field_name="vec", index_type="HNSW", metric_type="L2", params={"M": 16, "efConstruction": 64})
    client.create_collection(name, schema=schema, index_params=index_params)
    described = client.describe_collection(name)
    names = [field["name"] for field in described["fields"]]
    expect(names == ["id", "vec", "title", "year", "meta", "tags"], f"fields {names}")
    expect(described["enable_dynamic_field"], "dynamic field off")
    rows = [{"id": i, "vec": VECTORS[i], "title": f"t{i}", "year": None if i == 2 else 2000 + i,
             "meta": {"k": i}, "tags": [i, i + 1], "extra": i * 10} for i in range(5)]
    client.insert(name, rows)
    got = {r["id"]: r for r in client.query(name, filter="id in [1, 2]", output_fields=["*"])}
    expect(got[2]["year"] is None and got[1]["year"] == 2001, f"nullable {got}")
    expect(got[1]["meta"] == {"k": 1} and list(got[1]["tags"]) == [1, 2] and got[1]["extra"] == 10, f"row {got[1]}")
    hits = client.search(name, data=[VECTORS[3]], limit=2, search_params={"params": {"ef": 32}}, output_fields=["title"])
    expect(hits[0][0]["id"] == 3 and hits[0][0]["entity"]["title"] == "t3", f"hits {hits}")
    indexes = client.list_indexes(name)
    expect(indexes == ["vec"], f"indexes {indexes}")
    index = client.describe_index(name, "vec")
    expect(index["index_type"] == "HNSW", f"index {index}")
    templated = client.query(name, filter="id in {ids}", filter_params={"ids": [0, 4]}, output_fields=["id"])
    expect(sorted(r["id"] for r in templated) == [0, 4], f"templated {templated}")
    ranged = client.search(name, data=[VECTORS[0]], limit=5, search_params={"params": {"radius": 1.5, "range_filter": 0.0}})
    expect(all(0.0 <= hit["distance"] < 1.5 for hit in ranged[0]), f"range {ranged}")
    return names


@check("partitions")
def _():
    name = fresh("compat_parts")
    client.create_collection(name, dimension=8)
    client.create_partition(name, "spring")
    expect(client.has_partition(name, "spring") and not client.has_partition(name, "autumn"), "has_partition")
    expect(set(client.list_partitions(name)) == {"_default", "spring"}, f"partitions {client.list_partitions(name)}")
    client.insert(name, [{"id": 1, "vector": VECTORS[1]}], partition_name="spring")
    client.insert(name, [{"id": 2, "vector": VECTORS[2]}])
    hits = client.search(name, data=[VECTORS[2]], limit=5, partition_names=["spring"])
    expect([hit["id"] for hit in hits[0]] == [1], f"partition search {hits}")
    rows = client.query(name, filter="id > 0", partition_names=["spring"], output_fields=["id"])
    expect([r["id"] for r in rows] == [1], f"partition query {rows}")
    client.release_partitions(name, ["spring"])
    client.drop_partition(name, "spring")
    expect(not client.has_partition(name, "spring"), "partition still there")
    return "ok"


@check("aliases and rename")
def _():
    name = fresh("compat_alias_target")
    fresh("compat_renamed")
    client.create_collection(name, dimension=8)
    for alias in client.list_aliases(name)["aliases"]:
        client.drop_alias(alias)
    client.create_alias(name, "compat_alias")
    expect(client.describe_alias("compat_alias")["collection_name"] == name, f"alias {client.describe_alias('compat_alias')}")
    expect(client.list_aliases(name)["aliases"] == ["compat_alias"], f"aliases {client.list_aliases(name)}")
    client.insert("compat_alias", [{"id": 1, "vector": VECTORS[1]}])
    expect(client.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"] == 1, "insert through the alias")
    client.drop_alias("compat_alias")
    client.rename_collection(name, "compat_renamed")
    expect(client.has_collection("compat_renamed") and not client.has_collection(name), "rename")
    client.drop_collection("compat_renamed")
    return "ok"


@check("hybrid search, RRF and weighted")
def _():
    name = fresh("compat_hybrid")
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("a", DataType.FLOAT_VECTOR, dim=8)
    schema.add_field("b", DataType.FLOAT_VECTOR, dim=8)
    index_params = client.prepare_index_params()
    index_params.add_index(field_name="a", index_type="FLAT", metric_type="L2")
    index_params.add_index(field_name="b", index_type="FLAT", metric_type="L2")
    client.create_collection(name, schema=schema, index_params=index_params)
    client.insert(name, [{"id": i, "a": VECTORS[i], "b": VECTORS[9 - i]} for i in range(10)])
    requests = [AnnSearchRequest(data=[VECTORS[2]], anns_field="a", param={"metric_type": "L2"}, limit=3),
                AnnSearchRequest(data=[VECTORS[7]], anns_field="b", param={"metric_type": "L2"}, limit=3)]
    fused = client.hybrid_search(name, requests, RRFRanker(60), limit=2)
    expect(len(fused[0]) == 2 and fused[0][0]["id"] == 2, f"rrf {fused}")
    weighted = client.hybrid_search(name, requests, WeightedRanker(0.9, 0.1), limit=1)
    expect(weighted[0][0]["id"] == 2, f"weighted {weighted}")
    return [hit["id"] for hit in fused[0]]


@check("flush, stats, compaction, load state, iterator")
def _():
    name = fresh("compat_ops")
    client.create_collection(name, dimension=8)
    client.insert(name, [{"id": i, "vector": VECTORS[i % 10]} for i in range(25)])
    client.flush(name)
    expect(client.get_collection_stats(name)["row_count"] == 25, f"stats {client.get_collection_stats(name)}")
    job = client.compact(name)
    expect(client.get_compaction_state(job) == "Completed", f"compaction {client.get_compaction_state(job)}")
    client.release_collection(name)
    expect(str(client.get_load_state(name)["state"]).endswith("NotLoad"), f"state {client.get_load_state(name)}")
    client.load_collection(name)
    expect(str(client.get_load_state(name)["state"]).endswith("Loaded"), f"state {client.get_load_state(name)}")
    iterator = client.query_iterator(name, batch_size=7, filter="id >= 0", output_fields=["id"])
    seen = []
    while True:
        page = iterator.next()
        if not page:
            break
        seen += [row["id"] for row in page]
    iterator.close()
    expect(seen == list(range(25)), f"iterator pages {seen}")
    return len(seen)


@check("search iterator (v2 token): every row once, nearest first")
def _():
    name = fresh("compat_search_iter")
    client.create_collection(name, dimension=8, metric_type="L2")
    # Distinct distances from the query (row i is i * 0.5 away along the first axis): no ties.
    client.insert(name, [{"id": i, "vector": [0.5 * i] + [1.0] * 7} for i in range(30)])
    iterator = client.search_iterator(name, data=[[0.0] + [1.0] * 7], batch_size=7, output_fields=["id"],
                                      search_params={"metric_type": "L2"})
    expect(type(iterator).__name__ == "SearchIteratorV2", f"fell back to {type(iterator).__name__}")
    seen, distances = [], []
    while True:
        page = iterator.next()
        if not page:
            break
        seen += [hit["id"] for hit in page]
        distances += [hit["distance"] for hit in page]
    iterator.close()
    expect(seen == list(range(30)), f"search iterator pages {seen}")
    expect(distances == sorted(distances), f"distances not ascending {distances}")
    return len(seen)


@check("bad input is refused with a clear message and stores nothing")
def _():
    name = fresh("compat_bad")
    client.create_collection(name, dimension=8)
    refused(lambda: client.insert(name, [{"id": 1, "vector": [1.0, 2.0]}]), "dim")
    refused(lambda: client.query(name, filter="id >", output_fields=["id"]), "filter")
    refused(lambda: client.search(name, data=[VECTORS[0]], limit=3, filter="nosuch_fn(id)"))
    refused(lambda: client.describe_collection("compat_no_such_collection"), "compat_no_such_collection")
    refused(lambda: client.insert(name, [{"id": 2, "vector": [float("nan")] * 8}]), "NaN")
    strict = fresh("compat_strict")
    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=8)
    client.create_collection(strict, schema=schema)
    refused(lambda: client.insert(strict, [{"id": 1, "vector": VECTORS[1], "nosuch": 1}]), "nosuch")
    expect(client.query(strict, filter="", output_fields=["count(*)"])[0]["count(*)"] == 0, "the refused row was stored")
    count = client.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"]
    expect(count == 0, f"a refused insert stored {count} rows")
    if TOKEN:
        # Connect answers a failed Status (code 1800) naming the header, which pymilvus raises as
        # it is; any later call would get UNAUTHENTICATED, which is not retried either.
        started = time.monotonic()
        try:
            MilvusClient(uri=URI, token="root:wrong-token").list_collections()
            raise AssertionError("a wrong token was accepted")
        except MilvusException as error:
            expect(error.code == 1800 and "authorization" in error.message, f"code {error.code}: {error.message}")
        expect(time.monotonic() - started < 10, f"the refusal took {time.monotonic() - started:.1f} s")
    return count


for leftover in [n for n in client.list_collections() if n.startswith("compat_")]:
    client.drop_collection(leftover)
print(json.dumps({"failed": failures}), flush=True)
sys.exit(1 if failures else 0)
