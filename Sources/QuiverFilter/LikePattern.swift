// LikePattern: a compiled `like` pattern. `%` matches any run of characters (including none),
// `_` exactly one Unicode scalar (Milvus 2.5), `\%`, `\_` and `\\` match the character itself;
// any other backslash is literal. Matching is case-sensitive and works on UTF-8 bytes, with
// fast paths for Milvus's common shapes: exact, prefix 'ab%', suffix '%ab', infix '%ab%'.
// Invariants: `general` holds no two `.anyRun` in a row; matching is O(text * pattern) at
// worst and never traps (every step checks bounds).
// Ownership: an immutable value inside the evaluator tree.

struct LikePattern: Sendable {
    enum Element: Sendable, Equatable {
        case byte(UInt8)
        case anyScalar
        case anyRun
    }

    enum Shape: Sendable {
        case exact([UInt8]), prefix([UInt8]), suffix([UInt8]), infix([UInt8]), anything
        case general([Element])
    }

    let shape: Shape

    init(_ pattern: String) {
        var elements: [Element] = []
        var scalars = Array(pattern.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "%":
                if elements.last != .anyRun { elements.append(.anyRun) }
            case "_":
                elements.append(.anyScalar)
            case "\\" where scalars.first == "%" || scalars.first == "_" || scalars.first == "\\":
                elements.append(contentsOf: String(scalars.removeFirst()).utf8.map(Element.byte))
            default:
                elements.append(contentsOf: String(scalar).utf8.map(Element.byte))
            }
        }
        shape = LikePattern.classify(elements)
    }

    private static func classify(_ elements: [Element]) -> Shape {
        if elements.contains(.anyScalar) { return .general(elements) }
        let runs = elements.indices.filter { elements[$0] == .anyRun }
        func bytes(_ slice: ArraySlice<Element>) -> [UInt8] {
            slice.map { if case .byte(let b) = $0 { b } else { preconditionFailure("only bytes remain") } }
        }
        switch runs.count {
        case 0: return .exact(bytes(elements[...]))
        case 1 where elements.count == 1: return .anything
        case 1 where runs[0] == elements.count - 1: return .prefix(bytes(elements.dropLast()))
        case 1 where runs[0] == 0: return .suffix(bytes(elements.dropFirst()))
        case 2 where runs[0] == 0 && runs[1] == elements.count - 1: return .infix(bytes(elements.dropFirst().dropLast()))
        default: return .general(elements)
        }
    }

    func matches(_ text: String) -> Bool {
        if case .anything = shape { return true }
        var text = text
        return text.withUTF8 { matches(utf8: $0) }
    }

    private func matches(utf8 text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch shape {
        case .anything: return true
        case .exact(let bytes): return text.count == bytes.count && text.elementsEqual(bytes)
        case .prefix(let bytes): return text.count >= bytes.count && text.prefix(bytes.count).elementsEqual(bytes)
        case .suffix(let bytes): return text.count >= bytes.count && text.suffix(bytes.count).elementsEqual(bytes)
        case .infix(let bytes): return LikePattern.contains(text, bytes)
        case .general(let elements): return LikePattern.globMatch(text, elements)
        }
    }

    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard text.count >= needle.count else { return false }
        for start in 0...(text.count - needle.count) where text[start] == needle[0] {
            var offset = 1
            while offset < needle.count && text[start + offset] == needle[offset] { offset += 1 }
            if offset == needle.count { return true }
        }
        return false
    }

    /// Iterative wildcard match with one backtrack point (the latest `%`).
    private static func globMatch(_ text: UnsafeBufferPointer<UInt8>, _ pattern: [Element]) -> Bool {
        var t = 0, p = 0
        var runPattern = -1, runText = 0
        while t < text.count {
            if p < pattern.count {
                switch pattern[p] {
                case .byte(let b) where text[t] == b:
                    t += 1
                    p += 1
                    continue
                case .anyScalar:
                    t = min(text.count, t + scalarLength(text[t]))
                    p += 1
                    continue
                case .anyRun:
                    runPattern = p
                    runText = t
                    p += 1
                    continue
                case .byte:
                    break
                }
            }
            guard runPattern >= 0 else { return false }
            runText = min(text.count, runText + scalarLength(text[runText]))
            t = runText
            p = runPattern + 1
        }
        while p < pattern.count && pattern[p] == .anyRun { p += 1 }
        return p == pattern.count
    }

    /// Bytes in the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte).
    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
