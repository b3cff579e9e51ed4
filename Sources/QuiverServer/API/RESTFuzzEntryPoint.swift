// RESTFuzzEntryPoint: the REST request decoders behind one public function, for the libFuzzer
// target FuzzTests/Targets/rest-request (a separate package, which sees only public symbols) and
// the corpus replay test. Arbitrary bytes go through the body parser with the default depth
// limit, then through every decoder that needs no database: the quick and schema forms of
// collections/create, rows of entities/insert against the fuzz schema (and against the schema
// the body itself declares), query vectors, paging and the filter field of a search.
// Invariants: a decoder throws APIError on any input and never traps; the function swallows
// the errors and returns whether the body parsed as a JSON object.

import Quiver
@_spi(Fuzzing) import QuiverStorage
import QuiverJSON
import QuiverMilvus

/// The REST decoders behind one function, for the rest-request fuzz target.
@_spi(Fuzzing) public enum RESTFuzzEntryPoint {
    @discardableResult
    /// Runs `bytes` through every decoder; true when they parsed as a JSON object.
    public static func fuzzRequestBody(_ bytes: [UInt8]) -> Bool {
        let limits = RequestLimits()
        guard case .object(let body)? = try? JSONParser.parse(bytes, maxDepth: limits.jsonDepth) else { return false }
        let request = APIRequest(body: body, limits: limits)
        if let (schema, _) = try? CollectionCreateRequest.quickMode(request) {
            _ = try? RowCodec.rows(from: body["data"], schema: schema, limits: limits)
        }
        if let schema = try? CollectionCreateRequest.schemaMode(body) {
            _ = try? RowCodec.rows(from: body["data"], schema: schema, limits: limits)
        }
        _ = try? RowCodec.rows(from: body["data"], schema: FuzzEntryPoints.schema, limits: limits)
        if case .array(let queries)? = body["data"] {
            for (position, query) in queries.prefix(64).enumerated() {
                _ = try? SearchRoute.floats(query, position: position)
                _ = try? SearchRoute.bytes(query, position: position)
            }
        }
        _ = try? SearchRoute.page(request)
        _ = try? SearchRoute.annsField(request, schema: FuzzEntryPoints.schema)
        _ = try? request.filter()
        return true
    }
}
