// BearerToken: checks `Authorization: Bearer <token>` in time that does not depend on where the
// first differing byte is (only on the lengths), so the token cannot be guessed byte by byte.

enum BearerToken {
    static func matches(authorization: String?, expected: String) -> Bool {
        guard let authorization else { return false }
        let prefix = "Bearer "
        guard authorization.utf8.count > prefix.utf8.count,
              authorization.utf8.prefix(prefix.utf8.count).elementsEqual(prefix.utf8) else { return false }
        let given = Array(authorization.utf8.dropFirst(prefix.utf8.count))
        return constantTimeEqual(given, Array(expected.utf8))
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        let count = max(lhs.count, rhs.count)
        for index in 0 ..< count {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
