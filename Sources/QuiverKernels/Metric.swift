// Metric: the similarity measures Quiver searches with, and which way each one points.
// Invariants: raw values are the wire/catalog names ("L2", "IP", ...) and never change once
// written to disk; `largerIsCloser` is the only place that decides sort direction, so merge
// code never guesses. L2 is always the *squared* Euclidean distance.
// Ownership: a value type; used by every layer above QuiverKernels.

public enum Metric: String, Sendable, CaseIterable, Codable {
    /// Squared Euclidean distance; smaller is closer.
    case l2 = "L2"
    /// Inner product; larger is closer.
    case innerProduct = "IP"
    /// Cosine similarity in [-1, 1]; larger is closer.
    case cosine = "COSINE"
    /// Number of differing bits between binary vectors; smaller is closer.
    case hamming = "HAMMING"
    /// Jaccard distance 1 - |a & b| / |a | b| between binary vectors; smaller is closer.
    case jaccard = "JACCARD"

    /// True when a larger raw score means a closer match (IP and COSINE).
    public var largerIsCloser: Bool {
        switch self {
        case .innerProduct, .cosine: return true
        case .l2, .hamming, .jaccard: return false
        }
    }

    /// True for the metrics defined on packed binary vectors (HAMMING, JACCARD).
    public var isForBinaryVectors: Bool {
        switch self {
        case .hamming, .jaccard: return true
        case .l2, .innerProduct, .cosine: return false
        }
    }

    /// Parses a metric name case-insensitively ("l2", "Ip", "COSINE", ...); nil when unknown.
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }
}
