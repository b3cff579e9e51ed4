// RacingWorkload: what the racing clients of `--mode racing` send: namespace changes (create,
// drop, rename, alias create/alter/drop) and writes and reads, all on three collection names
// and two alias names, so that almost every call races another call on the same name.
// Each operation carries the Milvus codes it may answer; anything else is a violation.
// The allowed codes, and why:
//   0      done
//   100    the collection is not there (never made, dropped, or renamed away under the call)
//   1100   the name is taken (create, rename), or the collection exists as an alias target
//   1600   alias not found (alter)
//   1601   an alias name that is a collection's name
//   1602   alias exists (create)
//   1804   insert of a key that exists
// Ownership: a value type; each client thread owns its copy.

import Foundation
import QuiverJSON

struct RacingOperation {
    let label: String
    let route: String
    let body: JSONObject
    let allowedCodes: Set<Int>
}

struct RacingWorkload {
    static let names = ["r0", "r1", "r2"]
    static let aliases = ["a0", "a1"]
    static let dimension = 4

    private var random: TortureRandom

    init(seed: UInt64) { random = TortureRandom(seed: seed) }

    mutating func next() -> RacingOperation {
        let name = Self.names[random.next(below: Self.names.count)]
        switch random.next(below: 12) {
        case 0, 1:
            return RacingOperation(label: "create", route: "collections/create",
                                   body: ["collectionName": .string(name), "dimension": .int(Int64(Self.dimension))], allowedCodes: [0, 1100])
        case 2:
            return RacingOperation(label: "drop", route: "collections/drop", body: ["collectionName": .string(name)], allowedCodes: [0])
        case 3:
            let other = Self.names[random.next(below: Self.names.count)]
            return RacingOperation(label: "rename", route: "collections/rename",
                                   body: ["collectionName": .string(name), "newCollectionName": .string(other)], allowedCodes: [0, 100, 1100])
        case 4:
            let alias = Self.aliases[random.next(below: Self.aliases.count)]
            let alter = random.next(below: 2) == 0
            return RacingOperation(label: alter ? "alias-alter" : "alias-create", route: alter ? "aliases/alter" : "aliases/create",
                                   body: ["aliasName": .string(alias), "collectionName": .string(name)],
                                   allowedCodes: alter ? [0, 100, 1600] : [0, 100, 1602])
        case 5:
            let alias = Self.aliases[random.next(below: Self.aliases.count)]
            return RacingOperation(label: "alias-drop", route: "aliases/drop", body: ["aliasName": .string(alias)], allowedCodes: [0])
        case 6, 7, 8:
            let count = 1 + random.next(below: 4)
            let rows: [JSONValue] = (0 ..< count).map { _ in
                let id = random.next(below: 64)
                return .object(["id": .int(Int64(id)),
                                "vector": .array((0 ..< Self.dimension).map { _ in .double(Double(random.nextSignedFloat())) })])
            }
            return RacingOperation(label: "insert", route: "entities/insert", body: ["collectionName": .string(name), "data": .array(rows)],
                                   allowedCodes: [0, 100, 1804])
        case 9:
            return RacingOperation(label: "delete", route: "entities/delete",
                                   body: ["collectionName": .string(name), "filter": .string("id < \(random.next(below: 64))")], allowedCodes: [0, 100])
        case 10:
            return RacingOperation(label: "count", route: "entities/query",
                                   body: ["collectionName": .string(name), "filter": .string(""), "outputFields": .array([.string("count(*)")])], allowedCodes: [0, 100])
        default:
            return RacingOperation(label: "search", route: "entities/search",
                                   body: ["collectionName": .string(name), "data": .array([.array([.double(1.0), .double(0.5), .double(0.25), .double(0.125)])]),
                                         "limit": .int(5)], allowedCodes: [0, 100])
        }
    }

    /// Why a reply breaks the rules, or nil. A message must never carry a path of the server's
    /// machine or a Swift type name (internal errors answer a request id instead).
    static func problem(with operation: RacingOperation, code: Int, message: String, dataDirectory: String) -> String? {
        if !operation.allowedCodes.contains(code) {
            return "\(operation.label) answered code \(code) (allowed \(operation.allowedCodes.sorted())): \(message.prefix(300))"
        }
        if message.contains(dataDirectory) || message.contains("/collections/") || message.contains("catalog.sqlite") {
            return "\(operation.label) leaked a path: \(message.prefix(300))"
        }
        if message.contains("Error.") || message.contains("Error(") {
            return "\(operation.label) leaked a type name: \(message.prefix(300))"
        }
        return nil
    }
}
