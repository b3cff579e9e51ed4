// ServeLauncher: runs `quiver serve` as a child process on 127.0.0.1 with a free port, for the
// HTTP benchmark, and stops it with SIGTERM (which flushes and closes the database). The binary
// is `--quiver`, else `quiver` next to this executable (both come from the same build).

import Foundation

final class ServeLauncher {
    let process = Process()
    let port: Int

    static func defaultBinary() -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("quiver").path
    }

    init(binary: String, data: String) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--data", data, "--host", "127.0.0.1", "--port", "0"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        let reader = stdout.fileHandleForReading
        while !line.contains(10) {
            let chunk = reader.availableData
            guard !chunk.isEmpty else { throw HTTPBenchError(description: "quiver serve exited before listening") }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.range(of: "127.0.0.1:"),
              let port = Int(text[colon.upperBound...].prefix { $0.isNumber }) else {
            throw HTTPBenchError(description: "unexpected first line from quiver serve: \(text)")
        }
        self.port = port
    }

    func stop() {
        process.terminate()   // SIGTERM: drain, flush, close
        process.waitUntilExit()
    }
}
