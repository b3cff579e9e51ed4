// TortureOutput: one JSON line per write(2) on stdout, unbuffered, so that a line the worker
// printed is in the pipe before it is killed, and no line is ever half in a buffer.
// Ownership: stateless; the worker and the driver call it from one task each.

import Foundation
import QuiverJSON

enum TortureOutput {
    static func line(_ text: String) {
        var bytes = Array((text + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                return   // stdout is gone (the driver died); nothing left to tell
            }
            written += result
        }
        bytes.removeAll()
    }

    /// `text` as a JSON string literal, quotes included.
    static func string(_ text: String) -> String {
        JSONWriter.string(of: .string(text))
    }

    static func list(_ values: [Int64]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
    static func list(_ values: [Float]) -> String { "[" + values.map { "\($0)" }.joined(separator: ",") + "]" }
}
