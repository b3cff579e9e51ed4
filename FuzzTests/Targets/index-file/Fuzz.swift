// libFuzzer target index-file: index file bytes through IndexFile.decode and the index decoders.
// Built with -sanitize=fuzzer,address (see ../../README.md); libFuzzer supplies main().

@_spi(Fuzzing) import QuiverStorage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzzIndexFile(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
