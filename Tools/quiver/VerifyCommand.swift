// quiver verify: checks every checksum of a closed database (Database.verify(at:)).
// Prints {"checked_files":N,"problems":[...]}; exits 0 only when the database is intact, 1 when
// a problem was found, 3 when another process holds the directory.

import ArgumentParser
import Quiver
import QuiverJSON

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check a database's files for damage.")

    @OptionGroup var target: DataDirectoryOptions

    func run() async throws {
        let report = try await Database.verify(at: target.data)
        Output.json(["checked_files": .int(Int64(report.checkedFileCount)),
                                     "problems": .array(report.problems.map(JSONValue.string))])
        guard report.isIntact else { throw ExitCode(1) }
    }
}
