// Racing mode (`--mode racing`): each cycle starts `quiver serve` on the data directory, lets
// `clients` threads send RacingWorkload operations at once (namespace changes, writes and reads
// on three names), then checks, in order:
//   1. every reply carried a code its operation may answer and no path or type name;
//   2. the server's view is consistent: every listed collection describes, counts as many rows
//      as a query returns, and every alias points at a listed collection;
//   3. after a SIGKILL of the server, the directory verifies intact, and opening it in-process
//      shows exactly that view (same collections, same row ids, same aliases): every reply was
//      acknowledged durably;
// and the next cycle starts the server again on the same directory.
// Ownership: the driver's task; the client threads are joined before the checks.

import Foundation
import Quiver
import QuiverHarness
import QuiverJSON
import Synchronization

struct RacingDriver {
    let data: String
    let seed: UInt64
    let quiverBinary: String
    let clients: Int
    let operationsPerClient: Int
    let cycleLimit: Int
    let durationSeconds: Double?

    /// What one collection holds, as the server answered and as the reopened directory holds.
    struct CollectionView: Equatable {
        var ids: [Int64]
    }

    struct NamespaceView: Equatable {
        var collections: [String: CollectionView] = [:]
        var aliases: [String: String] = [:]
    }

    func run() async throws -> TortureSummary {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: data), !contents.isEmpty {
            throw TortureError("--data \(data) is not empty; the torture run needs a fresh directory")
        }
        var summary = TortureSummary()
        let start = ContinuousClock.now
        for cycle in 0 ..< cycleLimit {
            if let durationSeconds, ContinuousClock.now - start >= .seconds(durationSeconds) { break }
            let (operations, problems, view) = try await runCycle(cycle)
            summary.cycles += 1
            summary.operations += operations
            summary.kills += 1
            if let problem = problems.first {
                summary.violations += 1
                TortureOutput.line("{\"violation\":\(TortureOutput.string(problem)),\"seed\":\(seed),\"cycle\":\(cycle),\"problems\":\(problems.count)}")
                break
            }
            TortureOutput.line("{\"cycle\":\(cycle),\"operations\":\(operations),\"collections\":\(view.collections.count),"
                               + "\"rows\":\(view.collections.values.reduce(0) { $0 + $1.ids.count }),\"aliases\":\(view.aliases.count)}")
        }
        return summary
    }

    private func runCycle(_ cycle: Int) async throws -> (operations: Int, problems: [String], view: NamespaceView) {
        let server = try ChildProcess.startServe(binary: quiverBinary, data: data)
        guard let port = try await server.waitForListeningPort() else {
            let exit = try await server.killAndReap()
            return (0, ["quiver serve did not report its port (\(exit)): \(server.output.stderrTail.suffix(600))"], NamespaceView())
        }
        let client = ServerClient(port: port)
        let (operations, raceProblems) = race(client: client, cycle: cycle)
        var problems = raceProblems
        var served = NamespaceView()
        do {
            served = try Self.view(through: client, problems: &problems)
        } catch {
            problems.append("reading the end state failed: \(error)")
        }
        let exit = try await server.killAndReap()
        if exit != .signaled(SIGKILL) { problems.append("quiver serve exited by itself with \(exit): \(server.output.stderrTail.suffix(600))") }
        guard problems.isEmpty else { return (operations, problems, served) }

        let report = try await Database.verify(at: data)
        if !report.isIntact { problems.append("verify after SIGKILL: \(report.problems.prefix(3))") }
        let reopened = try await Self.view(ofDirectory: data)
        if reopened != served {
            problems.append("after SIGKILL the directory holds \(Self.describe(reopened)), the server answered \(Self.describe(served))")
        }
        return (operations, problems, served)
    }

    /// Runs the clients on threads of their own (their sockets block) and gathers every problem.
    private func race(client: ServerClient, cycle: Int) -> (operations: Int, problems: [String]) {
        let results = Mutex<(operations: Int, problems: [String])>((0, []))
        let group = DispatchGroup()
        for index in 0 ..< clients {
            group.enter()
            let clientSeed = TortureData.mix(TortureData.mix(seed, UInt64(cycle)), UInt64(index))
            let (count, data) = (operationsPerClient, self.data)
            Thread.detachNewThread {
                defer { group.leave() }
                var workload = RacingWorkload(seed: clientSeed)
                var done = 0
                var problems: [String] = []
                for _ in 0 ..< count {
                    let operation = workload.next()
                    do {
                        let envelope = try client.post(operation.route, operation.body)
                        let code = envelope["code"]?.intValue.map(Int.init) ?? -1
                        let message = envelope["message"]?.stringValue ?? ""
                        if let problem = RacingWorkload.problem(with: operation, code: code, message: message, dataDirectory: data) {
                            problems.append(problem)
                        }
                        done += 1
                    } catch {
                        problems.append("\(operation.label): no answer from the server: \(error)")
                        break
                    }
                }
                results.withLock { $0.operations += done; $0.problems += problems }
            }
        }
        group.wait()
        return results.withLock { $0 }
    }

    /// The namespace as the server answers it, checking that its answers agree with each other.
    static func view(through client: ServerClient, problems: inout [String]) throws -> NamespaceView {
        var view = NamespaceView()
        let listed = Self.strings(try client.post("collections/list", [:])["data"])
        for name in listed {
            let described = try client.post("collections/describe", ["collectionName": .string(name)])
            if described["code"]?.intValue != 0 {
                problems.append("listed collection '\(name)' does not describe: \(JSONWriter.string(of: .object(described)))")
            }
            let rows = try client.post("entities/query", ["collectionName": .string(name), "filter": .string(""),
                                                          "outputFields": .array([.string("id")]), "limit": .int(16384)])
            let ids = (rows["data"]?.arrayValue ?? []).compactMap { $0.objectValue?["id"]?.intValue }.sorted()
            let counted = try client.post("entities/query", ["collectionName": .string(name), "filter": .string(""),
                                                             "outputFields": .array([.string("count(*)")])])
            let count = counted["data"]?.arrayValue?.first?.objectValue?["count(*)"]?.intValue.map(Int.init)
            if count != ids.count { problems.append("collection '\(name)': count(*) \(count ?? -1), query returned \(ids.count) rows") }
            view.collections[name] = CollectionView(ids: ids)
        }
        let aliases = Self.strings(try client.post("aliases/list", [:])["data"])
        for alias in aliases {
            let described = try client.post("aliases/describe", ["aliasName": .string(alias)])
            guard let target = described["data"]?.objectValue?["collectionName"]?.stringValue else {
                problems.append("listed alias '\(alias)' does not describe: \(JSONWriter.string(of: .object(described)))")
                continue
            }
            if !listed.contains(target) { problems.append("alias '\(alias)' points at '\(target)', which is not listed") }
            view.aliases[alias] = target
        }
        return view
    }

    /// The strings of a JSON array (a list reply's data); empty for anything else.
    private static func strings(_ value: JSONValue?) -> [String] {
        value?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The namespace as the directory holds it, opened in this process.
    static func view(ofDirectory path: String) async throws -> NamespaceView {
        let database = try await Database.open(at: path)
        var view = NamespaceView()
        do {
            for name in try database.listCollections() {
                let rows = try await database.collection(name).query(filter: "", outputFields: ["id"])
                let ids = rows.compactMap { row -> Int64? in if case .int(let id)? = row["id"] { id } else { nil } }
                view.collections[name] = CollectionView(ids: ids.sorted())
            }
            for alias in try database.listAliases() { view.aliases[alias] = try database.describeAlias(alias) }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        return view
    }

    static func describe(_ view: NamespaceView) -> String {
        let collections = view.collections.keys.sorted().map { "\($0)(\(view.collections[$0]?.ids.count ?? 0) rows)" }
        return "collections \(collections), aliases \(view.aliases.sorted { $0.key < $1.key }.map { "\($0.key)->\($0.value)" })"
    }
}
