// `quiver serve` settings: the config file (docs/CONFIGURATION.md's worked example included),
// flags over the file, and errors that name the source, key, value and range.

import Foundation
@testable import QuiverServer
import Testing
import QuiverMilvus

@Suite struct ServeSettingsTests {
    static func settings(_ json: String) throws(ServeSettingsError) -> ServeSettings {
        var settings = ServeSettings()
        try settings.apply(configFileText: Array(json.utf8), path: "q.json")
        return settings
    }

    static func error(_ json: String) -> String {
        do {
            _ = try settings(json)
            return ""
        } catch {
            return error.description
        }
    }

    /// The ```json block of docs/CONFIGURATION.md.
    static func documentedExample() throws -> String {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/CONFIGURATION.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        let start = try #require(text.range(of: "```json\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test func theDocumentedExampleSetsEveryKey() throws {
        let settings = try Self.settings(try Self.documentedExample())
        #expect(settings.dataDirectory == "/var/lib/quiver")
        #expect(settings.backgroundCompaction == true)
        var limits = RequestLimits()
        limits.batchRowCount = 10000
        limits.topK = 1000
        limits.queryVectorCount = 64
        limits.filterByteCount = 4096
        limits.jsonDepth = 32
        #expect(settings.server == ServerConfiguration(
            host: "0.0.0.0", port: 19530, token: "root:Milvus", maxBodyByteCount: 16_777_216, limits: limits,
            corsOrigins: ["https://console.example.com", "http://localhost:3000"], requestTimeout: .seconds(10)))
    }

    @Test func anEmptyFileKeepsTheDefaults() throws {
        #expect(try Self.settings("{}") == ServeSettings())
        #expect(ServeSettings().server.corsOrigins.isEmpty)
        #expect(ServeSettings().server.requestTimeout == .seconds(30))
    }

    @Test func flagsOverrideTheFile() throws {
        var settings = try Self.settings(#"{"port":8080,"token":"a:b","corsOrigins":["https://a.example"],"backgroundCompaction":true}"#)
        try settings.set(flag: "--port", key: .port, text: "0")
        try settings.set(flag: "--background-compaction", key: .backgroundCompaction, text: "false")
        try settings.set(flag: "--cors-origin", key: .corsOrigins, texts: ["https://b.example"])
        try settings.set(flag: "--request-timeout", key: .requestTimeoutSeconds, text: "2.5")
        #expect(settings.server.port == 0)
        #expect(settings.server.token == "a:b")
        #expect(settings.backgroundCompaction == false)
        #expect(settings.server.corsOrigins == ["https://b.example"])
        #expect(settings.server.requestTimeout == .milliseconds(2500))
        #expect(settings.server.requestReadTimeout == .seconds(30))
        try settings.set(flag: "--request-read-timeout", key: .requestReadTimeoutSeconds, text: "0.25")
        #expect(settings.server.requestReadTimeout == .milliseconds(250))
        #expect(throws: ServeSettingsError("--port: \"x\" is not an integer in 0...65535")) {
            try settings.set(flag: "--port", key: .port, text: "x")
        }
    }

    @Test func unknownKeysAndBadValuesNameKeyValueAndRange() {
        #expect(Self.error(#"{"prot":1}"#).hasPrefix("config file 'q.json': unknown key 'prot'; known keys: data, host, port"))
        #expect(Self.error(#"{"port":70000}"#) == "config file 'q.json': key 'port': 70000 is not an integer in 0...65535")
        #expect(Self.error(#"{"maxTopK":0}"#) == "config file 'q.json': key 'maxTopK': 0 is not an integer in 1...16384")
        #expect(Self.error(#"{"maxBodyBytes":1.5}"#).contains("key 'maxBodyBytes': 1.5 is not an integer in 1...1073741824"))
        #expect(Self.error(#"{"token":""}"#) == #"config file 'q.json': key 'token': "" is not a non-empty string"#)
        #expect(Self.error(#"{"requestTimeoutSeconds":-1}"#).contains("key 'requestTimeoutSeconds': -1 is not a number of seconds in 0.001...86400"))
        #expect(Self.error(#"{"requestReadTimeoutSeconds":0}"#).contains("key 'requestReadTimeoutSeconds': 0 is not a number of seconds in 0.001...86400"))
        #expect(Self.error(#"{"backgroundCompaction":"yes"}"#).contains(#"key 'backgroundCompaction': "yes" is not a boolean"#))
        #expect(Self.error(#"{"corsOrigins":["https://a.example/path"]}"#).contains(#"key 'corsOrigins': "https://a.example/path" is not "*" or an origin"#))
        #expect(Self.error(#"{"corsOrigins":"https://a.example"}"#).contains("is not an array of origins"))
        #expect(Self.error("[1]") == "config file 'q.json': must be a JSON object, got an array")
        #expect(Self.error("{").hasPrefix("config file 'q.json': not valid JSON"))
    }

    @Test func originsAreSchemeHostAndOptionalPort() {
        for good in ["*", "https://a.example", "http://localhost:3000", "https://10.0.0.1:8443"] {
            #expect(CORSPolicy.isValidOrigin(good), "\(good)")
        }
        for bad in ["a.example", "ftp://a.example", "https://", "https://a.example/", "https://a b", "https://a:0", "https://a:x"] {
            #expect(!CORSPolicy.isValidOrigin(bad), "\(bad)")
        }
    }
}
