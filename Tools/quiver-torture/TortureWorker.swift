// TortureWorker: the child process. Opens the database, then runs workload steps in order,
// printing {"begin":k} before step k and one acknowledgement line after it returns:
//   {"step":k,"op":"insert","ids":[..]}            insert, upsert, delete_ids (with "count")
//   {"step":k,"op":"delete_filter","bucket":b,"count":n}
//   {"step":k,"op":"search","hits":[..],"distances":[..]}
//   {"step":k,"op":"flush"} / {"step":k,"op":"compact"}
// An acknowledgement is printed only after the call returned, so with `.sync` durability every
// acknowledged write is durable. Any thrown error prints {"step":k,"error":".."} and exits 2.
// Ownership: runs alone in its process until the driver kills it.

import Foundation
import Quiver

struct TortureWorker {
    let data: String
    let workload: TortureWorkload

    func run(from startStep: Int, through endStep: Int) async throws {
        let database = try await Database.open(at: data, options: TortureData.options())
        let collection = try database.collection(TortureData.collectionName)
        TortureOutput.line("{\"ready\":\(startStep)}")
        for step in startStep...endStep {
            TortureOutput.line("{\"begin\":\(step)}")
            do {
                TortureOutput.line(try await perform(workload.operation(at: step), step: step, on: collection))
            } catch {
                let message = "\(error)".replacingOccurrences(of: "\\", with: "/").replacingOccurrences(of: "\"", with: "'")
                TortureOutput.line("{\"step\":\(step),\"error\":\"\(message.prefix(300))\"}")
                exit(2)
            }
        }
        await database.close()
    }

    /// Runs one operation and returns its acknowledgement line.
    private func perform(_ operation: TortureOperation, step: Int, on collection: Collection) async throws -> String {
        let head = "{\"step\":\(step),\"op\":\"\(operation.name)\""
        let seed = workload.seed
        switch operation {
        case .insert(let ids):
            try await collection.insert(ids.map { TortureData.row(seed: seed, id: $0, version: step) })
            return head + ",\"ids\":\(TortureOutput.list(ids))}"
        case .upsert(let ids):
            try await collection.upsert(ids.map { TortureData.row(seed: seed, id: $0, version: step) })
            return head + ",\"ids\":\(TortureOutput.list(ids))}"
        case .deleteIDs(let ids):
            let count = try await collection.delete(ids: ids.map { .int($0) })
            return head + ",\"ids\":\(TortureOutput.list(ids)),\"count\":\(count)}"
        case .deleteFilter(let bucket):
            let count = try await collection.delete(filter: TortureOperation.filter(bucket: bucket))
            return head + ",\"bucket\":\(bucket),\"count\":\(count)}"
        case .flush:
            try await collection.flush()
            return head + "}"
        case .compact:
            try await collection.compact()
            return head + "}"
        case .search:
            let hits = try await collection.search([TortureData.query(seed: seed, step: step)], k: TortureData.searchK)[0]
            return head + ",\"hits\":\(TortureOutput.list(hits.map { $0.id.intValue ?? -1 }))"
                + ",\"distances\":\(TortureOutput.list(hits.map(\.distance)))}"
        }
    }
}
