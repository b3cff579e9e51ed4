// BuiltExecutable: where the executables of this package's build are, for tests and tools that
// start one another (`quiver` beside the test bundle, `quiver` beside `quiver-torture`).
// Invariants: an explicit override (an environment variable the caller names) wins; otherwise
// the first executable file found beside this process, or up to two folders above it, then
// `.build/debug/` of the current directory. Everything here is one build's output, so the tool
// found matches the caller's own code.

import Foundation

/// Finds the executables this package builds.
package enum BuiltExecutable {
    /// This process's own executable (to re-run it as a worker, say).
    package static let current: String = {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }()

    /// The path of the built executable `name`: `$overrideVariable` when set, else the first one
    /// found beside this process (see the file header); `.build/debug/<name>` when none is.
    package static func path(of name: String, overrideVariable: String? = nil) -> String {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let overrideVariable, let override = ProcessInfo.processInfo.environment[overrideVariable] { candidates.append(override) }
        let starts = [current] + [CommandLine.arguments.first, Bundle.main.executablePath, Bundle.main.bundlePath].compactMap { $0 }
        for start in starts {
            var directory = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0 ..< 3 {
                candidates.append(directory.appendingPathComponent(name).path)
                directory.deleteLastPathComponent()
            }
        }
        candidates.append(fileManager.currentDirectoryPath + "/.build/debug/" + name)
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return fileManager.isExecutableFile(atPath: path)
                && fileManager.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        } ?? ".build/debug/" + name
    }
}
