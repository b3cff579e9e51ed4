// libFuzzer target catalog-records: the JSON records the catalog stores (a collection schema, an
// index spec) through FuzzEntryPoints.fuzzCatalogRecords, as recovery decodes them.
// Built with -sanitize=fuzzer,address (see ../../README.md); libFuzzer supplies main().

@_spi(Fuzzing) import QuiverStorage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzzCatalogRecords(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
