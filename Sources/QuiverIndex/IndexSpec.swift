// IndexSpec: which index to build and with what parameters, validated against Milvus's ranges
// before any work starts. Parameters use Milvus's names: nlist, m, nbits (IVF family), M and
// efConstruction (HNSW); HNSW_SQ adds sq_type, refine and refine_type, whose Milvus values are
// words ("SQ8", true, "FP32") and are kept as numbers (symbolicParameterValues).

import QuiverKernels

public enum IndexKind: String, Sendable, Codable, CaseIterable {
    case flat = "FLAT"
    case ivfFlat = "IVF_FLAT"
    case ivfSQ8 = "IVF_SQ8"
    case ivfPQ = "IVF_PQ"
    case hnsw = "HNSW"
    /// HNSW walked over SQ8 codes with the candidates re-scored on the full vectors (Milvus 2.6's
    /// name and parameters: sq_type, refine, refine_type).
    case hnswSQ = "HNSW_SQ"
    case binFlat = "BIN_FLAT"
    case binIVFFlat = "BIN_IVF_FLAT"
    case autoIndex = "AUTOINDEX"
    /// Scalar fields: a sorted column (Milvus's STL_SORT); INVERTED is served by the same
    /// structure (QuiverStorage's SortedScalarIndex). Their spec's metric is unused.
    case stlSort = "STL_SORT"
    case inverted = "INVERTED"

    public var isForBinaryVectors: Bool { self == .binFlat || self == .binIVFFlat }
    public var isForScalars: Bool { self == .stlSort || self == .inverted }
    /// HNSW and HNSW_SQ: one graph, M and efConstruction, searched with ef.
    public var isHNSW: Bool { self == .hnsw || self == .hnswSQ }
}

public struct IndexSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public struct IndexSpec: Sendable, Equatable, Codable {
    public var kind: IndexKind
    public var metric: Metric
    /// Build parameters by Milvus name ("nlist", "m", "nbits", "M", "efConstruction").
    public var parameters: [String: Int]

    public init(kind: IndexKind, metric: Metric, parameters: [String: Int] = [:]) {
        self.kind = kind
        self.metric = metric
        self.parameters = parameters
    }

    /// AUTOINDEX resolved: HNSW_SQ (M 16, efConstruction 200, SQ8 codes, refined on the float
    /// vectors) for float vectors, BIN_FLAT for binary. HNSW_SQ answers about twice HNSW's
    /// queries per second at the same recall (docs/BENCHMARKS.md) for 35-50% more index memory.
    public func resolved() -> IndexSpec {
        guard kind == .autoIndex else { return self }
        if metric.isForBinaryVectors { return IndexSpec(kind: .binFlat, metric: metric) }
        return IndexSpec(kind: .hnswSQ, metric: metric, parameters: ["M": 16, "efConstruction": 200])
    }

    public func parameter(_ name: String, default value: Int) -> Int { parameters[name] ?? value }

    /// Milvus's ranges: nlist 1...65536; IVF_PQ m divides dim, nbits 1...16; HNSW M 2...2048,
    /// efConstruction 1...2^31; binary indexes only with HAMMING/JACCARD and float ones only with
    /// L2/IP/COSINE. Throws naming the parameter, the value and the range.
    public func validate(dimension: Int) throws(IndexSpecError) {
        let spec = resolved()
        func check(_ name: String, _ range: ClosedRange<Int>, default value: Int) throws(IndexSpecError) {
            let given = spec.parameter(name, default: value)
            guard range.contains(given) else {
                throw IndexSpecError("\(spec.kind.rawValue) parameter \(name) = \(given) is outside \(range.lowerBound)...\(range.upperBound)")
            }
        }
        func checkWord(_ name: String, allowed: [String], default value: Int) throws(IndexSpecError) {
            let given = spec.parameter(name, default: value)
            let words = IndexSpec.symbolicParameterValues[name] ?? [:]
            guard allowed.contains(where: { words[$0] == given }) else {
                let shown = words.first { $0.value == given }?.key ?? String(given)
                throw IndexSpecError("\(spec.kind.rawValue) parameter \(name) = \(shown) is not supported; supported: \(allowed.joined(separator: ", "))")
            }
        }
        guard spec.kind.isForBinaryVectors == spec.metric.isForBinaryVectors || spec.kind == .flat else {
            throw IndexSpecError("index \(spec.kind.rawValue) does not support metric \(spec.metric.rawValue)")
        }
        let known: Set<String>
        switch spec.kind {
        case .flat, .binFlat, .autoIndex, .stlSort, .inverted:
            known = []
        case .ivfFlat, .ivfSQ8, .binIVFFlat:
            known = ["nlist"]
            try check("nlist", 1...65536, default: 128)
        case .ivfPQ:
            known = ["nlist", "m", "nbits"]
            try check("nlist", 1...65536, default: 128)
            try check("nbits", 1...16, default: 8)
            let m = spec.parameter("m", default: IndexSpec.defaultPQSubquantizers(dimension: dimension))
            guard m >= 1, dimension % m == 0 else {
                throw IndexSpecError("IVF_PQ parameter m = \(m) must divide the dimension \(dimension)")
            }
            // The codebooks hold 2^nbits x dimension floats (and each query a table of m x 2^nbits),
            // whatever the row count: bounded so a spec cannot demand gigabytes.
            let nbits = spec.parameter("nbits", default: 8)
            guard (1 << nbits) * dimension <= IndexSpec.maxPQCodebookFloats else {
                throw IndexSpecError("IVF_PQ codebooks of 2^nbits x dimension = 2^\(nbits) x \(dimension) floats; at most \(IndexSpec.maxPQCodebookFloats) (lower nbits)")
            }
        case .hnsw, .hnswSQ:
            known = spec.kind == .hnsw ? ["M", "efConstruction"] : ["M", "efConstruction", "sq_type", "refine", "refine_type"]
            try check("M", 2...2048, default: 16)
            // The build's candidate lists are sized by efConstruction before any row is added.
            try check("efConstruction", 1...65536, default: 200)
            try checkWord("sq_type", allowed: ["SQ8"], default: 8)
            try checkWord("refine", allowed: ["false", "true"], default: 1)
            try checkWord("refine_type", allowed: ["FP32"], default: 32)
        }
        if let unknown = spec.parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw IndexSpecError("\(spec.kind.rawValue) has no build parameter '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }
    }

    /// Build parameters whose Milvus values are words, with the numbers a spec keeps for them
    /// (parsers map the word, or a bool for `refine`, to the number; a number is taken as is).
    public static let symbolicParameterValues: [String: [String: Int]] = [
        "sq_type": ["SQ6": 6, "SQ8": 8, "FP16": 16, "BF16": 17],
        "refine": ["false": 0, "true": 1],
        "refine_type": ["SQ6": 6, "SQ8": 8, "FP16": 16, "BF16": 17, "FP32": 32],
    ]

    /// The most floats IVF_PQ codebooks may hold (2^nbits x dimension): 64 MiB.
    public static let maxPQCodebookFloats = 1 << 24

    /// The default number of PQ sub-quantizers: the largest of 64, 32, 16, 8, 4, 2, 1 dividing dim
    /// with at least 2 dimensions each.
    public static func defaultPQSubquantizers(dimension: Int) -> Int {
        [64, 32, 16, 8, 4, 2, 1].first { dimension % $0 == 0 && dimension / $0 >= 2 } ?? 1
    }
}
