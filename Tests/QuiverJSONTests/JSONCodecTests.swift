// JSONParser and JSONWriter: exact Int64, escapes, depth cap, and errors that name an offset.

import QuiverJSON
import Testing

@Suite struct JSONCodecTests {
    func parse(_ text: String, depth: Int = 64) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8), maxDepth: depth)
    }

    @Test func integersStayExactAndOtherNumbersAreDoubles() throws {
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try parse("1.5e2") == .double(150))
        #expect(try parse("-0.25") == .double(-0.25))
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""a\"b\\c\/\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/\né😀"))
    }

    @Test func objectsKeepKeyOrderAndTheLastDuplicateWins() throws {
        let object = try #require(try parse(#"{"b":1,"a":2,"b":3}"#).objectValue)
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == .int(3))
    }

    @Test func malformedInputFailsWithAnOffset() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "01x", "\"\u{01}\"", "{} {}", "-", "1e"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try parse(bad) }
        }
        do {
            _ = try parse("[1, @]")
            Issue.record("parsed")
        } catch {
            #expect(error.message == "unexpected character at byte 4")
        }
    }

    @Test func nestingDeeperThanTheCapIsRefused() throws {
        #expect(try parse("[[[]]]", depth: 3) == .array([.array([.array([])])]))
        #expect(throws: JSONParseError.self) { try parse("[[[[]]]]", depth: 3) }
    }

    @Test func writerEscapesAndRoundTrips() throws {
        let value: JSONValue = .object(["k\"ey": .array([.string("line\nbreak\u{01}"), .int(-5), .double(0.5), .null, .bool(true)]),
                                        "f": .float(0.1), "nan": .double(.nan)])
        let text = JSONWriter.string(of: value)
        #expect(text == #"{"k\"ey":["line\nbreak\u0001",-5,0.5,null,true],"f":0.1,"nan":null}"#)
        let reparsed = try parse(text)
        #expect(reparsed.objectValue?["k\"ey"] == value.objectValue?["k\"ey"])
    }

    @Test func sortingKeysWritesTheCanonicalFormAtEveryLevel() throws {
        let value = try parse(#"{"b":{"z":1,"a":[{"y":2,"x":3}]},"a":true}"#)
        #expect(JSONWriter.string(of: value) == #"{"b":{"z":1,"a":[{"y":2,"x":3}]},"a":true}"#)
        #expect(JSONWriter.string(of: value, sortingKeys: true) == #"{"a":true,"b":{"a":[{"x":3,"y":2}],"z":1}}"#)
    }
}
