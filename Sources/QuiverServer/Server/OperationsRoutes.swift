// GET /healthz ("ok" while the server runs; open even with a token) and GET /metrics
// (Prometheus text format, guarded by the token like every API route).

import Hummingbird
import NIOCore

enum OperationsRoutes {
    static let healthPath = "/healthz"
    static let metricsPath = "/metrics"

    static func register(on router: Router<some RequestContext>, state: ServerState) {
        router.get(RouterPath(healthPath)) { _, _ in
            textResponse("ok\n", contentType: "text/plain; charset=utf-8")
        }
        router.get(RouterPath(metricsPath)) { _, _ in
            let text = await state.metrics.render(database: state.database)
            return textResponse(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    static func textResponse(_ text: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
