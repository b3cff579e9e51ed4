// Tests for TopK against a full sort, with ties, both directions, merging and NaN.

import QuiverKernels
import Testing

/// The oracle: sort everything by (closer score, smaller label) and take k.
private func sortedOracle(_ items: [(score: Float, label: Int)], k: Int, largerIsCloser: Bool) -> [(score: Float, label: Int)] {
    let sorted = items.sorted {
        if $0.score != $1.score { return largerIsCloser ? $0.score > $1.score : $0.score < $1.score }
        return $0.label < $1.label
    }
    return Array(sorted.prefix(k))
}

private func sameResults(_ a: [(score: Float, label: Int)], _ b: [(score: Float, label: Int)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.score == $1.score && $0.label == $1.label }
}

@Test(arguments: [true, false], [1, 5, 64, 500])
func topKMatchesSortingWithTies(largerIsCloser: Bool, k: Int) {
    var rng = SeededRandom(seed: UInt64(k) &* 17 &+ (largerIsCloser ? 1 : 0))
    // Scores from a small set so many ties occur; labels shuffled so ties arrive in any order.
    let labels = (0..<300).shuffled(using: &rng)
    let items = labels.map { (score: Float(Int.random(in: 0..<20, using: &rng)), label: $0) }
    var heap = TopK(k: k, largerIsCloser: largerIsCloser)
    for item in items { heap.push(score: item.score, label: item.label) }
    let expected = sortedOracle(items, k: k, largerIsCloser: largerIsCloser)
    #expect(sameResults(heap.sortedResults(), expected))
    #expect(heap.count == min(k, items.count))
    #expect(heap.isFull == (items.count >= k))
    #expect(heap.worstScore == (heap.isFull ? expected.last?.score : nil))
}

@Test(arguments: [true, false])
func acceptsPredictsWhetherPushKeeps(largerIsCloser: Bool) {
    var rng = SeededRandom(seed: 5)
    var heap = TopK(k: 10, largerIsCloser: largerIsCloser)
    for label in 0..<1000 {
        let score = rng.nextFloat()
        let accepted = heap.accepts(score)
        let before = heap.sortedResults()
        heap.push(score: score, label: label)
        let changed = !sameResults(before, heap.sortedResults())
        // accepts may say yes to a tie that loses on label, but never no to a push that keeps.
        #expect(accepted || !changed)
        if !heap.isFull { #expect(accepted) }
    }
}

@Test(arguments: [true, false])
func mergeEqualsPushingEverything(largerIsCloser: Bool) {
    var rng = SeededRandom(seed: 11)
    let items = (0..<400).map { (score: Float(Int.random(in: 0..<50, using: &rng)), label: $0) }
    var parts = [TopK](repeating: TopK(k: 7, largerIsCloser: largerIsCloser), count: 4)
    for (i, item) in items.enumerated() { parts[i % 4].push(score: item.score, label: item.label) }
    var merged = TopK(k: 7, largerIsCloser: largerIsCloser)
    for part in parts { merged.merge(part) }
    #expect(sameResults(merged.sortedResults(), sortedOracle(items, k: 7, largerIsCloser: largerIsCloser)))
}

@Test func topKDropsNaNAndKeepsDeterministicTieOrder() {
    var heap = TopK(k: 2, largerIsCloser: false)
    heap.push(score: .nan, label: 0)
    #expect(heap.count == 0)
    #expect(!heap.accepts(.nan))
    heap.push(score: 1, label: 9)
    heap.push(score: 1, label: 3)
    heap.push(score: 1, label: 5)
    #expect(heap.sortedResults().map(\.label) == [3, 5])
    #expect(heap.worstScore == 1)
    #expect(heap.k == 2)
}
