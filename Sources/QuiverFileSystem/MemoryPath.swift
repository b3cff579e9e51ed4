// MemoryPath: a normalized path inside a MemoryFileSystem.
// Invariants: every path is absolute from the file system's root; "/a/b", "a/b", "/a//b/" and
// "/a/./b" are the same path; ".." removes the previous component (and stays at the root).
// `components` never holds "", "." or "..". The root is the path with no components.
// Ownership: a value type, internal to MemoryFileSystem.

struct MemoryPath: Hashable, Sendable, CustomStringConvertible {
    let components: [String]

    init(_ raw: String) {
        var components: [String] = []
        for component in raw.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(String(component))
            }
        }
        self.components = components
    }

    private init(components: [String]) { self.components = components }

    var isRoot: Bool { components.isEmpty }

    /// The last component; nil for the root.
    var name: String? { components.last }

    /// The directory holding this path; nil for the root.
    var parent: MemoryPath? { isRoot ? nil : MemoryPath(components: Array(components.dropLast())) }

    func appending(_ name: String) -> MemoryPath { MemoryPath(components: components + [name]) }

    /// True when `self` is `ancestor` or lies below it.
    func isInside(_ ancestor: MemoryPath) -> Bool { components.starts(with: ancestor.components) }

    /// "/a/b"; "/" for the root.
    var description: String { "/" + components.joined(separator: "/") }
}
