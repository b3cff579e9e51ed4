// ChildProcess+Serve: `quiver serve` as a child on a free loopback port, the way tests, the HTTP
// benchmark and the torture tool start it: `--port 0`, then the port read from its first stdout
// line, {"listening":"127.0.0.1:N"}.
// Invariants: the port is only ever taken from that line; a server that exits or stalls before
// printing it yields nil, never a guessed port.

extension ChildProcess {
    /// Starts `binary serve --data <data> --port 0 <extra...>` (see the initializer for
    /// `stderrLimit`); returns at once. Throws when the binary cannot be started.
    package static func startServe(binary: String, data: String, _ extra: [String] = [],
                                   stderrLimit: Int = 4096) throws -> ChildProcess {
        try ChildProcess(binary, ["serve", "--data", data, "--port", "0"] + extra, stderrLimit: stderrLimit)
    }

    /// The port of the server's listening line; nil when stdout ended or stalled for
    /// `stallTimeout` first (the server failed to start, or hangs).
    package func waitForListeningPort(stallTimeout: Duration = .seconds(120)) async throws -> Int? {
        _ = try await waitForLines(until: { Self.listeningPort(in: $0) != nil }, stallTimeout: stallTimeout)
        return Self.listeningPort(in: lines)
    }

    /// The port N in the first {"listening":"HOST:N"} line of `lines`.
    package static func listeningPort(in lines: [String]) -> Int? {
        guard let line = lines.first(where: { $0.contains("\"listening\"") }),
              let colon = line.lastIndex(of: ":") else { return nil }
        return Int(line[line.index(after: colon)...].prefix(while: \.isNumber))
    }
}
