// ServeSettings: everything `quiver serve` is told, resolved in one order: built-in defaults,
// then the JSON config file (`--config FILE`), then command-line flags. Each source goes through
// the same `set(_:to:source:)`, so a bad value reads the same from a file or a flag: it names
// the source, the key, the value and the allowed range (ServeSettingsError). The file's grammar,
// with a worked example, is in docs/CONFIGURATION.md; the keys and their limits are
// ServeSettings+Keys.swift.
// Invariant: a ServeSettings value only ever holds values that passed their key's check.

import QuiverJSON

/// Everything `quiver serve` is told: the data directory, compaction, and the server's configuration.
public struct ServeSettings: Sendable, Equatable {
    /// The database directory (created if missing).
    public var dataDirectory = "./quiver-data"
    /// Merge segments and build indexes in the background (`compact` requests run either way).
    public var backgroundCompaction = true
    /// Listening address, token, caps, CORS and the default request deadline.
    public var server = ServerConfiguration()

    /// The defaults: ./quiver-data, background compaction on, `ServerConfiguration()`.
    public init() {}

    /// Applies every member of a config file's JSON object. Unknown keys are errors (a typo
    /// must not silently leave a default, such as no token, in place).
    public mutating func apply(configFileText bytes: [UInt8], path: String) throws(ServeSettingsError) {
        let source = "config file '\(path)'"
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes, maxDepth: 8)
        } catch {
            throw ServeSettingsError("\(source): not valid JSON: \(error.message)")
        }
        guard case .object(let object) = document else {
            throw ServeSettingsError("\(source): must be a JSON object, got \(document.kindName)")
        }
        for (name, value) in object.members {
            guard let key = Key(rawValue: name) else {
                throw ServeSettingsError("\(source): unknown key '\(name.prefix(64))'; known keys: \(Key.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try set(key, to: value, source: "\(source): key '\(name)'")
        }
    }

    /// Applies a command-line flag's value (flags override the file).
    public mutating func set(flag: String, key: Key, text: String) throws(ServeSettingsError) {
        try set(key, to: key.flagValue(text), source: flag)
    }

    /// Applies a repeatable flag (`--cors-origin`): the list replaces the file's.
    public mutating func set(flag: String, key: Key, texts: [String]) throws(ServeSettingsError) {
        try set(key, to: .array(texts.map(JSONValue.string)), source: flag)
    }
}

/// A bad config file or flag: the message names the source, key, value and limit.
public struct ServeSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the source (file or flag), the key, the value and the limit.
    public let description: String
    init(_ description: String) { self.description = description }
}
