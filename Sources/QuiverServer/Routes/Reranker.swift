// Reranker: fuses the ranked lists of a hybrid search's sub-searches into one (Milvus's
// rerankers). Request form: {"strategy":"rrf","params":{"k":60}} or
// {"strategy":"weighted","params":{"weights":[w1,...,wn]}} with one weight per sub-search.
//   rrf:      score(id) = sum over the lists holding id of 1 / (k + rank), rank 1-based;
//             k in (0, 16384), default 60.
//   weighted: score(id) = sum over the lists holding id of w_i * normalized(distance), each
//             w_i in [0, 1], where normalized maps every metric to (0, 1) with larger closer:
//             IP: 0.5 + atan(d)/pi; COSINE: (1 + d)/2; L2, HAMMING, JACCARD: 1 - 2 atan(d)/pi.
// An id missing from a list contributes nothing from it. The fused list is sorted by score,
// larger first; equal scores keep the order in which the ids first appeared (sub-search order,
// then rank), so results are deterministic. Each hit keeps the fields of its first appearance.

import Foundation
import Quiver
import QuiverJSON
import QuiverMilvus

enum Reranker: Sendable, Equatable {
    case reciprocalRankFusion(k: Double)
    case weighted([Double])

    static let defaultRRFK = 60.0

    init(_ body: JSONObject?, searchCount: Int) throws(APIError) {
        guard let body else { throw APIError.missing("rerank") }
        let request = APIRequest(body: body)
        let params = APIRequest(body: try request.object("params") ?? JSONObject())
        let strategy = try request.requiredString("strategy")
        switch strategy.lowercased() {
        case "rrf":
            let k = try params["k"].map { value throws(APIError) -> Double in
                guard let k = value.doubleValue, k > 0, k < 16384 else {
                    throw APIError.invalid("rerank.params.k must be a number in (0, 16384), got \(JSONWriter.string(of: value).prefix(32))")
                }
                return k
            } ?? Self.defaultRRFK
            self = .reciprocalRankFusion(k: k)
        case "weighted":
            guard let values = try params.array("weights") else { throw APIError.missing("rerank.params.weights") }
            guard values.count == searchCount else {
                throw APIError.invalid("rerank.params.weights holds \(values.count) weights for \(searchCount) sub-searches; give one per entry of 'search'")
            }
            var weights: [Double] = []
            for (position, value) in values.enumerated() {
                guard let weight = value.doubleValue, (0...1).contains(weight) else {
                    throw APIError.invalid("rerank.params.weights[\(position)] must be a number in [0, 1]")
                }
                weights.append(weight)
            }
            if try params.bool("norm_score") == false {
                throw APIError.invalid("rerank.params.norm_score false is not supported; weighted scores are always normalized")
            }
            self = .weighted(weights)
        default:
            throw APIError.invalid("rerank.strategy '\(strategy.prefix(32))'; allowed: rrf, weighted")
        }
    }

    /// One fused list from one ranked list per sub-search (best first), each with its metric.
    func fuse(_ lists: [(hits: [SearchHit], metric: Metric)]) -> [SearchHit] {
        var scores: [PrimaryKey: Double] = [:]
        var firstSeen: [SearchHit] = []
        for (listIndex, list) in lists.enumerated() {
            for (position, hit) in list.hits.enumerated() {
                let contribution: Double = switch self {
                case .reciprocalRankFusion(let k): 1 / (k + Double(position + 1))
                case .weighted(let weights): weights[listIndex] * Self.normalized(hit.distance, metric: list.metric)
                }
                if let score = scores[hit.id] {
                    scores[hit.id] = score + contribution
                } else {
                    scores[hit.id] = contribution
                    firstSeen.append(hit)
                }
            }
        }
        let ranked = firstSeen.enumerated().sorted { lhs, rhs in
            let (left, right) = (scores[lhs.element.id]!, scores[rhs.element.id]!)
            return left != right ? left > right : lhs.offset < rhs.offset
        }
        return ranked.map { SearchHit(id: $0.element.id, distance: Float(scores[$0.element.id]!), fields: $0.element.fields) }
    }

    /// A raw distance or similarity mapped to (0, 1), larger closer.
    static func normalized(_ distance: Float, metric: Metric) -> Double {
        let d = Double(distance)
        switch metric {
        case .innerProduct: return 0.5 + atan(d) / Double.pi
        case .cosine: return (1 + d) / 2
        default: return 1 - 2 * atan(d) / Double.pi
        }
    }
}
