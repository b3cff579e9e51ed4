// libFuzzer target rest-request: request bodies through the REST decoders of quiver serve
// (RESTFuzzEntryPoint.fuzzRequestBody: body parser, collection create, rows, search fields).
// Built with -sanitize=fuzzer,address (see ../../README.md); libFuzzer supplies main().

@_spi(Fuzzing) import QuiverServer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    RESTFuzzEntryPoint.fuzzRequestBody(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
