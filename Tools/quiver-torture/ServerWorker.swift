// ServerWorker: the child of `--mode server`. Runs the same seeded workload as TortureWorker, but
// every operation is an HTTP request to `quiver serve` (ServerClient), and it prints the same
// {"begin":k} / acknowledgement lines, so the driver replays and checks them the same way.
// An acknowledgement is printed only after the server answered code 0 (with `.sync` durability
// the server answers after the fsync). When the server stops answering (the driver SIGKILLed it)
// the worker exits with status 3 and prints nothing more: the step stays in flight. An answer
// with a non-zero code prints {"step":k,"error":..} and exits 2 (a violation).
// Ownership: runs alone in its process until the driver kills it.

import Foundation
import Quiver
import QuiverJSON

struct ServerWorker {
    let client: ServerClient
    let workload: TortureWorkload

    static let serverGoneStatus: Int32 = 3

    func run(from startStep: Int, through endStep: Int) {
        TortureOutput.line("{\"ready\":\(startStep)}")
        for step in startStep...endStep {
            TortureOutput.line("{\"begin\":\(step)}")
            do {
                TortureOutput.line(try perform(workload.operation(at: step), step: step))
            } catch let gone as ServerGone {
                FileHandle.standardError.write(Data("server gone at step \(step): \(gone)\n".utf8))
                exit(Self.serverGoneStatus)
            } catch {
                let message = "\(error)".replacingOccurrences(of: "\\", with: "/").replacingOccurrences(of: "\"", with: "'")
                TortureOutput.line("{\"step\":\(step),\"error\":\"\(message.prefix(300))\"}")
                exit(2)
            }
        }
    }

    private func perform(_ operation: TortureOperation, step: Int) throws -> String {
        let head = "{\"step\":\(step),\"op\":\"\(operation.name)\""
        let seed = workload.seed
        switch operation {
        case .insert(let ids), .upsert(let ids):
            let rows = ids.map { Self.json(TortureData.values(seed: seed, id: $0, version: step), id: $0) }
            _ = try call(operation.name == "insert" ? "entities/insert" : "entities/upsert", ["data": .array(rows)])
            return head + ",\"ids\":\(TortureOutput.list(ids))}"
        case .deleteIDs(let ids):
            let data = try call("entities/delete", ["filter": .string("id in [\(ids.map(String.init).joined(separator: ","))]")])
            return head + ",\"ids\":\(TortureOutput.list(ids)),\"count\":\(try deleteCount(data))}"
        case .deleteFilter(let bucket):
            let data = try call("entities/delete", ["filter": .string(TortureOperation.filter(bucket: bucket))])
            return head + ",\"bucket\":\(bucket),\"count\":\(try deleteCount(data))}"
        case .flush:
            _ = try call("collections/flush", [:])
            return head + "}"
        case .compact:
            _ = try call("collections/compact", [:])
            return head + "}"
        case .search:
            let query = JSONValue.array(TortureData.query(seed: seed, step: step).map { .double(Double($0)) })
            let data = try call("entities/search", ["data": .array([query]), "limit": .int(Int64(TortureData.searchK))])
            guard let hits = data?.arrayValue?.map({ $0.objectValue ?? JSONObject() }) else {
                throw TortureError("search answered \(data.map { JSONWriter.string(of: $0) } ?? "no data")")
            }
            let ids = hits.map { $0["id"]?.intValue ?? -1 }
            let distances = hits.map { $0["distance"]?.doubleValue.map(Float.init) ?? .nan }
            return head + ",\"hits\":\(TortureOutput.list(ids)),\"distances\":\(TortureOutput.list(distances))}"
        }
    }

    /// The envelope's data after code 0; a non-zero code is a TortureError.
    private func call(_ route: String, _ body: JSONObject) throws -> JSONValue? {
        var body = body
        body["collectionName"] = .string(TortureData.collectionName)
        let envelope = try client.post(route, body)
        guard envelope["code"]?.intValue == 0 else {
            let code = envelope["code"].map { JSONWriter.string(of: $0) } ?? "none"
            throw TortureError("\(route) answered code \(code): \(envelope["message"]?.stringValue ?? "")")
        }
        return envelope["data"]
    }

    private func deleteCount(_ data: JSONValue?) throws -> Int {
        guard let count = data?.objectValue?["deleteCount"]?.intValue else {
            throw TortureError("delete answered no deleteCount: \(data.map { JSONWriter.string(of: $0) } ?? "no data")")
        }
        return Int(count)
    }

    /// A row as JSON; a Float widened to Double is exact, so the server stores the same bits.
    static func json(_ values: TortureData.Values, id: Int64) -> JSONValue {
        .object(["id": .int(id), "vector": .array(values.vector.map { .double(Double($0)) }), "bucket": .int(values.bucket),
                 "tag": .string(values.tag), "weight": .double(Double(bitPattern: values.weightBits))])
    }
}
