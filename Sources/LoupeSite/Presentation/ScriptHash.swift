import LoupeDigest

/// The Content-Security-Policy source that allows exactly one inline script, by its hash, so
/// pages can run the optional sorting script and nothing else.
enum ScriptHash {
    /// `'sha256-…'` for `script`.
    static func contentSecurityPolicySource(for script: String) -> String {
        "'sha256-\(base64(SHA256.digest(Array(script.utf8))))'"
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = Array(bytes[start..<min(start + 3, bytes.count)])
            let n = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(16 - 8 * $1.offset) }
            for i in 0...chunk.count { out.append(alphabet[Int((n >> UInt32(18 - 6 * i)) & 63)]) }
            out += String(repeating: "=", count: 3 - chunk.count)
        }
        return out
    }
}
