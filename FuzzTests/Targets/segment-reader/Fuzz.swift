// libFuzzer target segment-reader: segment file bytes through SegmentCodec.decode.
// Built with -sanitize=fuzzer,address (see ../../README.md); libFuzzer supplies main().

@_spi(Fuzzing) import QuiverStorage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzzSegmentReader(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
