// Vecs: the TEXMEX .fvecs/.ivecs format of the SIFT/GIST benchmark sets.
//
//     file   := record*
//     record := dimension i32le | dimension * (f32le | i32le)
//
// Every record of a file must have the same dimension (a "ragged" file is rejected).
// Invariants: never traps on any input; failures are QuiverErrors naming the file and the record.
// Ownership: internal to VectorFile.

import Foundation

enum VecsFormat {
    /// The largest dimension accepted, a bound against garbage headers.
    static let dimensionMax = 1 << 20

    /// Rows, dimension and the raw 32-bit items (row-major) of an .fvecs/.ivecs file.
    static func read(_ bytes: Data, file: String) throws(QuiverError) -> (rowCount: Int, dimension: Int, bits: [UInt32]) {
        guard !bytes.isEmpty else { throw VectorFile.error(file, "is empty") }
        guard bytes.count >= 4 else { throw VectorFile.error(file, "is truncated: \(bytes.count) bytes, fewer than one dimension field") }
        let words: [UInt32] = VectorFile.copyLittleEndian(bytes, from: 0, count: bytes.count / 4)
        let dimension = Int(Int32(bitPattern: words[0]))
        guard dimension >= 1, dimension <= dimensionMax else {
            throw VectorFile.error(file, "starts with dimension \(dimension); allowed 1...\(dimensionMax)")
        }
        // Walk the records by their own dimension fields so a ragged file is named as such.
        let recordWordCount = dimension + 1
        var rowCount = 0
        while rowCount * recordWordCount < words.count {
            let recordDimension = Int(Int32(bitPattern: words[rowCount * recordWordCount]))
            guard recordDimension == dimension else {
                throw VectorFile.error(file, "is ragged: record \(rowCount) has dimension \(recordDimension), record 0 has \(dimension)")
            }
            rowCount += 1
        }
        guard bytes.count == rowCount * recordWordCount * 4 else {
            throw VectorFile.error(file, "is truncated: \(bytes.count) bytes is not a whole number of \(recordWordCount * 4)-byte records of dimension \(dimension)")
        }
        var bits: [UInt32] = []
        bits.reserveCapacity(rowCount * dimension)
        for row in 0 ..< rowCount {
            let start = row * (dimension + 1) + 1
            bits.append(contentsOf: words[start ..< start + dimension])
        }
        return (rowCount, dimension, bits)
    }
}
