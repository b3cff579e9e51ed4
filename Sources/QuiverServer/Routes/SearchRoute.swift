// entities/search: {collectionName, data:[[...]], annsField?, filter?, exprParams?, limit (100),
// offset (0), outputFields?, searchParams?, partitionNames?} -> a flat list of hits {<pk>, distance, <fields>} for all query
// vectors in order, and `topks` (top level) to split it per query.
// `searchParams` is accepted nested ({"metricType", "params":{"ef","nprobe"}}) or flat
// ({"metric_type","ef","nprobe"}). The metric defaults to the field's index, then the field.
// Range search and grouping answer 3000 until the engine has them.

import Quiver
import QuiverJSON
import QuiverMilvus

enum SearchRoute {
    static func handle(_ request: APIRequest, _ state: ServerState) async throws -> APIResult {
        let collection = try state.collection(try request.collectionName)
        let partitions = try request.partitionNames
        let schema = collection.schema
        if let grouping = try request.string("groupingField"), !grouping.isEmpty {
            throw APIError.unsupported("grouping search (groupingField)")
        }
        let (limit, offset) = try page(request)
        let search = try await AnnSearch(request, collection: collection,
                                         parameters: try SearchParameters(request.object("searchParams") ?? JSONObject()),
                                         k: limit + offset)
        let selection = try OutputSelection(try request.stringArray("outputFields") ?? [], schema: schema)
        let results = try await search.run(on: collection, outputFields: selection.engineFields, partitions: partitions)
        state.metrics.recordSearched(queryCount: search.vectors.count)
        return rendered(results.map { Array($0.dropFirst(offset)) }, request: request, schema: schema, selection: selection)
    }

    /// The page of a search (`APIRequest.page`).
    static func page(_ request: APIRequest) throws(APIError) -> (limit: Int, offset: Int) { try request.page() }

    /// The flat hit list `[{<pk>, distance, <fields>}]` of every query in order, and `topks`.
    static func rendered(_ results: [[SearchHit]], request: APIRequest, schema: CollectionSchema,
                         selection: OutputSelection) -> APIResult {
        let keyName = schema.primaryKeyField.name
        var hits: [JSONValue] = []
        var topks: [JSONValue] = []
        for page in results {
            topks.append(.int(Int64(page.count)))
            for hit in page {
                var object: JSONObject = [keyName: RowCodec.json(of: hit.id, int64AsString: request.int64AsString)]
                object["distance"] = .float(hit.distance)
                let fields = RowCodec.json(of: hit.fields, schema: schema, selection: selection, int64AsString: request.int64AsString)
                for (key, value) in fields.members where key != keyName { object[key] = value }
                hits.append(.object(object))
            }
        }
        return APIResult(data: .array(hits), extra: ["topks": .array(topks)])
    }

    static func annsField(_ request: APIRequest, schema: CollectionSchema, place: String = "") throws(APIError) -> FieldSchema {
        if let name = try request.string("annsField"), !name.isEmpty {
            guard let field = schema.field(named: name) else {
                throw APIError(.fieldNotFound, "\(place)annsField '\(name.prefix(64))' is not in the schema")
            }
            guard field.dataType.isVector else { throw APIError.invalid("\(place)annsField '\(name)' is \(field.dataType.rawValue), not a vector field") }
            return field
        }
        let vectorFields = schema.vectorFields
        guard vectorFields.count == 1 else {
            throw APIError.missing("\(place)annsField (the collection has \(vectorFields.count) vector fields)")
        }
        return vectorFields[0]
    }

    static func floats(_ value: JSONValue, position: Int) throws(APIError) -> [Float] {
        guard case .array(let elements) = value else { throw APIError.invalid("data[\(position)] must be an array of numbers") }
        var vector: [Float] = []
        vector.reserveCapacity(elements.count)
        for element in elements {
            guard let number = element.doubleValue else {
                throw APIError.invalid("data[\(position)][\(vector.count)] is \(element.kindName), not a number")
            }
            vector.append(Float(number))
        }
        return vector
    }

    static func bytes(_ value: JSONValue, position: Int) throws(APIError) -> [UInt8] {
        guard case .array(let elements) = value else { throw APIError.invalid("data[\(position)] must be an array of bytes") }
        var bytes: [UInt8] = []
        for element in elements {
            guard case .int(let number) = element, let byte = UInt8(exactly: number) else {
                throw APIError.invalid("data[\(position)][\(bytes.count)] is not a byte (0...255)")
            }
            bytes.append(byte)
        }
        return bytes
    }
}

/// `searchParams`, nested or flat.
struct SearchParameters: Sendable {
    var metric: Metric?
    var ef: Int?
    var nprobe: Int?
    /// Range search bounds (Milvus `radius` / `range_filter`).
    var radius: Float?
    var rangeFilter: Float?

    init(_ body: JSONObject) throws(APIError) {
        let outer = APIRequest(body: body)
        let inner = APIRequest(body: try outer.object("params") ?? JSONObject())
        if let name = try outer.string(anyOf: "metricType", "metric_type"), !name.isEmpty {
            guard let known = Metric(name: name) else {
                throw APIError.invalid("searchParams metricType '\(name.prefix(64))'; allowed: \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            metric = known
        }
        let (innerEF, outerEF) = (try inner.int("ef"), try outer.int("ef"))
        let (innerNProbe, outerNProbe) = (try inner.int("nprobe"), try outer.int("nprobe"))
        ef = innerEF ?? outerEF
        nprobe = innerNProbe ?? outerNProbe
        func number(_ key: String) throws(APIError) -> Float? {
            guard let value = inner[key] ?? outer[key] else { return nil }
            guard let number = value.doubleValue, number.isFinite else {
                throw APIError.invalid("searchParams \(key) must be a number, got \(value.kindName)")
            }
            return Float(number)
        }
        radius = try number("radius")
        rangeFilter = try number("range_filter")
    }
}
