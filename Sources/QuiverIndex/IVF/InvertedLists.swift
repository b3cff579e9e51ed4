// InvertedLists: the rows of an IVF index grouped by list, as three flat arrays: list i holds
// slots listOffsets[i]..<listOffsets[i + 1]; slot s is row rowIDs[s] with code bytes
// codes[s * codeByteCount ..< (s + 1) * codeByteCount]. `build` keeps rows ascending within a
// list (nothing relies on it: the top-k heap breaks ties by row).
// Invariants: listOffsets.count == listCount + 1, starts at 0, is non-decreasing and ends at
// rowCount; rowIDs is a permutation of 0..<rowCount; codes.count == rowCount * codeByteCount;
// largestListSize is the largest list (sizes the scan scratch).
// `build` establishes them from an assignment; the IVF decoders check them before init.
// Ownership: owned by one IVF index; immutable after construction, safe to share.

struct InvertedLists: Sendable {
    let listCount: Int
    let codeByteCount: Int
    let listOffsets: [Int]
    let rowIDs: [UInt32]
    let largestListSize: Int
    /// Filled by the encoder through `withUnsafeMutableCodes` before the lists are published.
    private(set) var codes: [UInt8]

    var rowCount: Int { rowIDs.count }

    init(listCount: Int, codeByteCount: Int, listOffsets: [Int], rowIDs: [UInt32], codes: [UInt8]) {
        precondition(listOffsets.count == listCount + 1 && listOffsets.first == 0 && listOffsets.last == rowIDs.count,
                     "inverted list offsets inconsistent")
        precondition(codes.count == rowIDs.count * codeByteCount, "inverted list codes inconsistent")
        self.listCount = listCount
        self.codeByteCount = codeByteCount
        self.listOffsets = listOffsets
        self.rowIDs = rowIDs
        self.codes = codes
        var largest = 0
        for list in 0..<listCount { largest = max(largest, listOffsets[list + 1] - listOffsets[list]) }
        self.largestListSize = largest
    }

    /// Lists from a per-row assignment by counting sort; codes zeroed. Also returns each row's slot.
    static func build(assignment: [Int32], listCount: Int, codeByteCount: Int) -> (lists: InvertedLists, slotOfRow: [Int]) {
        var offsets = [Int](repeating: 0, count: listCount + 1)
        for list in assignment { offsets[Int(list) + 1] += 1 }
        for i in 0..<listCount { offsets[i + 1] += offsets[i] }
        var next = offsets
        var rowIDs = [UInt32](repeating: 0, count: assignment.count)
        var slotOfRow = [Int](repeating: 0, count: assignment.count)
        for (row, list) in assignment.enumerated() {
            let slot = next[Int(list)]
            next[Int(list)] = slot + 1
            rowIDs[slot] = UInt32(row)
            slotOfRow[row] = slot
        }
        let lists = InvertedLists(listCount: listCount, codeByteCount: codeByteCount, listOffsets: offsets,
                                  rowIDs: rowIDs, codes: [UInt8](repeating: 0, count: assignment.count * codeByteCount))
        return (lists, slotOfRow)
    }

    func size(ofList list: Int) -> Int { listOffsets[list + 1] - listOffsets[list] }

    mutating func withUnsafeMutableCodes<R>(_ body: (UnsafeMutableBufferPointer<UInt8>) -> R) -> R {
        codes.withUnsafeMutableBufferPointer { body($0) }
    }

    /// Row ids, offsets and codes as held in memory.
    var memoryByteCount: Int {
        rowIDs.count * MemoryLayout<UInt32>.stride + listOffsets.count * MemoryLayout<Int>.stride + codes.count
    }
}
