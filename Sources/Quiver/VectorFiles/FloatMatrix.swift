// FloatMatrix: a row-major matrix of float32 values as read from a vector file.
// Invariants: values.count == rowCount * dimension; rowCount >= 0, dimension >= 1.
// Ownership: a value type; VectorFile creates it, callers read it.

/// Float32 vectors, row after row, as one flat array.
public struct FloatMatrix: Sendable, Equatable {
    /// Vectors held.
    public let rowCount: Int
    /// Floats per vector.
    public let dimension: Int
    /// rowCount * dimension values, row after row.
    public let values: [Float]

    /// Wraps `values`; traps unless it holds exactly rowCount x dimension floats (a caller bug).
    public init(rowCount: Int, dimension: Int, values: [Float]) {
        precondition(rowCount >= 0 && dimension >= 1 && values.count == rowCount * dimension,
                     "FloatMatrix shape \(rowCount)x\(dimension) does not match \(values.count) values")
        self.rowCount = rowCount
        self.dimension = dimension
        self.values = values
    }

    /// The values of row `i` (0 ..< rowCount).
    public func row(_ i: Int) -> ArraySlice<Float> {
        precondition(i >= 0 && i < rowCount, "row \(i) outside 0..<\(rowCount)")
        return values[(i * dimension) ..< ((i + 1) * dimension)]
    }

    /// Rows `range` as one row-major array.
    public func rows(_ range: Range<Int>) -> ArraySlice<Float> {
        precondition(range.lowerBound >= 0 && range.upperBound <= rowCount, "rows \(range) outside 0..<\(rowCount)")
        return values[(range.lowerBound * dimension) ..< (range.upperBound * dimension)]
    }
}

/// A row-major matrix of integers (ground-truth neighbour ids), as `readInt64Matrix` returns it.
public typealias Int64Matrix = (rowCount: Int, columnCount: Int, values: [Int64])
