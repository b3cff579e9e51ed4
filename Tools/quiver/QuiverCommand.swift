// quiver: the command-line tool. The root command only dispatches to subcommands (one file each)
// and turns every error into one stable exit status that scripts and crash tests rely on:
//   0  success
//   1  any error ("error: <message>" on stderr), and `verify` finding damage
//   3  the data directory is locked by another process (QuiverError.locked)
// Output contract: machine-readable JSON lines on stdout (see each subcommand); human progress
// and errors only on stderr. Every subcommand opens the database, works, and closes it.

import ArgumentParser
import Foundation
import Quiver
import QuiverMilvus

@main
struct QuiverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiver",
        abstract: "Quiver: an embedded vector database.",
        subcommands: [CreateCommand.self, InsertCommand.self, SearchCommand.self, GetCommand.self,
                      DeleteCommand.self, StatsCommand.self, ListCommand.self, VerifyCommand.self,
                      CompactCommand.self, DemoCommand.self, ServeCommand.self, QueryCommand.self,
                      CountCommand.self, IndexCommand.self, PartitionCommand.self])

    static let lockedExitStatus: Int32 = 3

    static func main() async {
        let status: Int32
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = 0
        } catch {
            status = exitStatus(reporting: error)
        }
        Foundation.exit(status)
    }

    /// Prints what went wrong to stderr (or help to stdout) and returns the exit status.
    static func exitStatus(reporting error: any Error) -> Int32 {
        if let exitCode = error as? ExitCode { return exitCode.rawValue }
        if let error = error as? QuiverError {
            Output.errorLine("error: \(error.message)")
            return error.code == .locked ? lockedExitStatus : 1
        }
        if let error = error as? APIError {
            Output.errorLine("error: \(error.message)")
            return 1
        }
        if exitCode(for: error) == .success {
            Output.line(fullMessage(for: error))
            return 0
        }
        Output.errorLine("error: \(message(for: error))")
        if exitCode(for: error) == .validationFailure {
            Output.errorLine("(run 'quiver help' or 'quiver help <subcommand>' for usage)")
        }
        return 1
    }
}
