// FilterRowSource: how a filter reads rows. The storage layer adapts a segment, a buffer or a
// batch of inserted rows to this protocol; tests use an in-memory array of dictionaries.
// Invariants: rows are 0..<rowCount; value(of:row:) returns .null for a null or absent cell;
// the dynamic field is asked for as "$meta" and returns an .object (or .null).
// Ownership: the caller owns the source; a filter only reads it during evaluate/matches.

package protocol FilterRowSource {
    var rowCount: Int { get }
    func value(of field: String, row: Int) -> FilterValue
}
