// Output: unbuffered writes of whole lines to stdout and stderr.
// Invariant: when `line` returns, the line has been handed to the kernel (write(2)), so a reader
// of the pipe sees it even if this process is killed right after; crash tests rely on this for
// `{"acked_through": N}`. No stdio buffering is involved, so nothing needs fflush.

import Foundation
import QuiverJSON

enum Output {
    static func line(_ text: String) { write(text + "\n", to: STDOUT_FILENO) }

    /// One JSON object as a line of stdout, keys in the given order.
    static func json(_ object: JSONObject) { line(JSONWriter.string(of: .object(object))) }

    static func errorLine(_ text: String) { write(text + "\n", to: STDERR_FILENO) }

    /// Progress text for a terminal (no newline added).
    static func errorText(_ text: String) { write(text, to: STDERR_FILENO) }

    static var isStandardErrorTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return   // stdout closed: nothing more to say
                }
                offset += written
            }
        }
    }
}
