// GRPCWorker: the child of `--mode grpc`. The same seeded workload as ServerWorker, sent as
// Milvus gRPC calls (the generated MilvusService client over HTTP/2 to `quiver serve`'s port),
// with the same {"begin":k} / acknowledgement lines, so the driver replays and checks them the
// same way. An acknowledgement is printed only after a reply whose status is success; a call
// that fails at the transport (the server was SIGKILLed: UNAVAILABLE, a reset, a deadline) exits
// with status 3 and leaves the step in flight; a reply with a failure status prints
// {"step":k,"error":..} and exits 2 (a violation).
// Ownership: runs alone in its process until the driver kills it.

import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import QuiverGRPC

struct GRPCWorker {
    typealias Client = Milvus_Proto_Milvus_MilvusService.Client<HTTP2ClientTransport.Posix>

    let port: Int
    let workload: TortureWorkload

    func run(from startStep: Int, through endStep: Int) async throws {
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
        try await withGRPCClient(transport: transport) { grpc in
            let client = Client(wrapping: grpc)
            TortureOutput.line("{\"ready\":\(startStep)}")
            for step in startStep...endStep {
                TortureOutput.line("{\"begin\":\(step)}")
                do {
                    TortureOutput.line(try await perform(workload.operation(at: step), step: step, client: client))
                } catch let error as RPCError {
                    FileHandle.standardError.write(Data("server gone at step \(step): \(error)\n".utf8))
                    exit(ServerWorker.serverGoneStatus)
                } catch {
                    TortureOutput.line("{\"step\":\(step),\"error\":\(TortureOutput.string("\(error)".prefix(300).description))}")
                    exit(2)
                }
            }
        }
    }

    /// Every call gives up after this long (a hung server is a hang, not a success).
    static var options: CallOptions {
        var options = CallOptions.defaults
        options.timeout = .seconds(120)
        return options
    }

    private func perform(_ operation: TortureOperation, step: Int, client: Client) async throws -> String {
        let head = "{\"step\":\(step),\"op\":\"\(operation.name)\""
        let seed = workload.seed
        let collection = TortureData.collectionName
        switch operation {
        case .insert(let ids), .upsert(let ids):
            let columns = Self.columns(ids.map { TortureData.values(seed: seed, id: $0, version: step) }, ids: ids)
            let result: Milvus_Proto_Milvus_MutationResult
            if operation.name == "insert" {
                var request = Milvus_Proto_Milvus_InsertRequest()
                request.collectionName = collection
                request.numRows = UInt32(ids.count)
                request.fieldsData = columns
                result = try await client.insert(request, options: Self.options)
            } else {
                var request = Milvus_Proto_Milvus_UpsertRequest()
                request.collectionName = collection
                request.numRows = UInt32(ids.count)
                request.fieldsData = columns
                result = try await client.upsert(request, options: Self.options)
            }
            try Self.require(result.status, operation.name)
            return head + ",\"ids\":\(TortureOutput.list(ids))}"
        case .deleteIDs(let ids):
            let count = try await delete("id in [\(ids.map(String.init).joined(separator: ","))]", client: client)
            return head + ",\"ids\":\(TortureOutput.list(ids)),\"count\":\(count)}"
        case .deleteFilter(let bucket):
            let count = try await delete(TortureOperation.filter(bucket: bucket), client: client)
            return head + ",\"bucket\":\(bucket),\"count\":\(count)}"
        case .flush:
            var request = Milvus_Proto_Milvus_FlushRequest()
            request.collectionNames = [collection]
            try Self.require(try await client.flush(request, options: Self.options).status, "flush")
            return head + "}"
        case .compact:
            var request = Milvus_Proto_Milvus_ManualCompactionRequest()
            request.collectionName = collection
            try Self.require(try await client.manualCompaction(request, options: Self.options).status, "compact")
            return head + "}"
        case .search:
            let query = TortureData.query(seed: seed, step: step)
            var request = Milvus_Proto_Milvus_SearchRequest()
            request.collectionName = collection
            request.placeholderGroup = try Milvus_Proto_Common_PlaceholderGroup.serialized(floatVectors: [query])
            request.nq = 1
            var topk = Milvus_Proto_Common_KeyValuePair()
            topk.key = "topk"
            topk.value = String(TortureData.searchK)
            request.searchParams = [topk]
            let reply = try await client.search(request, options: Self.options)
            try Self.require(reply.status, "search")
            return head + ",\"hits\":\(TortureOutput.list(reply.results.ids.intID.data)),\"distances\":\(TortureOutput.list(reply.results.scores))}"
        }
    }

    private func delete(_ expression: String, client: Client) async throws -> Int64 {
        var request = Milvus_Proto_Milvus_DeleteRequest()
        request.collectionName = TortureData.collectionName
        request.expr = expression
        let result = try await client.delete(request, options: Self.options)
        try Self.require(result.status, "delete")
        return result.deleteCnt
    }

    private static func require(_ status: Milvus_Proto_Common_Status, _ what: String) throws {
        guard status.code == 0, status.errorCode == .success else {
            throw TortureError("\(what) answered code \(status.code): \(status.reason)")
        }
    }

    /// The workload's rows as Milvus columns (a Float's bits travel unchanged; the Double weight too).
    static func columns(_ rows: [TortureData.Values], ids: [Int64]) -> [Milvus_Proto_Schema_FieldData] {
        var id = Milvus_Proto_Schema_FieldData()
        id.type = .int64
        id.fieldName = "id"
        id.scalars.longData.data = ids
        var vector = Milvus_Proto_Schema_FieldData()
        vector.type = .floatVector
        vector.fieldName = "vector"
        vector.vectors.dim = Int64(TortureData.dimension)
        vector.vectors.floatVector.data = rows.flatMap(\.vector)
        var bucket = Milvus_Proto_Schema_FieldData()
        bucket.type = .int32
        bucket.fieldName = "bucket"
        bucket.scalars.intData.data = rows.map { Int32($0.bucket) }
        var tag = Milvus_Proto_Schema_FieldData()
        tag.type = .varChar
        tag.fieldName = "tag"
        tag.scalars.stringData.data = rows.map(\.tag)
        var weight = Milvus_Proto_Schema_FieldData()
        weight.type = .double
        weight.fieldName = "weight"
        weight.scalars.doubleData.data = rows.map { Double(bitPattern: $0.weightBits) }
        return [id, vector, bucket, tag, weight]
    }
}
