// StoreRowLabel: one candidate row of a search, as the top-k heap carries it. The heap keeps an
// Int label per score; a label names a store of the read snapshot (its index in the snapshot's
// store list) and a row of that store, packed as storeIndex << 32 | row.
// Invariant: a store holds fewer than 2^32 rows and a snapshot fewer than 2^31 stores (trapped
// otherwise), so packing is lossless and labels of different rows differ.

struct StoreRowLabel {
    let storeIndex: Int
    let row: Int

    init(storeIndex: Int, row: Int) {
        assert(row >= 0 && row < 1 << 32 && storeIndex >= 0 && storeIndex < 1 << 31, "row \(row) of store \(storeIndex) does not pack")
        self.storeIndex = storeIndex
        self.row = row
    }

    /// The label a heap entry carries.
    init(packed: Int) {
        storeIndex = packed >> 32
        row = packed & 0xFFFF_FFFF
    }

    /// This row as a heap label.
    var packed: Int { storeIndex << 32 | row }

    /// The heap label of `row` of store `storeIndex`.
    static func packing(storeIndex: Int, row: Int) -> Int { StoreRowLabel(storeIndex: storeIndex, row: row).packed }
}
