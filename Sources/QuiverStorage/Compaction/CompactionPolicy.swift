// CompactionPolicy: picks the next merge from the committed segments. Pure, so it is tested
// without files.
// Rules, in order:
// 1. A segment whose deleted fraction passes the threshold is rewritten (alone, or with its
//    size-class peers when they are due too), dropping its deleted rows.
// 2. Segments are grouped by size class (live bytes, factor 4 per class, from 1 MiB up); the
//    smallest class holding `minimumMergeCount` or more segments is merged, oldest first, until
//    the output would pass the target size.
// `force` (compact() on demand) merges every segment below the target into as few outputs as
// the target allows and rewrites any segment with a deleted row.

/// A committed segment as the compaction policy sees it.
package struct SegmentSummary: Sendable {
    package let segmentID: Int64
    package let rowCount: Int
    package let deletedCount: Int
    package let byteCount: Int
    package let level: Int
}

enum CompactionPolicy {
    static func nextMerge(_ segments: [SegmentSummary], options: CompactionOptions, force: Bool,
                          rowByteCount: Int) -> [Int64]? {
        let targetRows = max(1, min(options.targetSegmentRows, options.targetSegmentByteCount / max(rowByteCount, 1)))
        func liveRows(_ s: SegmentSummary) -> Int { s.rowCount - s.deletedCount }
        func deletedFraction(_ s: SegmentSummary) -> Double { s.rowCount == 0 ? 0 : Double(s.deletedCount) / Double(s.rowCount) }

        // Fill a merge from `pool` (oldest first) without passing the target.
        func fill(_ pool: [SegmentSummary], startingWith first: SegmentSummary? = nil) -> [Int64] {
            var chosen: [Int64] = []
            var rows = 0
            if let first {
                chosen.append(first.segmentID)
                rows = liveRows(first)
            }
            for segment in pool where !chosen.contains(segment.segmentID) {
                guard rows + liveRows(segment) <= targetRows || chosen.isEmpty else { continue }
                chosen.append(segment.segmentID)
                rows += liveRows(segment)
            }
            return chosen
        }

        if force {
            let small = segments.filter { liveRows($0) < targetRows }
            let merge = fill(small)
            if merge.count >= 2 { return merge }
            if let dirty = segments.first(where: { $0.deletedCount > 0 }) { return [dirty.segmentID] }
            return nil
        }
        if let dirty = segments.first(where: { deletedFraction($0) > options.deletedFractionThreshold }) {
            let peers = segments.filter { sizeClass(liveRows($0) * rowByteCount) == sizeClass(liveRows(dirty) * rowByteCount) }
            return fill(peers, startingWith: dirty)
        }
        let classes = Dictionary(grouping: segments.filter { liveRows($0) < targetRows }) { sizeClass(liveRows($0) * rowByteCount) }
        for sizeClass in classes.keys.sorted() {
            let members = classes[sizeClass]!
            guard members.count >= options.minimumMergeCount else { continue }
            let merge = fill(members)
            if merge.count >= 2 { return merge }
        }
        return nil
    }

    /// 0 below 1 MiB, then one class per factor of 4.
    static func sizeClass(_ byteCount: Int) -> Int {
        var size = max(byteCount, 1) >> 20
        var level = 0
        while size > 0 {
            size >>= 2
            level += 1
        }
        return level
    }
}
