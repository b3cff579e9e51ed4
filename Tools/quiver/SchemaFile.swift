// SchemaFile: `quiver create --schema FILE.json`. The file is what Milvus's collections/create
// takes, read by the same code as the REST server (CollectionCreateRequest), so a document means
// the same thing to both doors:
//   - a whole create body: {"schema": {...}, "indexParams": [...], "params": {"partitionsNum": 8}}
//     (or quick mode, {"dimension": 8, "metricType": "L2"}); a "collectionName" in it is ignored,
//     the name comes from --collection;
//   - or the schema object alone: {"autoID": false, "enableDynamicField": true, "fields": [...]},
//     which may carry "partitionsNum" (or "num_partitions") at its top level.
// Errors name the file, then what the server would answer ("schema file 'a.json': invalid
// parameter: field 'age': dataType 'Int65'; allowed: ...").

import Foundation
import Quiver
import QuiverJSON
import QuiverMilvus

enum SchemaFile {
    /// The schema and indexes the file at `path` asks for.
    static func read(atPath path: String) throws(QuiverError) -> (CollectionSchema, [IndexParameters]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QuiverError(.invalidArgument, "schema file '\(path)' cannot be read")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(data), maxDepth: RequestLimits().jsonDepth)
        } catch {
            throw QuiverError(.invalidArgument, "schema file '\(path)': invalid JSON (\(error.message))")
        }
        guard case .object(let object) = document else {
            throw QuiverError(.invalidArgument, "schema file '\(path)': expected a JSON object, got \(document.kindName)")
        }
        do {
            return try CollectionCreateRequest.schemaAndIndexes(APIRequest(body: createBody(object)))
        } catch {
            throw QuiverError(.invalidArgument, "schema file '\(path)': \(error.message)")
        }
    }

    /// A bare schema object wrapped as a create body; a create body as it is.
    static func createBody(_ object: JSONObject) -> JSONObject {
        guard object["fields"] != nil, object["schema"] == nil else { return object }
        var body: JSONObject = ["schema": .object(object)]
        for key in ["partitionsNum", "num_partitions"] {
            if let count = object[key] { body["params"] = .object([key: count]) }
        }
        return body
    }
}
