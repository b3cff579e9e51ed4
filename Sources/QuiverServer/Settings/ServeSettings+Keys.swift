// The keys of `quiver serve` settings: their JSON names (the config file), their checks and the
// fields they set. Ranges are the same for the file and the flags.
//   data                   string, non-empty                 --data
//   host                   string, non-empty                 --host
//   port                   integer 0...65535 (0: any free)   --port
//   token                  string, non-empty, or null        --token
//   maxBodyBytes           integer 1...1073741824            --max-body-bytes
//   maxBatchRows           integer 1...1000000
//   maxTopK                integer 1...16384
//   maxQueryVectors        integer 1...16384
//   maxFilterBytes         integer 1...1048576
//   maxJSONDepth           integer 2...512
//   corsOrigins            array of "*" or "http(s)://host[:port]"   --cors-origin (repeatable)
//   requestTimeoutSeconds  number, 0.001...86400              --request-timeout
//   requestReadTimeoutSeconds  number, 0.001...86400          --request-read-timeout
//   backgroundCompaction   boolean                           --background-compaction

import QuiverJSON

extension ServeSettings {
    /// The keys a config file may hold (the flags have the same meaning; see the table above).
    public enum Key: String, CaseIterable, Sendable {
        case data, host, port, token, maxBodyBytes, maxBatchRows, maxTopK, maxQueryVectors, maxFilterBytes
        case maxJSONDepth, corsOrigins, requestTimeoutSeconds, requestReadTimeoutSeconds, backgroundCompaction

        /// A flag's text as the JSON value the file would hold.
        func flagValue(_ text: String) -> JSONValue {
            switch self {
            case .data, .host, .token: return .string(text)
            case .backgroundCompaction:
                if text == "true" { return .bool(true) }
                if text == "false" { return .bool(false) }
                return .string(text)
            default:
                if let integer = Int64(text) { return .int(integer) }
                if let number = Double(text) { return .double(number) }
                return .string(text)
            }
        }
    }

    mutating func set(_ key: Key, to value: JSONValue, source: String) throws(ServeSettingsError) {
        switch key {
        case .data: dataDirectory = try Self.text(value, source)
        case .host: server.host = try Self.text(value, source)
        case .port: server.port = try Self.integer(value, in: 0...65535, source)
        case .token: server.token = value == .null ? nil : try Self.text(value, source)
        case .maxBodyBytes: server.maxBodyByteCount = try Self.integer(value, in: 1...(1 << 30), source)
        case .maxBatchRows: server.limits.batchRowCount = try Self.integer(value, in: 1...1_000_000, source)
        case .maxTopK: server.limits.topK = try Self.integer(value, in: 1...16384, source)
        case .maxQueryVectors: server.limits.queryVectorCount = try Self.integer(value, in: 1...16384, source)
        case .maxFilterBytes: server.limits.filterByteCount = try Self.integer(value, in: 1...(1 << 20), source)
        case .maxJSONDepth: server.limits.jsonDepth = try Self.integer(value, in: 2...512, source)
        case .corsOrigins: server.corsOrigins = try Self.origins(value, source)
        case .requestTimeoutSeconds:
            guard let seconds = value.doubleValue, seconds.isFinite, (0.001...86400).contains(seconds) else {
                throw ServeSettingsError("\(source): \(Self.shown(value)) is not a number of seconds in 0.001...86400")
            }
            server.requestTimeout = .milliseconds(Int64((seconds * 1000).rounded()))
        case .requestReadTimeoutSeconds:
            guard let seconds = value.doubleValue, seconds.isFinite, (0.001...86400).contains(seconds) else {
                throw ServeSettingsError("\(source): \(Self.shown(value)) is not a number of seconds in 0.001...86400")
            }
            server.requestReadTimeout = .milliseconds(Int64((seconds * 1000).rounded()))
        case .backgroundCompaction:
            guard case .bool(let flag) = value else {
                throw ServeSettingsError("\(source): \(Self.shown(value)) is not a boolean (true or false)")
            }
            backgroundCompaction = flag
        }
    }

    static func text(_ value: JSONValue, _ source: String) throws(ServeSettingsError) -> String {
        guard case .string(let text) = value, !text.isEmpty else {
            throw ServeSettingsError("\(source): \(shown(value)) is not a non-empty string")
        }
        return text
    }

    static func integer(_ value: JSONValue, in range: ClosedRange<Int>, _ source: String) throws(ServeSettingsError) -> Int {
        let integer: Int? = switch value {
        case .int(let number): Int(exactly: number)
        case .double(let number): Int(exactly: number)
        default: nil
        }
        guard let integer, range.contains(integer) else {
            throw ServeSettingsError("\(source): \(shown(value)) is not an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return integer
    }

    /// "*" or an origin as browsers send it: scheme, host and optional port, no path.
    static func origins(_ value: JSONValue, _ source: String) throws(ServeSettingsError) -> [String] {
        guard case .array(let elements) = value else {
            throw ServeSettingsError("\(source): \(shown(value)) is not an array of origins")
        }
        var origins: [String] = []
        for element in elements {
            guard case .string(let origin) = element, CORSPolicy.isValidOrigin(origin) else {
                throw ServeSettingsError("\(source): \(shown(element)) is not \"*\" or an origin like \"https://app.example.com:8443\" (scheme, host, optional port; no path)")
            }
            origins.append(origin)
        }
        return origins
    }

    /// A value as an error message shows it: JSON, at most 64 characters.
    static func shown(_ value: JSONValue) -> String {
        let text = JSONWriter.string(of: value)
        return text.count > 64 ? String(text.prefix(61)) + "..." : text
    }
}
