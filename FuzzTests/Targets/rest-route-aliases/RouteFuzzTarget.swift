// libFuzzer target rest-route-aliases: short sequences of whole requests to the aliases/* routes,
// through the server's router into a fresh in-memory database per input
// (RouteFuzzEntryPoint.fuzzRequests; input format in Sources/QuiverServer/API/RouteFuzzInput.swift).
// Built with -sanitize=fuzzer,address (see ../../README.md); libFuzzer supplies main().

@_spi(Fuzzing) import QuiverServer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    RouteFuzzEntryPoint.fuzzRequests(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)), family: .aliases)
    return 0
}
