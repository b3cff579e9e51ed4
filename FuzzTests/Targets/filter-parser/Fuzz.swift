// libFuzzer target filter-parser: UTF-8 text through Filter.parse and evaluation.
// Built with -sanitize=fuzzer,address (see ../../README.md); libFuzzer supplies main().

@_spi(Fuzzing) import QuiverFilter

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FilterFuzzEntryPoint.fuzzFilterParser(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
