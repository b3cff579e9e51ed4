// libFuzzer target deletion-file: deletion bitmap bytes through DeletionFile.decode.
// Built with -sanitize=fuzzer,address (see ../../README.md); libFuzzer supplies main().

@_spi(Fuzzing) import QuiverStorage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzzDeletionFile(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
